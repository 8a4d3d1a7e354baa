#!/usr/bin/env python3
"""Recomputes the cyanophage-ergo profile (docs/PROFILES.md sections 4-5) of one layout in exact rationals
(weights read from the list's decimal text as Fractions) and compares keyforge's JSON with it.

usage: check_profile_exact.py WORDLIST.json LAYOUT34 KEYFORGE_PROFILE.json
  (the JSON from `keyforge analyze --keyboard cyanophage-ergo --profile cyanophage-ergo --layout LAYOUT34
   --thumb left --corpus WORDLIST.json --json`); prints each metric and the worst relative difference.
An independent implementation written from docs/PROFILES.md (left thumb only), for checking, not for CI.
"""
import json, sys
from fractions import Fraction
words = json.load(open(sys.argv[1]), parse_float=Fraction, parse_int=Fraction)
layout = sys.argv[2]
pos = [(0, c) for c in range(1, 12)] + [(1, c) for c in range(1, 12)] + [(2, c) for c in range(1, 11)] + [(2, 0), (3, 4)]
key = {}
for ch, p in zip(layout, pos):
    if ch == '^' and p[0] == 3: continue
    key.setdefault(ch, p)
def finger(p):
    r, c = p
    if r == 3: return 5 if c <= 4 else 6
    return {0: 1, 1: 1, 2: 2, 3: 3, 4: 4, 5: 4, 6: 7, 7: 7, 8: 8, 9: 9}.get(c, 10)
hand = lambda p: 0 if finger(p) <= 5 else 1
Z = Fraction(0)
t = dict(input=Z, presses=Z, trig=Z, sfb=Z, lsb=Z, sc=Z, psc=Z, sfs=Z, ri=Z, ro=Z, rd=Z, alt=Z, poff=Z, pp=Z)
poffk = {(0, 1), (2, 1), (0, 10), (2, 10), (0, 11), (1, 11)}
def inward(x, y, h):
    if x == y: return None
    return y > x if h == 0 else y < x
agg = {}
for w, wt in words.items():
    if wt <= 0: continue
    w = w.lower()
    agg[w] = agg.get(w, Z) + wt
for w, wt in agg.items():
    cs = list(w)
    t['input'] += wt * (len(cs) + 1)
    proc = []
    for i, ch in enumerate(cs):
        if ch not in key: continue
        k = key[ch]; f = finger(k)
        t['presses'] += wt
        if f in (1, 10): t['pp'] += wt
        if k in poffk: t['poff'] += wt
        prev_on = i > 0 and cs[i-1] in key
        if prev_on and proc:
            a, p = proc[-1]
            if finger(p) == f and a != ch: t['sfb'] += wt
            if (p[1], k[1]) in {(3, 5), (5, 3), (8, 6), (6, 8)}: t['lsb'] += wt
            adj = abs(p[1] - k[1]) == 1; rows = abs(p[0] - k[0])
            if adj and rows >= 2 and hand(p) == hand(k) and finger(p) != f and p[0] < 3 and k[0] < 3: t['sc'] += wt
            if adj and rows >= 1 and (finger(p) in (1, 10) or f in (1, 10)): t['psc'] += wt
            if i > 1 and len(proc) >= 2:
                (ac, ak), (bc, bk) = proc[-2], proc[-1]
                t['trig'] += wt
                fa, fb, fc = finger(ak), finger(bk), f
                ha, hb, hc = hand(ak), hand(bk), hand(k)
                if ha != hb and hb != hc:
                    if not (fa == fc and ac != ch): t['alt'] += wt
                elif ha == hb == hc:
                    x, y = inward(fa, fb, ha), inward(fb, fc, ha)
                    if x is not None and y is not None and x == y:
                        t['ri' if x else 'ro'] += wt
                    elif x is not None and y is not None and x != y and fa != fc:
                        if 4 in (fa, fb, fc) or 7 in (fa, fb, fc): t['rd'] += wt
                else:
                    pr = (fa, fb, ha) if ha == hb else (fb, fc, hb)
                    d = inward(*pr)
                    if d is not None: t['ri' if d else 'ro'] += wt
        if i > 1 and cs[i-2] in key and finger(key[cs[i-2]]) == f and cs[i-2] != ch: t['sfs'] += wt
        proc.append((ch, k))
pc = lambda v, d: 100 * v / d
out = dict(sfb=pc(t['sfb'], t['input']), lsb=pc(t['lsb'], t['input']), scissors=pc(t['sc'], t['input']),
           pinky_scissors=pc(t['psc'], t['input']), sfs=pc(t['sfs'], t['input']), roll_in=pc(t['ri'], t['trig']),
           roll_out=pc(t['ro'], t['trig']), redirect=pc(t['rd'], t['trig']), alternation=pc(t['alt'], t['input']),
           pinky_off=pc(t['poff'], t['input']), pinky_usage=pc(t['pp'], t['presses']))
got = json.load(open(sys.argv[3]))['metrics']
worst = 0
for k, v in out.items():
    rel = abs(Fraction(got[k]) - v) / v if v else abs(got[k])
    worst = max(worst, rel)
    print(f"{k:15} exact {float(v):.9f} keyforge {got[k]:.9f} rel {float(rel):.2e}")
print("worst relative difference", float(worst))
