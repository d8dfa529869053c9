"""The ``ingest-files`` flow: files, directories and globs into the warehouse.

Each task is a thin call into ``newsroom`` on a batch of documents (a task run costs
milliseconds of bookkeeping, so never one task per document). Only the load tasks write
the warehouse, a chunk each, and users see the run when it is published whole (see
``flows.tasks``); only transient errors are retried.

``runner`` chooses where the batches are cleaned (``flows.runners``): in this process
(``read-N``, ``normalise-N``), on a local Dask cluster whose workers read the files where
they are (``read-normalise-N``), or on a cluster at an address, which gets the bytes
this process read (``read-N`` here, ``normalise-N`` there). Dedup and the loads stay here.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from time import perf_counter
from typing import Any

from prefect import flow, task
from prefect.cache_policies import NO_CACHE
from prefect.logging import get_run_logger
from prefect.runtime import flow_run

from flows.common import StageClock, progress_bar, report_run, retry_transient, unwalked
from flows.runners import Compute
from flows.tasks import StoryLoader
from newsroom.pipeline import (
    DEFAULT_BATCH_SIZE,
    DEFAULT_CHUNK_SIZE,
    drop_unchanged,
    uris_of,
)
from newsroom.pipeline import normalise_documents as _normalise
from newsroom.records import (
    Article,
    FileVersion,
    RawDocument,
    Rejection,
    RunSummary,
    SourceFile,
    utcnow,
)
from newsroom.sources.files import DEFAULT_MAX_BYTES, read_files
from newsroom.sources.files import discover as _discover
from newsroom.warehouse import RunRecord, Warehouse, working_file


@task(name="discover", cache_policy=NO_CACHE, persist_result=False)
def discover(paths: list[str]) -> tuple[list[SourceFile], list[Rejection]]:
    return _discover(paths)


@task(
    name="current-versions",
    retries=3,
    retry_condition_fn=retry_transient,
    cache_policy=NO_CACHE,
    persist_result=False,
)
def current_versions(warehouse: str, uris: list[str]) -> dict[str, FileVersion]:
    return Warehouse(warehouse).current_versions(uris)


@task(name="read", task_run_name="read-{first}", cache_policy=NO_CACHE, persist_result=False)
def read(
    files: list[SourceFile], max_bytes: int, known: dict[str, FileVersion], first: int
) -> tuple[list[RawDocument], list[Rejection], int]:
    return read_files(files, max_bytes, known)


@task(
    name="normalise", task_run_name="normalise-{first}", cache_policy=NO_CACHE, persist_result=False
)
def normalise(docs: list[RawDocument], first: int) -> tuple[list[Article], list[Rejection]]:
    return _normalise(docs)


@task(
    name="read-normalise",
    task_run_name="read-normalise-{first}",
    cache_policy=NO_CACHE,
    persist_result=False,
)
def read_normalise(
    files: list[SourceFile], max_bytes: int, known: dict[str, FileVersion], first: int
) -> tuple[list[Article], list[Rejection], int]:
    """A batch read and cleaned on a worker that sees the files (a local Dask cluster)."""
    docs, rejected, unmodified = read_files(files, max_bytes, known)
    docs, unchanged = drop_unchanged(docs, known)
    articles, failed = _normalise(docs)
    return articles, rejected + failed, unmodified + unchanged


Prepared = tuple[list[Article], list[Rejection], int, int]  # articles, rejections, skipped, files


def prepared(
    compute: Compute,
    files: list[SourceFile],
    batch_size: int,
    max_bytes: int,
    current: dict[str, FileVersion],
    clock: StageClock,
) -> Iterator[Prepared]:
    """Each batch's articles, rejections, unchanged files and size, in the files' order."""
    starts = range(0, len(files), batch_size)
    if compute.parallel and compute.reads_files:
        calls = (
            (
                {
                    "files": unwalked(files[first : first + batch_size]),
                    "max_bytes": max_bytes,
                    "known": unwalked(_known(current, files[first : first + batch_size])),
                    "first": first,
                },
                len(files[first : first + batch_size]),
            )
            for first in starts
        )
        for (articles, rejected, skipped), size in compute.map(
            read_normalise, calls, clock, "read-normalise"
        ):
            yield articles, rejected, skipped, size
        return

    def read_here() -> Iterator[tuple[dict[str, Any], tuple[list[Rejection], int, int]]]:
        for first in starts:
            batch = files[first : first + batch_size]
            with clock("read"):
                docs, rejected, unmodified = read(
                    unwalked(batch), max_bytes, unwalked(current), first
                )
            docs, unchanged = drop_unchanged(docs, current)
            context = (rejected, unmodified + unchanged, len(batch))
            yield {"docs": unwalked(docs), "first": first}, context

    for (articles, failed), (rejected, skipped, size) in compute.map(
        normalise, read_here(), clock, "normalise"
    ):
        yield articles, rejected + failed, skipped, size


def _known(current: dict[str, FileVersion], batch: list[SourceFile]) -> dict[str, FileVersion]:
    return {f.uri: current[f.uri] for f in batch if f.uri in current}


@flow(name="ingest-files", log_prints=False)
def ingest_files(
    paths: list[str],
    warehouse: str = "warehouse/newsroom.duckdb",
    max_bytes: int = DEFAULT_MAX_BYTES,
    batch_size: int = DEFAULT_BATCH_SIZE,
    show_progress: bool = False,
    chunk_size: int = DEFAULT_CHUNK_SIZE,
    runner: str = "local",
) -> RunSummary:
    """Read text files, clean them into articles and load them into the warehouse.

    Files are read and cleaned ``batch_size`` at a time; every ``chunk_size`` articles
    are placed in stories and loaded, so memory stays bounded however many files come.
    ``runner``: ``local``, ``dask:N`` or a Dask scheduler address (``flows.runners``).
    """
    logger = get_run_logger()
    started = perf_counter()
    run_id = str(flow_run.get_id() or uuid.uuid4())
    started_at = utcnow()
    warehouse_path = str(working_file(warehouse))  # runs write here; users read `warehouse`

    clock = StageClock()
    with clock("discover"):
        files, rejections = discover(paths)
    logger.info("found %d files in %s", len(files), ", ".join(paths))
    with clock("current-versions"):
        current = current_versions(warehouse_path, unwalked(uris_of(files)))

    run = RunRecord(
        run_id=run_id,
        flow="ingest-files",
        started_at=started_at,
        seen=len(files) + sum(1 for r in rejections if r.stage == "discover"),
        parameters={"paths": paths, "max_bytes": max_bytes},
    )
    skipped = 0
    with (
        Compute(runner) as compute,
        StoryLoader(warehouse_path, run, clock, chunk_size) as stories,
        progress_bar(len(files), enabled=show_progress) as advance,
    ):
        batches = prepared(compute, files, batch_size, max_bytes, current, clock)
        for batch_articles, rejected, unchanged, size in batches:
            rejections += rejected
            skipped += unchanged
            stories.add(batch_articles)  # placed in stories and loaded every chunk_size
            advance(size)
        result = stories.finish(rejections, skipped)
    return report_run(
        run, warehouse, result, rejections, stories.digest, perf_counter() - started, clock.seconds
    )
