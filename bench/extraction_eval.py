"""Benchmark: article body and title from HTML on the extraction development corpus.

Prints, per dataset of one part of the corpus (``_extraction_corpus.py``; ``untouched`` by
default, the part nobody tuned on), side by side for newsroom's ``extract_html``,
trafilatura with default settings and trafilatura ``favor_precision``: body F1 (shingle
precision / recall / F1, ``shingle_metric.py``), titles right, and milliseconds per page.
Then the same on the 49 article-extraction dev pages, which newsroom WAS tuned on.

A title is right when its words match the true title at word-F1 >= 0.8 (the corpus's own
title where it has one, else the page's og:title, else its h1; pages with none are not
counted). Two columns: titles against a labelled headline or og:title, and titles
against the h1 stand-in, which on blogs is the blog's name rather than the post's.
trafilatura's title is its metadata search's (``trafilatura.extract_metadata``),
run outside the timing: the time is ``trafilatura.extract``'s, as the speed goal compares.

Timing: each page goes through every system in turn (the order rotating page by page),
so machine load falls on all of them alike; the total per system is divided by pages.

    .venv/bin/python bench/extraction_eval.py [--part untouched|dev] [--limit N]
        [--datasets a,b] [--worst N (dev part only)] [--no-dev49]

Reads only local files: the corpus from ``NEWSROOM_EXTRACTION_DIR`` (exits non-zero
when it is missing; build it with ``get_extraction_corpus.py``) and the 49 dev pages from
``NEWSROOM_BENCH_DIR`` (see ``extract_f1.py``).
"""

from __future__ import annotations

import argparse
import os
import re
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

import trafilatura

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _extraction_corpus import DATASETS, CorpusPage, load_pages, page_title, title_source
from extract_f1 import bench_dir
from extract_f1 import load_pages as load_dev49
from newsroom.extract import extract_html
from shingle_metric import DocScore, aggregate, doc_counts

TITLE_F1 = 0.8
_WORD = re.compile(r"\w+")

# name -> (html, url) -> (body, title or None when the title is found outside the timing)
System = Callable[[str, str | None], tuple[str, str | None]]


def newsroom(html: str, url: str | None) -> tuple[str, str | None]:
    found = extract_html(html, url=url)
    return found.body, found.title


def trafilatura_defaults(html: str, url: str | None) -> tuple[str, str | None]:
    return trafilatura.extract(html, url=url) or "", None


def trafilatura_precision(html: str, url: str | None) -> tuple[str, str | None]:
    return trafilatura.extract(html, url=url, favor_precision=True) or "", None


SYSTEMS: dict[str, System] = {
    "newsroom": newsroom,
    "trafilatura defaults": trafilatura_defaults,
    "trafilatura favor_precision": trafilatura_precision,
}


def trafilatura_title(html: str) -> str | None:
    meta = trafilatura.extract_metadata(html)
    return getattr(meta, "title", None)


def title_f1(found: str | None, truth: str) -> float:
    a = Counter(_WORD.findall((found or "").lower()))
    b = Counter(_WORD.findall(truth.lower()))
    common = sum((a & b).values())
    if not common:
        return 0.0
    p, r = common / sum(a.values()), common / sum(b.values())
    return 2 * p * r / (p + r)


@dataclass
class Tally:
    docs: dict[str, DocScore] = field(default_factory=dict)
    titles_right: int = 0
    titles_scored: int = 0
    h1_right: int = 0
    h1_scored: int = 0
    seconds: float = 0.0
    wrong_titles: list[tuple[str, str, str]] = field(default_factory=list)


def evaluate(
    pages: Iterable[CorpusPage], systems: dict[str, System]
) -> dict[str, dict[str, Tally]]:
    """dataset -> system -> tally; every page through every system, order rotating."""
    out: dict[str, dict[str, Tally]] = defaultdict(lambda: {n: Tally() for n in systems})
    names = list(systems)
    sources: dict[str, str | None] = {}
    for n, page in enumerate(pages):
        sources[page.id] = title_source(page)
        theirs: list[str | None] = []  # trafilatura's title, searched once a page
        order = names[n % len(names) :] + names[: n % len(names)]
        for name in order:
            t0 = time.perf_counter()
            body, title = systems[name](page.html, None)
            tally = out[page.dataset][name]
            tally.seconds += time.perf_counter() - t0
            tally.docs[page.id] = doc_counts(body, page.gold_body)
            if page.gold_title:
                if title is None:
                    theirs = theirs or [trafilatura_title(page.html)]
                    title = theirs[0]
                right = title_f1(title, page.gold_title) >= TITLE_F1
                if sources[page.id] == "h1":
                    tally.h1_scored += 1
                    tally.h1_right += right
                else:
                    tally.titles_scored += 1
                    tally.titles_right += right
                if not right:
                    tally.wrong_titles.append((page.id, title or "", page.gold_title))
    return out


