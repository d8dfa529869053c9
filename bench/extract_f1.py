"""Benchmark: article body from HTML, on the article-extraction dev split and held out.

Prints, side by side, shingle precision / recall / F1 (the benchmark's metric,
``shingle_metric.py``) and pages per second for: trafilatura with default settings,
trafilatura ``favor_precision`` and ``favor_recall``, newspaper4k (when installed), and
newsroom's :func:`newsroom.extract.extract_html`. First on the 49 dev pages, then on
synthetic HTML pages built from articles that are not in the dev split
(``_synthetic_html.py``), so that a gain on the dev pages can be checked elsewhere.

    .venv/bin/python bench/extract_f1.py [--worst N] [--show ID] [--only NAME]

Needs no network: pages are read from disk and URLs are only passed as ``url=``.
``NEWSROOM_BENCH_DIR`` overrides the benchmark directory.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import sys
import time
import warnings
from collections.abc import Callable
from pathlib import Path

import trafilatura

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _synthetic_html import synthetic_html_pages
from newsroom.extract import extract_html
from shingle_metric import DocScore, aggregate, doc_counts

DEFAULT_DIR = (
    Path(__file__).resolve().parents[2] / "shared" / "benchmarks" / "article-extraction-dev"
)

Extractor = Callable[[str, str], str]


def bench_dir() -> Path:
    return Path(os.environ.get("NEWSROOM_BENCH_DIR", DEFAULT_DIR))


def load_pages(root: Path) -> tuple[dict[str, str], dict[str, str], dict[str, str]]:
    """(id -> HTML, id -> true article body, id -> URL) of the dev split."""
    truth = json.loads((root / "ground-truth.json").read_text(encoding="utf-8"))
    pages = {
        k: gzip.decompress((root / "html" / f"{k}.html.gz").read_bytes()).decode(
            "utf-8", errors="replace"
        )
        for k in truth
    }
    return (
        pages,
        {k: v["articleBody"] for k, v in truth.items()},
        {k: v["url"] for k, v in truth.items()},
    )


def trafilatura_default(html: str, url: str) -> str:
    return trafilatura.extract(html, url=url) or ""


def trafilatura_precision(html: str, url: str) -> str:
    return trafilatura.extract(html, url=url, favor_precision=True) or ""


def trafilatura_recall(html: str, url: str) -> str:
    return trafilatura.extract(html, url=url, favor_recall=True) or ""


def newsroom_extract(html: str, url: str) -> str:
    return extract_html(html, url=url).body


def newspaper4k() -> Extractor | None:
    """newspaper4k's article text, or None when it is not installed (a dev dependency)."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # "nltk is not installed": NLP is not used here
            import newspaper
    except ImportError:
        return None

    def run(html: str, url: str) -> str:
        article = newspaper.Article(url, fetch_images=False)
        article.download(input_html=html)  # parses the given HTML, fetches nothing
        article.parse()
        return str(article.text or "")

    return run


def systems() -> list[tuple[str, Extractor]]:
    out: list[tuple[str, Extractor]] = [
        ("trafilatura defaults", trafilatura_default),
        ("trafilatura favor_precision", trafilatura_precision),
        ("trafilatura favor_recall", trafilatura_recall),
    ]
    np4k = newspaper4k()
    if np4k is not None:
        out.append(("newspaper4k", np4k))
    out.append(("newsroom extract_html", newsroom_extract))
    return out


def run(
    fn: Extractor, pages: dict[str, str], truths: dict[str, str], urls: dict[str, str]
) -> tuple[dict[str, DocScore], dict[str, str], float]:
    fn(next(iter(pages.values())), next(iter(urls.values())))  # warm up (imports, caches)
    t0 = time.perf_counter()
    outputs = {k: fn(pages[k], urls[k]) for k in truths}
    elapsed = time.perf_counter() - t0
    docs = {k: doc_counts(outputs[k], truths[k]) for k in truths}
    return docs, outputs, len(truths) / elapsed


def table(
    title: str,
    chosen: list[tuple[str, Extractor]],
    pages: dict[str, str],
    truths: dict[str, str],
    urls: dict[str, str],
) -> dict[str, dict[str, DocScore]]:
    print(f"\n{title}")
    print(f"  {'system':<28} {'precision':>9} {'recall':>7} {'F1':>7} {'pages/s':>8}")
    results: dict[str, dict[str, DocScore]] = {}
    for name, fn in chosen:
        docs, _, rate = run(fn, pages, truths, urls)
        s = aggregate(list(docs.values()))
        print(f"  {name:<28} {s.precision:>9.4f} {s.recall:>7.4f} {s.f1:>7.4f} {rate:>8.1f}")
        results[name] = docs
    return results


def main() -> None:
    ap = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    ap.add_argument("--worst", type=int, default=8, help="how many worst dev documents to list")
    ap.add_argument("--show", help="print newsroom's body for the dev ids with this prefix")
    ap.add_argument("--only", help="run only the systems whose name contains this")
    args = ap.parse_args()

    chosen = [(n, f) for n, f in systems() if not args.only or args.only in n]
    root = bench_dir()
    pages, truths, urls = load_pages(root)
    results = table(f"dev split: {root} ({len(truths)} pages)", chosen, pages, truths, urls)

    ours = results.get("newsroom extract_html")
    if ours is not None and args.worst:
        print(f"\n  worst {args.worst} dev pages for newsroom (F1, P, R, id):")
        for k, d in sorted(ours.items(), key=lambda kv: kv[1].f1)[: args.worst]:
            print(f"    {d.f1:.3f}  P={d.precision:.3f} R={d.recall:.3f}  {k[:16]}")

    held_pages, held_truths, held_urls = synthetic_html_pages()
    held = table(
        f"held out: synthetic HTML pages, articles not from the dev split ({len(held_truths)})",
        chosen,
        held_pages,
        held_truths,
        held_urls,
    )
    ours = held.get("newsroom extract_html")
    if ours is not None and args.worst:
        print("\n  worst 3 held-out pages for newsroom:")
        for k, d in sorted(ours.items(), key=lambda kv: kv[1].f1)[:3]:
            print(f"    {d.f1:.3f}  P={d.precision:.3f} R={d.recall:.3f}  {k}")

    if args.show:
        for k in truths:
            if k.startswith(args.show):
                print(f"\n=== {k}\n{extract_html(pages[k], url=urls[k]).body}")


if __name__ == "__main__":
    main()
