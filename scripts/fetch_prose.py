#!/usr/bin/env python3
"""Fetch real English prose from Debian packages and write clean UTF-8 text.

Usage: python3 scripts/fetch_prose.py OUTDIR

Downloads (with ``apt-get download``, cached in OUTDIR/debs) the Debian packages
``fortunes``, ``sword-text-web`` and ``r-cran-janeaustenr``, extracts them with
``dpkg-deb -x`` and writes:

  OUTDIR/en/austen.txt     the six Jane Austen novels (decoded from the R lazy-load DB)
  OUTDIR/en/web.txt        the World English Bible, one verse per line, markup stripped
  OUTDIR/en/fortunes.txt   every fortune file, entries separated by a blank line
  OUTDIR/en/SOURCES.txt    package, version, licence, size and SHA-256 of each file

Python 3.11 standard library only; needs apt-get and dpkg-deb (any Debian).
The same .debs always give byte-identical outputs. Each output is written to a
temporary name and renamed, so no partial file is ever left behind. A source is
skipped when its output exists and SOURCES.txt records the same package version,
the same deb and the same output hash (and the same FORMAT of this script).
"""

from __future__ import annotations

import bz2
import gzip
import hashlib
import html
import lzma
import os
import re
import struct
import subprocess
import sys
import tempfile
import time
import zlib
from dataclasses import dataclass
from pathlib import Path

# Bump when the extraction logic changes in a way that changes any output, so
# cached outputs are rebuilt.
FORMAT = 1

PROG = "fetch_prose"


class FetchError(Exception):
    """A failure with a message fit for the user."""


def log(msg: str) -> None:
    print(f"[{PROG}] {msg}", file=sys.stderr, flush=True)


# --------------------------------------------------------------------------
# Sources


@dataclass(frozen=True)
class Source:
    out: str  # output file name under OUTDIR/en
    package: str  # Debian package name
    licence: str


SOURCES = [
    Source(
        "austen.txt",
        "r-cran-janeaustenr",
        "texts public domain (Jane Austen, via Project Gutenberg); "
        "R package janeaustenr and Debian packaging MIT",
    ),
    Source(
        "web.txt",
        "sword-text-web",
        "public domain (World English Bible, SWORD module engWEB2015eb)",
    ),
    Source(
        "fortunes.txt",
        "fortunes",
        "BSD-style (fortune-mod, see usr/share/doc/fortunes/copyright)",
    ),
]


# --------------------------------------------------------------------------
# Small helpers


def run(cmd: list[str], cwd: Path | None = None) -> subprocess.CompletedProcess:
    try:
        return subprocess.run(
            cmd,
            cwd=cwd,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=dict(os.environ, LC_ALL="C.UTF-8", LANG="C.UTF-8"),
        )
    except FileNotFoundError as e:
        raise FetchError(f"command not found: {cmd[0]} (needs a Debian system)") from e


