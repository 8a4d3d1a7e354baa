#!/usr/bin/env python3
"""Builds data/system/layouts/library.json, KeyForge's layout library, from public layout collections.

Usage: python3 scripts/layout_library.py FORMAT:GIT_DIR:FOLDER:LABEL [...] > data/system/layouts/library.json

Each argument names a format (`cmini`, `cyanophage` or `dof`), a git directory holding a collection (a bare mirror is
enough; files are read with `git show HEAD:path`), the folder of layout files inside it, and the label written
into the provenance. The collections read for the shipped library, in this order, and the commits read:

    cmini       github.com/ClemenPine/amini                 layouts/     7fdc82b80c121c9e0062e93609ddb84ac79260ba
    cyanophage  github.com/cyanophage/cyanophage.github.io  index.html   b02780b39d871cf9cad7306ec9b89c60ed4eaa30
    dof         github.com/o-x-e-y/oxeylyzer-2              layouts/     3f3c68c6f25d78a0018ce9afb05166105e189bc8
    dof         github.com/o-x-e-y/oxeylyzer                static/layouts/english/  e707ae161986a5c8402c81dff44a3467356a1a97

(`make layout-library` runs exactly this on mirrors under /work/.mirror, see the Makefile.)

cmini (the layout bot of the keyboard-layout Discord; ClemenPine/amini is its store) holds about 2000 layouts,
most of them drafts; taken are the ones its `links.json` gives a page for (the published ones) and the
well-known variants in CMINI_ALSO, named by file name. Its `user` is who added the layout to cmini (a Discord
id, named through its `authors.json`), not always its author: it goes into `read_from`, never `author`.
A variant named after its board takes the family's author when it has none (and gives it when the family has
none): the same people made both. Its keys carry
explicit fingers; rows 0-2 must have the standard column fingering in columns 0-9 (on its `angle` board, the
bottom row's Z X C V B typed by ring, middle, index, index, index), columns 10 and up are top+1 ..., row 3
holds the thumbs (`TB`, either thumb, is taken as the left one; two letters on one thumb are refused). cmini's
`*` (a repeat or magic key) and its free positions are stored as empty keys.

cyanophage's playground page (index.html) lists layouts as a heading (the name, a `source` link) and a
`playground.html?layout=` string of 34 characters: the top row's ten keys and the key right of it, the home
row's ten and the key right of it, the bottom row's ten, the key left of the bottom row, and a thumb key (the
left one, the right one with `&thumb=r`); `=` is an empty key and `^` on the thumb is SHIFT.

A layout is a fact (its letters, its author, its year); only those facts are taken. Each entry is stored
board-independently: the 3x10 alpha block as three rows of ten tokens, top to bottom, left to right, with the
fingers of the standard column fingering (pinky, ring, middle, index, index | index, index, middle, ring,
pinky). Keys a layout puts outside that block are `extra`, named by slot:

    top+1, top+2, home+1, bottom+1   the keys right of the block's top, home and bottom rows (qwerty's [ ] ' )
    top-1, home-1, bottom-1          the keys left of the block's rows (ISO's key left of Z is bottom-1)
    thumb-left, thumb-right          a thumb key of that hand

`needs` lists the extra slots the layout cannot do without: a letter, a thumb letter, a , or . anywhere, and a
' or ; unless it sits on the key where qwerty has ' (Graphite's ; right of its top row and , right of its home
row: its 32 keys). The other extras (a ; or ' on qwerty's ' key, a - / = [ ] \\ anywhere) are kept for the
record only: the 30-key versions of those layouts leave them out.

When two files give one name different letters, the first read keeps the name and the later one is named
after the board it was written for (`canary-ansi`, `qwerty-ansi-angle`, then `-2`, `-3` if that is taken
too); each keeps its own provenance.

Conversions from the .dof geometry (Oxeylyzer's format): an `ortho` or `colstag` board's rows are the block
as they stand; an `ansi` row's tokens past the tenth are top+1..., home+1; an `ansi` board with the `angle`
fingering has the bottom row's left half moved one key right of its finger column, so its keys Z X C V B
are the block's columns 1 2 3 4 0; an `iso` board with `angle` has the key left of Z on the pinky and drops
the key at B. A fourth row is the thumbs: a letter there is thumb-left or thumb-right by the half it is in.
Layouts that do not hold the 26 letters a-z once each (German or Russian ones, two-layer ones) are left out
and listed on stderr, as are files that are not .dof JSON and test files; the one exception is up to two of
q z j x missing (Hands Down variants type them as combos), recorded as `omits`.
"""
import json
import re
import subprocess
import sys

