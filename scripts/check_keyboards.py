#!/usr/bin/env python3
"""Check the keyboard definitions in data/system/keyboards/*.json.

Usage: python3 scripts/check_keyboards.py [FILE_OR_DIR ...]

With no argument it checks every *.json in data/system/keyboards/ next to this
script's parent folder. It prints one summary line per board, every problem
found, and exits 1 if there was any problem (2 if nothing could be read).

What is checked (the format is read by Sources/KeyForge/Services/Assets/KeyboardCodec.swift
and described in docs/PHYSICS.md section 1.1):

* the schema: required and optional fields, their types and ranges, no
  unknown field; `name` equals the file name; at most MAX_KEYS keys;
* keys come row by row, left to right, with unique (row, col): the alpha rows
  are home_row - 1 ... home_row + 1 (home_row is 1, or 2 on a board with a
  number row 0), then the thumb row home_row + 2; thumbs (finger 0) are all on
  the thumb row, which may also hold other keys (ansi's Ctrl); left-hand
  keys lie left of right-hand keys; no two keys overlap;
* exactly one `home` key per (hand, finger) that has keys, on `home_row`
  for the fingers; a stretch key is never a home key;
* `base_layout` has one token per key, exactly 30 `*`, and the `*` keys, in
  key order, read as a 3x10 block: ten per alpha row, left to right,
  five left-hand then five right-hand keys, fingers pinky ring middle index
  index | index index middle ring pinky, the inner index column as stretch;
* every layout is either a 30-character string (no whitespace) filling the
  `*` keys, or one token per key; once applied to the base it holds each of
  the 26 letters exactly once and no symbol twice in the alpha block except
  SPACE (NONE is the empty key); outside the block a named key may repeat (two
  SHIFTs) and a symbol may be the same as one in the block (graphite's ' on
  ansi, whose quote key keeps '), but no other symbol is on two keys; a full
  token layout keeps every named key of the base;
* a layout name used as a 30-character string on several boards has the same
  string everywhere; every board carries the reference layouts in
  REQUIRED_LAYOUTS, except the peer profiles' boards (PEER_BOARDS), which
  carry the peer's own reference layouts under the peer's names, as the peer
  has them (keygen's mtgap has no q on its lower layer);
* the boards in MIRRORED are mirror-symmetric: each key at (x, y) has a
  partner at (span - x - w, y) on the other hand, with the same row, size,
  finger, home and stretch, and the mirrored column.

Python 3.11 standard library only.
"""

from __future__ import annotations

import json
import math
import string
import sys
from pathlib import Path

MAX_KEYS = 200                        # docs/PHYSICS.md section 1.1: n is at most 200
ALPHA_KEYS = 30                       # the 3x10 block every board has
NAMED_KEYS = {"SPACE", "ENTER", "BACKSPACE", "TAB", "SHIFT", "ESC", "NONE",
              "CTRL", "ALT", "GUI", "CAPSLOCK"}
EMPTY = "NONE"
DUPLICABLE = {"SPACE"}                # the only symbol allowed on several keys
LETTERS = set(string.ascii_lowercase)
TOP_FIELDS = {"name", "description", "home_row", "keys", "base_layout", "layouts"}
EXPORT_FIELDS = {"qmk", "zmk", "xkb"}       # optional: where the keys go in QMK, ZMK and XKB keymaps
KEY_REQUIRED = {"row", "col", "x", "y", "hand", "finger"}
KEY_OPTIONAL = {"w", "h", "home", "stretch"}
MAX_ROW = 4                           # number row 0, alpha rows 1-3, thumb row 4 (ansi)
HOME_ROWS = (1, 2)                    # 2 only on a board with a number row
BLOCK_FINGERS = [4, 3, 2, 1, 1, 1, 1, 2, 3, 4]          # per column of the 3x10 block
BLOCK_STRETCH = [False] * 4 + [True, True] + [False] * 4
# The boards of the keygen and carpalx profiles (docs/PROFILES.md): their layouts are the peer's, by its names.
PEER_BOARDS = {"keygen", "carpalx"}

