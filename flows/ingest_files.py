"""The ``ingest-files`` flow: files, directories and globs into the warehouse.

Each task is a thin call into ``newsroom`` on a batch of documents (a task run costs
milliseconds of bookkeeping, so never one task per document). Only the load tasks write
the warehouse, a chunk each, and users see the run when it is published whole (see
``flows.tasks``); only transient errors are retried.
"""

from __future__ import annotations

import uuid
from time import perf_counter

from prefect import flow, task
from prefect.cache_policies import NO_CACHE
from prefect.logging import get_run_logger
from prefect.runtime import flow_run

from flows.common import StageClock, progress_bar, report_run, retry_transient, unwalked
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


@flow(name="ingest-files", log_prints=False)
def ingest_files(
    paths: list[str],
    warehouse: str = "warehouse/newsroom.duckdb",
    max_bytes: int = DEFAULT_MAX_BYTES,
    batch_size: int = DEFAULT_BATCH_SIZE,
    show_progress: bool = False,
    chunk_size: int = DEFAULT_CHUNK_SIZE,
) -> RunSummary:
    """Read text files, clean them into articles and load them into the warehouse.

    Files are read and cleaned ``batch_size`` at a time; every ``chunk_size`` articles
    are placed in stories and loaded, so memory stays bounded however many files come.
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
        StoryLoader(warehouse_path, run, clock, chunk_size) as stories,
        progress_bar(len(files), enabled=show_progress) as advance,
    ):
        for first in range(0, len(files), batch_size):
            batch = files[first : first + batch_size]
            with clock("read"):
                docs, rejected, unmodified = read(
                    unwalked(batch), max_bytes, unwalked(current), first
                )
            rejections += rejected
            docs, unchanged = drop_unchanged(docs, current)
            skipped += unmodified + unchanged
            with clock("normalise"):
                batch_articles, rejected = normalise(unwalked(docs), first)
            rejections += rejected
            stories.add(batch_articles)  # placed in stories and loaded every chunk_size
            advance(len(batch))
        result = stories.finish(rejections, skipped)
    return report_run(
        run, warehouse, result, rejections, stories.digest, perf_counter() - started, clock.seconds
    )
