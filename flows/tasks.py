"""Tasks every ingest flow ends with: place articles in stories, then load the run."""

from __future__ import annotations

from prefect import task
from prefect.cache_policies import NO_CACHE

from flows.common import retry_transient
from newsroom.dedup import Link
from newsroom.pipeline import assign_to_stories
from newsroom.records import ArchivedResponse, Article, LoadResult, Rejection
from newsroom.warehouse import RunRecord, Warehouse, load_and_publish


@task(
    name="dedup",
    retries=3,
    retry_condition_fn=retry_transient,
    cache_policy=NO_CACHE,
    persist_result=False,
)
def dedup(warehouse: str, articles: list[Article]) -> tuple[list[Article], list[Link]]:
    return assign_to_stories(Warehouse(warehouse), articles)


@task(
    name="load",
    retries=3,
    retry_delay_seconds=5,
    retry_condition_fn=retry_transient,
    cache_policy=NO_CACHE,
    persist_result=False,
)
def load(
    warehouse: str,
    run: RunRecord,
    articles: list[Article],
    rejections: list[Rejection],
    links: list[Link],
    unchanged_before: int,
    responses: list[ArchivedResponse] | None = None,
) -> LoadResult:
    return load_and_publish(  # under the write lock; then the snapshot users query
        warehouse,
        run,
        articles,
        rejections,
        links=links,
        responses=responses or [],
        unchanged_before=unchanged_before,
    )