QWERTY_EXTRAS = {"top+1": "[", "top+2": "]", "top+3": "\\", "home+1": "'", "bottom-1": "\\"}
ESSENTIAL_PUNCTUATION = set(",.")
QUOTE_KEY_PUNCTUATION = set("';")
EMPTY = {"~", "*"}
SKIP_NAMES = {"-test", "-test3", "prb-test", "dof"}
CMINI_ALSO = {
    "hands-down-gold", "hands-down-neu", "hands-down-reference", "hands-down-rhodium", "hands-down-vibranium-f",
    "hands-down-gold-ts", "hands-down-phbonachi-reference", "graphite-angle", "gallium-colstag", "gallium-rowstag",
    "sturdy-angle", "semimak-jq-angle", "colemak-dh-angle", "colemak-dh-ansi", "canary-ortho", "beakl-19",
    "beakl-49", "workman2", "apt-v6", "aptv4", "apthd", "whorfmax-ortho", "engram-apsu", "rsthd-apsu", "dvorak-e",
    "recurva-colstag", "soul-angle", "uciea-vanilla", "focal", "engrammer", "mtgap30", "nightfall", "inqwerted",
    "maya", "kuntum", "mir", "pine-v4", "io", "rollla", "vylet", "crescent", "hiyou",
}
CMINI_FINGERS = ["LP", "LR", "LM", "LI", "LI", "RI", "RI", "RM", "RR", "RP"]
CMINI_ANGLE_BOTTOM = ["LR", "LM", "LI", "LI", "LI", "RI", "RI", "RM", "RR", "RP"]


def git(git_dir, *args):
    return subprocess.run(["git", "--git-dir", git_dir, *args], check=True, capture_output=True).stdout


def slug(name):
    text = name.strip().lower().replace(";", "").replace(".", "-")
    text = re.sub(r"[^a-z0-9]+", "-", text).strip("-")
    return text


def link_url(link):
    if not link:
        return None
    return link if re.match(r"^https?://", link) else "https://" + link


def convert(data):
    """(core rows, extras) of one .dof, or raises ValueError saying why it is left out."""
    board = data.get("board")
    if not isinstance(board, str):
        raise ValueError("a custom board geometry")
    fingering = data.get("fingering")
    if fingering not in ("traditional", "angle"):
        raise ValueError("explicit fingering")
    layers = data.get("layers", {})
    if set(layers) != {"main"}:
        raise ValueError("more than one layer")
    rows = [row.split() for row in layers["main"]]
    if len(rows) < 3 or len(rows) > 4:
        raise ValueError(f"{len(rows)} rows")
    extras = {}
    core = []
    for index, (row, name) in enumerate(zip(rows[:3], ("top", "home", "bottom"))):
        tokens = list(row)
        if index == 2 and board == "iso":
            if len(tokens) != 11:
                raise ValueError("iso bottom row without its 11 keys")
            if fingering == "angle":
                del tokens[5]          # the key at B is not typed under the ISO angle mod
            else:
                extras["bottom-1"] = tokens.pop(0)
        if len(tokens) < 10:
            raise ValueError(f"{name} row has {len(tokens)} keys")
        if board in ("ortho", "colstag") and len(tokens) != 10:
            raise ValueError(f"{name} row has {len(tokens)} keys on an {board} board")
        for extra, token in enumerate(tokens[10:], start=1):
            extras[f"{name}+{extra}"] = token
        tokens = tokens[:10]
        if index == 2 and board == "ansi" and fingering == "angle":
            tokens = [tokens[4], tokens[0], tokens[1], tokens[2], tokens[3]] + tokens[5:]
        core.append(tokens)
    if len(rows) == 4:
        thumbs = rows[3]
        half = len(thumbs) // 2
        for position, token in enumerate(thumbs):
            if len(token) == 1 and token.isalpha():
                extras["thumb-left" if position < half else "thumb-right"] = token
    core = [["NONE" if t in EMPTY else t for t in row] for row in core]
    extras = {slot: t for slot, t in extras.items() if t not in EMPTY}
    return core, extras


