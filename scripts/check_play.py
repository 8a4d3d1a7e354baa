#!/usr/bin/env python3
"""The playground in a real headless browser (`make play-check`, part of `make test`).

Starts `keyforge play` on a free loopback port and drives Debian's chromium over the DevTools protocol
(the DevTools client of scripts/check_dashboard.py). It loads /play; picks corne, colemak-dh and the
default corpus; drags one key onto another with real mouse events and checks that the score and SFB
shown are exactly what `keyforge analyze --json` prints for the swapped layout; undoes; pins two keys,
runs Improve for 3 s and checks that the score fell and the pinned keys kept their symbols; reloads the
shared URL and finds the same state; downloads a QMK export and the picture as PNG and SVG; gives the file
input a KLE file and finds it imported (drawn, scored as `analyze --keyboard FILE` scores it, its guesses
shown), and a link to a lost upload falling back to corne with a notice; adds a magic rule, a MAGIC and a REPEAT
key through the page (the rules table, the key editor) and the default shift layer, and finds the score and the
layer, REPEAT and MAGIC figures /api/analyze gives for the same layout, shift legends on the shift layer, undo
and the link covering them; checks that the page logged no console
error; saves a screenshot (build/play.png); and at a phone's width (400 px) finds no horizontal overflow
of the main controls. Exit 0 when every check passes, 1 otherwise.
"""
import argparse
import base64
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from check_dashboard import Checks, DevTools, console_problems, find_chromium, http, stop_browser, wait_until  # noqa: E402
from check_dashboard import save_screenshot as screenshot  # noqa: E402
from play_server import PlayServer  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def launch_chromium(profile, log, width, height):
    chromium = find_chromium()
    if chromium is None:
        return None, None
    command = [chromium, "--headless=new", "--disable-gpu", "--no-first-run", "--no-default-browser-check",
               "--disable-extensions", "--disable-background-networking", "--disable-component-update",
               "--disable-sync", "--disable-dev-shm-usage", "--hide-scrollbars", f"--window-size={width},{height}",
               f"--user-data-dir={profile}", "--remote-debugging-port=0", "about:blank"]
    if os.geteuid() == 0:
        command.insert(1, "--no-sandbox")  # Chromium's sandbox refuses to run as root
    active = os.path.join(profile, "DevToolsActivePort")
    browser = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=log)
    started = lambda: browser.poll() is not None or (os.path.exists(active) and len(open(active).read().split()) >= 2)
    wait_until(started, 30)
    if browser.poll() is not None and "--no-sandbox" not in command:
        command.insert(1, "--no-sandbox")
        browser = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=log)
        wait_until(started, 30)
    if browser.poll() is not None or not os.path.exists(active):
        return browser, None
    port = open(active).read().split()[0]
    targets = json.loads(urllib.request.urlopen(f"http://127.0.0.1:{port}/json/list", timeout=10).read())
    page = next(target for target in targets if target.get("type") == "page")
    return browser, DevTools(page["webSocketDebuggerUrl"])


