"""Benchmark: article body from the plain text of a whole web page (select-all + copy).

Every page of the article-extraction dev split is turned into the text a browser copy
would give (``_page_copy.py``: no knowledge of where the article is), cleaned with
``newsroom.normalise.clean_text``, and the body is scored against the true article body
with the benchmark's shingle metric. Also printed: the raw page copy as is ("do nothing"),
jusText alone on the same lines, and a held-out check on synthetic page copies that do not
come from these pages (``_synthetic_pages.py``).

    .venv/bin/python bench/page_copy_f1.py [--worst N] [--show ID]

Needs no network. ``NEWSROOM_BENCH_DIR`` overrides the benchmark directory.
"""

from __future__ import annotations

import argparse
import html
import json
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path

import justext

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _page_copy import page_copy_file
from _synthetic_pages import synthetic_pages
from newsroom.metadata import detect_language
from newsroom.normalise import clean_text, normalise_unicode
from shingle_metric import DocScore, aggregate, doc_counts

DEFAULT_DIR = (
    Path(__file__).resolve().parents[2] / "shared" / "benchmarks" / "article-extraction-dev"
)
_JUSTEXT_NAMES = {"en": "English", "ru": "Russian", "pt": "Portuguese", "id": "Indonesian",
                  "es": "Spanish", "de": "German", "fr": "French", "it": "Italian"}  # fmt: skip


def bench_dir() -> Path:
    return Path(os.environ.get("NEWSROOM_BENCH_DIR", DEFAULT_DIR))


def load_pages(root: Path) -> tuple[dict[str, str], dict[str, str]]:
    """(id -> page copy text, id -> true article body)."""
    truth = json.loads((root / "ground-truth.json").read_text(encoding="utf-8"))
    copies = {k: page_copy_file(root / "html" / f"{k}.html.gz") for k in truth}
    return copies, {k: v["articleBody"] for k, v in truth.items()}


def justext_lines(text: str) -> str:
    """Baseline: jusText's paragraph classifier applied to the page-copy lines."""
    text = normalise_unicode(text)
    lang = detect_language(text, min_probability=0.0) or "en"
    stoplist = justext.get_stoplist(_JUSTEXT_NAMES.get(lang, "English"))
    lines = [ln for ln in text.split("\n") if ln.strip()]
    if not lines:
        return ""
    doc = "<html><body>" + "".join(f"<p>{html.escape(ln)}</p>" for ln in lines) + "</body></html>"
    paragraphs = justext.justext(doc.encode("utf-8"), stoplist)
    return "\n\n".join(p.text for p in paragraphs if not p.is_boilerplate)


def cleaner(text: str) -> str:
    return clean_text(text).body


def run(
    name: str, fn: Callable[[str], str], copies: dict[str, str], truths: dict[str, str]
) -> tuple[dict[str, DocScore], dict[str, str], float]:
    t0 = time.perf_counter()
    outputs = {k: fn(copies[k]) for k in truths}
    elapsed = time.perf_counter() - t0
    docs = {k: doc_counts(outputs[k], truths[k]) for k in truths}
    print(f"{name:<28} {aggregate(list(docs.values()))}  [{elapsed:.2f}s]")
    return docs, outputs, elapsed


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--worst", type=int, default=8, help="how many worst documents to list")
    ap.add_argument("--show", help="print the cleaner's output and removals for this id prefix")
    args = ap.parse_args()

    root = bench_dir()
    copies, truths = load_pages(root)
    print(f"dev pages: {root} ({len(truths)} docs)")
    run("do nothing (raw page copy)", lambda t: t, copies, truths)
    run("jusText alone on lines", justext_lines, copies, truths)
    docs, _, _ = run("newsroom clean_text", cleaner, copies, truths)

    print(f"\nworst {args.worst} documents (F1, P, R, id):")
    for k, d in sorted(docs.items(), key=lambda kv: kv[1].f1)[: args.worst]:
        print(f"  {d.f1:.3f}  P={d.precision:.3f} R={d.recall:.3f}  {k[:16]}")

    held_copies, held_truths = synthetic_pages()
    print(f"\nheld-out synthetic page copies ({len(held_truths)} docs, not from the dev pages):")
    run("do nothing (raw page copy)", lambda t: t, held_copies, held_truths)
    run("jusText alone on lines", justext_lines, held_copies, held_truths)
    held_docs, _, _ = run("newsroom clean_text", cleaner, held_copies, held_truths)
    for k, d in sorted(held_docs.items(), key=lambda kv: kv[1].f1)[:3]:
        print(f"  {d.f1:.3f}  P={d.precision:.3f} R={d.recall:.3f}  {k}")

    if args.show:
        for k in truths:
            if k.startswith(args.show):
                result = clean_text(copies[k])
                print(f"\n=== {k}\nTITLE: {result.title}\nCREDITS: {result.credits}")
                print(f"DATELINE: {result.dateline}\n--- body\n{result.body}\n--- removed")
                for kind, line in result.removed:
                    print(f"  [{kind}] {line[:150]}")


if __name__ == "__main__":
    main()
