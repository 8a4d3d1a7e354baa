#!/usr/bin/env python3
"""Builds data/system/layouts/library.json, KeyForge's layout library, from public layout collections.

Usage: python3 scripts/layout_library.py GIT_DIR:FOLDER:LABEL [...] > data/system/layouts/library.json

Each argument names a git directory holding a collection (a bare mirror is enough; files are read with
`git show HEAD:path`), the folder of `.dof` files inside it, and the label written into the provenance
(`github.com/o-x-e-y/oxeylyzer`). The collections read for the shipped library, and the commits read:

    github.com/o-x-e-y/oxeylyzer-2  layouts/                 3f3c68c6f25d78a0018ce9afb05166105e189bc8
    github.com/o-x-e-y/oxeylyzer    static/layouts/english/  e707ae161986a5c8402c81dff44a3467356a1a97

A layout is a fact (its letters, its author, its year); only those facts are taken. Each entry is stored
board-independently: the 3x10 alpha block as three rows of ten tokens, top to bottom, left to right, with the
fingers of the standard column fingering (pinky, ring, middle, index, index | index, index, middle, ring,
pinky). Keys a layout puts outside that block are `extra`, named by slot:

    top+1, top+2, home+1, bottom+1   the keys right of the block's top, home and bottom rows (qwerty's [ ] ' )
    top-1, home-1, bottom-1          the keys left of the block's rows (ISO's key left of Z is bottom-1)
    thumb-left, thumb-right          a thumb key of that hand

`needs` lists the extra slots the layout cannot do without: a letter, a thumb letter, or one of , . ' that
is not qwerty's own symbol at that place (Graphite's comma right of its home row). The other extras (a ; or
- moved to qwerty's ' key, qwerty's own [ ] ') are kept for the record only: boards of 30 keys drop them.

When two files give one name different letters, the first read keeps the name and the later one is named
after the board it was written for (`canary-ansi`, `qwerty-ansi-angle`); each keeps its own provenance.

Conversions from the .dof geometry (Oxeylyzer's format): an `ortho` or `colstag` board's rows are the block
as they stand; an `ansi` row's tokens past the tenth are top+1..., home+1; an `ansi` board with the `angle`
fingering has the bottom row's left half moved one key right of its finger column, so its keys Z X C V B
are the block's columns 1 2 3 4 0; an `iso` board with `angle` has the key left of Z on the pinky and drops
the key at B. A fourth row is the thumbs: a letter there is thumb-left or thumb-right by the half it is in.
Layouts that do not hold the 26 letters a-z once each (German or Russian ones, two-layer ones) are left out
and listed on stderr, as are files that are not .dof JSON and test files.
"""
import json
import re
import subprocess
import sys

QWERTY_EXTRAS = {"top+1": "[", "top+2": "]", "top+3": "\\", "home+1": "'", "bottom-1": "\\"}
ESSENTIAL_PUNCTUATION = set(",.'")
EMPTY = {"~", "*"}
SKIP_NAMES = {"-test", "-test3", "prb-test", "dof"}


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


def needed(extras):
    return sorted(slot for slot, token in extras.items()
                  if token.isalpha() or (token in ESSENTIAL_PUNCTUATION and QWERTY_EXTRAS.get(slot) != token)
                  or slot.startswith("thumb"))


def check_letters(core, extras, needs):
    placed = [t for row in core for t in row] + [extras[s] for s in needs]
    letters = [t.lower() for t in placed if len(t) == 1 and t.isalpha()]
    want = [chr(c) for c in range(97, 123)]
    if sorted(letters) != want:
        missing = sorted(set(want) - set(letters))
        other = sorted(set(letters) - set(want))
        twice = sorted({l for l in letters if letters.count(l) > 1})
        raise ValueError(f"letters: missing {''.join(missing) or '-'}, not a-z {''.join(other) or '-'}, twice {''.join(twice) or '-'}")
    for t in placed:
        if t != "NONE" and len(t) != 1:
            raise ValueError(f"token {t!r}")


def main(argv):
    entries = {}
    by_letters = {}
    for spec in argv:
        git_dir, folder, label = spec.split(":", 2)
        commit = git(git_dir, "rev-parse", "HEAD").decode().strip()
        paths = git(git_dir, "ls-tree", "-r", "--name-only", "-z", "HEAD", "--", folder).decode().split("\0")
        for path in sorted(p for p in paths if p.endswith(".dof")):
            try:
                data = json.loads(git(git_dir, "show", f"HEAD:{path}"))
            except (json.JSONDecodeError, UnicodeDecodeError) as error:
                print(f"skipped {label}/{path}: not JSON ({error})", file=sys.stderr)
                continue
            name = slug(str(data.get("name") or path.rsplit("/", 1)[-1][:-4]))
            if name in SKIP_NAMES or name.endswith("-test") or "test" in path.rsplit("/", 1)[-1]:
                print(f"skipped {label}/{path}: a test file", file=sys.stderr)
                continue
            try:
                core, extras = convert(data)
                needs = needed(extras)
                check_letters(core, extras, needs)
            except ValueError as error:
                print(f"skipped {label}/{path}: {error}", file=sys.stderr)
                continue
            source = f"{label} {path} @{commit[:12]}"
            key = (tuple(map(tuple, core)), tuple((s, extras[s]) for s in needs))
            if name in entries:
                if entries[name]["_key"] == key:
                    entries[name]["read_from"].append(source)
                    continue
                variant = slug(f"{name}-{data['board']}" + ("-angle" if data["fingering"] == "angle" else ""))
                if variant in entries:
                    print(f"skipped {label}/{path}: '{name}' and '{variant}' are already in the library", file=sys.stderr)
                    continue
                if not data.get("authors") and entries[name].get("author"):
                    data["authors"] = [entries[name]["author"]]
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
    text = json.dumps(library, indent=1, ensure_ascii=False)
    # one layout per line keeps the file reviewable
    text = re.sub(r'\n {2,}', ' ', text)
    text = re.sub(r'\[ ', '[', text)
    text = re.sub(r' \]', ']', text)
    text = re.sub(r'\{ ', '{', text)
    text = re.sub(r' \}', '}', text)
    print(text)
    print(f"{len(layouts)} layouts", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