class Page:
    """The playground as the check sees it: wait for idle, read values, press the mouse on keys."""

    def __init__(self, tools):
        self.tools = tools

    def idle(self, seconds=60):
        def settled():
            try:
                return self.tools.evaluate("!!document.body && document.body.dataset.ready === 'true' && document.body.dataset.busy === '0'")
            except RuntimeError:  # the page is between documents
                return False
        return wait_until(settled, seconds)

    def navigate(self, url, ready=True):
        mark = len(self.tools.events)
        self.tools.call("Page.navigate", {"url": url})
        self.tools.wait_event("Page.loadEventFired", mark, 30)
        return self.idle() if ready else True

    def value(self, element_id):
        text = self.tools.evaluate(f"document.getElementById({json.dumps(element_id)}).dataset.value || null")
        return float(text) if text is not None else None

    def param(self, name):
        return self.tools.evaluate(f"new URLSearchParams(location.search).get({json.dumps(name)})")

    def choose(self, element_id, value):
        self.tools.evaluate(f"(() => {{ const s = document.getElementById({json.dumps(element_id)}); s.value = {json.dumps(value)};"
                            " s.dispatchEvent(new Event('change')); })()")
        time.sleep(0.2)
        return self.idle()

    def click(self, element_id):
        self.tools.evaluate(f"document.getElementById({json.dumps(element_id)}).click()")
        time.sleep(0.2)

    def key_center(self, index):
        box = self.tools.evaluate(
            f"(() => {{ const r = document.querySelector('#board g.key[data-key=\"{index}\"]').getBoundingClientRect();"
            " return [r.x + r.width / 2, r.y + r.height / 2]; })()")
        return box

    def mouse(self, kind, point, buttons):
        self.tools.call("Input.dispatchMouseEvent", {"type": kind, "x": point[0], "y": point[1], "button": "left",
                                                      "buttons": buttons, "clickCount": 1})

    def drag(self, source, target):
        self.tools.evaluate(f"document.querySelector('#board g.key[data-key=\"{source}\"]').scrollIntoView({{block: 'center'}})")
        start, end = self.key_center(source), self.key_center(target)
        self.mouse("mouseMoved", start, 0)
        self.mouse("mousePressed", start, 1)
        for step in range(1, 6):
            self.mouse("mouseMoved", [start[0] + (end[0] - start[0]) * step / 5, start[1] + (end[1] - start[1]) * step / 5], 1)
        self.mouse("mouseReleased", end, 0)
        time.sleep(0.2)

    def click_key(self, index):
        center = self.key_center(index)
        self.mouse("mousePressed", center, 1)
        self.mouse("mouseReleased", center, 0)
        time.sleep(0.1)


def analyze(binary, layout):
    output = subprocess.run([binary, "analyze", "--keyboard", "corne", "--corpus", "text/en_std", "--layout", layout, "--json"],
                            check=True, capture_output=True, text=True).stdout
    return json.loads(output)


def check_import(binary, tools, page, checks, base, folder):
    """A KLE file given to the page's file input (as a drop or the picker gives it; DevTools sets the
    input's files and the page sees its change event): imported as `keyforge keyboard import` does, drawn
    and measured; then a link to an upload the server no longer keeps falls back to corne, saying so."""
    kle = os.path.join(ROOT, "Tests", "KeyForgeTests", "Fixtures", "kle", "keymapviz-crkbd.json")
    root = tools.call("DOM.getDocument", {"depth": 0})["root"]["nodeId"]
    node = tools.call("DOM.querySelector", {"nodeId": root, "selector": "#board-file"})["nodeId"]
    tools.call("DOM.setFileInputFiles", {"files": [kle], "nodeId": node})
    time.sleep(0.3)
    page.idle()
    board = tools.evaluate("document.getElementById('keyboard').value") or ""
    imported = re.fullmatch(r"upload-[0-9a-f]{12}", board) is not None
    checks.expect(imported and page.param("keyboard") == board, f"the dropped KLE file became the board {board!r}, in the URL too")
    if not imported:
        return
    out = os.path.join(folder, board + ".json")
    made = subprocess.run([binary, "keyboard", "import", "--kle", kle, "--name", board, "--out", out], check=True, capture_output=True, text=True).stdout
    keys = len(json.load(open(out))["keys"])
    drawn = tools.evaluate("document.querySelectorAll('#board g.key').length")
    checks.expect(drawn == keys, f"the imported board is drawn with its {keys} keys ({drawn})")
    expected = json.loads(subprocess.run([binary, "analyze", "--keyboard", out, "--layout", page.param("layout"), "--json"],
                                         check=True, capture_output=True, text=True).stdout)
    shown = page.value("score")
    checks.expect(shown == expected["score"], f"its score is `keyforge analyze --keyboard FILE`'s ({shown} vs {expected['score']})")
    guesses = [line for line in made.splitlines() if line.startswith("guessed: ")]
    notes = tools.evaluate("[...document.querySelectorAll('#import-notes li')].map((li) => li.textContent)")
    visible = tools.evaluate("!document.getElementById('import-notes').hidden")
    checks.expect(guesses and visible and notes == guesses, f"the page shows the import's {len(guesses)} guesses ({len(notes or [])} shown)")

    # The same path from a drop on the page: a drop event carrying another KLE file.
    other = open(os.path.join(ROOT, "Tests", "KeyForgeTests", "Fixtures", "kle", "planck.json")).read()
    tools.evaluate("(() => { const data = new DataTransfer();"
                   f" data.items.add(new File([{json.dumps(other)}], 'planck.json', {{ type: 'application/json' }}));"
                   " document.getElementById('board').dispatchEvent(new DragEvent('drop', { dataTransfer: data, bubbles: true, cancelable: true })); })()")
    time.sleep(0.3)
    page.idle()
    dropped = tools.evaluate("document.getElementById('keyboard').value") or ""
    dropped_keys = tools.evaluate("document.querySelectorAll('#board g.key').length")
    checks.expect(dropped != board and re.fullmatch(r"upload-[0-9a-f]{12}", dropped) is not None and dropped_keys == 47,
                  f"a KLE file dropped on the board became the board {dropped!r} ({dropped_keys} keys, planck's 47)")

    page.navigate(base + "/play?keyboard=upload-000000000000&layout=q")
    notice = tools.evaluate("document.getElementById('notice').hidden ? '' : document.getElementById('notice').textContent")
    fallback = tools.evaluate("document.getElementById('keyboard').value")
    checks.expect("upload-000000000000 is gone" in notice and fallback == "corne" and page.value("score") is not None,
                  f"a link to an upload the server no longer keeps falls back to corne and says so ({notice[:60]!r}, {fallback})")


