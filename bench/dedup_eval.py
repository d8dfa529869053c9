"""Benchmark: near-duplicate story clustering on labelled sets.

Sets (``--set``):

untouched (the default) and dev
    ``_dedup_split.py``: real bodies (the 49 dev pages' ground truth, the seeds, and the
    pages trafilatura keeps for its tests; ``_real_corpus.py``) split by a fixed hash of
    their ids into a development part and an untouched part. From one part and a seed:
    48 English originals, seven copies each (typography, another page's real chrome, 3 %
    of words reversed or upper-cased, the last 10 % cut, a teaser, mojibake, a new lead
    and close) and hard negatives (the same template with other facts, another story's
    second half quoting two paragraphs, a shared lead over other reporting, two short
    stories in one page's real chrome). Figures for newsroom are reported on the
    untouched part; rules are developed on the dev part. ``--errors`` (which lists the
    failures) is refused on the untouched part.
tuned
    ``_dedup_set.py``: the set the rules of 8aa47ae and before were developed on (its
    originals are the dev pages and seeds themselves).

Every text goes through ``newsroom.normalise.clean_text(...).body``, as in the pipeline,
and each system clusters those clean bodies. Several seeds (``--seeds 1,2,3``): each
seed's figures, then all seeds pooled.

Printed: pairwise precision / recall / F1 of same-story pairs over all pairs of texts,
recall by variant kind (the share of variants put in their original's cluster), and
hard-negative pairs merged by kind (a negative made from an original with that
original; short_in_chrome and the old set's templated texts with their siblings). The
goal for newsroom: P >= 0.99, R >= 0.97, no hard negative merged.

Systems, side by side:

newsroom
    ``newsroom.dedup.cluster_texts(texts) -> list[str]`` (a story key per text).

datatrove, text-dedup (the defaults)
    The libraries themselves: datatrove's MinHash steps at ``MinhashConfig()`` defaults,
    and text-dedup's settings on datasketch's MinHash-LSH (``_dedup_libs.py``, dev
    dependencies).

datatrove-reimpl, text-dedup-reimpl (``--only``; the figures before the libraries ran)

datatrove MinHash (plain: LSH band collisions, union-find, no verification)
    Defaults of ``MinhashConfig`` in huggingface/datatrove
    ``src/datatrove/pipeline/dedup/minhash.py`` (main, 2025): n_grams=5, num_buckets=14,
    hashes_per_bucket=8 (112 hashes; threshold ~ (1/14)^(1/8) = 0.72), seed=1,
    ``HashConfig()`` = 64-bit precision; text normalised by ``simplify_text`` with
    ``TextNormConfig()`` defaults (``src/datatrove/utils/text.py``: lowercase, collapse
    whitespace, drop the PUNCTUATION set, strip diacritics after NFD, every digit run ->
    "0"), English word tokenizer, then word 5-grams joined by spaces. Permutations
    ``(h * a + b) mod (2^61 - 1)`` in uint64 with a, b from ``np.random.RandomState(1)``, as
    in ``MinhashDedupSignature``; documents with no 5-gram get no signature.
    Re-implemented here, not imported, with two substitutions: datatrove's default base hash
    is xxhash64 (the ``xxhash`` package is not installed), so the shingle is hashed with
    datatrove's other option, sha1 -> 64 bits (``sha1_hash64``); and NLTK's English
    ``word_tokenize`` is approximated by ``\\w+`` runs plus single leftover symbols (after
    ``simplify_text`` almost no punctuation is left for NLTK to split off).

text-dedup MinHash (plain)
    Defaults of ChenghaoMou/text-dedup's ``python -m text_dedup.minhash`` (v0.3.x,
    ``text_dedup/utils/add_args.py``: ngram=5, min_length=5, seed=42, num_perm=256,
    threshold=0.7, hash_func=sha1, hash_bits=64), bands x rows from its
    ``optimal_param(0.7, 256)`` (datasketch's weighted false-positive / false-negative
    areas, weights 0.5/0.5) = 25 x 10. Tokens ``re.split(r"\\W", text)`` (empty tokens
    kept, as there), 5-grams joined by spaces and lower-cased, unique; 32-bit sha1 of each
    (``sha1_hash(d=32)``), permuted ``(h * a + b) mod (2^61 - 1) & (2^32 - 1)`` in uint64
    with (a, b) drawn pairwise from ``np.random.RandomState(42)``; a document with fewer
    than 5 tokens gets the all-max signature, as there. Re-implemented here (the package
    needs ``datasets`` and scipy); the integral in ``optimal_param`` is done with Simpson's
    rule instead of ``scipy.integrate.quad``. (The 2025 rewrite of text-dedup has no CLI
    defaults for num_perm / threshold; its example ``config.toml`` uses 112 / 0.7 / 5-grams.)

    .venv/bin/python bench/dedup_eval.py [--set untouched|dev|tuned] [--seeds 1,2,3]
        [--language de]   # the split set in another language (default en)
        [--only newsroom|datatrove|text-dedup|datatrove-reimpl|text-dedup-reimpl]
        [--errors N] [--check]

Needs no network. ``NEWSROOM_BENCH_DIR`` overrides the benchmark directory.
"""