def convert_cmini(data):
    """(core rows, extras) of one cmini layout JSON, or raises ValueError saying why it is left out."""
    board = data.get("board")
    if board not in ("ortho", "stagger", "angle"):
        raise ValueError(f"board {board!r}")
    keys = data.get("keys") or {}
    cells = {}
    for symbol, place in keys.items():
        cells[(place["row"], place["col"])] = (symbol, place["finger"])
    core, extras = [], {}
    for row, name in enumerate(("top", "home", "bottom")):
        fingers = CMINI_ANGLE_BOTTOM if board == "angle" and row == 2 else CMINI_FINGERS
        tokens = []
        for col in range(10):
            if (row, col) not in cells:
                tokens.append("NONE")      # cmini's free (empty) positions
                continue
            symbol, finger = cells[(row, col)]
            if finger != fingers[col]:
                raise ValueError(f"{name} row column {col} on finger {finger}, not {fingers[col]}")
            tokens.append(symbol)
        if board == "angle" and row == 2:
            tokens = [tokens[4], tokens[0], tokens[1], tokens[2], tokens[3]] + tokens[5:]
        core.append(tokens)
        for (r, col), (symbol, finger) in cells.items():
            if r == row and col >= 10:
                extras[f"{name}+{col - 9}"] = symbol
            elif r == row and col < 0:
                extras[f"{name}{col}"] = symbol
    for (r, col), (symbol, finger) in cells.items():
        if r == 3 and len(symbol) == 1 and symbol.isalpha() and finger in ("LT", "RT", "TB"):
            slot = "thumb-right" if finger == "RT" else "thumb-left"     # TB: either thumb; we take the left
            if slot in extras:
                raise ValueError(f"two letters on the {slot}")
            extras[slot] = symbol
        elif r > 3 or (r == 3 and finger not in ("LT", "RT", "TB")):
            raise ValueError(f"a key in row {r} on {finger}")
    core = [["NONE" if t in EMPTY else t for t in row] for row in core]
    extras = {slot: t for slot, t in extras.items() if t not in EMPTY}
    return core, extras


CYANOPHAGE_QWERTY_EXTRAS = {"top+1": "-", "home+1": "'", "bottom-1": "\\"}


def cyanophage_layouts(page):
    """(name, link, core rows, extras) of each layout string on cyanophage's playground page."""
    import html as html_module
    found = []
    for match in re.finditer(r'playground\.html\?layout=([^"]*)"', page):
        heads = re.findall(r'<h1[^>]*>(.*?)</h1>', page[max(0, match.start() - 1500):match.start()], re.S)
        if not heads:
            continue
        head = heads[-1]
        link = re.search(r'href="([^"]*)"', head)
        name = re.sub(r"<.*", "", head, flags=re.S).strip()
        text = html_module.unescape(match.group(1))
        thumb_side = "thumb-left"
        if "&thumb=" in text:
            text, _, side = text.partition("&thumb=")
            thumb_side = "thumb-right" if side == "r" else "thumb-left"
        found.append((name, link.group(1) if link else None, text, thumb_side))
    return found


