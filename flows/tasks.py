"""The end of every ingest flow: articles placed in stories and loaded, a chunk at a time.

A run's articles are not held all at once: the flow hands them to a ``StoryLoader`` as
they are made, and every ``chunk_size`` of them are placed in stories (the dedup task,
against everything loaded before) and committed to the working file (the load task).
The snapshot users read changes once, when the run finishes (``newsroom.warehouse.
RunWriter``), so a run is still all or nothing where users look.
"""

from __future__ import annotations

from collections.abc import Sequence
from types import TracebackType

from prefect import task
from prefect.cache_policies import NO_CACHE

from flows.common import RunDigest, StageClock, retry_transient, unwalked
from newsroom.dedup import Link
from newsroom.pipeline import DEFAULT_CHUNK_SIZE, assign_to_stories
from newsroom.records import ArchivedResponse, Article, LoadResult, Rejection
from newsroom.warehouse import RunRecord, RunWriter


@task(
    name="dedup",
    task_run_name="dedup-{first}",
    retries=3,
    retry_condition_fn=retry_transient,
    cache_policy=NO_CACHE,
    persist_result=False,
)
def dedup(
    writer: RunWriter, articles: list[Article], first: int
) -> tuple[list[Article], list[Link]]:
    # Under the run's write lock: no other run loads between this search and this load,
    # so two runs bringing copies of one new story cannot found two stories.
    # (On a DuckLake the search runs inside the run's open transaction: it sees the run's
    # earlier chunks, which no other connection can see before the run commits.)
    return assign_to_stories(writer.warehouse(), articles)


@task(
    name="load",
    task_run_name="load-{first}",
    retries=3,
    retry_delay_seconds=5,
    retry_condition_fn=retry_transient,
    cache_policy=NO_CACHE,
    persist_result=False,
)
def load(
    writer: RunWriter,
    articles: list[Article],
    links: list[Link],
    responses: list[ArchivedResponse],
    first: int,
) -> LoadResult:
    return writer.load(articles, links, responses)  # commits to the working file only


@task(
    name="publish",
    retries=3,
    retry_delay_seconds=5,
    retry_condition_fn=retry_transient,
    cache_policy=NO_CACHE,
    persist_result=False,
)
def publish(writer: RunWriter, rejections: list[Rejection], unchanged_before: int) -> LoadResult:
    return writer.finish(rejections, unchanged_before)  # the run's row, then the snapshot


class StoryLoader:
    """Collects a run's articles and places and loads them every ``chunk_size``."""

    def __init__(
        self,
        work: str,
        run: RunRecord,
        clock: StageClock,
        chunk_size: int = DEFAULT_CHUNK_SIZE,
    ) -> None:
        self.writer = RunWriter(work, run)
        self.clock = clock
        self.chunk_size = max(1, chunk_size)
        self.digest = RunDigest()
        self._articles: list[Article] = []
        self._responses: list[ArchivedResponse] = []
        self._loaded = 0

    def __enter__(self) -> StoryLoader:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.writer.close()  # an unfinished run's chunks leave the working file

    def add(self, articles: Sequence[Article], responses: Sequence[ArchivedResponse] = ()) -> None:
        self._articles += articles
        self._responses += responses
        while len(self._articles) >= self.chunk_size:
            self._flush(self.chunk_size)

    def flush(self) -> None:
        """Place and load whatever is waiting."""
        if self._articles or self._responses:
            self._flush(len(self._articles))

    def _flush(self, size: int) -> None:
        chunk, self._articles = self._articles[:size], self._articles[size:]
        responses, self._responses = self._responses, []
        first = self._loaded
        with self.clock("dedup"):
            placed, links = dedup(unwalked(self.writer), unwalked(chunk), first)
        with self.clock("load"):
            load(
                unwalked(self.writer), unwalked(placed), unwalked(links), unwalked(responses), first
            )
        self.digest.add(placed, links)
        self._loaded += len(placed)

    def finish(self, rejections: list[Rejection], unchanged_before: int) -> LoadResult:
        self.flush()
        with self.clock("publish"):
            return publish(unwalked(self.writer), unwalked(rejections), unchanged_before)