from __future__ import annotations

import argparse
import hashlib
import re
import struct
import sys
import time
import traceback
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache
from itertools import combinations
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _dedup_set import NEGATIVE_KINDS, VARIANT_KINDS, Item, LabelledSet, bench_dir, build_set

GOAL_P, GOAL_R = 0.99, 0.97
_MERSENNE = np.uint64((1 << 61) - 1)
_MAX32 = np.uint64((1 << 32) - 1)


# --------------------------------------------------------------------------- clustering


def _union_find_keys(n: int, buckets: dict[object, list[int]]) -> list[str]:
    """Clusters of texts that share a bucket (the union-find of ``_dedup_libs``)."""
    from _dedup_libs import union_find

    return union_find(n, [(m[0], x) for m in buckets.values() for x in m[1:]])


def _lsh_cluster(signatures: list[np.ndarray | None], bands: int, rows: int) -> list[str]:
    """Plain MinHash-LSH: same band -> same cluster (union-find), no verification."""
    buckets: dict[object, list[int]] = defaultdict(list)
    for i, sig in enumerate(signatures):
        if sig is None:
            continue
        for b in range(bands):
            buckets[(b, sig[b * rows : (b + 1) * rows].tobytes())].append(i)
    return _union_find_keys(len(signatures), buckets)


# --------------------------------------------------------------------------- datatrove

# datatrove.utils.text.PUNCTUATION
_DT_PUNCTUATION = (
    "!/—”:％１〈&(、━\\【#%「」，】；+^]~“《„';’{|∶´[=-`*．（–？！：$～«〉,><》)?）。…@_.\"}►»"
    + "".join(
        map(chr, (x for a, b in ((0, 9), (11, 13), (13, 32), (127, 160)) for x in range(a, b)))
    )
)
_DT_TABLE = str.maketrans("", "", _DT_PUNCTUATION)
_DT_TOKEN = re.compile(r"\w+|[^\w\s]")
DT_NGRAMS, DT_BUCKETS, DT_PER_BUCKET, DT_SEED = 5, 14, 8, 1


def datatrove_simplify(text: str) -> str:
    """``datatrove.utils.text.simplify_text`` with the default ``TextNormConfig``."""
    text = text.lower()
    text = re.sub(r"\s+", " ", text.strip())
    text = text.translate(_DT_TABLE)
    text = "".join(c for c in unicodedata.normalize("NFD", text) if unicodedata.category(c) != "Mn")
    text = re.sub(r"\d+", "0", text)
    return text.strip()


@cache
def _dt_params() -> tuple[np.ndarray, np.ndarray]:
    gen = np.random.RandomState(DT_SEED)
    n = DT_BUCKETS * DT_PER_BUCKET
    a = gen.randint(1, _MERSENNE, dtype=np.uint64, size=(1, n))
    b = gen.randint(0, _MERSENNE, dtype=np.uint64, size=(1, n))
    return a, b


