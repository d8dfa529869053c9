"""The ``reprocess`` flow: re-extract every archived web page, without fetching again.

After an extractor improvement, pages whose extracted text changes become new revisions
of their documents; the others stay unchanged.
"""

from __future__ import annotations

import uuid
from time import perf_counter

from prefect import flow, task
from prefect.cache_policies import NO_CACHE
from prefect.runtime import flow_run

from flows.common import StageClock, report_run, retry_transient, unwalked
from flows.ingest_urls import DEFAULT_URL_BATCH, extract
from flows.runners import Compute
from flows.tasks import StoryLoader
from newsroom.pipeline import DEFAULT_CHUNK_SIZE
from newsroom.records import ArchivedResponse, Rejection, RunSummary, utcnow
from newsroom.warehouse import RunRecord, Warehouse, working_file


@task(
    name="archived-responses",
    retries=3,
    retry_condition_fn=retry_transient,
    cache_policy=NO_CACHE,
    persist_result=False,
)
def archived_responses(warehouse: str) -> list[ArchivedResponse]:
    return Warehouse(warehouse).archived_responses()


@flow(name="reprocess")
def reprocess(
    warehouse: str = "warehouse/newsroom.duckdb",
    batch_size: int = DEFAULT_URL_BATCH,
    chunk_size: int = DEFAULT_CHUNK_SIZE,
    runner: str = "local",
) -> RunSummary:
    """Extract every archived response again and load what changed (extraction on Dask
    workers when ``runner`` says so: ``dask:N`` or a scheduler address)."""
    started = perf_counter()
    run_id = str(flow_run.get_id() or uuid.uuid4())
    started_at = utcnow()
    warehouse_path = str(working_file(warehouse))  # runs write here; users read `warehouse`
    responses = archived_responses(warehouse_path)
    run = RunRecord(run_id=run_id, flow="reprocess", started_at=started_at, seen=len(responses))
    clock = StageClock()
    rejections: list[Rejection] = []
    seen_uris: set[str] = set()
    unchanged = 0
    calls = (
        ({"responses": unwalked(responses[first : first + batch_size]), "first": first}, first)
        for first in range(0, len(responses), batch_size)
    )
    with Compute(runner) as compute, StoryLoader(warehouse_path, run, clock, chunk_size) as stories:
        for (found, _, rejected, same), _first in compute.map(extract, calls, clock, "extract"):
            rejections += rejected
            unchanged += same
            fresh = [a for a in found if a.source_uri not in seen_uris]
            seen_uris.update(a.source_uri for a in fresh)
            stories.add(fresh)
        result = stories.finish(rejections, unchanged)
    return report_run(
        run, warehouse, result, rejections, stories.digest, perf_counter() - started, clock.seconds
    )
