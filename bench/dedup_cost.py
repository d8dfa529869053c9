"""Benchmark: what each dedup system in ``dedup_eval.py`` costs on 100k articles.

The corpus is ``dedup_scale.py``'s (generated ~400-word articles, 1 % near-duplicates of
earlier ones: synthetic data written with the code). Each system runs in a fresh process
of its own, on the same texts held in memory, and the wall time, CPU time and peak RSS
of that process are printed, with the share of planted copies put with their original
and the number of pairs of originals wrongly joined.

newsroom
    ``newsroom.dedup.cluster_texts`` over the whole set as one in-memory batch: band
    keys, candidates, verification, clusters (no warehouse; ``dedup_scale.py`` measures
    the warehouse path, in chunks, at 100k and 1M).
datatrove
    its four MinHash steps at the defaults (``_dedup_libs.datatrove_library``).
text-dedup settings on datasketch
    ``_dedup_libs.textdedup_datasketch``.

    .venv/bin/python bench/dedup_cost.py [--size 100000] [--only NAME ...]
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

SYSTEMS = ("newsroom", "datatrove", "text-dedup")


def _texts(size: int) -> tuple[list[str], list[int]]:
    from dedup_scale import Words, corpus

    words = Words()
    texts: list[str] = []
    origin: list[int] = []
    for docs in corpus(words, size, 20_000):
        for d in docs:
            texts.append(d.body)
            origin.append(d.origin)
    return texts, origin


def _child(name: str, size: int) -> dict[str, object]:
    texts, origin = _texts(size)
    if name == "newsroom":
        from newsroom.dedup import cluster_texts as run
    elif name == "datatrove":
        from _dedup_libs import datatrove_library as run
    else:
        from _dedup_libs import textdedup_datasketch as run
    started, cpu = time.perf_counter(), time.process_time()
    keys = run(texts)
    wall, cpu = time.perf_counter() - started, time.process_time() - cpu
    copies = [(i, o) for i, o in enumerate(origin) if o != i]
    joined = sum(keys[i] == keys[o] for i, o in copies)
    members: dict[str, set[int]] = defaultdict(set)
    for i, k in enumerate(keys):
        members[k].add(origin[i])
    wrong = sum(len(m) * (len(m) - 1) // 2 for m in members.values())
    return {
        "wall": wall,
        "cpu": cpu,
        "rss_gib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 2**20,
        "copies": len(copies),
        "joined": joined,
        "wrong_pairs": wrong,
        "clusters": len(Counter(keys)),
    }


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--size", type=int, default=100_000)
    ap.add_argument("--only", choices=SYSTEMS, action="append")
    ap.add_argument("--child", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        print(json.dumps(_child(args.child, args.size)))
        return 0
    print(f"{args.size:,} generated articles (dedup_scale.py's corpus, 1 % planted copies)")
    print(f"{'system':<14}{'wall s':>9}{'cpu s':>9}{'peak GiB':>10}{'copies joined':>16}"
          f"{'wrong pairs':>13}")  # fmt: skip
    for name in args.only or SYSTEMS:
        out = subprocess.run(
            [sys.executable, __file__, "--size", str(args.size), "--child", name],
            capture_output=True,
            text=True,
            check=False,
        )
        if out.returncode != 0:
            print(f"{name:<14} failed: {out.stderr.strip().splitlines()[-1:]}")
            continue
        r = json.loads(out.stdout.strip().splitlines()[-1])
        print(
            f"{name:<14}{r['wall']:>9.1f}{r['cpu']:>9.1f}{r['rss_gib']:>10.2f}"
            f"{r['joined']:>8}/{r['copies']:<7}{r['wrong_pairs']:>13}"
        )
    print("(time: the system's clustering only, texts already in memory; peak RSS: the whole")
    print(" process, the texts included)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
