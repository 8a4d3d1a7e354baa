#!/usr/bin/env python3
"""The hive dashboard in a real headless browser (`make dashboard-check`, part of `make test`).

Starts a cluster of its own with scripts/cluster.sh (PostgreSQL, Valkey, assetmgr, assets, the hive and
one agent) in build/dashboard-check on free loopback ports, opens http://127.0.0.1:<hive>/ in Debian's
chromium (headless) and drives it over the DevTools protocol with the small RFC 6455 client below
(Python standard library only). It checks that the page loads with its security headers, unlocks the
cluster stats with the secret, submits a job, sees the job appear and its best score change live
(read from the DOM again and again, never reloading), finds the best layout drawn (render's SVG from /api/render), and that the
page logged no console error and threw no exception; then that a wrong secret is refused and dropped.
The screenshot goes to build/dashboard.png.
Exit 0 when every check passes, 1 otherwise.
"""
import argparse
import base64
import hashlib
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
WEBSOCKET_GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11"


class WebSocket:
    """A minimal RFC 6455 client: text frames out (masked), whole messages in; pings answered."""

    def __init__(self, url, timeout=60):
        parts = urllib.parse.urlparse(url)
        self.sock = socket.create_connection((parts.hostname, parts.port), timeout=timeout)
        key = base64.b64encode(os.urandom(16)).decode()
        request = (f"GET {parts.path} HTTP/1.1\r\nHost: {parts.hostname}:{parts.port}\r\nUpgrade: websocket\r\n"
                   f"Connection: Upgrade\r\nSec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n\r\n")
        self.sock.sendall(request.encode())
        self.buffer = bytearray()
        while b"\r\n\r\n" not in self.buffer:
            self._fill()
        end = self.buffer.index(b"\r\n\r\n")
        head = bytes(self.buffer[:end]).decode("latin-1")
        del self.buffer[:end + 4]
        lines = head.split("\r\n")
        if " 101 " not in lines[0] + " ":
            raise RuntimeError(f"websocket handshake refused: {lines[0]}")
        accept = base64.b64encode(hashlib.sha1((key + WEBSOCKET_GUID).encode()).digest()).decode()
        fields = {line.split(":", 1)[0].strip().lower(): line.split(":", 1)[1].strip() for line in lines[1:] if ":" in line}
        if fields.get("sec-websocket-accept") != accept:
            raise RuntimeError("websocket handshake: wrong Sec-WebSocket-Accept")

    def _fill(self):
        chunk = self.sock.recv(1 << 16)
        if not chunk:
            raise EOFError("websocket closed by the browser")
        self.buffer += chunk

    def _take(self, count):
        while len(self.buffer) < count:
            self._fill()
        data = bytes(self.buffer[:count])
        del self.buffer[:count]
        return data

    def _frame(self, opcode, payload):
        header = bytearray([0x80 | opcode])
        if len(payload) < 126:
            header.append(0x80 | len(payload))
        elif len(payload) < 1 << 16:
            header.append(0x80 | 126)
            header += len(payload).to_bytes(2, "big")
        else:
            header.append(0x80 | 127)
            header += len(payload).to_bytes(8, "big")
        mask = os.urandom(4)
        self.sock.sendall(bytes(header) + mask + bytes(b ^ mask[i % 4] for i, b in enumerate(payload)))

    def send(self, text):
        self._frame(0x1, text.encode())

    def receive(self):
        message = bytearray()
        while True:
            first, second = self._take(2)
            length = second & 0x7F
            if length == 126:
                length = int.from_bytes(self._take(2), "big")
            elif length == 127:
                length = int.from_bytes(self._take(8), "big")
            mask = self._take(4) if second & 0x80 else None
            payload = self._take(length)
            if mask:
                payload = bytes(b ^ mask[i % 4] for i, b in enumerate(payload))
            opcode = first & 0x0F
            if opcode == 0x9:
                self._frame(0xA, payload)
            elif opcode == 0x8:
                raise EOFError("websocket closed by the browser")
            elif opcode in (0x0, 0x1, 0x2):
                message += payload
                if first & 0x80:
                    return message.decode()

    def close(self):
        try:
            self._frame(0x8, b"")
        except OSError:
            pass
        self.sock.close()


