#!/usr/bin/env python3
"""Fetch more real text for KeyForge's corpora and write clean UTF-8 files.

Usage: python3 scripts/fetch_corpora.py OUTDIR

Writes, next to a cache of the downloaded .debs in OUTDIR/debs:

  OUTDIR/de/fortunes.txt          German quotations and jokes (Debian fortunes-de)
  OUTDIR/en-tech/python-docs.txt  English technical prose: the Python documentation,
                                  reStructuredText sources (Debian python3.X-doc,
                                  html/_sources) with the markup stripped
  OUTDIR/code/python.txt          Python's standard library source (Debian
                                  libpython3.X-stdlib, usr/lib/python3.X/*.py)
  OUTDIR/SOURCES.txt              package, version, licence, size and SHA-256 of each

Python 3.11 standard library only; needs apt-get and dpkg-deb (any Debian). It
reuses the download, cache and cleaning helpers of scripts/fetch_prose.py. The
same .debs always give byte-identical outputs. Each output is written to a
temporary name and renamed. A source is skipped when its output exists and
SOURCES.txt records the same package version, deb and output hash (and the same
FORMAT of this script).
"""

from __future__ import annotations

import hashlib
import os
import re
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

sys.dont_write_bytecode = True  # leave no __pycache__ in scripts/
sys.path.insert(0, str(Path(__file__).resolve().parent))
import fetch_prose as fp  # noqa: E402  (the scripts folder is on sys.path now)
from fetch_prose import (  # noqa: E402
    Apt,
    FetchError,
    atomic_write,
    deb_field,
    extract_deb,
    read_sources,
    sha256_file,
)

# Bump when the extraction logic changes in a way that changes any output.
FORMAT = 1

PROG = "fetch_corpora"
fp.PROG = PROG  # fetch_prose's helpers log with this prefix too

# Cap of code/python.txt: files are taken in sorted path order until the next
# one would pass this many bytes.
PYTHON_CAP = 8_000_000


def log(msg: str) -> None:
    print(f"[{PROG}] {msg}", file=sys.stderr, flush=True)


# --------------------------------------------------------------------------
# German fortunes (fortunes-de)

FORTUNE_SKIP = {"art", "ascii-art", "asciiart"}  # pictures, not text

# C1 control characters that are really Windows-1252 punctuation decoded as
# Latin-1 ("er\x92s" for "er’s"); 0x81, 0x8d, 0x8f, 0x90, 0x9d are undefined.
C1_TO_CP1252 = {}
for _b in range(0x80, 0xA0):
    try:
        C1_TO_CP1252[chr(_b)] = bytes([_b]).decode("cp1252")
    except UnicodeDecodeError:
        pass
# A C1 character right after a possible UTF-8 lead or continuation character is
# part of doubly encoded UTF-8, which clean_fortune undoes; leave it alone.
C1_RE = re.compile("(?<![\u00c2-\u00f4\u0080-\u00bf])[\u0080-\u009f]")


def decode_fortune(raw: bytes) -> tuple[str, str]:
    """Decode one entry: UTF-8 when it is valid, else Windows-1252 (a superset of
    the printable Latin-1 that old fortune files use), else Latin-1."""
    for enc in ("utf-8", "cp1252", "latin-1"):
        try:
            return raw.decode(enc), enc
        except UnicodeDecodeError:
            continue
    raise AssertionError("latin-1 decodes anything")


def _safe_unmojibake(m: re.Match) -> str:
    s = m.group(0)
    # Only "Â"/"Ã" leads or C1 characters mark UTF-8 read as Latin-1; German
    # "Spaß«" or "Ö»" also match fetch_prose.MOJIBAKE_RE but are real text.
    if s[0] not in "ÂÃ" and not any("\x80" <= c <= "\x9f" for c in s[1:]):
        return s
    try:
        return s.encode("latin-1").decode("utf-8")
    except UnicodeError:
        return s


def clean_de_fortune(text: str) -> str:
    r"""fetch_prose.clean_fortune for German: map stray C1 characters to the
    Windows-1252 punctuation they stand for (instead of deleting them), resolve
    backspace overstrikes, undo doubly encoded UTF-8 with a rule that leaves
    "ß«" and the like alone, drop other control characters."""
    text = C1_RE.sub(lambda m: C1_TO_CP1252.get(m.group(0), m.group(0)), text)
    return fp.clean_fortune(text, unmojibake=_safe_unmojibake)