def print_table(title: str, results: dict[str, dict[str, Tally]]) -> None:
    print(f"\n{title}")
    print(
        f"  {'dataset':<16} {'system':<28} {'pages':>5} {'P':>6} {'R':>6} {'F1':>6}"
        f" {'titles right':>15} {'h1 stand-in':>15} {'ms/page':>8} {'x traf':>6}"
    )
    totals: dict[str, Tally] = defaultdict(Tally)
    for dataset, by_system in results.items():
        rows = list(by_system.items())
        for name, tally in rows:
            total = totals[name]
            total.docs.update({f"{dataset}/{k}": d for k, d in tally.docs.items()})
            total.titles_right += tally.titles_right
            total.titles_scored += tally.titles_scored
            total.h1_right += tally.h1_right
            total.h1_scored += tally.h1_scored
            total.seconds += tally.seconds
        _rows(dataset, rows)
    _rows("all", list(totals.items()))


def _rows(label: str, rows: list[tuple[str, Tally]]) -> None:
    base = dict(rows).get("trafilatura defaults")
    for name, tally in rows:
        s = aggregate(list(tally.docs.values()))
        n = len(tally.docs)
        ms = 1000 * tally.seconds / max(1, n)
        ratio = tally.seconds / base.seconds if base and base.seconds else float("nan")
        print(
            f"  {label:<16} {name:<28} {n:>5} {s.precision:>6.3f} {s.recall:>6.3f} {s.f1:>6.3f}"
            f" {_share(tally.titles_right, tally.titles_scored)}"
            f" {_share(tally.h1_right, tally.h1_scored)} {ms:>8.1f} {ratio:>6.2f}"
        )


def _share(right: int, scored: int) -> str:
    share = f"{right / scored:>5.1%}" if scored else "    -"
    return f"{f'{right}/{scored}':>9} {share:>5}"


def dev49_pages() -> list[CorpusPage]:
    pages, truths, _urls = load_dev49(bench_dir())
    return [
        CorpusPage("dev49 (tuned on)", k, pages[k], truths[k], page_title(pages[k])) for k in truths
    ]


def main() -> None:
    ap = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    ap.add_argument("--part", default="untouched", choices=("untouched", "dev"))
    ap.add_argument("--datasets", default=",".join(DATASETS))
    ap.add_argument("--limit", type=int, default=0, help="at most N pages a dataset (0: all)")
    ap.add_argument("--worst", type=int, default=0, help="list newsroom's N worst pages (dev)")
    ap.add_argument("--no-dev49", action="store_true", help="skip the 49 tuned-on pages")
    args = ap.parse_args()
    if args.worst and args.part != "dev":
        raise SystemExit("--worst lists pages one by one: only on the dev part")

    pages = list(load_pages(args.part, tuple(args.datasets.split(","))))
    if args.limit:
        per: Counter[str] = Counter()
        pages = [p for p in pages if (per.update([p.dataset]) or per[p.dataset]) <= args.limit]
    for page in pages[:3]:  # warm up: imports, caches, language models
        for fn in SYSTEMS.values():
            fn(page.html, None)
    load = os.getloadavg()
    print(f"load average at start: {load[0]:.2f} {load[1]:.2f} {load[2]:.2f} (2 cores)")
    results = evaluate(pages, SYSTEMS)
    print_table(f"{args.part} part of the extraction corpus ({len(pages)} pages)", results)
    if args.worst:
        ours = {f"{ds}/{k}": d for ds, r in results.items() for k, d in r["newsroom"].docs.items()}
        print(f"\n  newsroom's {args.worst} worst dev pages (F1, P, R, id):")
        for k, d in sorted(ours.items(), key=lambda kv: kv[1].f1)[: args.worst]:
            print(f"    {d.f1:.3f}  P={d.precision:.3f} R={d.recall:.3f}  {k}")
        print("\n  newsroom's wrong titles on dev (id | found | true):")
        for ds, r in results.items():
            for k, found, true in r["newsroom"].wrong_titles[: args.worst]:
                print(f"    {ds}/{k} | {found[:70]!r} | {true[:70]!r}")
    if not args.no_dev49 and Path(bench_dir()).exists():
        print_table("49 article-extraction dev pages (TUNED ON)", evaluate(dev49_pages(), SYSTEMS))
    print(f"\nload average at end: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
