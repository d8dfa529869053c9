"""Benchmark: what the search index costs a run, and what a query costs, by warehouse size.

The index (``newsroom.warehouse.search``) grows with each run: a run indexes what it
loaded, and now and then folds the recent postings into the sorted bulk. So at each size
this prints the one-off cost of indexing a whole warehouse (a warehouse made before the
index, or a copy), the per-run cost of a run that loaded ``--run-articles`` new articles,
and the cost of a fold at that size (the worst single run). Before this index, every run
built the fts extension's index whole again: 28 s at 10,000 articles, 186 s at 100,000
and 1,092 s at 1,000,000 on this machine (issue 19's figures). Queries are timed beside a
plain ``ILIKE`` scan of the bodies (no index, no ranking: the alternative on a warehouse
without the index, such as a DuckLake), each repetition running both, interleaved, in
this one process:

    size        articles in the warehouse (synthetic, below)
    index       indexing all of them once, a run of new articles, a fold; its size
    query       a common word, a rare word, two words, a phrase, a boolean query:
                newsroom's search (BM25, the boolean filter, copies folded into stories,
                top 20) against ILIKE (every article whose title or body contains
                the words, unranked; a phrase as one pattern), median of --repeat

    .venv/bin/python bench/search_cost.py [--sizes 10000,100000,1000000] [--repeat 5]
        [--run-articles 1000]
        [--memory-limit 4GB]   # DuckDB's, on every connection (the machine is shared)

Synthetic data, written with this code: 200-word bodies drawn from 50,000 words with a
Zipf-like (log-uniform rank) distribution, so a word's frequency falls with its rank as
in text; titles of 8 such words; 20 outlets; one story per article. The ``w<rank>``
words of the queries are chosen by rank: ``w3`` is in most articles, ``w20000`` in a
few in ten thousand. The warehouses are generated in SQL in a temporary folder, removed
afterwards (1M articles: about 1.5 GB of disk).

``--lake``: the same on a DuckLake (SQLite catalog, data files beside it) instead of a
DuckDB file, where the index lives in the lake's tables and each run's postings are new
data files; sizes are the catalog and data files together.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import duckdb

from newsroom.warehouse import Warehouse
from newsroom.warehouse.backend import parse
from newsroom.warehouse.search import fold_postings, refresh_index, search

T = TypeVar("T")
VOCABULARY = 50_000
WORDS = 200
QUERIES = [  # (what, newsroom query, ILIKE patterns that must all match)
    ("common word", "w3", ["% w3 %"]),
    ("rare word", "w20000", ["% w20000 %"]),
    ("two words", "w40 w700", ["% w40 %", "% w700 %"]),
    ("phrase", '"w5 w6"', ["% w5 w6 %"]),
    ("boolean", "(w40 OR w41) -w3", None),
]


def _word(seed: str) -> str:
    """A word whose rank is log-uniform in 1..VOCABULARY (a Zipf-like frequency)."""
    return f"'w' || CAST(floor(exp((hash({seed}) % 1000000) / 1e6 * ln({VOCABULARY}))) AS INT)"


def build(target: str, articles: int, memory: str) -> None:
    """A migrated warehouse (a DuckDB file or a lake) holding ``articles`` synthetic
    current articles."""
    Warehouse(target).migrate()
    con = connect(target, memory)
    try:
        add_articles(con, 0, articles)
        con.execute("CHECKPOINT")
    finally:
        con.close()


def connect(target: str, memory: str) -> duckdb.DuckDBPyConnection:
    """A read-write connection to the warehouse, DuckDB's memory limit set."""
    con = parse(target).connect()
    con.execute(f"SET memory_limit = '{memory}'")
    return con


def disk_bytes(folder: Path) -> int:
    return sum(f.stat().st_size for f in folder.rglob("*") if f.is_file())