def build_de_fortunes(root: Path) -> tuple[bytes, str]:
    fdir, files = fp.fortune_files(root, "fortunes-de", FORTUNE_SKIP)
    seen_hashes: set[str] = set()
    seen_entries: set[bytes] = set()
    entries_out: list[str] = []
    dup_entries = repaired = 0
    used: list[str] = []
    enc_files: dict[str, list[str]] = {}
    for p in files:
        rel = p.relative_to(fdir).as_posix()
        data = p.read_bytes()
        h = hashlib.sha256(data).hexdigest()
        if h in seen_hashes:
            log(f"  fortunes-de: skipping duplicate file {rel}")
            continue
        seen_hashes.add(h)
        used.append(rel)
        n = 0
        encs: dict[str, int] = {}
        for raw in fp.fortune_entries(data):
            if raw in seen_entries:
                dup_entries += 1
                continue
            seen_entries.add(raw)
            text, enc = decode_fortune(raw)
            if enc != "utf-8" or any(b >= 0x80 for b in raw):
                encs[enc] = encs.get(enc, 0) + 1
            cleaned = clean_de_fortune(text)
            if cleaned != text:
                repaired += 1
            if not cleaned.strip():
                continue
            entries_out.append(cleaned)
            n += 1
        # A file is "utf-8" when every non-ASCII entry is valid UTF-8.
        kind = "+".join(sorted(encs)) or "ascii"
        enc_files.setdefault(kind, []).append(rel)
        log(f"  fortunes-de: {rel}: {n} entries ({kind})")
    body = "".join(e + "\n\n" for e in entries_out)
    umlauts = sum(body.count(c) for c in "äöüÄÖÜß")
    if umlauts < 1000:
        raise FetchError(f"fortunes-de: only {umlauts} umlauts and ß in the output; "
                         "the encoding was probably not detected right")
    encodings = "; ".join(f"{k}: {len(v)} files" for k, v in sorted(enc_files.items()))
    log(f"  fortunes-de: {len(entries_out)} entries, {dup_entries} duplicates skipped, "
        f"{repaired} repaired; encodings {encodings}; {umlauts} umlauts/ß")
    note = (f"{len(entries_out)} entries from {len(used)} files ({' '.join(used)}); "
            f"encodings detected per entry ({encodings}); "
            f"{dup_entries} duplicate entries skipped; {repaired} entries repaired "
            f"(C1 characters read as Windows-1252, backspace overstrikes, control characters, "
            f"doubly encoded UTF-8); asciiart skipped")
    return body.encode("utf-8"), note


# --------------------------------------------------------------------------
# Python documentation (reStructuredText sources shipped by python3.X-doc)

# Files that are not running prose: licences, the table of contents.
PYDOC_SKIP = {"license.rst.txt", "copyright.rst.txt", "contents.rst.txt"}

# Directives dropped with everything in them (code, metadata, tables, index entries).
DROP_DIRECTIVES = {
    "index", "module", "moduleauthor", "sectionauthor", "highlight", "toctree",
    "code-block", "code", "sourcecode", "literalinclude", "doctest", "testcode",
    "testoutput", "testsetup", "testcleanup", "productionlist", "image", "figure",
    "raw", "include", "tabularcolumns", "currentmodule", "program", "audit-event",
    "audit-event-table", "limited-api-list", "contents", "parsed-literal", "list-table",
    "table", "csv-table", "miscnews", "availability", "literal-block", "math",
    "graphviz", "autoclass", "automodule", "autofunction", "productionlist",
}
# Directives whose argument is a signature (code): drop it and the options and
# further signatures right below it, keep the description.
SIGNATURE_DIRECTIVES = {
    "function", "method", "class", "attribute", "data", "exception", "decorator",
    "decoratormethod", "classmethod", "staticmethod", "abstractmethod",
    "coroutinefunction", "coroutinemethod", "awaitablefunction", "awaitablemethod",
    "member", "type", "var", "macro", "struct", "union", "enum", "enumerator",
    "opcode", "pdbcommand", "cmdoption", "option", "envvar", "object", "describe",
    "2to3fixer", "fixer", "property",
}
# Directives whose argument and content are prose.
PROSE_DIRECTIVES = {
    "note", "warning", "seealso", "important", "tip", "caution", "attention", "danger",
    "hint", "error", "admonition", "impl-detail", "topic", "sidebar", "rubric",
    "centered", "epigraph", "glossary", "hlist", "only", "container", "compound",
    "highlights", "pull-quote",
}
VERSION_DIRECTIVES = {
    "versionadded": "New in version {}.",
    "versionchanged": "Changed in version {}:",
    "deprecated": "Deprecated since version {}:",
}