def convert_cyanophage(text, thumb_side):
    chars = list(text)
    if len(chars) != 34:
        raise ValueError(f"a layout string of {len(chars)} characters, not 34")
    def token(c):
        return "NONE" if c in ("=", "*") else c
    core = [[token(c) for c in chars[0:10]], [token(c) for c in chars[11:21]], [token(c) for c in chars[22:32]]]
    extras = {"top+1": token(chars[10]), "home+1": token(chars[21]), "bottom-1": token(chars[32])}
    if chars[33].isalpha():
        extras[thumb_side] = chars[33]
    extras = {slot: t for slot, t in extras.items() if t != "NONE"}
    return core, extras


def needed(extras, qwerty=QWERTY_EXTRAS):
    """The slots a layout cannot do without: letters, thumbs, , and . anywhere, ' and ; except on the key where
    qwerty has ' or ; (a 30-key version just leaves them out; elsewhere they are part of the design)."""
    def is_needed(slot, token):
        if token.isalpha() or slot.startswith("thumb") or token in ESSENTIAL_PUNCTUATION:
            return True
        return token in QUOTE_KEY_PUNCTUATION and qwerty.get(slot) not in QUOTE_KEY_PUNCTUATION
    return sorted(slot for slot, token in extras.items() if is_needed(slot, token))


OMITTABLE = set("qzjx")


def check_letters(core, extras, needs):
    """The letters the layout leaves out ('' for none), or raises ValueError. Up to two of q z j x may be
    missing (Hands Down variants type them as combos); any other gap, a letter twice or a non a-z letter is an error."""
    placed = [t for row in core for t in row] + [extras[s] for s in needs]
    letters = [t.lower() for t in placed if len(t) == 1 and t.isalpha()]
    want = [chr(c) for c in range(97, 123)]
    missing = sorted(set(want) - set(letters))
    other = sorted(set(letters) - set(want))
    twice = sorted({l for l in letters if letters.count(l) > 1})
    omits = ""
    if not other and not twice and len(missing) <= 2 and set(missing) <= OMITTABLE:
        omits = "".join(missing)
    elif sorted(letters) != want:
        raise ValueError(f"letters: missing {''.join(missing) or '-'}, not a-z {''.join(other) or '-'}, twice {''.join(twice) or '-'}")
    for t in placed:
        if t != "NONE" and len(t) != 1:
            raise ValueError(f"token {t!r}")
    symbols = [t for t in placed if t != "NONE"]
    if len(set(symbols)) != len(symbols):
        raise ValueError("a symbol on two keys")
    return omits