def api_analyze(base, page):
    """What /api/analyze answers for the page's state as its URL holds it: layout, layers and magic rules."""
    body = {"keyboard": "corne", "corpus": "text/en_std", "layout": page.param("layout")}
    for name in ("layers", "magic"):
        if page.param(name):
            body[name] = json.loads(page.param(name))
    status, _, answer = http("POST", base + "/api/analyze", json.dumps(body).encode())
    return json.loads(answer) if status == 200 else {"error": answer.decode(errors="replace")}


def layer_row(tools, name):
    """The metrics panel's row of a layer (or REPEAT / MAGIC): its shown value, or None when absent."""
    text = tools.evaluate(f"(() => {{ const r = document.querySelector('#layer-table tr[data-layer=\"{name}\"]');"
                          " return r && !document.getElementById('layer-metrics').hidden ? r.dataset.value : null; })()")
    return float(text) if text is not None else None


def edit_key(tools, page, index, symbol):
    """Edit keys on, a click on key `index`, `symbol` typed into the key editor and Set."""
    tools.evaluate("(() => { const box = document.getElementById('edit-mode'); if (!box.checked) box.click(); })()")
    page.click_key(index)
    opened = tools.evaluate("!document.getElementById('key-editor').hidden && document.getElementById('key-editor').dataset.key")
    tools.evaluate(f"document.getElementById('key-symbol').value = {json.dumps(symbol)}")
    page.click("key-set")
    page.idle()
    tools.evaluate("(() => { const box = document.getElementById('edit-mode'); if (box.checked) box.click(); })()")
    return opened == str(index)