DIRECTIVE_RE = re.compile(r"\.\.\s+([A-Za-z][\w:.+-]*)::(?:\s+(.*))?$")
FIELD_RE = re.compile(r":[^:`\s][^:`]*:(\s|$)")
RULE_RE = re.compile(r"""([=\-~^*#"+`'.:_<>!$%&(),/;?@\[\]{|}])\1{2,}$""")
SIMPLE_TABLE_RE = re.compile(r"=+( +=+)+$")
GRID_TABLE_RE = re.compile(r"\+[-=+]*\+$")
TARGET_RE = re.compile(r"\.\.\s+_[^:]*:\s*$")
BULLET_RE = re.compile(r"([*+\-•]|#\.)\s+(?=\S)")

INLINE_RE = re.compile(
    r"``(?P<lit>.+?)``(?!`)"
    r"|:(?P<role>[A-Za-z][\w.+-]*(?::[A-Za-z][\w.+-]*)*):`(?P<rtext>(?:[^`\\]|\\.)+)`"
    r"|`(?P<ref>(?:[^`\\]|\\.)+)`(?::[A-Za-z][\w:.+-]*:|__?)?"
    # emphasis: start after whitespace or opening punctuation, end before whitespace
    # or closing punctuation (the reST rules), shortest match
    r"|(?<![^\s\-:/'\"<(\[{])\*\*(?P<strong>[^\s*](?:.*?[^\s\\])??)\*\*"
    r"(?=[\s\-.,:;!?\\/'\")\]}>]|$)"
    r"|(?<![^\s\-:/'\"<(\[{])\*(?P<emph>[^\s*](?:.*?[^\s\\*])??)\*"
    r"(?=[\s\-.,:;!?\\/'\")\]}>]|$)"
    r"|(?<![\w|])\|(?P<subst>[A-Za-z][\w.-]*)\|(?![\w|])"
    r"|\\(?P<esc>[\s\S])",
    re.S,
)
INLINE_GROUPS = ("lit", "role", "ref", "strong", "emph", "subst", "esc")
TITLE_TARGET_RE = re.compile(r"(.*?)\s*<([^<>]+)>$", re.S)
# |version| and |release| are set from the docs folder (python3.11 -> 3.11).
SUBSTITUTIONS = {"version": "3", "release": "3", "today": ""}