def add_articles(con: duckdb.DuckDBPyConnection, start: int, articles: int) -> None:
    """Synthetic articles ``start`` to ``start + articles``, as a run would load them."""
    step = 50_000
    for first in range(start, start + articles, step):
        n = min(step, start + articles - first)
        con.execute(
            f"""
            INSERT INTO article_versions BY NAME
            SELECT 'a_' || md5(i::VARCHAR)[:20] AS article_id,
                   'd_' || md5(i::VARCHAR)[:20] AS document_id, 1 AS version,
                   'https://outlet' || (i % 20) || '.example/' || i AS source_uri,
                   'url' AS source_kind,
                   array_to_string(list_transform(range(8),
                       x -> {_word("i * 7919 + x + 1000000")}), ' ') AS title,
                   array_to_string(list_transform(range({WORDS}),
                       x -> {_word("i * 1000 + x")}), ' ') AS body,
                   now() - to_days(CAST(i % 30 AS INTEGER)) AS published_at,
                   [] AS credits, 'en' AS language, {WORDS} AS word_count,
                   sha256(i::VARCHAR) AS content_sha256, sha256(i::VARCHAR) AS raw_sha256,
                   3000 AS raw_size, 'utf-8' AS encoding, 0 AS removed_lines,
                   'st_' || md5(i::VARCHAR)[:16] AS story_id, true AS is_canonical,
                   now() AS fetched_at, now() AS first_seen_at, 'bench' AS run_id
            FROM range({first}, {first + n}) t(i)
            """
        )


def timed(work: Callable[..., T], *args: Any, **kwargs: Any) -> tuple[float, T]:
    started = time.perf_counter()
    result = work(*args, **kwargs)
    return time.perf_counter() - started, result


def ilike(con: duckdb.DuckDBPyConnection, patterns: list[str]) -> int:
    condition = " AND ".join("(' ' || title || ' ' || body || ' ') ILIKE ?" for _ in patterns)
    row = con.execute(f"SELECT count(*) FROM articles WHERE {condition}", patterns).fetchone()
    return int(row[0]) if row else 0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="10000,100000,1000000")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--memory-limit", default="4GB")
    parser.add_argument("--run-articles", type=int, default=1000)
    parser.add_argument("--lake", action="store_true", help="a DuckLake instead of a file")
    args = parser.parse_args()
    base = Path(tempfile.mkdtemp(prefix="newsroom-search-bench-"))
    print(f"load before: {os.getloadavg()[0]:.2f} (1 min), {os.cpu_count()} cores")
    print("backend:", "DuckLake (SQLite catalog)" if args.lake else "DuckDB file")
    try:
        for size in (int(s) for s in args.sizes.split(",")):
            folder = base / f"n{size}"
            folder.mkdir()
            target = (
                f"ducklake:sqlite:{folder / 'lake.sqlite'}"
                if args.lake
                else str(folder / "newsroom.duckdb")
            )
            built, _ = timed(build, target, size, args.memory_limit)
            before = disk_bytes(folder)
            con = connect(target, args.memory_limit)
            try:
                indexed, _ = timed(refresh_index, con)
                con.execute("CHECKPOINT")
                grown = (disk_bytes(folder) - before) / 1e6
                add_articles(con, size, args.run_articles)
                per_run, _ = timed(refresh_index, con)  # no fold: a small share
                folded, _ = timed(fold_postings, con)
                print(
                    f"\n{size:,} articles (generated in {built:.1f} s, {before / 1e6:,.0f} MB):"
                    f" indexed whole in {indexed:.2f} s (+{grown:,.0f} MB); a run of"
                    f" {args.run_articles:,} new articles {per_run:.2f} s; a fold {folded:.2f} s;"
                    f" load {os.getloadavg()[0]:.2f}"
                )
                print(f"  {'query':<12} {'search':>9} {'stories':>8} {'ILIKE':>9} {'matches':>8}")
                for what, query, patterns in QUERIES:
                    ours, theirs = [], []
                    found, matched = 0, 0
                    for _ in range(args.repeat):
                        seconds, hits = timed(search, con, query, limit=20)
                        ours.append(seconds)
                        found = len(hits)
                        if patterns is not None:
                            seconds, matched = timed(ilike, con, patterns)
                            theirs.append(seconds)
                    scan = f"{statistics.median(theirs) * 1000:>7.0f}ms" if theirs else "      n/a"
                    print(
                        f"  {what:<12} {statistics.median(ours) * 1000:>7.0f}ms {found:>8}"
                        f" {scan} {matched if patterns else '':>8}",
                        flush=True,
                    )
            finally:
                con.close()
            shutil.rmtree(folder)
    finally:
        shutil.rmtree(base, ignore_errors=True)
        print(f"\nload after: {os.getloadavg()[0]:.2f} (1 min)")


if __name__ == "__main__":
    main()