def check_layers(tools, page, checks, base):
    """A magic rule and REPEAT/MAGIC keys added through the page, the default shift layer toggled and shown:
    each time the score and the layer metrics shown are /api/analyze's for the same layout, layers and rules;
    undo takes a layer step back; the link reopens the rules and keys. Returns that link."""
    before = page.value("score")
    page.click("magic-add")
    tools.evaluate("(() => { const row = document.querySelector('#magic-table tbody tr:last-child');"
                   " row.querySelector('.rule-after').value = 'e'; row.querySelector('.rule-output').value = 'u';"
                   " row.querySelector('.rule-output').dispatchEvent(new Event('change', { bubbles: true })); })()")
    time.sleep(0.2)
    page.idle()
    ruled = api_analyze(base, page)
    checks.expect(json.loads(page.param("magic") or "{}") == {"e": "u"} and ruled.get("magic") == {"e": "u"},
                  f"the magic rule e -> u was added through the table ({page.param('magic')})")
    checks.expect(page.value("score") == ruled.get("score") == before,
                  f"a rule without a MAGIC key changes nothing ({before} -> {page.value('score')}, API {ruled.get('score')})")

    # Keys 41 and 36 are corne's empty outer thumb keys.
    opened = edit_key(tools, page, 41, "MAGIC") and edit_key(tools, page, 36, "REPEAT")
    tokens = page.param("layout").split(" ")
    checks.expect(opened and tokens[41] == "MAGIC" and tokens[36] == "REPEAT", "keys 41 and 36 became MAGIC and REPEAT through the key editor")
    expected = api_analyze(base, page)
    shown = page.value("score")
    checks.expect(shown is not None and shown == expected.get("score") and shown != before,
                  f"with REPEAT and MAGIC the score changed ({before} -> {shown}) to /api/analyze's ({expected.get('score')})")
    repeat, magic = layer_row(tools, "REPEAT"), layer_row(tools, "MAGIC")
    checks.expect(repeat == expected.get("repeat_presses") and magic == expected.get("magic_presses") and repeat > 0 and magic > 0,
                  f"the metrics show REPEAT {repeat} % and MAGIC {magic} % of presses, as the API ({expected.get('repeat_presses')}, "
                  f"{expected.get('magic_presses')})")

    tools.evaluate("document.getElementById('shift-default').click()")
    time.sleep(0.2)
    page.idle()
    shifted = api_analyze(base, page)
    views = tools.evaluate("[...document.getElementById('layer-view').options].map((o) => o.value)")
    shift_share = layer_row(tools, "shift")
    checks.expect(json.loads(page.param("layers") or "{}") == {"shift": "default"} and views == ["base", "shift"]
                  and shift_share is not None and shift_share == shifted["layers"][1]["percent"] and page.value("score") == shifted.get("score"),
                  f"the default shift layer is on, listed and measured as the API measures it ({views}, {shift_share} %)")
    page.choose("layer-view", "shift")
    e_key = tokens.index("e")
    legend = tools.evaluate(f"document.querySelector('#board g.key[data-key=\"{e_key}\"] text.legend').textContent")
    checks.expect(legend == "E", f"on the shift layer the e key shows E ({legend!r})")
    page.choose("layer-view", "base")

    page.click("undo")
    page.idle()
    checks.expect(not page.param("layers") and page.value("score") == shown and layer_row(tools, "shift") is None,
                  "undo took the shift layer away and its score back")
    shared = tools.evaluate("location.href")
    page.navigate("about:blank", ready=False)
    page.navigate(shared)
    rules = [tools.evaluate("[...document.querySelectorAll('#magic-table tbody input')].map((i) => i.value)")]
    checks.expect(rules == [["e", "u"]] and page.param("layout").split(" ")[36] == "REPEAT" and page.value("score") == shown,
                  f"the link reopens the rule, the REPEAT and MAGIC keys and the score ({rules})")
    return shared