REQUIRED_LAYOUTS = ["qwerty", "dvorak", "colemak", "colemak-dh", "workman",
                    "graphite", "canary", "sturdy", "gallium", "semimak"]
MIRRORED = {"ortho_30", "corne", "sweep"}
GEOMETRY_EPSILON = 1e-3               # key units; positions are stored to 3 decimals
OVERLAP_EPSILON = 0.02                # rotated thumbs folded to axis-aligned may touch


def is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def is_number(value: object) -> bool:
    return (isinstance(value, (int, float)) and not isinstance(value, bool)
            and math.isfinite(value))


def is_symbol_char(token: str) -> bool:
    """One printable, non-letter, non-space character (`'`, `-`, `"`, a digit...)."""
    return (len(token) == 1 and token.isprintable() and not token.isspace()
            and (not token.isalnum() or token in string.digits) and token != "*")


class Board:
    """One keyboard file and the problems found in it."""

    def __init__(self, path: Path):
        self.path = path
        self.name = path.stem
        self.problems: list[str] = []
        self.doc: dict = {}
        self.keys: list[dict] = []
        self.base: list[str] = []
        self.resolved: dict[str, list[str]] = {}

    @property
    def thumb_row(self) -> int:
        """The row under the alpha block: 3, or 4 on a board with a number row."""
        home_row = self.doc.get("home_row") if isinstance(self.doc, dict) else None
        return (home_row if is_int(home_row) else 1) + 2

    def fail(self, message: str) -> None:
        self.problems.append(message)

    # -- loading and schema --------------------------------------------------

    def load(self) -> bool:
        try:
            self.doc = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
            self.fail(f"cannot read: {error}")
            return False
        if not isinstance(self.doc, dict):
            self.fail("top level is not an object")
            return False
        return True

    def check_exports(self) -> None:
        """qmk / zmk `rows` name each key index at most once and in range, `hold` names keys and roles; xkb has one entry per key."""
        doc = self.doc
        count = len(doc.get("keys") or [])
        for section in ("qmk", "zmk"):
            rows = (doc.get(section) or {}).get("rows")
            if rows is None:
                continue
            indexes = [slot for row in rows for slot in row if is_int(slot)]
            if len(indexes) != len(set(indexes)) or any(not 0 <= i < count for i in indexes):
                self.fail(f"{section}.rows: key indexes must be 0..{count - 1}, each at most once")
        for section in ("qmk", "zmk"):
            # `hold`: key index (a decimal string) -> what the key does held in a whole keymap.
            for key, role in ((doc.get(section) or {}).get("hold") or {}).items():
                if not (key.isdigit() and int(key) < count) or role not in ("CTRL", "SHIFT", "ALT", "GUI", "SYM", "NAV"):
                    self.fail(f"{section}.hold: {key!r}: {role!r} must be a key index 0..{count - 1} -> CTRL, SHIFT, ALT, GUI, SYM or NAV")
        names = (doc.get("xkb") or {}).get("keys")
        if names is not None and len(names) != count:
            self.fail(f"xkb.keys has {len(names)} entries for {count} keys")

    def check_top(self) -> bool:
        doc = self.doc
        for field in sorted(TOP_FIELDS - doc.keys()):
            self.fail(f"missing field {field!r}")
        for field in sorted(doc.keys() - TOP_FIELDS - EXPORT_FIELDS):
            self.fail(f"unknown field {field!r}")
        self.check_exports()
        if "name" in doc and doc["name"] != self.name:
            self.fail(f"name {doc['name']!r} differs from the file name {self.name!r}")
        if "description" in doc and (not isinstance(doc["description"], str)
                                     or not doc["description"].strip()):
            self.fail("description must be a non-empty string")
        if "home_row" in doc and not (is_int(doc["home_row"]) and doc["home_row"] in HOME_ROWS):
            self.fail(f"home_row must be one of {HOME_ROWS}")
        if "base_layout" in doc and not isinstance(doc["base_layout"], str):
            self.fail("base_layout must be a string")
        if "layouts" in doc and not (isinstance(doc["layouts"], dict) and doc["layouts"]):
            self.fail("layouts must be a non-empty object")
        keys = doc.get("keys")
        if not isinstance(keys, list) or not keys:
            self.fail("keys must be a non-empty array")
            return False
        if len(keys) > MAX_KEYS:
            self.fail(f"{len(keys)} keys, more than {MAX_KEYS}")
        return not self.problems

    def check_key_fields(self) -> bool:
        ok = True
        for i, key in enumerate(self.doc["keys"]):
            where = f"key {i}"
            if not isinstance(key, dict):
                self.fail(f"{where}: not an object")
                ok = False
                continue
            for field in sorted(KEY_REQUIRED - key.keys()):
                self.fail(f"{where}: missing field {field!r}")
                ok = False
            for field in sorted(key.keys() - KEY_REQUIRED - KEY_OPTIONAL):
                self.fail(f"{where}: unknown field {field!r}")
                ok = False
            checks = [
                ("row", lambda v: is_int(v) and 0 <= v <= MAX_ROW, f"an integer 0..{MAX_ROW}"),
                ("col", lambda v: is_int(v) and v >= 0, "an integer >= 0"),
                ("x", is_number, "a number"),
                ("y", is_number, "a number"),
                ("hand", lambda v: v in (0, 1) and is_int(v), "0 or 1"),
                ("finger", lambda v: is_int(v) and 0 <= v <= 4, "an integer 0..4"),
                ("w", lambda v: is_number(v) and v > 0, "a positive number"),
                ("h", lambda v: is_number(v) and v > 0, "a positive number"),
                ("home", lambda v: v is True, "true (omit it otherwise)"),
                ("stretch", lambda v: v is True, "true (omit it otherwise)"),
            ]
            for field, valid, wanted in checks:
                if field in key and not valid(key[field]):
                    self.fail(f"{where}: {field} = {key[field]!r}, expected {wanted}")
                    ok = False
        if ok:
            self.keys = [dict(k, w=k.get("w", 1), h=k.get("h", 1), home=k.get("home", False),
                              stretch=k.get("stretch", False)) for k in self.doc["keys"]]
        return ok

    # -- geometry ---------------------------------------------------------------

    def check_geometry(self) -> None:
        keys = self.keys
        seen: set[tuple[int, int]] = set()
        for i, key in enumerate(keys):
            cell = (key["row"], key["col"])
            if cell in seen:
                self.fail(f"key {i}: (row, col) = {cell} used twice")
            seen.add(cell)
            if key["finger"] == 0 and key["row"] != self.thumb_row:
                self.fail(f"key {i}: thumbs (finger 0) must be on the thumb row {self.thumb_row}")
            if key["finger"] != 0 and key["row"] > self.thumb_row:
                self.fail(f"key {i}: row {key['row']} is below the thumb row {self.thumb_row}")
            if key["home"] and key["stretch"]:
                self.fail(f"key {i}: a stretch key cannot be a home key")
        for i in range(1, len(keys)):
            before, after = keys[i - 1], keys[i]
            if after["row"] < before["row"]:
                self.fail(f"key {i}: row {after['row']} after row {before['row']} (order is row by row)")
            elif after["row"] == before["row"] and (after["col"] <= before["col"]
                                                    or after["x"] < before["x"]):
                self.fail(f"key {i}: not left of key {i - 1} in its row (order is left to right)")
        left = [k["x"] + k["w"] / 2 for k in keys if k["hand"] == 0]
        right = [k["x"] + k["w"] / 2 for k in keys if k["hand"] == 1]
        if left and right and max(left) >= min(right):
            self.fail("a left-hand key lies right of a right-hand key")
        for i in range(len(keys)):
            for j in range(i + 1, len(keys)):
                a, b = keys[i], keys[j]
                dx = min(a["x"] + a["w"], b["x"] + b["w"]) - max(a["x"], b["x"])
                dy = min(a["y"] + a["h"], b["y"] + b["h"]) - max(a["y"], b["y"])
                if dx > OVERLAP_EPSILON and dy > OVERLAP_EPSILON:
                    self.fail(f"keys {i} and {j} overlap")

    def check_homes(self) -> None:
        home_row = self.doc["home_row"]
        groups: dict[tuple[int, int], list[int]] = {}
        for i, key in enumerate(self.keys):
            groups.setdefault((key["hand"], key["finger"]), [])
            if key["home"]:
                groups[(key["hand"], key["finger"])].append(i)
                if key["finger"] != 0 and key["row"] != home_row:
                    self.fail(f"key {i}: home key of a finger off home_row {home_row}")
        for (hand, finger), homes in sorted(groups.items()):
            if len(homes) != 1:
                self.fail(f"hand {hand} finger {finger}: {len(homes)} home keys, expected 1")

    def check_mirror(self) -> None:
        keys = self.keys
        span = min(k["x"] for k in keys) + max(k["x"] + k["w"] for k in keys)
        max_col = max(k["col"] for k in keys if k["row"] != self.thumb_row)
        for i, key in enumerate(keys):
            partner_x = span - key["x"] - key["w"]
            partners = [k for k in keys
                        if abs(k["x"] - partner_x) < GEOMETRY_EPSILON
                        and abs(k["y"] - key["y"]) < GEOMETRY_EPSILON
                        and abs(k["w"] - key["w"]) < GEOMETRY_EPSILON
                        and abs(k["h"] - key["h"]) < GEOMETRY_EPSILON
                        and k["hand"] == 1 - key["hand"]]
            if len(partners) != 1:
                self.fail(f"key {i}: no mirror partner at x={partner_x:.3f}, y={key['y']}")
                continue
            partner = partners[0]
            for field in ("row", "finger", "home", "stretch"):
                if partner[field] != key[field]:
                    self.fail(f"key {i}: mirror partner differs in {field}")
            if partner["col"] != max_col - key["col"]:
                self.fail(f"key {i}: mirror partner has col {partner['col']}, "
                          f"expected {max_col - key['col']}")

    # -- base layout and layouts -------------------------------------------------

    def check_token(self, token: str, where: str, letters_allowed: bool) -> bool:
        if token in NAMED_KEYS or is_symbol_char(token):
            return True
        if letters_allowed and token in LETTERS:
            return True
        kind = "a lower-case letter, " if letters_allowed else ""
        self.fail(f"{where}: token {token!r} is not {kind}a named key or one punctuation character")
        return False

    def check_base(self) -> bool:
        self.base = self.doc["base_layout"].split()
        n = len(self.keys)
        if len(self.base) != n:
            self.fail(f"base_layout has {len(self.base)} tokens for {n} keys")
            return False
        ok = True
        for i, token in enumerate(self.base):
            if token != "*":
                ok &= self.check_token(token, f"base_layout token {i}", letters_allowed=False)
        alpha = [i for i, token in enumerate(self.base) if token == "*"]
        if len(alpha) != ALPHA_KEYS:
            self.fail(f"base_layout has {len(alpha)} '*', expected {ALPHA_KEYS}")
            return False
        for slot, i in enumerate(alpha):
            row, column = divmod(slot, 10)
            key = self.keys[i]
            expected = (self.doc["home_row"] - 1 + row, 0 if column < 5 else 1, BLOCK_FINGERS[column], BLOCK_STRETCH[column])
            found = (key["row"], key["hand"], key["finger"], key["stretch"])
            if found != expected:
                self.fail(f"alpha slot {slot} (key {i}): (row, hand, finger, stretch) = {found}, "
                          f"expected {expected} for a 3x10 reading order")
                ok = False
            if column and self.keys[alpha[slot - 1]]["x"] >= key["x"]:
                self.fail(f"alpha slot {slot} (key {i}) is not right of the slot before it")
                ok = False
        return ok

    def resolve(self, name: str, value: object) -> list[str] | None:
        where = f"layout {name!r}"
        if not isinstance(value, str):
            self.fail(f"{where}: not a string")
            return None
        if not any(c.isspace() for c in value) and len(value) == ALPHA_KEYS:
            fill = iter(value)
            tokens = [next(fill) if token == "*" else token for token in self.base]
            full = False
        else:
            tokens = value.split()
            if len(tokens) != len(self.keys):
                self.fail(f"{where}: {len(tokens)} tokens, expected {ALPHA_KEYS} characters "
                          f"or {len(self.keys)} tokens")
                return None
            full = True
        if not all([self.check_token(t, f"{where} key {i}", letters_allowed=True)
                    for i, t in enumerate(tokens)]):
            return None
        counts: dict[str, int] = {}
        block: dict[str, int] = {}
        for token, base in zip(tokens, self.base):
            counts[token] = counts.get(token, 0) + 1
            if base == "*":
                block[token] = block.get(token, 0) + 1
        missing = sorted(LETTERS - counts.keys())
        if missing and self.name not in PEER_BOARDS:
            self.fail(f"{where}: letters missing: {''.join(missing)}")
        for token, count in sorted(counts.items()):
            if count < 2 or token == EMPTY or token in DUPLICABLE:
                continue
            in_block = block.get(token, 0)
            if token in LETTERS or in_block > 1 or (token not in NAMED_KEYS and count - in_block > 1):
                self.fail(f"{where}: {token!r} on {count} keys")
        if full:
            for token in sorted(set(self.base) & NAMED_KEYS - {EMPTY}):
                if token not in counts:
                    self.fail(f"{where}: drops the base's {token}")
        return tokens

    def check_layouts(self) -> None:
        for name, value in self.doc["layouts"].items():
            if not name or name != name.strip() or any(c.isspace() for c in name):
                self.fail(f"layout name {name!r} is empty or holds whitespace")
            tokens = self.resolve(name, value)
            if tokens is not None:
                self.resolved[name] = tokens
        for name in REQUIRED_LAYOUTS if self.name not in PEER_BOARDS else []:
            if name not in self.doc["layouts"]:
                self.fail(f"reference layout {name!r} is missing")

    # -- driver -------------------------------------------------------------------

    def check(self) -> None:
        if not (self.load() and self.check_top() and self.check_key_fields()):
            return
        self.check_geometry()
        self.check_homes()
        if self.name in MIRRORED:
            self.check_mirror()
        if self.check_base():
            self.check_layouts()

    def summary(self) -> str:
        if not self.keys:
            return f"{self.name}: unreadable"
        thumbs = sum(1 for k in self.keys if k["finger"] == 0)
        layouts = self.doc.get("layouts") or {}
        full = sorted(n for n, v in layouts.items() if isinstance(v, str) and len(v.split()) > 1)
        mirror = ", mirror-symmetric" if self.name in MIRRORED else ""
        status = "OK" if not self.problems else f"{len(self.problems)} problem(s)"
        full_text = f" (full token: {', '.join(full)})" if full else ""
        return (f"{self.name}: {len(self.keys)} keys ({len(self.keys) - thumbs} finger + "
                f"{thumbs} thumb), {len(layouts)} layouts{full_text}{mirror}: {status}")


