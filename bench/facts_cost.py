"""Benchmark: what metadata extraction (``newsroom.facts``) adds to the cost of a document.

Per document of the seeds and the 49 dev benchmark bodies (as plain text): the time of
the whole normalise stage (``pipeline.to_article``: decode, clean, language, dedup keys,
facts) and the time of ``extract_facts`` alone within it. Goal: facts add at most 30 % to
the cost per document of the whole ingest.

    .venv/bin/python bench/facts_cost.py [--repeat 3]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import sys
import time
from pathlib import Path

from newsroom import pipeline
from newsroom.records import RawDocument, utcnow

ROOT = Path(__file__).resolve().parents[1]
BENCH = Path(
    os.environ.get(
        "NEWSROOM_BENCH_DIR", ROOT.parent / "shared" / "benchmarks" / "article-extraction-dev"
    )
)


def documents() -> list[RawDocument]:
    texts = [p.read_bytes() for p in sorted((ROOT / "seeds").glob("*.txt"))]
    truth = json.loads((BENCH / "ground-truth.json").read_text(encoding="utf-8"))
    texts += [v["articleBody"].encode("utf-8") for v in truth.values()]
    return [
        RawDocument(
            f"file:///bench/{i}.txt", "file", t, hashlib.sha256(t).hexdigest(), len(t), utcnow()
        )
        for i, t in enumerate(texts)
    ]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    docs = documents()
    for doc in docs[:3]:  # warm caches: language model, gazetteer
        pipeline.to_article(doc)

    real = pipeline.extract_facts
    spent = 0.0

    def timed(*a, **k):  # type: ignore[no-untyped-def]
        nonlocal spent
        started = time.perf_counter()
        try:
            return real(*a, **k)
        finally:
            spent += time.perf_counter() - started

    best_total = best_facts = float("inf")
    for _ in range(args.repeat):
        spent = 0.0
        pipeline.extract_facts = timed  # type: ignore[assignment]
        started = time.perf_counter()
        for doc in docs:
            pipeline.to_article(doc)
        total = time.perf_counter() - started
        pipeline.extract_facts = real  # type: ignore[assignment]
        if total < best_total:
            best_total, best_facts = total, spent
    without = best_total - best_facts
    print(f"{len(docs)} documents (5 seeds + the dev bodies as text), best of {args.repeat}")
    print(f"normalise stage per document, with facts:    {best_total / len(docs) * 1000:7.2f} ms")
    print(f"  of which extract_facts:                    {best_facts / len(docs) * 1000:7.2f} ms")
    print(f"normalise stage per document, without facts: {without / len(docs) * 1000:7.2f} ms")
    print(f"facts add {best_facts / without:.0%} to the stage (goal for the whole ingest: <= 30%)")
    sys.stdout.flush()


if __name__ == "__main__":
    main()
