"""Benchmark: publication dates read from the text of web pages, per language.

Real pages: the HTML pages trafilatura's repository keeps for its tests (``tests/cache``,
``tests/eval``; ``NEWSROOM_EXTRA_PAGES``, as ``_real_corpus.py`` documents) and the 49
dev pages of the article-extraction benchmark (``NEWSROOM_BENCH_DIR``). The truth is the
date the page's own metadata states (``htmldate.find_date`` with ``extensive_search``
off: meta tags, JSON-LD, time elements; pages without one are left out). Each page goes
through ``newsroom ingest`` as a plain-text copy (``_page_copy.page_copy``: what
select-all + copy gives), so only its text can date it, seen today as a file would be.

Per language (as newsroom detects it): pages with a metadata date, and how many of them
newsroom dates right (the same day), wrong, or not at all (a partial date, month and day
without a year, counts as not at all); beside dateparser's own search
(``dateparser.search.search_dates`` over the first 2,000 characters of the same text,
told the language; its first full date), the library that covers most languages.

    .venv/bin/python bench/dates_eval.py [--part untouched|dev|all] [--limit N]

The pages fall in two parts by the dedup split's fixed hash of their ids
(``_dedup_split.part_of``): develop on ``dev``, report ``untouched`` (the default).

``--corpus languages`` reads the per-language corpus instead (``_language_corpus.py``:
news pages of 28 languages, built by ``get_language_corpus.py``), in its own parts:
``--part develop`` or ``report`` (``untouched`` means ``report`` there, ``dev``
``develop``); the rows are then the corpus's languages, not the detected ones.
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import os
import sys
import time
import warnings
from collections import Counter, defaultdict
from datetime import UTC, date, datetime
from pathlib import Path

from _dedup_split import part_of
from _page_copy import decode_html, page_copy
from _real_corpus import DEFAULT_EXTRA
from newsroom.pipeline import to_article
from newsroom.records import Article, RawDocument

ROOT = Path(__file__).resolve().parents[1]
DEV = Path(
    os.environ.get("NEWSROOM_BENCH_DIR", ROOT.parent / "shared/benchmarks/article-extraction-dev")
)


def pages() -> list[tuple[str, str]]:
    extra = Path(os.environ.get("NEWSROOM_EXTRA_PAGES", DEFAULT_EXTRA))
    out = [
        (f"traf-{p.stem[:40]}", decode_html(p.read_bytes())) for p in sorted(extra.rglob("*.htm*"))
    ]
    for path in sorted((DEV / "html").glob("*.html.gz")):
        key = path.name.removesuffix(".html.gz")
        out.append((f"dev-{key[:12]}", decode_html(gzip.decompress(path.read_bytes()))))
    return out


def metadata_date(html: str) -> date | None:
    import htmldate

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            found = htmldate.find_date(html, extensive_search=False, original_date=True)
        except Exception:  # a page htmldate cannot read has no truth
            return None
    return date.fromisoformat(found) if found else None


def newsroom_date(text: str, seen: datetime) -> tuple[date | None, str | None]:
    data = text.encode("utf-8")
    doc = RawDocument("file:///bench/page.txt", "file", data, hashlib.sha256(data).hexdigest(),
                      len(data), seen, fetched_at=seen)  # fmt: skip
    article = to_article(doc)
    if not isinstance(article, Article):
        return None, None
    published = article.published_at
    return (published.date() if published else None), article.language


def dateparser_date(text: str, language: str | None) -> date | None:
    from dateparser.search import search_dates

    languages = [language] if language else None
    try:
        found = search_dates(
            text[:2000], languages=languages,
            settings={"REQUIRE_PARTS": ["day", "month", "year"], "PREFER_DATES_FROM": "past"},
        )  # fmt: skip
    except Exception:  # dateparser's own failures: no date
        return None
    return found[0][1].date() if found else None


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--limit", type=int, default=0, help="at most N pages (0: all)")
    ap.add_argument(
        "--part", choices=("untouched", "dev", "all", "develop", "report"), default="untouched"
    )
    ap.add_argument("--corpus", choices=("pages", "languages"), default="pages")
    args = ap.parse_args()
    labels: dict[str, str] = {}  # page -> its corpus language (--corpus languages)
    if args.corpus == "languages":
        from _language_corpus import load_pages as language_pages

        part = {"untouched": "report", "dev": "develop", "all": None}.get(args.part, args.part)
        found = []
        for page in language_pages(part):
            found.append((page.id, page.html))
            labels[page.id] = page.language
    else:
        found = [(i, html) for i, html in pages() if args.part in ("all", part_of(i))]
    if not found:
        print("no pages: see the docstring for NEWSROOM_EXTRA_PAGES", file=sys.stderr)
        return 2
    if args.limit:
        found = found[: args.limit]
    seen = datetime.now(UTC)
    tally: dict[str, Counter[str]] = defaultdict(Counter)
    spent = Counter[str]()
    for key, html in found:
        truth = metadata_date(html)
        if truth is None:
            continue
        text = page_copy(html)
        t0 = time.perf_counter()
        ours, language = newsroom_date(text, seen)
        spent["newsroom"] += time.perf_counter() - t0
        t0 = time.perf_counter()
        theirs = dateparser_date(text, language)
        spent["dateparser"] += time.perf_counter() - t0
        row = tally[labels.get(key) or language or "unknown"]
        row["pages"] += 1
        for name, value in (("newsroom", ours), ("dateparser", theirs)):
            row[
                f"{name} " + ("none" if value is None else "right" if value == truth else "wrong")
            ] += 1
    print(
        f"part {args.part}: {len(found)} pages read, load {os.getloadavg()[0]:.1f};"
        " dates from metadata as truth\n"
    )
    heads = f"{'newsroom right/wrong/none':>26}   {'dateparser right/wrong/none':>28}"
    print(f"{'language':<10}{'pages':>6}   {heads}")
    total: Counter[str] = Counter()
    for language, row in sorted(tally.items(), key=lambda kv: -kv[1]["pages"]):
        total.update(row)
        print(f"{language:<10}{_cells(row)}")
    print(f"{'all':<10}{_cells(total)}")
    print(f"\ntime: newsroom's whole text path {spent['newsroom']:.1f} s (cleaning, facts, all),"
          f" dateparser's search alone {spent['dateparser']:.1f} s")  # fmt: skip
    return 0


def _cells(row: Counter[str]) -> str:
    n = row["pages"]
    cells = []
    for name in ("newsroom", "dateparser"):
        r, w, z = (row[f"{name} {k}"] for k in ("right", "wrong", "none"))
        cells.append(f"{r:>5} ({r / n:>4.0%}) / {w:>3} / {z:>4}")
    return f"{n:>6}   {cells[0]:>26}   {cells[1]:>28}"


if __name__ == "__main__":
    sys.exit(main())
