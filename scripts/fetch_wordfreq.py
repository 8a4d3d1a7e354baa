#!/usr/bin/env python3
"""Writes a word-frequency list from PyPI's wordfreq wheel (data licence CC BY-SA 4.0: built at set-up,
never committed): `{"word": frequency, ...}` JSON, most frequent first.

The wheel's data/large_<lang>.msgpack.gz is gzip + MessagePack: a list whose first item is a header
and whose item i (i >= 1) is the bucket of words at frequency 10^(-(i-1)/100) (wordfreq's "cB" format).
A small MessagePack reader is here, so nothing beyond the standard library is needed.

usage: fetch_wordfreq.py --lang en --out build/words/en.json [--cache build/words] [--min-frequency 1e-8]
"""
import argparse, glob, gzip, json, os, struct, subprocess, sys, zipfile

VERSION = "3.1.1"


def unpack(data, offset=0):
    """One MessagePack value at `offset`: (value, next offset). Only the types wordfreq writes, plus ints and floats."""
    b = data[offset]
    offset += 1
    if b <= 0x7F: return b, offset
    if 0x80 <= b <= 0x8F: return unpack_map(data, offset, b & 0x0F)
    if 0x90 <= b <= 0x9F: return unpack_array(data, offset, b & 0x0F)
    if 0xA0 <= b <= 0xBF: return data[offset:offset + (b & 0x1F)].decode("utf-8"), offset + (b & 0x1F)
    if b == 0xC0: return None, offset
    if b == 0xC2: return False, offset
    if b == 0xC3: return True, offset
    fixed = {0xCC: ">B", 0xCD: ">H", 0xCE: ">I", 0xCF: ">Q", 0xD0: ">b", 0xD1: ">h", 0xD2: ">i", 0xD3: ">q", 0xCA: ">f", 0xCB: ">d"}
    if b in fixed:
        size = struct.calcsize(fixed[b])
        return struct.unpack_from(fixed[b], data, offset)[0], offset + size
    if b in (0xD9, 0xDA, 0xDB):
        width = {0xD9: 1, 0xDA: 2, 0xDB: 4}[b]
        length = int.from_bytes(data[offset:offset + width], "big")
        offset += width
        return data[offset:offset + length].decode("utf-8"), offset + length
    if b in (0xDC, 0xDD):
        width = 2 if b == 0xDC else 4
        return unpack_array(data, offset + width, int.from_bytes(data[offset:offset + width], "big"))
    if b in (0xDE, 0xDF):
        width = 2 if b == 0xDE else 4
        return unpack_map(data, offset + width, int.from_bytes(data[offset:offset + width], "big"))
    if b >= 0xE0: return b - 0x100, offset
    raise ValueError(f"unsupported MessagePack type 0x{b:02x} at {offset - 1}")


def unpack_array(data, offset, count):
    items = []
    for _ in range(count):
        item, offset = unpack(data, offset)
        items.append(item)
    return items, offset


def unpack_map(data, offset, count):
    result = {}
    for _ in range(count):
        key, offset = unpack(data, offset)
        value, offset = unpack(data, offset)
        result[key] = value
    return result, offset


def wheel(cache):
    found = glob.glob(os.path.join(cache, f"wordfreq-{VERSION}-*.whl"))
    if found: return found[0]
    os.makedirs(cache, exist_ok=True)
    subprocess.run([sys.executable, "-m", "pip", "download", "-q", "--no-deps", "-d", cache, f"wordfreq=={VERSION}"], check=True)
    return glob.glob(os.path.join(cache, f"wordfreq-{VERSION}-*.whl"))[0]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--lang", default="en")
    parser.add_argument("--out", required=True)
    parser.add_argument("--cache", default="build/words")
    parser.add_argument("--min-frequency", type=float, default=1e-8)
    args = parser.parse_args()
    with zipfile.ZipFile(wheel(args.cache)) as archive:
        raw = gzip.decompress(archive.read(f"wordfreq/data/large_{args.lang}.msgpack.gz"))
    value, _ = unpack(raw)
    header, buckets = value[0], value[1:]
    if not isinstance(header, dict) or header.get("format") != "cB":
        sys.exit(f"unexpected wordfreq header: {header!r}")
    words = {}
    for index, bucket in enumerate(buckets):
        frequency = 10 ** (-index / 100)
        if frequency < args.min_frequency: break
        for word in bucket:
            if word and not any(c.isspace() for c in word) and any(c.isalpha() for c in word):
                words.setdefault(word.lower(), frequency)
    os.makedirs(os.path.dirname(args.out) or ".", exist_ok=True)
    with open(args.out + ".tmp", "w", encoding="utf-8") as out:
        json.dump(words, out, ensure_ascii=False, separators=(",", ":"))
    os.replace(args.out + ".tmp", args.out)
    print(f"{args.out}: {len(words)} words from wordfreq {VERSION} large_{args.lang} (frequency >= {args.min_frequency:g})")


if __name__ == "__main__":
    main()