def sha256_file(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def atomic_write(path: Path, data: bytes) -> None:
    """Write data to path via a temporary file in the same directory + rename."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise


def deb_field(deb: Path, name: str) -> str:
    r = run(["dpkg-deb", "-f", str(deb), name])
    if r.returncode != 0:
        raise FetchError(f"dpkg-deb -f {deb.name} {name} failed: {r.stderr.strip()}")
    return r.stdout.strip()


# --------------------------------------------------------------------------
# apt: find or download the candidate .deb of a package


@dataclass
class Apt:
    debdir: Path
    updated: bool = False

    def update_once(self, why: str) -> bool:
        if self.updated:
            return False
        self.updated = True
        log(f"{why}; running apt-get update once")
        r = run(["apt-get", "update"])
        if r.returncode != 0:
            log(f"apt-get update failed: {last_lines(r.stderr)}")
        return True

    def candidate(self, pkg: str) -> dict[str, str] | None:
        """Version/SHA256 of the candidate from the package lists, or None."""
        r = run(["apt-cache", "show", "--no-all-versions", pkg])
        if r.returncode != 0 or not r.stdout.strip():
            return None
        stanza = r.stdout.strip().split("\n\n")[0]
        info = {}
        for line in stanza.splitlines():
            if ":" in line and not line.startswith(" "):
                k, v = line.split(":", 1)
                info[k.strip()] = v.strip()
        return info if "Version" in info else None

    def cached(self, pkg: str) -> list[tuple[str, Path]]:
        """(version, path) of the cached .debs of pkg, sorted."""
        out = []
        for deb in sorted(self.debdir.glob(f"{pkg}_*.deb")):
            try:
                if deb_field(deb, "Package") == pkg:
                    out.append((deb_field(deb, "Version"), deb))
            except FetchError:
                log(f"ignoring unreadable cached file {deb.name}")
        return out

    def get(self, pkg: str) -> Path:
        """Path of the candidate .deb of pkg in the cache, downloading it if needed."""
        while True:
            cand = self.candidate(pkg)
            if cand is None:
                if self.update_once(f"apt knows no package {pkg}"):
                    continue
                return self.fallback(pkg, "apt-cache show found nothing even after apt-get update")
            version = cand["Version"]
            want_sha = cand.get("SHA256", "")
            for v, deb in self.cached(pkg):
                if v != version:
                    continue
                if want_sha and sha256_file(deb) != want_sha:
                    log(f"cached {deb.name} has a wrong SHA-256; downloading again")
                    deb.unlink()
                    continue
                log(f"{pkg} {version}: using cached {deb.name}")
                return deb
            log(f"{pkg} {version}: apt-get download")
            r = run(["apt-get", "download", pkg], cwd=self.debdir)
            if r.returncode != 0:
                if self.update_once(f"apt-get download {pkg} failed ({last_lines(r.stderr, 1)})"):
                    continue  # the lists may have been stale: look the candidate up again
                raise FetchError(f"apt-get download {pkg} failed: {last_lines(r.stderr)}")
            for v, deb in self.cached(pkg):
                if v == version:
                    if want_sha and sha256_file(deb) != want_sha:
                        raise FetchError(
                            f"downloaded {deb.name} does not match the SHA-256 in the apt lists")
                    return deb
            raise FetchError(
                f"apt-get download {pkg} succeeded but {self.debdir} holds no {pkg} {version}")

    def fallback(self, pkg: str, why: str) -> Path:
        """Without apt, use the newest cached .deb of pkg, if any."""
        cached = self.cached(pkg)
        if not cached:
            raise FetchError(f"package {pkg} is not available: {why}")
        newest = cached[0]
        for v, deb in cached[1:]:
            if run(["dpkg", "--compare-versions", v, "gt", newest[0]]).returncode == 0:
                newest = (v, deb)
        log(f"WARNING: {why}; using the cached {newest[1].name}")
        return newest[1]


def last_lines(s: str, n: int = 3) -> str:
    lines = [l for l in s.strip().splitlines() if l.strip()]
    return " | ".join(lines[-n:]) if lines else "(no message)"


def extract_deb(deb: Path, dest: Path) -> None:
    r = run(["dpkg-deb", "-x", str(deb), str(dest)])
    if r.returncode != 0:
        raise FetchError(f"dpkg-deb -x {deb.name} failed: {last_lines(r.stderr)}")


# --------------------------------------------------------------------------
# R serialization (XDR, versions 2 and 3) -- enough for lazy-load data DBs


class RObj:
    """An R object: type code, value (list/str/None...), attributes dict."""

    __slots__ = ("type", "value", "attrs")

    def __init__(self, type_: int, value, attrs: dict | None = None):
        self.type = type_
        self.value = value
        self.attrs = attrs or {}

    def names(self) -> list | None:
        n = self.attrs.get("names")
        return n.value if isinstance(n, RObj) else None

    def __repr__(self) -> str:  # pragma: no cover - debugging aid
        v = self.value
        if isinstance(v, list) and len(v) > 5:
            v = v[:5] + ["..."]
        return f"RObj({self.type}, {v!r}, {list(self.attrs)})"


class RSym(str):
    """An R symbol (a str subclass so it can be used as a tag)."""


# SEXP type codes
NILSXP, SYMSXP, LISTSXP, CLOSXP, ENVSXP, PROMSXP, LANGSXP = 0, 1, 2, 3, 4, 5, 6
SPECIALSXP, BUILTINSXP, CHARSXP, LGLSXP = 7, 8, 9, 10
INTSXP, REALSXP, CPLXSXP, STRSXP, DOTSXP = 13, 14, 15, 16, 17
VECSXP, EXPRSXP, BCODESXP, EXTPTRSXP, WEAKREFSXP, RAWSXP, S4SXP = 19, 20, 21, 22, 23, 24, 25
# serialization pseudo types
REFSXP, NILVALUE_SXP, GLOBALENV_SXP, UNBOUNDVALUE_SXP = 255, 254, 253, 252
MISSINGARG_SXP, BASENAMESPACE_SXP, NAMESPACESXP, PACKAGESXP = 251, 250, 249, 248
PERSISTSXP, EMPTYENV_SXP, BASEENV_SXP = 247, 242, 241
ATTRLANGSXP, ATTRLISTSXP, ALTREP_SXP = 240, 239, 238

NA_INTEGER = -(2**31)
PAIRLIST_TYPES = (LISTSXP, LANGSXP, CLOSXP, PROMSXP, DOTSXP, ATTRLANGSXP, ATTRLISTSXP)


class RUnserializer:
    def __init__(self, data: bytes, what: str):
        self.d = data
        self.p = 0
        self.what = what
        self.refs: list = []
        self.native_encoding = "UTF-8"
        if data[:2] != b"X\n":
            kind = {b"A\n": "ASCII", b"B\n": "native binary"}.get(data[:2], repr(data[:2]))
            raise FetchError(f"{what}: unsupported R serialization format {kind} (need XDR)")
        self.p = 2
        self.version = self.int()
        self.int()  # writer R version
        self.int()  # minimal reader R version
        if self.version == 3:
            n = self.int()
            self.native_encoding = self.bytes(n).decode("ascii", "replace")
        elif self.version != 2:
            raise FetchError(f"{what}: unsupported R serialization version {self.version}")

    def fail(self, msg: str) -> FetchError:
        return FetchError(f"{self.what}: R unserialize error at byte {self.p}: {msg}")

    def bytes(self, n: int) -> bytes:
        if n < 0 or self.p + n > len(self.d):
            raise self.fail(f"truncated data (need {n} bytes)")
        b = self.d[self.p : self.p + n]
        self.p += n
        return b

    def int(self) -> int:
        return struct.unpack(">i", self.bytes(4))[0]

    def length(self) -> int:
        n = self.int()
        if n == -1:
            hi, lo = struct.unpack(">II", self.bytes(8))
            n = (hi << 32) | lo
        if n < 0:
            raise self.fail(f"negative length {n}")
        return n

    def string_vec(self) -> list:
        if self.int() != 0:
            raise self.fail("bad persistent string vector")
        return [self.item() for _ in range(self.length())]

    def charsxp(self, levels: int):
        n = self.int()
        if n == -1:
            return None  # NA_character_
        raw = self.bytes(n)
        if levels & (1 << 2):  # LATIN1
            return raw.decode("latin-1")
        if levels & (1 << 1):  # BYTES
            return raw.decode("utf-8", "replace")
        enc = "utf-8"
        if not levels & ((1 << 3) | (1 << 6)):  # neither UTF8 nor ASCII: native
            ne = self.native_encoding.lower().replace("-", "")
            if ne in ("latin1", "iso88591", "iso885915", "cp1252"):
                enc = "cp1252" if ne == "cp1252" else "latin-1"
        try:
            return raw.decode(enc)
        except UnicodeDecodeError as e:
            raise self.fail(f"string is not valid {enc}: {e}") from e

    def item(self):
        flags = self.int()
        t = flags & 0xFF
        levels = flags >> 12
        has_attr = bool(flags & (1 << 9))
        has_tag = bool(flags & (1 << 10))

        if t == NILVALUE_SXP:
            return None
        if t in (EMPTYENV_SXP, BASEENV_SXP, GLOBALENV_SXP, UNBOUNDVALUE_SXP,
                 MISSINGARG_SXP, BASENAMESPACE_SXP):
            return RObj(t, None)
        if t == REFSXP:
            i = flags >> 8
            if i == 0:
                i = self.int()
            if not 1 <= i <= len(self.refs):
                raise self.fail(f"bad reference index {i}")
            return self.refs[i - 1]
        if t == PERSISTSXP:
            raise self.fail("persistent reference (needs R's refhook); not supported")
        if t in (NAMESPACESXP, PACKAGESXP):
            obj = RObj(t, self.string_vec())
            self.refs.append(obj)
            return obj
        if t == SYMSXP:
            name = self.item()
            sym = RSym(name if isinstance(name, str) else "")
            self.refs.append(sym)
            return sym
        if t == ENVSXP:
            self.int()  # locked
            env = RObj(ENVSXP, {})
            self.refs.append(env)
            enclos = self.item()
            frame = self.item()
            hashtab = self.item()
            attr = self.item()
            env.value = {"enclos": enclos, "frame": frame, "hashtab": hashtab}
            if isinstance(attr, RObj) and attr.type == LISTSXP:
                env.attrs = pairlist_dict(attr)
            return env
        if t in PAIRLIST_TYPES:
            # Iterate along the CDR chain instead of recursing.
            cells = []
            attrs = None
            while True:
                a = self.item() if has_attr else None
                tag = self.item() if has_tag else None
                car = self.item()
                cells.append((tag, car))
                if attrs is None:
                    attrs = a
                nflags = self.int()
                nt = nflags & 0xFF
                if nt in PAIRLIST_TYPES:
                    has_attr = bool(nflags & (1 << 9))
                    has_tag = bool(nflags & (1 << 10))
                    continue
                self.p -= 4
                rest = self.item()
                if rest is not None:
                    cells.append((None, rest))  # improper list: keep the tail
                break
            obj = RObj(LISTSXP if t in (ATTRLISTSXP,) else t, cells)
            if isinstance(attrs, RObj):
                obj.attrs = pairlist_dict(attrs)
            return obj
        if t in (EXTPTRSXP, WEAKREFSXP):
            obj = RObj(t, None)
            self.refs.append(obj)
            if t == EXTPTRSXP:
                self.item()  # prot
                self.item()  # tag
        elif t in (SPECIALSXP, BUILTINSXP):
            obj = RObj(t, self.bytes(self.int()).decode("latin-1"))
        elif t == CHARSXP:
            return self.charsxp(levels)
        elif t in (LGLSXP, INTSXP):
            n = self.length()
            vals = list(struct.unpack(f">{n}i", self.bytes(4 * n)))
            obj = RObj(t, [None if v == NA_INTEGER else v for v in vals])
        elif t == REALSXP:
            n = self.length()
            obj = RObj(t, list(struct.unpack(f">{n}d", self.bytes(8 * n))))
        elif t == CPLXSXP:
            n = self.length()
            v = struct.unpack(f">{2 * n}d", self.bytes(16 * n))
            obj = RObj(t, [complex(v[i], v[i + 1]) for i in range(0, 2 * n, 2)])
        elif t == STRSXP:
            n = self.length()
            vals = []
            for _ in range(n):
                f = self.int()
                if f & 0xFF != CHARSXP:
                    raise self.fail(f"STRSXP element of type {f & 0xFF}")
                vals.append(self.charsxp(f >> 12))
            obj = RObj(t, vals)
        elif t in (VECSXP, EXPRSXP):
            n = self.length()
            obj = RObj(t, [self.item() for _ in range(n)])
        elif t == RAWSXP:
            obj = RObj(t, self.bytes(self.length()))
        elif t == S4SXP:
            obj = RObj(t, None)
        elif t == ALTREP_SXP:
            info = self.item()
            state = self.item()
            attr = self.item()
            obj = self.altrep(info, state)
            if isinstance(attr, RObj) and attr.type == LISTSXP:
                obj.attrs = pairlist_dict(attr)
            return obj
        elif t == BCODESXP:
            raise self.fail("byte code objects are not supported")
        else:
            raise self.fail(f"unknown SEXP type {t}")
        if has_attr:
            a = self.item()
            if isinstance(a, RObj):
                obj.attrs = pairlist_dict(a)
        return obj

    def altrep(self, info, state) -> RObj:
        if not (isinstance(info, RObj) and info.value):
            raise self.fail("malformed ALTREP info")
        cls = str(info.value[0][1])
        if cls == "compact_intseq" and isinstance(state, RObj):
            n, n1, inc = (int(x) for x in state.value[:3])
            return RObj(INTSXP, [n1 + i * inc for i in range(n)])
        if cls == "compact_realseq" and isinstance(state, RObj):
            n, n1, inc = state.value[:3]
            return RObj(REALSXP, [n1 + i * inc for i in range(int(n))])
        if cls.startswith("wrap_") and isinstance(state, RObj):
            inner = state.value[0]
            return inner if isinstance(inner, RObj) else RObj(NILSXP, None)
        if cls == "deferred_string" and isinstance(state, RObj):
            arg = state.value[0][1] if state.type == LISTSXP else state.value[0]
            if isinstance(arg, RObj) and arg.type == INTSXP:
                return RObj(STRSXP, [None if v is None else str(v) for v in arg.value])
        raise self.fail(f"unsupported ALTREP class {cls}")


def pairlist_dict(pl: RObj) -> dict:
    out = {}
    if pl.type in PAIRLIST_TYPES:
        for tag, val in pl.value:
            if tag is not None:
                out[str(tag)] = val
    return out


def r_unserialize(data: bytes, what: str):
    u = RUnserializer(data, what)
    obj = u.item()
    return obj


def decompress_rds(raw: bytes, what: str) -> bytes:
    """An .rds/.rdx file: gzip, bzip2, xz, or a raw zlib stream after a length."""
    try:
        if raw[:2] == b"\x1f\x8b":
            return gzip.decompress(raw)
        if raw[:3] == b"BZh":
            return bz2.decompress(raw)
        if raw[:6] == b"\xfd7zXZ\x00":
            return lzma.decompress(raw)
        if raw[:2] in (b"X\n", b"A\n", b"B\n"):
            return raw
        return zlib.decompress(raw[4:])
    except (OSError, EOFError, zlib.error, lzma.LZMAError, ValueError) as e:
        raise FetchError(f"{what}: cannot decompress: {e}") from e


def lazyload_chunk(rdb: bytes, offset: int, length: int, compressed: int, what: str) -> bytes:
    """One object of a lazy-load .rdb (see R's src/main/serialize.c, R_decompress1..3)."""
    chunk = rdb[offset : offset + length]
    if len(chunk) != length or length < 4:
        raise FetchError(f"{what}: chunk {offset}+{length} is outside Rdata.rdb ({len(rdb)} bytes)")
    outlen = struct.unpack(">I", chunk[:4])[0]
    try:
        if compressed in (2, 3):
            kind = chunk[4:5]
            body = chunk[5:]
            if kind == b"Z":
                out = zlib.decompress(body)
            elif kind == b"2":
                out = bz2.decompress(body)
            elif kind == b"X":
                out = lzma.decompress(body)
            elif kind == b"0":
                out = body
            else:
                raise FetchError(f"{what}: unknown compression type {kind!r}")
        else:
            out = zlib.decompress(chunk[4:])
    except (zlib.error, lzma.LZMAError, OSError, ValueError) as e:
        raise FetchError(f"{what}: cannot decompress chunk: {e}") from e
    if len(out) != outlen:
        raise FetchError(f"{what}: chunk decompressed to {len(out)} bytes, header says {outlen}")
    return out


# Publication order, as in janeaustenr::austen_books().
AUSTEN_NOVELS = [
    ("sensesensibility", "Sense & Sensibility"),
    ("prideprejudice", "Pride & Prejudice"),
    ("mansfieldpark", "Mansfield Park"),
    ("emma", "Emma"),
    ("northangerabbey", "Northanger Abbey"),
    ("persuasion", "Persuasion"),
]


def build_austen(root: Path) -> tuple[bytes, str]:
    cands = sorted(root.glob("usr/lib/R/site-library/janeaustenr/data/Rdata.rdx"))
    if not cands:
        raise FetchError("r-cran-janeaustenr: data/Rdata.rdx not found in the package")
    rdx_path = cands[0]
    rdb_path = rdx_path.with_suffix(".rdb")
    index = r_unserialize(decompress_rds(rdx_path.read_bytes(), "Rdata.rdx"), "Rdata.rdx")
    if not (isinstance(index, RObj) and index.type == VECSXP and index.names()):
        raise FetchError("Rdata.rdx: index is not a named list")
    top = dict(zip(index.names(), index.value))
    variables = top.get("variables")
    if not (isinstance(variables, RObj) and variables.names()):
        raise FetchError("Rdata.rdx: no 'variables' in the index")
    comp = top.get("compressed")
    compressed = 1
    if isinstance(comp, RObj) and comp.value:
        compressed = int(comp.value[0] or 0)
    if compressed == 0:
        raise FetchError("Rdata.rdx: uncompressed lazy-load DBs are not supported")
    var = dict(zip(variables.names(), variables.value))
    rdb = rdb_path.read_bytes()
    parts = []
    nlines = 0
    for key, title in AUSTEN_NOVELS:
        if key not in var:
            raise FetchError(f"Rdata.rdx: novel {key!r} missing (have {sorted(var)})")
        off, ln = (int(x) for x in var[key].value[:2])
        obj = r_unserialize(lazyload_chunk(rdb, off, ln, compressed, key), key)
        if not (isinstance(obj, RObj) and obj.type == STRSXP):
            raise FetchError(f"{key}: expected a character vector, got {obj!r}")
        lines = ["" if s is None else s.replace("\r", "").rstrip() for s in obj.value]
        if len(lines) < 1000:
            raise FetchError(f"{key}: only {len(lines)} lines; this does not look like a novel")
        log(f"  austen: {title}: {len(lines)} lines")
        nlines += len(lines)
        parts.append(collapse_blank_lines(lines))
    text = "\n\n".join(parts) + "\n"
    return text.encode("utf-8"), f"{len(AUSTEN_NOVELS)} novels, {nlines} source lines"


def collapse_blank_lines(lines: list[str]) -> str:
    out: list[str] = []
    for line in lines:
        if line == "" and (not out or out[-1] == ""):
            continue
        out.append(line)
    while out and out[-1] == "":
        out.pop()
    return "\n".join(out)


# --------------------------------------------------------------------------
# SWORD zText (World English Bible)

TAG_RE = re.compile(r"<[^>]*>|[^<]+")
TAG_NAME_RE = re.compile(r"</?\s*([A-Za-z_][\w:.-]*)")
ATTR_RE = re.compile(r"""([\w:.-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')""")

# Elements whose text is not verse text: footnotes/cross references, section
# headings (titles that are not canonical, like the psalm superscriptions),
# speaker labels in the Song of Songs.
DROP_ELEMENTS = {"note", "speaker"}
# Milestoned or container <div type=...> whose text is front matter.
DROP_DIV_TYPES = {"front", "introduction", "glossary", "preface", "colophon"}
# Tags that only mark up words inside running text: they add no space.
INLINE_TAGS = {
    "w", "q", "seg", "name", "transChange", "hi", "foreign", "divineName",
    "catchWord", "rdg", "reference", "a", "abbr", "date", "index", "inscription",
    "mentioned", "rf", "rb",
}
SOFT = "\x00"  # where dropped text was: becomes a space only between words
CLOSE_PUNCT = set(".,;:!?’”)]}…'\"-—–")


def attrs_of(tag: str) -> dict[str, str]:
    return {m.group(1): m.group(2) if m.group(2) is not None else m.group(3)
            for m in ATTR_RE.finditer(tag)}


class OsisStripper:
    def __init__(self) -> None:
        self.drop_milestones: set[str] = set()  # open sIDs of dropped divs
        self.unclosed = 0

    def strip(self, raw: str) -> str:
        out: list[str] = []
        stack: list[tuple[str, bool]] = []  # (element name, drops its content)
        dropping = 0
        for tok in TAG_RE.findall(raw):
            if not tok.startswith("<"):
                if not dropping and not self.drop_milestones:
                    out.append(tok)
                continue
            if tok.startswith("<!--") or tok.startswith("<?"):
                continue
            m = TAG_NAME_RE.match(tok)
            if not m:
                continue
            name = m.group(1)
            closing = tok.startswith("</")
            selfclosing = tok.endswith("/>")
            if closing:
                # pop to the matching element
                for i in range(len(stack) - 1, -1, -1):
                    if stack[i][0] == name:
                        for _, d in stack[i:]:
                            dropping -= d
                        del stack[i:]
                        break
                was_drop = name in DROP_ELEMENTS or name == "title" or name == "div"
                out.append(SOFT if was_drop else ("" if name in INLINE_TAGS else " "))
                continue
            a = attrs_of(tok)
            if name == "div" and a.get("type") in DROP_DIV_TYPES:
                if selfclosing:
                    if "sID" in a:
                        self.drop_milestones.add(a["sID"])
                    elif "eID" in a:
                        self.drop_milestones.discard(a["eID"])
                    out.append(SOFT)
                    continue
                stack.append((name, True))
                dropping += 1
                out.append(SOFT)
                continue
            if selfclosing:
                out.append("" if name in INLINE_TAGS else " ")
                continue
            drop = name in DROP_ELEMENTS or (name == "title" and a.get("canonical") != "true")
            stack.append((name, drop))
            dropping += drop
            out.append(SOFT if drop else ("" if name in INLINE_TAGS else " "))
        if stack:
            self.unclosed += 1
        return clean_text("".join(out))


def clean_text(s: str) -> str:
    s = html.unescape(s)
    s = re.sub(r"[ \t\r\n\u00a0]+", " ", s)
    # A dropped note between two words stands for a space; before punctuation
    # or next to a space it stands for nothing.
    res: list[str] = []
    last = ""  # last character emitted so far
    for i, p in enumerate(s.split(SOFT)):
        if not p:
            continue
        nxt = p[0]
        if i and last and not last.isspace() and not nxt.isspace() and nxt not in CLOSE_PUNCT:
            res.append(" ")
        res.append(p)
        last = p[-1]
    s = "".join(res)
    s = re.sub(r" {2,}", " ", s).strip()
    # stray space before punctuation created by dropping tags
    s = re.sub(r" +([,;:.!?’”)](?:\s|$))", r"\1", s)
    return s


def build_web(root: Path) -> tuple[bytes, str]:
    moddir = root / "usr/share/sword/modules/texts/ztext/engWEB2015eb"
    if not moddir.is_dir():
        raise FetchError(f"sword-text-web: {moddir.relative_to(root)} not found in the package")
    stripper = OsisStripper()
    lines: list[str] = []
    stats = []
    for testament in ("ot", "nt"):
        try:
            bzs = (moddir / f"{testament}.bzs").read_bytes()
            bzv = (moddir / f"{testament}.bzv").read_bytes()
            bzz = (moddir / f"{testament}.bzz").read_bytes()
        except OSError as e:
            raise FetchError(f"sword-text-web: {e}") from e
        if len(bzs) % 12 or len(bzv) % 10:
            raise FetchError(f"{testament}.bzs/.bzv: sizes {len(bzs)}/{len(bzv)} are not whole records")
        blocks = [struct.unpack_from("<III", bzs, i) for i in range(0, len(bzs), 12)]
        cache: dict[int, bytes] = {}
        seen: set[tuple[int, int, int]] = set()
        n_entries = n_lines = 0
        for i in range(0, len(bzv), 10):
            b, off, size = struct.unpack_from("<IIH", bzv, i)
            if size == 0:
                continue
            if (b, off, size) in seen:  # linked verses share one entry
                continue
            seen.add((b, off, size))
            n_entries += 1
            if b not in cache:
                if b >= len(blocks):
                    raise FetchError(f"{testament}.bzv entry {i // 10}: block {b} out of range")
                boff, csize, usize = blocks[b]
                try:
                    data = zlib.decompress(bzz[boff : boff + csize])
                except zlib.error as e:
                    raise FetchError(f"{testament}.bzz block {b}: {e}") from e
                if len(data) != usize:
                    raise FetchError(f"{testament}.bzz block {b}: {len(data)} bytes, index says {usize}")
                cache = {b: data}  # entries are in block order; keep one block
            data = cache[b]
            if off + size > len(data):
                raise FetchError(f"{testament}.bzv entry {i // 10}: verse outside its block")
            raw = data[off : off + size].rstrip(b"\x00")
            try:
                osis = raw.decode("utf-8")
            except UnicodeDecodeError as e:
                raise FetchError(f"{testament} entry {i // 10}: not UTF-8: {e}") from e
            text = stripper.strip(osis)
            if "<" in text or ">" in text:
                raise FetchError(f"{testament} entry {i // 10}: markup left after stripping: {text[:80]!r}")
            if text:
                lines.append(text)
                n_lines += 1
        log(f"  web: {testament.upper()}: {n_entries} entries, {n_lines} non-empty verses")
        stats.append(f"{testament.upper()} {n_lines}")
    if len(lines) < 30000:
        raise FetchError(f"web: only {len(lines)} verses; expected over 30000")
    if stripper.drop_milestones:
        raise FetchError(f"web: front-matter divs never closed: {sorted(stripper.drop_milestones)}")
    note = f"{len(lines)} verse lines ({', '.join(stats)})"
    return ("\n".join(lines) + "\n").encode("utf-8"), note


# --------------------------------------------------------------------------
# fortunes

FORTUNE_SKIP = {"art", "ascii-art"}


def fortune_files(root: Path, package: str, skip: set[str]) -> tuple[Path, list[Path]]:
    """The fortune folder of an extracted package and its text files in sorted path order: no
    .dat indexes, no .u8 symlinks, nothing named in `skip`, no off/ (offensive, rot13) folder."""
    fdir = root / "usr/share/games/fortunes"
    if not fdir.is_dir():
        raise FetchError(f"{package}: usr/share/games/fortunes not found in the package")
    files: list[Path] = []
    for dirpath, dirnames, filenames in os.walk(fdir, followlinks=False):
        dirnames[:] = sorted(d for d in dirnames if d != "off")
        for fn in sorted(filenames):
            p = Path(dirpath) / fn
            if p.is_symlink() or not p.is_file():
                continue
            if fn.endswith((".dat", ".u8")) or fn in skip or fn.startswith("."):
                continue
            files.append(p)
    files.sort(key=lambda p: p.relative_to(fdir).as_posix())
    if not files:
        raise FetchError(f"{package}: no fortune files found")
    return fdir, files


def fortune_entries(data: bytes):
    """The non-empty entries of a fortune file (separated by lines of '%'), CRLF folded to LF and
    trailing spaces stripped from each line; shared by the English and German builds."""
    data = data.replace(b"\r\n", b"\n")
    entry: list[bytes] = []
    for line in data.split(b"\n") + [b"%"]:
        if line.rstrip() != b"%":
            entry.append(line)
            continue
        raw = b"\n".join(l.rstrip() for l in entry).strip(b"\n")
        entry = []
        if raw.strip():
            yield raw


def build_fortunes(root: Path) -> tuple[bytes, str]:
    fdir, files = fortune_files(root, "fortunes", FORTUNE_SKIP)
    seen_hashes: set[str] = set()
    entries_out: list[str] = []
    seen_entries: set[bytes] = set()
    bad_utf8 = dup_entries = repaired = 0
    used = []
    for p in files:
        data = p.read_bytes()
        h = hashlib.sha256(data).hexdigest()
        if h in seen_hashes:
            log(f"  fortunes: skipping duplicate file {p.name}")
            continue
        seen_hashes.add(h)
        used.append(p.relative_to(fdir).as_posix())
        n = 0
        for raw in fortune_entries(data):
            if raw in seen_entries:
                dup_entries += 1
                continue
            seen_entries.add(raw)
            try:
                text = raw.decode("utf-8")
            except UnicodeDecodeError:
                bad_utf8 += 1
                continue
            cleaned = clean_fortune(text)
            if cleaned != text:
                repaired += 1
            if not cleaned.strip():
                continue
            entries_out.append(cleaned)
            n += 1
        log(f"  fortunes: {p.relative_to(fdir)}: {n} entries")
    log(f"  fortunes: {len(entries_out)} entries, {bad_utf8} skipped as invalid UTF-8, "
        f"{dup_entries} duplicate entries skipped, {repaired} repaired")
    note = (f"{len(entries_out)} entries from {len(used)} files ({' '.join(used)}); "
            f"{bad_utf8} entries skipped as invalid UTF-8; {dup_entries} duplicate entries skipped; "
            f"{repaired} entries repaired (backspace overstrikes, control characters, "
            f"doubly encoded UTF-8)")
    return "".join(e + "\n\n" for e in entries_out).encode("utf-8"), note


MOJIBAKE_RE = re.compile(
    "[\u00c2-\u00df][\u0080-\u00bf]|[\u00e0-\u00ef][\u0080-\u00bf]{2}|[\u00f0-\u00f4][\u0080-\u00bf]{3}"
)
CONTROL_RE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def _unmojibake(m: re.Match) -> str:
    s = m.group(0)
    try:
        return s.encode("latin-1").decode("utf-8")
    except UnicodeError:
        return s


def clean_fortune(text: str, unmojibake=None) -> str:
    r"""Make a fortune plain text: resolve backspace overstrikes ("_\bx" and
    "x\bx" print as x), undo UTF-8 that was encoded twice or three times
    ("Ã¢Â\x80Â\x99" -> "’"; `unmojibake` may replace the repair of one match),
    drop other control characters (bell, escape...). Tabs and newlines are kept."""
    unmojibake = unmojibake or _unmojibake
    if "\b" in text:
        out: list[str] = []
        for ch in text:
            if ch == "\b":
                if out and out[-1] != "\n":
                    out.pop()
            else:
                out.append(ch)
        text = "".join(out)
    for _ in range(3):
        fixed = MOJIBAKE_RE.sub(unmojibake, text)
        if fixed == text:
            break
        text = fixed
    text = CONTROL_RE.sub("", text)
    return "\n".join(line.rstrip() for line in text.split("\n")).strip("\n")


BUILDERS = {
    "austen.txt": build_austen,
    "web.txt": build_web,
    "fortunes.txt": build_fortunes,
}


# --------------------------------------------------------------------------
# SOURCES.txt


SOURCES_HEADER = (
    "# English prose corpus for KeyForge, written by scripts/fetch_prose.py\n"
    "# from Debian packages (apt-get download + dpkg-deb -x). One stanza per file.\n"
)


def read_sources(path: Path) -> dict[str, dict[str, str]]:
    out: dict[str, dict[str, str]] = {}
    if not path.exists():
        return out
    cur: dict[str, str] = {}
    for line in path.read_text("utf-8", "replace").splitlines() + [""]:
        if line.startswith("#"):
            continue
        if not line.strip():
            if "file" in cur:
                out[cur["file"]] = cur
            cur = {}
            continue
        if ":" in line:
            k, v = line.split(":", 1)
            cur[k.strip()] = v.strip()
    return out


def write_sources(path: Path, entries: dict[str, dict[str, str]]) -> None:
    keys = ["file", "package", "version", "deb", "deb_sha256", "licence", "bytes", "sha256",
            "format", "content"]
    chunks = [SOURCES_HEADER]
    for src in SOURCES:  # fixed order
        e = entries.get(src.out)
        if not e:
            continue
        chunks.append("\n" + "".join(f"{k}: {e[k]}\n" for k in keys if k in e))
    atomic_write(path, "".join(chunks).encode("utf-8"))


# --------------------------------------------------------------------------


def main(argv: list[str]) -> int:
    if len(argv) != 2 or argv[1] in ("-h", "--help"):
        print(__doc__.strip().split("\n\n")[1], file=sys.stderr)
        return 2
    t0 = time.monotonic()
    outdir = Path(argv[1]).resolve()
    debdir = outdir / "debs"
    endir = outdir / "en"
    debdir.mkdir(parents=True, exist_ok=True)
    endir.mkdir(parents=True, exist_ok=True)
    sources_path = endir / "SOURCES.txt"
    old = read_sources(sources_path)
    entries: dict[str, dict[str, str]] = {}
    # keep old stanzas that still describe the file on disk
    for name, e in old.items():
        p = endir / name
        if name in BUILDERS and p.exists() and e.get("sha256") == sha256_file(p):
            entries[name] = e
    apt = Apt(debdir)

    for src in SOURCES:
        log(f"{src.out}: resolving package {src.package}")
        deb = apt.get(src.package)
        version = deb_field(deb, "Version")
        deb_sha = sha256_file(deb)
        out_path = endir / src.out
        prev = entries.get(src.out)
        if (prev and out_path.exists() and prev.get("package") == src.package
                and prev.get("version") == version and prev.get("deb_sha256") == deb_sha
                and prev.get("format") == str(FORMAT)):
            log(f"{src.out}: up to date ({src.package} {version}); skipping")
            continue
        log(f"{src.out}: extracting {deb.name}")
        with tempfile.TemporaryDirectory(prefix=f"{PROG}-") as tmp:
            root = Path(tmp)
            extract_deb(deb, root)
            data, note = BUILDERS[src.out](root)
        try:
            data.decode("utf-8")
        except UnicodeDecodeError as e:  # cannot happen; guard anyway
            raise FetchError(f"{src.out}: output is not UTF-8: {e}") from e
        atomic_write(out_path, data)
        entries[src.out] = {
            "file": src.out,
            "package": src.package,
            "version": version,
            "deb": deb.name,
            "deb_sha256": deb_sha,
            "licence": src.licence,
            "bytes": str(len(data)),
            "sha256": hashlib.sha256(data).hexdigest(),
            "format": str(FORMAT),
            "content": note,
        }
        write_sources(sources_path, entries)
        log(f"{src.out}: wrote {len(data)} bytes, sha256 {entries[src.out]['sha256'][:16]}...")

    write_sources(sources_path, entries)
    log(f"done in {time.monotonic() - t0:.1f}s: {endir}")
    return 0


def run_cli(main_function, program: str) -> None:
    """Runs a fetch script's main and turns its failures into one-line errors and exit codes."""
    try:
        sys.exit(main_function(sys.argv))
    except FetchError as e:
        print(f"{program}: error: {e}", file=sys.stderr)
        sys.exit(1)
    except KeyboardInterrupt:
        print(f"{program}: interrupted", file=sys.stderr)
        sys.exit(130)
    except OSError as e:
        print(f"{program}: error: {e}", file=sys.stderr)
        sys.exit(1)


if __name__ == "__main__":
    run_cli(main, PROG)
