#!/usr/bin/env python3
"""Baseline calibration run: score every calibration questionnaire with the
current binary (which predates the [context] table) and compare each force's
band with the published band(s) in published.toml.

Stdlib only. Usage: python3 baseline.py [BINARY]
"""
import json
import os
import re
import subprocess
import sys
import tempfile
import tomllib

HERE = os.path.dirname(os.path.abspath(__file__))
BIN = sys.argv[1] if len(sys.argv) > 1 else "/work/drafts/bin/fiveforces-baseline"
FORCES = ["suppliers", "buyers", "rivalry", "substitutes", "new_entrants"]
BANDS = ["low", "moderate", "high"]
VAL = {"low": 0, "moderate": 1, "high": 2}
HEADER = re.compile(r"^\s*\[")


def strip_context(text):
    """Drop the [context] table (header up to the next table header)."""
    out, skipping = [], False
    for line in text.splitlines(keepends=True):
        if HEADER.match(line):
            skipping = line.strip() == "[context]"
            if skipping:
                continue
        if not skipping:
            out.append(line)
    return "".join(out)


def ranks(xs):
    """Average ranks (1-based), ties share the mean rank."""
    order = sorted(range(len(xs)), key=lambda i: xs[i])
    r = [0.0] * len(xs)
    i = 0
    while i < len(order):
        j = i
        while j + 1 < len(order) and xs[order[j + 1]] == xs[order[i]]:
            j += 1
        for k in range(i, j + 1):
            r[order[k]] = (i + j) / 2 + 1
        i = j + 1
    return r


def pearson(a, b):
    n = len(a)
    ma, mb = sum(a) / n, sum(b) / n
    cov = sum((x - ma) * (y - mb) for x, y in zip(a, b))
    va = sum((x - ma) ** 2 for x in a) ** 0.5
    vb = sum((y - mb) ** 2 for y in b) ** 0.5
    return cov / (va * vb) if va and vb else float("nan")


def spearman(a, b):
    return pearson(ranks(a), ranks(b))


def main():
    with open(os.path.join(HERE, "published.toml"), "rb") as fh:
        published = tomllib.load(fh)
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for slug in sorted(published):
            entry = published[slug]
            src = os.path.join(HERE, entry["file"])
            with open(src, encoding="utf-8") as fh:
                text = strip_context(fh.read())
            dst = os.path.join(tmp, entry["file"])
            with open(dst, "w", encoding="utf-8") as fh:
                fh.write(text)
            proc = subprocess.run([BIN, "score", dst, "--format", "json"],
                                  capture_output=True, text=True)
            if proc.returncode != 0:
                print(f"{slug}: binary failed (exit {proc.returncode}): {proc.stderr.strip()}")
                continue
            forces = json.loads(proc.stdout)["forces"]
            for force in FORCES:
                pub = entry["published"].get(force)
                if not pub:
                    continue
                res = forces.get(force) or {}
                score, band = res.get("score"), res.get("band")
                rows.append(dict(slug=slug, force=force, score=score, band=band,
                                 pub=pub, coverage=res.get("coverage"),
                                 agree=band in pub))

    print(f"Baseline calibration: {BIN}")
    print(f"{'industry':<18} {'force':<13} {'score':>5} {'cov%':>5}  {'tool band':<9} {'published':<24} agree")
    for r in rows:
        sc = "-" if r["score"] is None else str(r["score"])
        cov = "-" if r["coverage"] is None else str(r["coverage"])
        print(f"{r['slug']:<18} {r['force']:<13} {sc:>5} {cov:>5}  {str(r['band']):<9} "
              f"{'/'.join(r['pub']):<24} {'yes' if r['agree'] else 'no'}")

    scored = [r for r in rows if r["score"] is not None]
    n, agree = len(rows), sum(r["agree"] for r in rows)
    print()
    print(f"Force ratings compared: {n} (industries: {len({r['slug'] for r in rows})}; unscored by tool: {n - len(scored)})")
    print(f"Agreement: {agree}/{n} = {100 * agree / n:.1f}%")
    single = [r for r in rows if len(r["pub"]) == 1]
    if single:
        a1 = sum(r["agree"] for r in single)
        print(f"Agreement where sources give one band: {a1}/{len(single)} = {100 * a1 / len(single):.1f}%")
    trivial = [r for r in rows if len(r["pub"]) == 3]
    nontriv = [r for r in rows if len(r["pub"]) < 3]
    a2 = sum(r["agree"] for r in nontriv)
    print(f"Entries where sources span all three bands (always agree): {len(trivial)}; "
          f"agreement without them: {a2}/{len(nontriv)} = {100 * a2 / len(nontriv):.1f}%")
    for force in FORCES:
        fr = [r for r in rows if r["force"] == force]
        if fr:
            print(f"  {force:<13} {sum(r['agree'] for r in fr)}/{len(fr)}")

    print()
    print("Tool band distribution:      " + ", ".join(
        f"{b} {sum(r['band'] == b for r in rows)}" for b in BANDS))
    print("Published band distribution (single-band entries): " + ", ".join(
        f"{b} {sum(r['pub'] == [b] for r in single)}" for b in BANDS)
        + f"; multi-band entries {n - len(single)}")
    print("Published band mentions (all entries): " + ", ".join(
        f"{b} {sum(b in r['pub'] for r in rows)}" for b in BANDS))

    # Spearman: tool score vs published band (low=0, moderate=1, high=2);
    # a multi-band entry takes the mean of its bands (["low","high"] -> 1.0).
    xs = [r["score"] for r in scored]
    ys = [sum(VAL[b] for b in r["pub"]) / len(r["pub"]) for r in scored]
    print()
    print(f"Spearman rho (tool score vs published band, multi-band = mean of bands): "
          f"{spearman(xs, ys):.3f} (n={len(xs)})")
    s1 = [r for r in scored if len(r["pub"]) == 1]
    if len(s1) > 2:
        print(f"Spearman rho, single-band entries only: "
              f"{spearman([r['score'] for r in s1], [VAL[r['pub'][0]] for r in s1]):.3f} (n={len(s1)})")


if __name__ == "__main__":
    main()
