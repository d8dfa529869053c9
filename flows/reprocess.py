"""The ``reprocess`` flow: re-extract every archived web page, without fetching again.

A thin adapter over ``newsroom.engine.reprocess``: after an extractor improvement, pages
whose extracted text changes become new revisions of their documents; the others stay
unchanged.
"""

from __future__ import annotations

from prefect import flow
from prefect.logging import get_run_logger

from flows.common import logs_to_run, progress_bar, report_run
from flows.ingest_files import _run_id
from flows.runners import PrefectCompute
from newsroom import engine
from newsroom.config import declared_topics
from newsroom.engine import DEFAULT_CHUNK_SIZE, DEFAULT_URL_BATCH
from newsroom.records import RunSummary
from newsroom.settings import DEFAULT_WAREHOUSE


@flow(name="reprocess")
def reprocess(
    warehouse: str = str(DEFAULT_WAREHOUSE),
    batch_size: int = DEFAULT_URL_BATCH,
    chunk_size: int = DEFAULT_CHUNK_SIZE,
    runner: str = "local",
    show_progress: bool = False,
) -> RunSummary:
    """Extract every archived response again and load what changed (extraction on Dask
    workers when ``runner`` says so: ``dask:N`` or a scheduler address)."""
    with (
        logs_to_run(),
        PrefectCompute(runner) as compute,
        progress_bar(enabled=show_progress) as advance,
    ):
        outcome = engine.reprocess(
            warehouse,
            compute=compute,
            run_id=_run_id(),
            batch_size=batch_size,
            chunk_size=chunk_size,
            progress=advance,
            log=get_run_logger(),
            topics=declared_topics(),
        )
    return report_run(outcome)
