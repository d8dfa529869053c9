"""Sweep of the dedup settings on the development part of the split set.

    .venv/bin/python bench/dedup_settings.py [--seeds 1,2,3] [--set dev|tuned]

For each setting varied alone (the others at their defaults), prints pairwise precision,
recall, hard negatives merged and the time, summed over the seeds' labelled sets (see
``dedup_eval.py`` and ``_dedup_split.py``). Never run on the untouched part: that part
is for reporting, not for choosing.
"""

from __future__ import annotations

import argparse
import sys
import time
from dataclasses import replace
from itertools import combinations
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _dedup_set import NEGATIVE_KINDS, LabelledSet, bench_dir, build_set
from _dedup_split import build_split_set
from newsroom.dedup import DEFAULT_SETTINGS, DedupSettings, cluster_texts

VARIATIONS: dict[str, list[object]] = {
    "jaccard": [0.3, 0.35, 0.4, 0.5, 0.6],
    "containment": [0.7, 0.8, 0.9],
    "shingle_size": [3, 4, 5, 7],
    "bands": [20, 30, 40, 60],  # with num_perm = 3 * bands except for 60 (2 rows)
    "templated_key_share": [0.6, 0.8, 1.0],
    "block_words": [6, 10, 15],
    "max_extra_share": [0.02, 0.05, 0.1, 0.2],
    "max_head_words": [40, 80, 160],
    "max_head_share": [0.25, 0.5, 1.0],
}


def score(data: LabelledSet, keys: list[str]) -> tuple[int, int, int, int]:
    tp = fp = fn = merged = 0
    items = data.items
    for i, j in combinations(range(len(items)), 2):
        same = items[i].story == items[j].story
        joined = keys[i] == keys[j]
        tp += same and joined
        fp += joined and not same
        fn += same and not joined
        a, b = items[i], items[j]
        if joined and not same and (a.kind in NEGATIVE_KINDS or b.kind in NEGATIVE_KINDS):
            neg, other = (a, b) if a.kind in NEGATIVE_KINDS else (b, a)
            resembles = bool(neg.source) and other.story == neg.source
            sibling = bool(neg.group) and neg.group == other.group
            merged += resembles or sibling
    return tp, fp, fn, merged


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seeds", default="1,2,3")
    parser.add_argument("--set", choices=("dev", "tuned"), default="dev")
    args = parser.parse_args()
    seeds = [int(s) for s in args.seeds.split(",")]
    if args.set == "tuned":
        sets = [build_set(bench_dir(), seed=s) for s in seeds]
    else:
        sets = [build_split_set("dev", s, bench_dir()) for s in seeds]
    print(f"labelled sets: {len(sets)} seeds, {sum(len(s.items) for s in sets)} texts")
    print(f"{'setting':<28}{'P':>7}{'R':>7}{'neg merged':>12}{'time':>8}")
    for name, values in VARIATIONS.items():
        for value in values:
            settings: DedupSettings = replace(DEFAULT_SETTINGS, **{name: value})
            if name == "bands":
                rows = 2 if value == 60 else 3
                settings = replace(settings, num_perm=int(value) * rows)  # type: ignore[call-overload]
            started = time.perf_counter()
            tp = fp = fn = merged = 0
            for data in sets:
                a, b, c, d = score(data, cluster_texts([it.text for it in data.items], settings))
                tp, fp, fn, merged = tp + a, fp + b, fn + c, merged + d
            mark = " *" if getattr(DEFAULT_SETTINGS, name) == value else ""
            print(
                f"{name + '=' + str(value) + mark:<28}{tp / max(tp + fp, 1):>7.3f}"
                f"{tp / max(tp + fn, 1):>7.3f}{merged:>12}{time.perf_counter() - started:>7.1f}s"
            )
    print("* = the default")


if __name__ == "__main__":
    main()