def indent_of(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def unescape_rst(s: str) -> str:
    return re.sub(r"\\(\s)", "", re.sub(r"\\([^\s])", r"\1", s))


def render_role(role: str, content: str) -> str:
    name = role.split(":")[-1].lower()
    content = content.replace("\n", " ")
    m = TITLE_TARGET_RE.match(content)
    if m and m.group(1) and name != "abbr":
        return unescape_rst(m.group(1))
    text = unescape_rst(content)
    if name == "abbr":
        return re.sub(r"\s*\(.*\)\s*$", "", text, flags=re.S)
    if text.startswith("!"):
        text = text[1:]
    if text.startswith("~"):
        text = text[1:].rsplit(".", 1)[-1]
    if name == "pep":
        return "PEP " + text.split("#")[0]
    if name == "rfc":
        return "RFC " + text.split("#")[0]
    if name == "issue":
        return "bpo-" + text
    if name == "gh":
        return "gh-" + text
    if name in ("samp", "file"):
        return re.sub(r"\{([^{}]*)\}", r"\1", text)
    if name == "doc":
        return text.rsplit("/", 1)[-1]
    if name in ("func", "meth") and not text.endswith(")"):
        return text + "()"  # as Sphinx shows them (add_function_parentheses)
    return text


def _inline_sub(m: re.Match) -> str:
    g = next(k for k in INLINE_GROUPS if m.group(k) is not None)
    v = m.group(g)
    if g == "lit":
        return v
    if g == "role":
        return render_role(v, m.group("rtext"))
    if g == "ref":
        t = TITLE_TARGET_RE.match(v)
        return unescape_rst(t.group(1) if t and t.group(1) else v)
    if g in ("strong", "emph"):
        return INLINE_RE.sub(_inline_sub, v)
    if g == "subst":
        return SUBSTITUTIONS.get(v, v)
    if g == "esc":
        return "" if v.isspace() else v
    return m.group(0)


def rst_inline(text: str) -> str:
    return INLINE_RE.sub(_inline_sub, text)


@dataclass
class RstStats:
    directives: dict
    literal_blocks: int = 0
    doctests: int = 0
    tables: int = 0


def block_end(lines: list[str], i: int, ind: int) -> int:
    """Index after the block starting at line i: the lines below it that are
    blank or indented more than ind (trailing blank lines are not included)."""
    j = i + 1
    last = i
    while j < len(lines):
        if lines[j].strip():
            if indent_of(lines[j]) <= ind:
                break
            last = j
        j += 1
    return last + 1


def dedent(lines: list[str]) -> list[str]:
    ind = min((indent_of(l) for l in lines if l.strip()), default=0)
    return [l[ind:] if l.strip() else "" for l in lines]


def rst_to_text(lines: list[str], stats: RstStats) -> list[str]:
    """Plain text lines (may hold runs of blank lines) of reST source lines."""
    out: list[str] = []
    i, n = 0, len(lines)
    while i < n:
        line = lines[i]
        s = line.strip()
        if not s:
            out.append("")
            i += 1
            continue
        ind = indent_of(line)
        if s == ".." or s.startswith(".. "):
            j = block_end(lines, i, ind)
            out.extend(rst_directive(s, lines[i + 1 : j], stats))
            i = j
            continue
        if SIMPLE_TABLE_RE.match(s):
            # top border, rows, (header rule, rows,) bottom border + blank line
            j = i + 1
            while j < n:
                t = lines[j].strip()
                if SIMPLE_TABLE_RE.match(t) and (j + 1 >= n or not lines[j + 1].strip()):
                    j += 1
                    break
                j += 1
            stats.tables += 1
            i = j
            continue
        if GRID_TABLE_RE.match(s):
            j = i
            while j < n and lines[j].strip()[:1] in ("+", "|"):
                j += 1
            stats.tables += 1
            i = j
            continue
        # a paragraph: non-blank lines up to a blank line or a directive
        j = i
        while j < n and lines[j].strip() and not (
                j > i and (lines[j].strip() == ".." or lines[j].strip().startswith(".. "))):
            j += 1
        para = lines[i:j]
        i = j
        if s.startswith(">>>"):
            stats.doctests += 1
            continue
        literal_follows = para[-1].rstrip().endswith("::")
        if literal_follows:
            last = para[-1].rstrip()[:-2]
            if not last.strip():
                para = para[:-1]
            elif last.endswith((" ", "\t")):
                para[-1] = last.rstrip()
            else:
                para[-1] = last + ":"
        kept = []
        for l in para:
            t = l.strip()
            if RULE_RE.match(t) or FIELD_RE.match(t):
                continue  # section adornment, transition, field list (metadata)
            t = BULLET_RE.sub("", t, count=1) if BULLET_RE.match(t) else t
            if TARGET_RE.match(t):
                continue  # "*  .. _label:" (a target at the start of a list item)
            kept.append(t)
        if kept:
            out.extend(rst_inline("\n".join(kept)).split("\n"))
        if literal_follows:
            # skip the indented literal block (and the blank lines before it)
            k = i
            while k < n and not lines[k].strip():
                k += 1
            if k < n and indent_of(lines[k]) > ind:
                i = block_end(lines, k, ind)
                stats.literal_blocks += 1
    return out


def rst_directive(first: str, body: list[str], stats: RstStats) -> list[str]:
    """Text of an explicit markup block: a directive, comment, target or footnote."""
    m = DIRECTIVE_RE.match(first)
    if not m:
        fm = re.match(r"\.\.\s+\[[^\]]+\]\s*(.*)$", first)  # footnote / citation
        if fm:
            stats.directives["[footnote]"] = stats.directives.get("[footnote]", 0) + 1
            return rst_to_text([fm.group(1)] + dedent(body), stats) + [""]
        return [""]  # comment, hyperlink target, substitution definition
    name = m.group(1).lower()
    arg = (m.group(2) or "").strip()
    base = name.split(":")[-1]
    stats.directives[base] = stats.directives.get(base, 0) + 1
    body = dedent(body)
    # options (":name: value") and signature continuations come before the first
    # blank line of the body
    k = 0
    while k < len(body) and body[k].strip():
        k += 1
    head, rest = body[:k], body[k:]
    head_options = all(FIELD_RE.match(h.strip()) for h in head)
    if base in DROP_DIRECTIVES:
        return [""]
    if base in SIGNATURE_DIRECTIVES:
        return [""] + rst_to_text(rest, stats) + [""]
    if base in VERSION_DIRECTIVES or base == "deprecated-removed":
        parts = arg.split(None, 2 if base == "deprecated-removed" else 1)
        version = parts[0] if parts else ""
        extra = parts[2 if base == "deprecated-removed" else 1:] if parts else []
        if base == "deprecated-removed":
            removed = parts[1] if len(parts) > 1 else "?"
            label = f"Deprecated since version {version}, will be removed in version {removed}:"
        else:
            label = VERSION_DIRECTIVES[base].format(version)
        content = ([extra[0]] if extra else []) + ([] if head_options else head) + rest
        text = rst_to_text(content, stats)
        while text and not text[0].strip():
            text.pop(0)
        if text:
            if label.endswith("."):
                label = label[:-1] + ":"
            text[0] = f"{label} {text[0]}"
        else:
            text = [label if label.endswith(".") else label[:-1] + "."]
        return [""] + text + [""]
    content = ([] if head_options else head) + rest
    if base in PROSE_DIRECTIVES and arg and base not in ("only", "container", "hlist",
                                                         "glossary"):
        content = [arg] + content
    return [""] + rst_to_text(content, stats) + [""]


def build_python_docs(root: Path) -> tuple[bytes, str]:
    # python3.X-doc/html is a symlink to python3.X/html: take the real folder
    cands = sorted(p for p in root.glob("usr/share/doc/python3*/html/_sources")
                   if not p.is_symlink() and not p.parent.is_symlink())
    if not cands:
        raise FetchError("python docs: usr/share/doc/python3*/html/_sources not found in the package")
    src = cands[-1]
    m = re.match(r"python(\d+\.\d+)", src.parent.parent.name)
    if m:
        SUBSTITUTIONS["version"] = SUBSTITUTIONS["release"] = m.group(1)
    files = sorted((p for p in src.rglob("*.rst.txt") if p.is_file() and not p.is_symlink()),
                   key=lambda p: p.relative_to(src).as_posix())
    files = [p for p in files if p.relative_to(src).as_posix() not in PYDOC_SKIP]
    if len(files) < 100:
        raise FetchError(f"python docs: only {len(files)} .rst.txt files under {src}")
    stats = RstStats({})
    chunks: list[str] = []
    leftovers = 0
    for p in files:
        try:
            raw = p.read_bytes().decode("utf-8")
        except UnicodeDecodeError as e:
            raise FetchError(f"python docs: {p.relative_to(src)} is not UTF-8: {e}") from e
        lines = raw.replace("\r\n", "\n").expandtabs(8).split("\n")
        text = rst_to_text(lines, stats)
        text = fp.collapse_blank_lines([l.rstrip() for l in text]).strip("\n")
        text = fp.CONTROL_RE.sub("", text)
        if not text.strip():
            continue
        leftovers += sum(1 for l in text.split("\n") if re.search(r":\w+:`|``|^\.\. ", l))
        chunks.append(text + "\n")
    body = "\n".join(chunks)
    top = ", ".join(f"{k} {v}" for k, v in sorted(stats.directives.items(),
                                                  key=lambda kv: (-kv[1], kv[0]))[:12])
    log(f"  python docs: {len(chunks)} files; {stats.literal_blocks} literal blocks, "
        f"{stats.doctests} doctest blocks, {stats.tables} tables dropped; "
        f"{leftovers} lines with leftover markup; directives: {top}")
    note = (f"{len(chunks)} reST sources from {src.relative_to(root)} in sorted order "
            f"(without {', '.join(sorted(PYDOC_SKIP))}), markup stripped: code, "
            f"literal and doctest blocks, tables, index entries, comments and signatures "
            f"dropped, roles rendered as Sphinx shows them; {stats.literal_blocks} literal "
            f"blocks, {stats.doctests} doctest blocks, {stats.tables} tables dropped")
    return body.encode("utf-8"), note


# --------------------------------------------------------------------------
# Python standard library source (the local interpreter)

PY_SKIP_DIRS = {"test", "tests", "idlelib", "site-packages", "dist-packages", "__pycache__",
                "pydoc_data"}


def python_stdlib_files(stdlib: Path) -> tuple[list[tuple[str, Path]], list[str]]:
    files: list[tuple[str, Path]] = []
    skipped: list[str] = []
    for dirpath, dirnames, filenames in os.walk(stdlib, followlinks=False):
        rel_dir = Path(dirpath).relative_to(stdlib).as_posix()
        keep = []
        for d in dirnames:
            if d in PY_SKIP_DIRS or d.startswith("."):
                continue
            if rel_dir == "." and d.startswith("config-"):
                continue  # build configuration (Makefile, python-config.py)
            keep.append(d)
        dirnames[:] = sorted(keep)
        for fn in filenames:
            if not fn.endswith(".py"):
                continue
            p = Path(dirpath) / fn
            rel = p.relative_to(stdlib).as_posix()
            if p.is_symlink() or not p.is_file():
                continue
            if fn.startswith("_sysconfigdata"):
                skipped.append(rel)  # differs between builds of one version
                continue
            files.append((rel, p))
    files.sort()
    return files, skipped


def build_python_stdlib(root: Path) -> tuple[bytes, str]:
    """The .py sources of an extracted libpython3.X-stdlib package (usr/lib/python3.X)."""
    cands = sorted(p for p in root.glob("usr/lib/python3.*") if p.is_dir() and not p.is_symlink())
    if not cands:
        raise FetchError("python stdlib: usr/lib/python3.* not found in the package")
    stdlib = cands[-1]
    files, skipped = python_stdlib_files(stdlib)
    if len(files) < 100:
        raise FetchError(f"python stdlib: only {len(files)} .py files under {stdlib}")
    out: list[bytes] = []
    total = n_used = not_utf8 = generated = empty = 0
    last = ""
    capped_at = ""
    for rel, p in files:
        data = p.read_bytes()
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            not_utf8 += 1
            continue
        if rel.startswith("encodings/") and "gencodec.py" in text:
            generated += 1  # charmap tables generated by gencodec.py, not code
            continue
        text = text.lstrip("\ufeff").replace("\r\n", "\n")
        if not text.strip():
            empty += 1
            continue
        if not text.endswith("\n"):
            text += "\n"
        chunk = (text + "\n").encode("utf-8")
        if total + len(chunk) > PYTHON_CAP:
            capped_at = rel
            break
        out.append(chunk)
        total += len(chunk)
        n_used += 1
        last = rel
    log(f"  python stdlib: {stdlib.relative_to(root)}: {n_used} files up to {last}"
        f"{f' (capped before {capped_at})' if capped_at else ''}; {not_utf8} not UTF-8, "
        f"{generated} generated codec tables, {empty} empty files skipped")
    note = (f"{n_used} .py files of {stdlib.relative_to(root)} in sorted path order, each followed by a blank "
            f"line, from the first to {last}"
            f"{f', stopping before {capped_at} at the {PYTHON_CAP}-byte cap' if capped_at else ''}; "
            f"without test/, tests/, idlelib/, site-packages/, __pycache__/, pydoc_data/ "
            f"(generated doc text), config-*/, {' '.join(skipped) or '_sysconfigdata*'} "
            f"(build-specific), {generated} charmap codec tables generated by gencodec.py, "
            f"{empty} empty files and {not_utf8} files that are not UTF-8")
    return b"".join(out), note


# --------------------------------------------------------------------------


@dataclass(frozen=True)
class Source:
    out: str  # output path under OUTDIR
    package: str  # Debian package name, or "" for the local Python
    licence: str
    build: Callable[[Path], tuple[bytes, str]] | None = None


def python_stdlib_package(apt: Apt) -> str:
    """libpython3.X-stdlib for the python3.X-doc that python3-doc depends on (3.11 on Debian 12)."""
    return "lib" + python_doc_package(apt).replace("-doc", "-stdlib")


def python_doc_package(apt: Apt) -> str:
    """The python3.X-doc package that python3-doc depends on (python3.11-doc on Debian 12)."""
    for attempt in range(2):
        info = apt.candidate("python3-doc")
        if info:
            m = re.search(r"\b(python3\.\d+-doc)\b", info.get("Depends", ""))
            if m:
                return m.group(1)
        if attempt == 0 and not apt.update_once("apt knows no package python3-doc"):
            break
    cached = sorted({p.name.split("_")[0] for p in apt.debdir.glob("python3.*-doc_*.deb")})
    if cached:
        log(f"WARNING: cannot resolve python3-doc; using the cached {cached[-1]}")
        return cached[-1]
    return "python3.11-doc"


SOURCES = [
    Source("de/fortunes.txt", "fortunes-de",
           "GPL-2+ (fortunes-de, see usr/share/doc/fortunes-de/copyright)", build_de_fortunes),
    Source("en-tech/python-docs.txt", "python3-doc",  # resolved to python3.X-doc
           "PSF License (Python documentation, see usr/share/doc/python3.X-doc/copyright)",
           build_python_docs),
    Source("code/python.txt", "libpython3-stdlib",  # resolved to libpython3.X-stdlib
           "PSF License (Python Software Foundation License Version 2)", build_python_stdlib),
]

SOURCES_HEADER = (
    "# Extra corpora for KeyForge, written by scripts/fetch_corpora.py from Debian\n"
    "# packages (apt-get download + dpkg-deb -x). One stanza per file.\n"
)
SOURCE_KEYS = ["file", "package", "version", "deb", "deb_sha256", "licence", "bytes", "sha256",
               "format", "content", "determinism"]


def write_sources(path: Path, entries: dict[str, dict[str, str]]) -> None:
    chunks = [SOURCES_HEADER]
    for src in SOURCES:
        e = entries.get(src.out)
        if e:
            chunks.append("\n" + "".join(f"{k}: {e[k]}\n" for k in SOURCE_KEYS if k in e))
    atomic_write(path, "".join(chunks).encode("utf-8"))


def check_utf8(name: str, data: bytes) -> None:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as e:  # cannot happen; guard anyway
        raise FetchError(f"{name}: output is not UTF-8: {e}") from e


def main(argv: list[str]) -> int:
    if len(argv) != 2 or argv[1] in ("-h", "--help"):
        print(__doc__.strip().split("\n\n")[1], file=sys.stderr)
        return 2
    t0 = time.monotonic()
    outdir = Path(argv[1]).resolve()
    debdir = outdir / "debs"
    debdir.mkdir(parents=True, exist_ok=True)
    sources_path = outdir / "SOURCES.txt"
    entries: dict[str, dict[str, str]] = {}
    for name, e in read_sources(sources_path).items():
        p = outdir / name
        if any(s.out == name for s in SOURCES) and p.exists() and e.get("sha256") == sha256_file(p):
            entries[name] = e
    apt = Apt(debdir)

    for src in SOURCES:
        out_path = outdir / src.out
        if src.package == "python3-doc":
            package = python_doc_package(apt)
        elif src.package == "libpython3-stdlib":
            package = python_stdlib_package(apt)
        else:
            package = src.package
        licence = src.licence.replace("python3.X-doc", package)
        log(f"{src.out}: resolving package {package}")
        deb = apt.get(package)
        version = deb_field(deb, "Version")
        deb_sha = sha256_file(deb)
        prev = entries.get(src.out)
        if (prev and out_path.exists() and prev.get("package") == package
                and prev.get("version") == version and prev.get("deb_sha256") == deb_sha
                and prev.get("format") == str(FORMAT)):
            log(f"{src.out}: up to date ({package} {version}); skipping")
            continue
        log(f"{src.out}: extracting {deb.name}")
        with tempfile.TemporaryDirectory(prefix=f"{PROG}-") as tmp:
            root = Path(tmp)
            extract_deb(deb, root)
            assert src.build is not None
            data, note = src.build(root)
        check_utf8(src.out, data)
        atomic_write(out_path, data)
        entries[src.out] = {
            "file": src.out, "package": package, "version": version, "deb": deb.name,
            "deb_sha256": deb_sha, "licence": licence, "bytes": str(len(data)),
            "sha256": hashlib.sha256(data).hexdigest(), "format": str(FORMAT),
            "content": note, "determinism": "byte-identical for the same .deb",
        }
        write_sources(sources_path, entries)
        log(f"{src.out}: wrote {len(data)} bytes, sha256 {entries[src.out]['sha256'][:16]}...")

    write_sources(sources_path, entries)
    log(f"done in {time.monotonic() - t0:.1f}s: {outdir}")
    return 0


if __name__ == "__main__":
    fp.run_cli(main, PROG)