class DevTools:
    """Calls (matched by id) and events (kept in order) over one page's DevTools websocket."""

    def __init__(self, url):
        self.socket = WebSocket(url)
        self.next_id = 0
        self.events = []

    def call(self, method, params=None):
        self.next_id += 1
        wanted = self.next_id
        self.socket.send(json.dumps({"id": wanted, "method": method, "params": params or {}}))
        while True:
            message = json.loads(self.socket.receive())
            if message.get("id") == wanted:
                if "error" in message:
                    raise RuntimeError(f"{method}: {message['error']}")
                return message.get("result", {})
            if "method" in message:
                self.events.append(message)

    def wait_event(self, method, since, seconds):
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            for event in self.events[since:]:
                if event["method"] == method:
                    return event
            # A cheap round trip lets events arrive.
            self.call("Runtime.evaluate", {"expression": "0"})
            time.sleep(0.05)
        raise TimeoutError(f"no {method} within {seconds} s")

    def evaluate(self, expression):
        result = self.call("Runtime.evaluate", {"expression": expression, "returnByValue": True, "awaitPromise": True})
        if "exceptionDetails" in result:
            raise RuntimeError(f"evaluate {expression[:60]!r}: {result['exceptionDetails'].get('text')}")
        return result["result"].get("value")


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def http(method, url, body=None, secret=None):
    request = urllib.request.Request(url, data=body, method=method)
    if secret:
        request.add_header("Authorization", f"Bearer {secret}")
    if body is not None:
        request.add_header("Content-Type", "application/json")
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()



def console_problems(tools):
    """The page's console errors and assertions, uncaught exceptions and error log entries so far."""
    tools.call("Runtime.evaluate", {"expression": "0"})  # collect the last events
    problems = []
    for event in tools.events:
        method, params = event["method"], event.get("params", {})
        if method == "Runtime.consoleAPICalled" and params.get("type") in ("error", "assert"):
            problems.append("console." + params["type"] + ": " + " ".join(str(a.get("value", a.get("description", ""))) for a in params.get("args", [])))
        elif method == "Runtime.exceptionThrown":
            details = params.get("exceptionDetails", {})
            problems.append("exception: " + str(details.get("exception", {}).get("description") or details.get("text")))
        elif method == "Log.entryAdded" and params.get("entry", {}).get("level") == "error":
            entry = params["entry"]
            problems.append(f"log ({entry.get('source')}): {entry.get('text')} {entry.get('url', '')}")
    return problems


def save_screenshot(tools, path, width, scale=1, height=3000):
    """The page (at most `height` CSS pixels of it) as a PNG at `path`; returns the file's size."""
    metrics = tools.call("Page.getLayoutMetrics")
    size = metrics.get("cssContentSize") or metrics.get("contentSize")
    shot = tools.call("Page.captureScreenshot", {"format": "png", "captureBeyondViewport": True,
                                                 "clip": {"x": 0, "y": 0, "width": width, "height": min(size["height"], height), "scale": scale}})
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as file:
        file.write(base64.b64decode(shot["data"]))
    return os.path.getsize(path)


def stop_browser(browser, profile):
    """Ends chromium (SIGTERM, then SIGKILL after 10 s) and removes its throwaway profile folder."""
    if browser is not None:
        browser.terminate()
        try:
            browser.wait(10)
        except subprocess.TimeoutExpired:
            browser.kill()
            browser.wait()
    shutil.rmtree(profile, ignore_errors=True)

def find_chromium():
    for name in ("chromium", "chromium-browser", "google-chrome"):
        path = shutil.which(name)
        if path:
            return path
    return None