def check_across(boards: list[Board]) -> list[str]:
    """A layout given as a 30-character string must be the same string on every board."""
    problems = []
    seen: dict[str, tuple[str, str]] = {}
    for board in boards:
        for name, value in (board.doc.get("layouts") or {}).items() if isinstance(board.doc, dict) else []:
            if isinstance(value, str) and len(value) == ALPHA_KEYS and not any(c.isspace() for c in value):
                if name in seen and seen[name][1] != value:
                    problems.append(f"layout {name!r} differs between {seen[name][0]} and {board.name}")
                seen.setdefault(name, (board.name, value))
    return problems


def collect(arguments: list[str]) -> list[Path]:
    if not arguments:
        arguments = [str(Path(__file__).resolve().parent.parent / "data" / "system" / "keyboards")]
    paths: list[Path] = []
    for argument in arguments:
        path = Path(argument)
        paths.extend(sorted(path.glob("*.json")) if path.is_dir() else [path])
    return paths


def main(arguments: list[str]) -> int:
    paths = collect(arguments)
    if not paths:
        print("no keyboard files found", file=sys.stderr)
        return 2
    boards = [Board(path) for path in paths]
    failed = False
    for board in boards:
        board.check()
        print(board.summary())
        for problem in board.problems:
            print(f"  {board.path.name}: {problem}")
        failed |= bool(board.problems)
    for problem in check_across(boards):
        print(f"  across boards: {problem}")
        failed = True
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