def datatrove_signature(text: str) -> np.ndarray | None:
    tokens = _DT_TOKEN.findall(datatrove_simplify(text))
    grams = [" ".join(tokens[i : i + DT_NGRAMS]) for i in range(len(tokens) - DT_NGRAMS + 1)]
    if not grams:
        return None
    shingles = np.fromiter(
        (struct.unpack("<Q", hashlib.sha1(g.encode("utf-8")).digest()[:8])[0] for g in grams),
        dtype=np.uint64,
        count=len(grams),
    ).reshape((-1, 1))
    a, b = _dt_params()
    with np.errstate(over="ignore"):
        phv = (shingles * a + b) % _MERSENNE
    return np.min(phv, axis=0)


def datatrove_minhash(texts: Sequence[str]) -> list[str]:
    return _lsh_cluster([datatrove_signature(t) for t in texts], DT_BUCKETS, DT_PER_BUCKET)


# --------------------------------------------------------------------------- text-dedup

TD_NGRAM, TD_MIN_LENGTH, TD_SEED, TD_NUM_PERM, TD_THRESHOLD = 5, 5, 42, 256, 0.7
_TD_NON_ALPHA = re.compile(r"\W", re.UNICODE)


def optimal_param(
    threshold: float, num_perm: int, fp_weight: float = 0.5, fn_weight: float = 0.5
) -> tuple[int, int]:
    """text-dedup's / datasketch's ``optimal_param`` (bands, rows)."""

    def integral(f: Callable[[np.ndarray], np.ndarray], lo: float, hi: float) -> float:
        x = np.linspace(lo, hi, 2001)  # Simpson's rule, 2000 intervals
        y = f(x)
        h = (hi - lo) / 2000
        return float(h / 3 * (y[0] + y[-1] + 4 * y[1:-1:2].sum() + 2 * y[2:-1:2].sum()))

    best, opt = float("inf"), (0, 0)
    for b in range(1, num_perm + 1):
        for r in range(1, num_perm // b + 1):
            fp = integral(lambda s, b=b, r=r: 1 - (1 - s**r) ** b, 0.0, threshold)
            fn = integral(lambda s, b=b, r=r: 1 - (1 - (1 - s**r) ** b), threshold, 1.0)
            err = fp * fp_weight + fn * fn_weight
            if err < best:
                best, opt = err, (b, r)
    return opt


@cache
def _td_params() -> tuple[np.ndarray, np.ndarray, int, int]:
    rng = np.random.RandomState(TD_SEED)
    perms = np.array(
        [
            (
                rng.randint(1, _MERSENNE, dtype=np.uint64),
                rng.randint(0, _MERSENNE, dtype=np.uint64),
            )
            for _ in range(TD_NUM_PERM)
        ],
        dtype=np.uint64,
    ).T
    bands, rows = optimal_param(TD_THRESHOLD, TD_NUM_PERM)
    return perms[0], perms[1], bands, rows


def textdedup_signature(text: str) -> np.ndarray:
    a, b, _, _ = _td_params()
    tokens = _TD_NON_ALPHA.split(text)
    if len(tokens) < TD_MIN_LENGTH:
        grams: set[str] = set()
    elif len(tokens) < TD_NGRAM:
        grams = {" ".join(tokens).lower()}
    else:
        grams = {
            " ".join(tokens[i : i + TD_NGRAM]).lower() for i in range(len(tokens) - TD_NGRAM + 1)
        }
    hv = np.array(
        [struct.unpack("<I", hashlib.sha1(g.encode()).digest()[:4])[0] for g in grams],
        dtype=np.uint64,
    ).reshape((-1, 1))
    with np.errstate(over="ignore"):
        phv = np.bitwise_and((hv * a + b) % _MERSENNE, _MAX32)
    masks = np.full((1, TD_NUM_PERM), _MAX32, dtype=np.uint64)
    return np.vstack([phv, masks]).min(axis=0)


def textdedup_minhash(texts: Sequence[str]) -> list[str]:
    _, _, bands, rows = _td_params()
    return _lsh_cluster([textdedup_signature(t) for t in texts], bands, rows)


# --------------------------------------------------------------------------- newsroom


def newsroom_system() -> tuple[Callable[[Sequence[str]], list[str]] | None, str]:
    try:
        from newsroom.dedup import cluster_texts
    except Exception as exc:  # ImportError, or an error while importing the module
        return None, f"newsroom.dedup.cluster_texts could not be imported: {exc!r}"
    return cluster_texts, ""


# --------------------------------------------------------------------------- metrics


def _pairs(counter: Counter) -> int:
    return sum(c * (c - 1) // 2 for c in counter.values())


@dataclass
class Scores:
    precision: float
    recall: float
    f1: float
    tp: int
    fp: int
    fn: int
    recall_by_kind: dict[str, tuple[int, int]]  # kind -> (joined, total)
    merged_by_kind: dict[str, tuple[int, int]]  # kind -> (merged pairs, pairs)
    fp_by_kinds: Counter[tuple[str, str]]
    fn_by_kinds: Counter[tuple[str, str]]


def negative_pairs(items: Sequence[Item], index: dict[str, int]) -> list[tuple[str, int, int]]:
    """(kind, i, j) for every hard-negative pair: with the original it resembles, or with
    its siblings."""
    out: list[tuple[str, int, int]] = []
    groups: dict[tuple[str, str], list[int]] = defaultdict(list)
    for i, it in enumerate(items):
        if it.kind in NEGATIVE_KINDS and it.source in index:
            out.append((it.kind, i, index[it.source]))
        elif it.kind in NEGATIVE_KINDS and it.group:
            groups[(it.kind, it.group)].append(i)
    for (kind, _), members in groups.items():
        out += [(kind, i, j) for i, j in combinations(members, 2)]
    return out


def score(keys: Sequence[str], data: LabelledSet) -> Scores:
    items = data.items
    labels = [it.story for it in items]
    same_pred = _pairs(Counter(keys))
    same_true = _pairs(Counter(labels))
    tp = _pairs(Counter(zip(keys, labels, strict=True)))
    fp, fn = same_pred - tp, same_true - tp
    p = tp / same_pred if same_pred else 1.0
    r = tp / same_true if same_true else 1.0
    f1 = 2 * p * r / (p + r) if p + r else 0.0

    recall_by_kind: dict[str, tuple[int, int]] = {}
    for kind in VARIANT_KINDS:
        idx = [i for i, it in enumerate(items) if it.kind == kind]
        joined = sum(keys[i] == keys[data.original_index[items[i].source]] for i in idx)
        recall_by_kind[kind] = (joined, len(idx))

    merged: dict[str, list[int]] = {k: [0, 0] for k in NEGATIVE_KINDS}
    for kind, i, j in negative_pairs(items, data.original_index):
        merged[kind][1] += 1
        merged[kind][0] += keys[i] == keys[j]

    # Which kinds of texts the wrong merges and the misses are between.
    by_key: dict[str, list[int]] = defaultdict(list)
    for i, k in enumerate(keys):
        by_key[k].append(i)
    fp_by: Counter[tuple[str, str]] = Counter()
    for members in by_key.values():
        if len(members) > 400:  # a giant cluster: count it without listing every pair
            fp_by[("(giant cluster)", str(len(members)))] += 1
            continue
        for i, j in combinations(members, 2):
            if labels[i] != labels[j]:
                fp_by[tuple(sorted((items[i].kind, items[j].kind)))] += 1  # type: ignore[misc]
    by_label: dict[str, list[int]] = defaultdict(list)
    for i, lab in enumerate(labels):
        by_label[lab].append(i)
    fn_by: Counter[tuple[str, str]] = Counter()
    for members in by_label.values():
        for i, j in combinations(members, 2):
            if keys[i] != keys[j]:
                fn_by[tuple(sorted((items[i].kind, items[j].kind)))] += 1  # type: ignore[misc]
    return Scores(
        p,
        r,
        f1,
        tp,
        fp,
        fn,
        recall_by_kind,
        {k: (v[0], v[1]) for k, v in merged.items()},
        fp_by,
        fn_by,
    )


# --------------------------------------------------------------------------- report


def _frac(a: int, b: int) -> str:
    return f"{a / b:.3f} ({a}/{b})" if b else "-"


def print_report(data: LabelledSet, results: dict[str, tuple[Scores, float]]) -> None:
    counts = data.counts()
    n = len(data.items)
    n_var = sum(counts[k] for k in VARIANT_KINDS)
    n_neg = sum(counts[k] for k in NEGATIVE_KINDS)
    same = _pairs(Counter(it.story for it in data.items))
    print(
        f"Labelled set: {n} texts = {counts['original']} originals + {n_var} same-story "
        f"variants + {n_neg} hard negatives; {n * (n - 1) // 2} pairs, {same} same-story."
    )
    print("  variants: " + ", ".join(f"{k} {counts[k]}" for k in VARIANT_KINDS))
    print("  negatives: " + ", ".join(f"{k} {counts[k]}" for k in NEGATIVE_KINDS))
    lost = sum(it.note == "story lost by clean_text" for it in data.items)
    if lost:
        print(
            f"  {lost} of {counts['short_in_chrome']} short_in_chrome bodies lost their story "
            "in clean_text (only site chrome left): a cleaner miss no dedup can undo"
        )
    if data.excluded:
        print(f"  left out: {'; '.join(f'{a} ({b})' for a, b in data.excluded)}")
    print()

    names = list(results)
    w = max(24, *(len(s) for s in names))
    head = f"{'system':<{w}} {'P':>6} {'R':>6} {'F1':>6} {'TP':>5} {'FP':>6} {'FN':>5} "
    print(head + f"{'neg. merged':>11} {'time':>7}")
    for name, (s, secs) in results.items():
        neg = sum(m for m, _ in s.merged_by_kind.values())
        tot = sum(t for _, t in s.merged_by_kind.values())
        print(
            f"{name:<{w}} {s.precision:6.3f} {s.recall:6.3f} {s.f1:6.3f} {s.tp:5d} {s.fp:6d} "
            f"{s.fn:5d} {f'{neg}/{tot}':>11} {secs:6.1f}s"
        )
    print()
    cw = max(18, *(len(s) + 2 for s in names))
    print(f"{'recall by variant kind':<24}" + "".join(f"{s:>{cw}}" for s in names))
    for kind in VARIANT_KINDS:
        row = "".join(f"{_frac(*results[s][0].recall_by_kind[kind]):>{cw}}" for s in names)
        print(f"  {kind:<22}" + row)
    print()
    print(f"{'hard negatives merged':<24}" + "".join(f"{s:>{cw}}" for s in names))
    for kind in NEGATIVE_KINDS:
        pairs = [results[s][0].merged_by_kind[kind] for s in names]
        row = "".join(f"{f'{m}/{t}':>{cw}}" for m, t in pairs)
        print(f"  {kind:<22}" + row)
    print("  (pairs: shared_lead/quotes with the original they resemble; short_in_chrome and")
    print("   templated with their siblings)")


def print_errors(name: str, s: Scores, limit: int) -> None:
    print(f"\n{name}: wrong merges (FP pairs) by the kinds of the two texts")
    for kinds, c in s.fp_by_kinds.most_common(limit):
        print(f"  {c:6d}  {' + '.join(kinds)}")
    print(f"{name}: missed same-story pairs (FN) by kinds")
    for kinds, c in s.fn_by_kinds.most_common(limit):
        print(f"  {c:6d}  {' + '.join(kinds)}")


SYSTEMS = ("newsroom", "datatrove", "text-dedup", "datatrove-reimpl", "text-dedup-reimpl")
DEFAULT_SYSTEMS = ("newsroom", "datatrove", "text-dedup")


def _systems(chosen: Sequence[str]) -> tuple[dict[str, Callable[[Sequence[str]], list[str]]], str]:
    from _dedup_libs import (
        datasketch_available,
        datatrove_available,
        datatrove_library,
        textdedup_bands,
        textdedup_datasketch,
    )

    systems: dict[str, Callable[[Sequence[str]], list[str]]] = {}
    problem = ""
    if "newsroom" in chosen:
        fn, problem = newsroom_system()
        if fn is None:
            print(f"NOTE: {problem}; the newsroom row is missing.")
        else:
            systems["newsroom"] = fn
    if "datatrove" in chosen:
        if missing := datatrove_available():
            print(f"NOTE: {missing}; the datatrove row is missing (try datatrove-reimpl).")
        else:
            systems["datatrove 0.10 MinHash defaults"] = datatrove_library
    if "text-dedup" in chosen:
        if missing := datasketch_available():
            print(f"NOTE: {missing}; the text-dedup row is missing (try text-dedup-reimpl).")
        else:
            bands, rows = textdedup_bands()
            systems[f"datasketch LSH, text-dedup settings ({bands}x{rows})"] = textdedup_datasketch
    if "datatrove-reimpl" in chosen:
        systems[f"datatrove re-impl. ({DT_NGRAMS}g {DT_BUCKETS}x{DT_PER_BUCKET})"] = (
            datatrove_minhash
        )
    if "text-dedup-reimpl" in chosen:
        _, _, bands, rows = _td_params()
        systems[f"text-dedup re-impl. ({TD_NGRAM}g {bands}x{rows})"] = textdedup_minhash
    return systems, problem


def _run(
    data: LabelledSet, systems: dict[str, Callable[[Sequence[str]], list[str]]]
) -> tuple[dict[str, tuple[Scores, float]], str]:
    texts = [it.text for it in data.items]
    results: dict[str, tuple[Scores, float]] = {}
    problem = ""
    for name, fn in systems.items():
        t1 = time.perf_counter()
        try:
            keys = list(fn(texts))
        except Exception:
            problem = f"{name} failed:\n{traceback.format_exc()}"
            print(f"NOTE: {problem}")
            continue
        if len(keys) != len(texts):
            problem = f"{name} returned {len(keys)} keys for {len(texts)} texts"
            print(f"NOTE: {problem}")
            continue
        results[name] = (score(keys, data), time.perf_counter() - t1)
    return results, problem


def print_pooled(per_seed: dict[int, dict[str, tuple[Scores, float]]]) -> None:
    """Every seed's P, R and merges, then all seeds pooled (pairs summed)."""
    names = list(next(iter(per_seed.values())))
    print("\nper seed: P / R / hard negatives merged")
    w = max(24, *(len(s) for s in names))
    for name in names:
        cells = []
        for seed, results in per_seed.items():
            if name in results:
                sc = results[name][0]
                neg = sum(m for m, _ in sc.merged_by_kind.values())
                cells.append(f"seed {seed}: {sc.precision:.3f} / {sc.recall:.3f} / {neg}")
        print(f"  {name:<{w}} " + "; ".join(cells))
    print("\nall seeds pooled (pairs summed)")
    cw = max(18, *(len(s) + 2 for s in names))
    print(f"{'':<24}" + "".join(f"{s:>{cw}}" for s in names))

    def pooled(name: str) -> tuple[int, int, int, dict[str, list[int]], dict[str, list[int]]]:
        tp = fp = fn = 0
        rec: dict[str, list[int]] = {k: [0, 0] for k in VARIANT_KINDS}
        neg: dict[str, list[int]] = {k: [0, 0] for k in NEGATIVE_KINDS}
        for results in per_seed.values():
            if name not in results:
                continue
            sc = results[name][0]
            tp, fp, fn = tp + sc.tp, fp + sc.fp, fn + sc.fn
            for k, (a, b) in sc.recall_by_kind.items():
                rec[k][0] += a
                rec[k][1] += b
            for k, (a, b) in sc.merged_by_kind.items():
                neg[k][0] += a
                neg[k][1] += b
        return tp, fp, fn, rec, neg

    pools = {name: pooled(name) for name in names}
    row_p = "".join(
        f"{(t / (t + f) if t + f else 1.0):>{cw}.3f}" for t, f, _, _, _ in pools.values()
    )
    row_r = "".join(
        f"{(t / (t + n) if t + n else 1.0):>{cw}.3f}" for t, _, n, _, _ in pools.values()
    )
    print(f"  {'P':<22}" + row_p)
    print(f"  {'R':<22}" + row_r)
    print("  recall by variant kind")
    for kind in VARIANT_KINDS:
        print(f"    {kind:<20}" + "".join(f"{_frac(*p[3][kind]):>{cw}}" for p in pools.values()))
    print("  hard negatives merged")
    for kind in NEGATIVE_KINDS:
        print(
            f"    {kind:<20}"
            + "".join(f"{f'{p[4][kind][0]}/{p[4][kind][1]}':>{cw}}" for p in pools.values())
        )


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument(
        "--set",
        choices=("untouched", "dev", "tuned"),
        default="untouched",
        help="untouched: the report part of the split set (default); dev: its development "
        "part; tuned: the old set the rules were developed on",
    )
    ap.add_argument("--seeds", default="1,2,3", help="seeds of the set, comma-separated")
    ap.add_argument(
        "--language",
        default="en",
        help="the split set's language (ISO 639-1, as py3langid detects it; default en)",
    )
    ap.add_argument("--only", choices=SYSTEMS, action="append", help="run only these systems")
    ap.add_argument("--errors", type=int, default=0, metavar="N", help="show N error groups")
    ap.add_argument("--check", action="store_true", help="exit 1 unless newsroom meets the goal")
    args = ap.parse_args(argv)
    if args.errors and args.set == "untouched":
        print("--errors is refused on the untouched part: its failures are not read one by one")
        return 2

    root = bench_dir()
    if not (root / "ground-truth.json").is_file():
        print(f"no benchmark at {root} (set NEWSROOM_BENCH_DIR)", file=sys.stderr)
        return 2
    systems, problem = _systems(args.only or list(DEFAULT_SYSTEMS))
    per_seed: dict[int, dict[str, tuple[Scores, float]]] = {}
    for seed in [int(x) for x in args.seeds.split(",")]:
        t0 = time.perf_counter()
        if args.set == "tuned":
            data = build_set(root, seed=seed)
        else:
            from _dedup_split import build_split_set

            data = build_split_set(args.set, seed, root, language=args.language)
        print(
            f"\n=== set {args.set!r}, language {args.language}, seed {seed}"
            f" (built in {time.perf_counter() - t0:.1f}s)"
        )
        results, problem = _run(data, systems)
        if not results:
            return 1
        print_report(data, results)
        if args.errors:
            for name, (sc, _) in results.items():
                print_errors(name, sc, args.errors)
        per_seed[seed] = results
    print(
        "\n(datatrove and datasketch rows: the libraries themselves, see _dedup_libs.py; "
        "'re-impl.' rows: this file's re-implementations)"
    )
    print_pooled(per_seed)

    if all("newsroom" in r for r in per_seed.values()):
        ok = True
        for results in per_seed.values():
            sc = results["newsroom"][0]
            merged = sum(m for m, _ in sc.merged_by_kind.values())
            ok = ok and sc.precision >= GOAL_P and sc.recall >= GOAL_R and merged == 0
        print(
            f"\nnewsroom goal on every seed (P >= {GOAL_P}, R >= {GOAL_R}, no hard negative "
            f"merged): {'MET' if ok else 'NOT MET'}"
        )
        if args.check and not ok:
            return 1
    elif args.check:
        print(f"\n--check: no newsroom result ({problem or 'not run'})")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