class Checks:
    def __init__(self):
        self.failures = []

    def expect(self, condition, message):
        print(("ok    " if condition else "FAIL  ") + message, flush=True)
        if not condition:
            self.failures.append(message)
        return condition


def wait_until(predicate, seconds, step=0.1):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(step)
    return predicate()


def run(args, checks):
    binary = os.path.abspath(args.binary)
    folder = os.path.join(ROOT, "build", "dashboard-check")
    screenshot = os.path.join(ROOT, "build", "dashboard.png")
    environment = dict(os.environ, CLUSTER_DIR=folder, KEYFORGE_BIN=binary, AGENTS=str(args.agents),
                       VALKEY_PORT=str(free_port()), PG_PORT=str(free_port()), ASSETS_PORT=str(free_port()),
                       HIVE_PORT=str(free_port()), HIVE_ARGS="--lease-seconds 10")
    hive = f"http://127.0.0.1:{environment['HIVE_PORT']}"
    cluster = os.path.join(ROOT, "scripts", "cluster.sh")
    if os.path.isdir(folder):
        subprocess.run(["bash", cluster, "stop"], env=environment, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        shutil.rmtree(folder)
    browser = None
    profile = tempfile.mkdtemp(prefix="kf-chromium-")
    try:
        print(f"cluster in {folder}, hive {hive}", flush=True)
        subprocess.run(["bash", cluster, "start"], env=environment, check=True, stdout=subprocess.DEVNULL)
        with open(os.path.join(folder, "secret")) as file:
            secret = file.read().strip()
        checks.expect(wait_until(lambda: http("GET", hive + "/health")[0] == 200, 20), "the hive is healthy")

        status, headers, body = http("GET", hive + "/")
        headers = {key.lower(): value for key, value in headers.items()}
        checks.expect(status == 200 and headers.get("content-type", "").startswith("text/html"), "GET / serves HTML")
        csp = headers.get("content-security-policy", "")
        checks.expect("script-src 'self'" in csp and "default-src 'none'" in csp and "unsafe-inline" not in csp,
                      f"GET / has a self-only Content-Security-Policy ({csp[:60]}...)")
        checks.expect(headers.get("x-content-type-options") == "nosniff", "GET / has X-Content-Type-Options: nosniff")
        checks.expect(b"<script src=\"/dashboard.js\"" in body and b"<script>" not in body, "the page has no inline script")

        chromium = find_chromium()
        if not checks.expect(chromium is not None, "chromium is installed (make test-deps)"):
            return
        command = [chromium, "--headless=new", "--disable-gpu", "--no-first-run", "--no-default-browser-check",
                   "--disable-extensions", "--disable-background-networking", "--disable-component-update",
                   "--disable-sync", "--disable-dev-shm-usage", "--hide-scrollbars", "--window-size=1280,1000",
                   f"--user-data-dir={profile}", "--remote-debugging-port=0", "about:blank"]
        if os.geteuid() == 0:
            command.insert(1, "--no-sandbox")  # Chromium's sandbox refuses to run as root
        active = os.path.join(profile, "DevToolsActivePort")
        log = open(os.path.join(folder, "logs", "chromium.log"), "w")
        browser = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=log)
        started = lambda: browser.poll() is not None or (os.path.exists(active) and len(open(active).read().split()) >= 2)
        wait_until(started, 30)
        if browser.poll() is not None and "--no-sandbox" not in command:
            # A machine without unprivileged user namespaces (some containers) cannot sandbox: the page is ours.
            print("      chromium exited at once; retrying without its sandbox (see logs/chromium.log)", flush=True)
            command.insert(1, "--no-sandbox")
            browser = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=log)
            wait_until(started, 30)
        if not checks.expect(browser.poll() is None and os.path.exists(active), "chromium started with remote debugging"):
            return
        port = open(active).read().split()[0]
        targets = json.loads(urllib.request.urlopen(f"http://127.0.0.1:{port}/json/list", timeout=10).read())
        page = next(target for target in targets if target.get("type") == "page")
        tools = DevTools(page["webSocketDebuggerUrl"])
        for domain in ("Runtime.enable", "Log.enable", "Page.enable"):
            tools.call(domain)
        tools.call("Emulation.setDeviceMetricsOverride", {"width": 1280, "height": 1000, "deviceScaleFactor": 1, "mobile": False})

        mark = len(tools.events)
        tools.call("Page.navigate", {"url": hive + "/"})
        tools.wait_event("Page.loadEventFired", mark, 20)
        checks.expect(tools.evaluate("document.title") == "KeyForge hive", "the page loads (title KeyForge hive)")
        tools.evaluate("window.keyforgeCheckMarker = 'not reloaded'")
        checks.expect(wait_until(lambda: tools.evaluate("document.getElementById('stream').dataset.state") == "live", 15),
                      "the event stream is live")

        # Unlock the stats with the secret, as an operator would type it; it stays out of the URL.
        tools.evaluate("(() => { document.getElementById('secret').value = %s; document.getElementById('unlock').requestSubmit(); })()"
                       % json.dumps(secret))
        checks.expect(wait_until(lambda: tools.evaluate("getComputedStyle(document.getElementById('unlocked')).display !== 'none' && "
                                                        "getComputedStyle(document.getElementById('unlock')).display === 'none'"), 10),
                      "the secret unlocks the cluster stats (the secret field goes away)")
        checks.expect(secret not in tools.evaluate("location.href") and tools.evaluate("document.getElementById('secret').value") == "",
                      "the secret is in neither the URL nor the field")
        checks.expect(tools.evaluate("sessionStorage.getItem('keyforge.hive.secret') === %s && localStorage.length === 0" % json.dumps(secret)),
                      "the secret is kept in the tab's sessionStorage only")

        config = {"keyboard": "corne", "budget": {"units": args.units, "seconds_per_unit": args.seconds_per_unit},
                  "search": {"seed": int(time.time()) % 100000}}
        status, _, body = http("POST", hive + "/jobs", json.dumps(config).encode(), secret=secret)
        job = json.loads(body).get("job_id", "")
        checks.expect(status == 201 and len(job) == 64, f"job {job[:12]} submitted")
        row = f"document.querySelector('#jobs tr[data-job-id=\"{job}\"]')"
        checks.expect(wait_until(lambda: tools.evaluate(f"{row} !== null"), 10), "the job appears on the page without a reload")

        seen = []            # (best score text, status text) each time the best shown changes
        nodes_alive = 0      # the most the stats showed (an agent appears with its first heartbeat)
        deadline = time.monotonic() + args.timeout
        while time.monotonic() < deadline:
            state = tools.evaluate(f"(() => {{ const r = {row}; return r ? [r.querySelector('.best').textContent, "
                                   f"r.querySelector('.status').textContent, document.getElementById('stat-nodes').textContent] : null; }})()")
            if state and state[2].isdigit():
                nodes_alive = max(nodes_alive, int(state[2]))
            if state and (not seen or seen[-1][0] != state[0]):
                seen.append((state[0], state[1]))
                print(f"      best on the page: {state[0]} ({state[1]})", flush=True)
            if state and state[1] == "done":
                break
            time.sleep(0.1)
        changed_while_working = [i for i in range(1, len(seen)) if seen[i][1] in ("queued", "running")]
        checks.expect(len(seen) >= 2 and changed_while_working,
                      f"the best score shown changed while the agents worked ({len(seen) - 1} changes: "
                      f"{' -> '.join(text for text, _ in seen)})")
        checks.expect(tools.evaluate("window.keyforgeCheckMarker") == "not reloaded", "the page was never reloaded")
        checks.expect(nodes_alive >= 1, f"the stats showed the agent alive ({nodes_alive} nodes)")

        _, _, body = http("GET", hive + f"/jobs/{job}")
        final = json.loads(body)
        checks.expect(final.get("status") == "done", f"the job is done (hive says {final.get('status')})")
        best = final.get("best") or {}
        shown = tools.evaluate(f"{row}.querySelector('.best').textContent")
        checks.expect(shown == f"{best.get('score', 0):.3f}", f"the page shows the hive's best score ({shown})")
        drawn = wait_until(lambda: tools.evaluate(
            "(() => { const d = document.getElementById('detail'); if (d.hidden || d.dataset.jobId !== %s) return null;"
            " const i = document.querySelector('#board img'); return i && i.complete && i.naturalWidth > 0 ? i.dataset.layout : null; })()"
            % json.dumps(job)) == best.get("layout"), 10)
        # The picture is render's SVG from the hive's /api/render (the playground's drawing path): fetch the
        # same address and count its keys, which carry the hive's symbols.
        source = tools.evaluate("document.querySelector('#board img') ? document.querySelector('#board img').src : ''")
        keys = 0
        if source:
            status, _, svg = http("GET", source)
            text = svg.decode() if status == 200 else ""
            keys = text.count('class="key"')
        checks.expect(drawn and keys == 42, f"the best layout is drawn by render's SVG (/api/render): {keys} keys")
        checks.expect(wait_until(lambda: tools.evaluate("document.getElementById('stat-done').textContent") == "1", 10),
                      "the stats count the done job")

        time.sleep(1.5)  # the new-best highlight fades
        size = save_screenshot(tools, screenshot, width=1280, height=4000)
        checks.expect(size > 10_000, f"screenshot saved to {os.path.relpath(screenshot, ROOT)}")

        problems = console_problems(tools)
        for problem in problems:
            print("      " + problem, flush=True)
        checks.expect(not problems, "no console errors, uncaught exceptions or error log entries")

        # A wrong secret (the browser logs its 401, so this comes after the console check): refused, dropped, asked again.
        tools.evaluate("document.getElementById('forget').click()")
        tools.evaluate("(() => { document.getElementById('secret').value = 'not-the-secret'; document.getElementById('unlock').requestSubmit(); })()")
        refused = wait_until(lambda: tools.evaluate("document.getElementById('unlock-message').textContent") == "The hive refused that secret.", 10)
        checks.expect(refused and tools.evaluate("sessionStorage.getItem('keyforge.hive.secret') === null && "
                                                 "getComputedStyle(document.getElementById('unlock')).display !== 'none'"),
                      "a wrong secret is refused and forgotten, and the field comes back")
        tools.socket.close()
    finally:
        stop_browser(browser, profile)
        if not args.keep:
            subprocess.run(["bash", cluster, "stop"], env=environment, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--binary", default=os.path.join(ROOT, ".build", "release", "keyforge"))
    parser.add_argument("--agents", type=int, default=1)
    parser.add_argument("--units", type=int, default=8)
    parser.add_argument("--seconds-per-unit", type=float, default=1.5)
    parser.add_argument("--timeout", type=float, default=120, help="seconds to wait for the job to finish")
    parser.add_argument("--keep", action="store_true", help="leave the cluster running (scripts/cluster.sh stop with CLUSTER_DIR to end it)")
    args = parser.parse_args()
    if not os.path.exists(args.binary):
        print(f"no {args.binary}: run make build", file=sys.stderr)
        return 1
    checks = Checks()
    try:
        run(args, checks)
    except Exception as error:  # a harness failure is a failed check, with the cluster stopped
        checks.expect(False, f"the check ran to the end ({type(error).__name__}: {error})")
    print(f"dashboard-check: {'passed' if not checks.failures else str(len(checks.failures)) + ' failed'}", flush=True)
    return 0 if not checks.failures else 1


if __name__ == "__main__":
    sys.exit(main())
