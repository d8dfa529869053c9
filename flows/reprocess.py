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

from flows.common import report_run, retry_transient, unwalked
from flows.ingest_urls import DEFAULT_URL_BATCH, extract
from flows.tasks import dedup, load
from newsroom.records import ArchivedResponse, Article, Rejection, RunSummary, utcnow
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
    warehouse: str = "warehouse/newsroom.duckdb", batch_size: int = DEFAULT_URL_BATCH
) -> RunSummary:
    """Extract every archived response again and load what changed."""
    started = perf_counter()
    run_id = str(flow_run.get_id() or uuid.uuid4())
    started_at = utcnow()
    warehouse_path = str(working_file(warehouse))  # runs write here; users read `warehouse`
    responses = archived_responses(warehouse_path)
    articles: dict[str, Article] = {}
    rejections: list[Rejection] = []
    unchanged = 0
    for first in range(0, len(responses), batch_size):
        found, _, rejected, same = extract(unwalked(responses[first : first + batch_size]), first)
        rejections += rejected
        unchanged += same
        for article in found:
            articles.setdefault(article.source_uri, article)
    run = RunRecord(run_id=run_id, flow="reprocess", started_at=started_at, seen=len(responses))
    placed, links = dedup(warehouse_path, unwalked(list(articles.values())))
    result = load(
        warehouse_path, run, unwalked(placed), unwalked(rejections), unwalked(links), unchanged
    )
    return report_run(run, warehouse, result, rejections, placed, links, perf_counter() - started)