def run(args, checks):
    binary = os.path.abspath(args.binary)
    folder = os.path.join(ROOT, "build", "play-check")
    shutil.rmtree(folder, ignore_errors=True)
    downloads = os.path.join(folder, "downloads")
    os.makedirs(downloads)
    profile = tempfile.mkdtemp(prefix="kf-chromium-")
    browser = None
    server = PlayServer(binary, os.path.join(folder, "play.log"))
    try:
        base = server.base
        print(f"keyforge play at {base}", flush=True)
        status, headers, body = http("GET", base + "/play")
        headers = {key.lower(): value for key, value in headers.items()}
        csp = headers.get("content-security-policy", "")
        checks.expect(status == 200 and headers.get("content-type", "").startswith("text/html"), "GET /play serves HTML")
        checks.expect("default-src 'self'" in csp and "script-src 'self'" in csp and "unsafe" not in csp,
                      f"GET /play has a self-only Content-Security-Policy ({csp[:50]}...)")
        checks.expect(b'<script type="module" src="/play/play.js"' in body and b"<script>" not in body, "the page has no inline script")

        log = open(os.path.join(folder, "chromium.log"), "w")
        browser, tools = launch_chromium(profile, log, 1280, 1000)
        if not checks.expect(tools is not None, "chromium started with remote debugging (make test-deps)"):
            return
        for domain in ("Runtime.enable", "Log.enable", "Page.enable"):
            tools.call(domain)
        tools.call("Browser.setDownloadBehavior", {"behavior": "allow", "downloadPath": downloads})
        page = Page(tools)
        checks.expect(page.navigate(base + "/play"), "the page loaded its boards, corpora and first layout")

        page.choose("keyboard", "corne")
        page.choose("layout-name", "colemak-dh")
        page.choose("corpus", "text/en_std")
        start = analyze(binary, "colemak-dh")
        layout = page.param("layout")
        checks.expect(layout == start["layout"], "corne, colemak-dh and text/en_std are picked")
        checks.expect(page.value("score") == start["score"], f"the score shown is analyze's ({page.value('score')} vs {start['score']})")

        tokens = layout.split(" ")
        source, target = tokens.index("e"), tokens.index("t")
        page.drag(source, target)
        page.idle()
        swapped = list(tokens)
        swapped[source], swapped[target] = swapped[target], swapped[source]
        expected = analyze(binary, " ".join(swapped))
        checks.expect(page.param("layout") == " ".join(swapped), f"dragging key {source} (e) onto key {target} (t) swapped them")
        shown_score, shown_sfb = page.value("score"), page.value("sfb")
        checks.expect(shown_score == expected["score"] and shown_sfb == expected["metrics"]["sfb"],
                      f"score {shown_score} and SFB {shown_sfb} equal `keyforge analyze --json` on the swapped layout "
                      f"({expected['score']}, {expected['metrics']['sfb']})")
        checks.expect(shown_score != start["score"], "the swap changed the score")

        page.click("undo")
        page.idle()
        checks.expect(page.param("layout") == start["layout"] and page.value("score") == start["score"], "undo restored colemak-dh and its score")

        pins = [tokens.index("a"), tokens.index("n")]
        tools.evaluate("document.getElementById('pin-mode').click()")
        for key in pins:
            page.click_key(key)
        tools.evaluate("document.getElementById('pin-mode').click()")
        shown_pins = page.param("pins")
        checks.expect(shown_pins == ",".join(str(p) for p in sorted(pins)), f"two keys pinned ({shown_pins})")

        tools.evaluate("document.getElementById('improve-seconds').value = '3'")
        before = page.value("score")
        page.click("improve")
        done = wait_until(lambda: tools.evaluate("document.getElementById('progress').dataset.state") == "done", 30, 0.25)
        progress = tools.evaluate("document.getElementById('progress').textContent")
        checks.expect(done, f"Improve ran and finished ({progress})")
        page.click("improve-load")
        page.idle()
        improved = page.param("layout").split(" ")
        after = page.value("score")
        checks.expect(after is not None and after < before, f"the score fell after Improve ({before} -> {after})")
        checks.expect(all(improved[p] == tokens[p] for p in pins), "the pinned keys kept their symbols")
        pinned_drawn = tools.evaluate("[...document.querySelectorAll('#board g.key.pinned')].map((g) => Number(g.dataset.key)).sort((a, b) => a - b)")
        checks.expect(pinned_drawn == sorted(pins), f"the pins are still marked on the board ({pinned_drawn})")
        exact = analyze(binary, " ".join(improved))
        checks.expect(after == exact["score"], f"the improved layout's score is analyze's ({after} vs {exact['score']})")

        shared = tools.evaluate("location.href")
        page.navigate("about:blank", ready=False)
        page.navigate(shared)
        reopened = (page.param("layout") == " ".join(improved) and page.value("score") == after
                    and tools.evaluate("document.getElementById('keyboard').value") == "corne"
                    and tools.evaluate("document.getElementById('corpus').value") == "text/en_std"
                    and tools.evaluate("[...document.querySelectorAll('#board g.key.pinned')].length") == 2)
        checks.expect(reopened, "the shared URL reopens the same board, layout, corpus, score and pins")

        tools.evaluate("document.getElementById('export-format').value = 'qmk'")
        page.click("export")
        keymap = os.path.join(downloads, "keymap.c")
        checks.expect(wait_until(lambda: os.path.exists(keymap) and os.path.getsize(keymap) > 0, 10), "the QMK export downloaded (keymap.c)")
        if os.path.exists(keymap):
            text = open(keymap).read()
            checks.expect("LAYOUT_split_3x6_3" in text, "the download is corne's QMK keymap")

        page.click("save-png")
        page.click("save-svg")
        png, svg = os.path.join(downloads, "corne.png"), os.path.join(downloads, "corne.svg")
        saved = wait_until(lambda: os.path.exists(png) and os.path.exists(svg) and os.path.getsize(png) > 0, 10)
        checks.expect(saved and open(png, "rb").read(8) == b"\x89PNG\r\n\x1a\n" and b"<svg" in open(svg, "rb").read(),
                      "the picture downloads as PNG and SVG")

        page.click("compare-run")
        page.idle()
        columns = tools.evaluate("document.querySelectorAll('#compare-table thead th').length")
        boards = tools.evaluate("document.querySelectorAll('#compare-boards svg').length")
        checks.expect(columns == 3 and boards == 2, f"compare shows start and current side by side ({columns - 1} columns, {boards} boards)")

        layered = check_layers(tools, page, checks, base)
        check_import(binary, tools, page, checks, base, folder)

        problems = console_problems(tools)
        for problem in problems:
            print("      " + problem, flush=True)
        checks.expect(not problems, "no console errors, uncaught exceptions or error log entries")
        size = screenshot(tools, os.path.join(ROOT, "build", "play.png"), 1280)
        checks.expect(size > 10_000, "screenshot saved to build/play.png")
        if args.docs_image:
            screenshot(tools, os.path.join(ROOT, "docs", "img", "play.png"), 1280, scale=0.6, height=1000)

        tools.call("Emulation.setDeviceMetricsOverride", {"width": 400, "height": 900, "deviceScaleFactor": 1, "mobile": True})
        page.navigate(layered)  # the page with its magic table and layer metrics filled
        overflow = tools.evaluate(
            "(() => { const w = document.documentElement.clientWidth; const bad = [];"
            " for (const n of document.querySelectorAll('#pickers select, #pickers input, #pickers button, #play .toolbar > *, #board svg,"
            " #magic-table, #layer-table'))"
            "   { const r = n.getBoundingClientRect(); if (r.width && r.right > w + 1) bad.push(n.id || n.tagName); }"
            " return { page: document.documentElement.scrollWidth - w, bad: bad }; })()")
        checks.expect(overflow["page"] <= 0 and not overflow["bad"], f"at 400 px the main controls fit ({overflow})")
        screenshot(tools, os.path.join(ROOT, "build", "play-400.png"), 400)
        tools.socket.close()
    finally:
        stop_browser(browser, profile)
        server.stop()


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--binary", default=os.path.join(ROOT, ".build", "release", "keyforge"))
    parser.add_argument("--docs-image", action="store_true", help="also write the README's screenshot, docs/img/play.png")
    args = parser.parse_args()
    if not os.path.exists(args.binary):
        print(f"no {args.binary}: run make build", file=sys.stderr)
        return 1
    checks = Checks()
    try:
        run(args, checks)
    except Exception as error:  # a harness failure is a failed check
        checks.expect(False, f"the check ran to the end ({type(error).__name__}: {error})")
    print(f"play-check: {'passed' if not checks.failures else str(len(checks.failures)) + ' failed'}", flush=True)
    return 0 if not checks.failures else 1


if __name__ == "__main__":
    sys.exit(main())