def main(argv):
    entries = {}
    by_letters = {}
    for spec in argv:
        kind, git_dir, folder, label = spec.split(":", 3)
        commit = git(git_dir, "rev-parse", "HEAD").decode().strip()
        paths = git(git_dir, "ls-tree", "-r", "--name-only", "-z", "HEAD", "--", folder).decode().split("\0")
        suffix = ".dof" if kind == "dof" else ".json"
        authors_by_id, links = {}, {}
        if kind == "cmini":
            authors_by_id = {str(v): k for k, v in json.loads(git(git_dir, "show", "HEAD:authors.json")).items()}
            links = json.loads(git(git_dir, "show", "HEAD:links.json"))
        items = []
        if kind == "cyanophage":
            page = git(git_dir, "show", f"HEAD:{folder}").decode()
            for name, link, text, thumb_side in cyanophage_layouts(page):
                items.append((folder, name, {"name": name, "link": link, "text": text, "thumb": thumb_side,
                                             "board": "cyanophage", "fingering": "traditional"}))
        else:
            for path in sorted(p for p in paths if p.endswith(suffix)):
                stem = path.rsplit("/", 1)[-1][:-len(suffix)]
                if kind == "cmini" and stem not in links and stem not in CMINI_ALSO:
                    continue
                items.append((path, stem, None))
        for path, stem, data in items:
            if data is None:
                try:
                    data = json.loads(git(git_dir, "show", f"HEAD:{path}"))
                except (json.JSONDecodeError, UnicodeDecodeError) as error:
                    print(f"skipped {label}/{path}: not JSON ({error})", file=sys.stderr)
                    continue
            name = slug(stem if kind == "cmini" else str(data.get("name") or stem))
            if name in SKIP_NAMES or name.endswith("-test") or "test" in stem:
                print(f"skipped {label}/{path}: a test file", file=sys.stderr)
                continue
            try:
                qwerty = QWERTY_EXTRAS
                if kind == "cmini":
                    core, extras = convert_cmini(data)
                    added_by = authors_by_id.get(str(data.get("user")))
                    data = {"authors": [], "added_by": added_by, "link": links.get(stem), "board": data["board"],
                            "fingering": "angle" if data["board"] == "angle" else "traditional"}
                    if data["board"] == "angle":
                        data["board"] = "stagger"
                elif kind == "cyanophage":
                    core, extras = convert_cyanophage(data["text"], data["thumb"])
                    qwerty = CYANOPHAGE_QWERTY_EXTRAS
                else:
                    core, extras = convert(data)
                needs = needed(extras, qwerty)
                omits = check_letters(core, extras, needs)
            except (ValueError, KeyError, TypeError) as error:
                print(f"skipped {label}/{path} {name}: {error}", file=sys.stderr)
                continue
            source = f"{label} {path}" + (f" '{stem}'" if kind == "cyanophage" else "") + f" @{commit[:12]}" + (f" (added to cmini by {data['added_by']})" if data.get("added_by") else "")
            key = (tuple(map(tuple, core)), tuple((s, extras[s]) for s in needs), omits)
            if name in entries:
                if entries[name]["_key"] == key:
                    entries[name]["read_from"].append(source)
                    for field, value in (("author", ", ".join(data.get("authors") or []) or None), ("year", data.get("year")),
                                         ("link", link_url(data.get("link")))):
                        if entries[name].get(field) is None and value is not None:
                            entries[name][field] = value
                    continue
                variant = slug(f"{name}-{data['board']}" + ("-angle" if data["fingering"] == "angle" else ""))
                base_variant, number = variant, 2
                while variant in entries:
                    variant, number = f"{base_variant}-{number}", number + 1
                family = entries[name]
                if not data.get("authors") and family.get("author"):
                    data["authors"] = [family["author"]]
                elif data.get("authors") and not family.get("author"):
                    family["author"] = ", ".join(data["authors"])
                name = variant
            authors = data.get("authors") or []
            entry = {
                "name": name,
                "author": ", ".join(authors) if authors else None,
                "year": data.get("year"),
                "link": link_url(data.get("link")),
                "read_from": [source],
                "designed_for": f"{data['board']}, {data['fingering']} fingering",
                "rows": [" ".join(row) for row in core],
            }
            if extras:
                entry["extra"] = extras
            if needs:
                entry["needs"] = needs
            if omits:
                entry["omits"] = omits
            if key in by_letters:
                entry["same_as"] = by_letters[key]
            else:
                by_letters[key] = name
            entry["_key"] = key
            entries[name] = entry
    layouts = []
    for name in sorted(entries):
        entry = {k: v for k, v in entries[name].items() if k != "_key" and v is not None}
        layouts.append(entry)
    library = {
        "about": "KeyForge's layout library: layouts as facts (letters, author, year, link) with where each was read. "
                 "Generated by scripts/layout_library.py; docs/LAYOUTS.md describes the fields.",
        "layouts": layouts,
    }
    # one layout per line keeps the file reviewable and its diffs small
    lines = [json.dumps(entry, ensure_ascii=False) for entry in layouts]
    text = '{\n "about": ' + json.dumps(library["about"]) + ',\n "layouts": [\n  ' + ",\n  ".join(lines) + "\n ]\n}"
    print(text)
    print(f"{len(layouts)} layouts", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
