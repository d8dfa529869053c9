"""Benchmark: what letting SQL clients read while runs write costs per run.

newsroom's runs write a private working file and, after each load, publish a snapshot
at the path users open (``newsroom.warehouse.publish``: CHECKPOINT, copy to a temporary
file beside the snapshot, fsync, rename over it). That copy is the whole per-run cost of
the method, and it grows with the warehouse. This prints it at several warehouse sizes,
next to the alternative it replaced (the run opens the one shared file only for its
load; nothing to pay per run, but a client left open blocks every run, and a run blocks
every client):

    size      articles in the warehouse (synthetic: ~500-word bodies, 48 band keys each)
    file      size of the DuckDB file
    open      open + close of a write connection (the alternative's per-run cost)
    publish   CHECKPOINT + copy + fsync + rename: the snapshot's per-run cost (median)
    MB/s      file size / publish time

    .venv/bin/python bench/warehouse_access.py [--sizes 10000,100000,1000000] [--dir D]

The warehouses are generated in SQL under --dir (default: a temporary folder, removed
afterwards; the 1M-article one needs about 2x its file size of free disk).
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import tempfile
import time
from pathlib import Path

import duckdb

from newsroom.warehouse import Warehouse, publish, work_path, write_lock

VOCABULARY = 5000
WORDS = 500
BANDS = 48
VOCAB_SQL = (
    "CREATE TEMP TABLE vocab AS SELECT list(md5(i::VARCHAR)[:2 + i % 9]) AS words"
    f" FROM range({VOCABULARY}) t(i)"
)


def generated_rows(first: int, n: int) -> tuple[str, str]:
    """SQL for synthetic articles ``first`` … ``first + n - 1`` and their band keys
    (needs the ``vocab`` temp table of ``VOCAB_SQL``)."""
    versions = f"""
        INSERT INTO article_versions BY NAME
        SELECT 'a_' || md5(i::VARCHAR)[:20] AS article_id,
               'd_' || md5(i::VARCHAR)[:20] AS document_id,
               1 AS version,
               'https://outlet' || (i % 50) || '.example/story/' || i AS source_uri,
               'url' AS source_kind,
               'Title of story ' || i AS title,
               array_to_string(list_transform(range({WORDS}),
                   x -> v.words[(1 + hash(i * 1000 + x) % {VOCABULARY})::BIGINT]),
                   ' ') AS body,
               NULL AS published_at, [] AS credits, 'en' AS language,
               {WORDS} AS word_count,
               sha256(i::VARCHAR) AS content_sha256, sha256(i::VARCHAR) AS raw_sha256,
               3000 AS raw_size, 'utf-8' AS encoding, 0 AS removed_lines,
               'st_' || md5(i::VARCHAR)[:16] AS story_id, true AS is_canonical,
               now() AS fetched_at, now() AS first_seen_at, 'bench' AS run_id
        FROM range({first}, {first + n}) t(i), vocab v
    """
    bands = f"""
        INSERT INTO article_bands
        SELECT 'a_' || md5(i::VARCHAR)[:20], (hash(i * 64 + b) >> 1)::BIGINT
        FROM range({first}, {first + n}) t(i), range({BANDS}) s(b)
    """
    return versions, bands


def build(published: Path, articles: int) -> Path:
    """A migrated working file holding ``articles`` synthetic current articles."""
    work = work_path(published)
    Warehouse(work).migrate()
    con = duckdb.connect(str(work))
    try:
        con.execute(VOCAB_SQL)
        step = 100_000
        for first in range(0, articles, step):
            n = min(step, articles - first)
            for statement in generated_rows(first, n):
                con.execute(statement)
        con.execute("CHECKPOINT")
    finally:
        con.close()
    return work


def measure(published: Path, work: Path, repeat: int) -> tuple[float, float]:
    opens = []
    for _ in range(repeat):
        started = time.perf_counter()
        with Warehouse(work).connect():
            pass
        opens.append(time.perf_counter() - started)
    publishes = []
    for _ in range(repeat):
        with write_lock(work):
            publishes.append(publish(work, published))
    return statistics.median(opens), statistics.median(publishes)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="10000,100000,1000000")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--dir", type=Path, default=None)
    args = parser.parse_args()
    base = args.dir or Path(tempfile.mkdtemp(prefix="newsroom-access-"))
    print(f"{'size':>9} {'file':>9} {'build':>8} {'open':>8} {'publish':>8} {'MB/s':>6}")
    try:
        for size in (int(s) for s in args.sizes.split(",")):
            folder = base / f"n{size}"
            shutil.rmtree(folder, ignore_errors=True)
            folder.mkdir(parents=True)
            published = folder / "newsroom.duckdb"
            started = time.perf_counter()
            work = build(published, size)
            built = time.perf_counter() - started
            mb = work.stat().st_size / 1e6
            opened, published_in = measure(published, work, args.repeat)
            print(
                f"{size:>9,} {mb:>7.0f}MB {built:>7.1f}s {opened * 1000:>6.0f}ms "
                f"{published_in:>7.2f}s {mb / published_in:>6.0f}",
                flush=True,
            )
            shutil.rmtree(folder, ignore_errors=True)
    finally:
        if args.dir is None:
            shutil.rmtree(base, ignore_errors=True)


if __name__ == "__main__":
    main()
