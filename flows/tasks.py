"""The end of every ingest flow: articles placed in stories and loaded, a chunk at a time.

A run's articles are not held all at once: the flow hands them to a ``StoryLoader`` as
they are made, and every ``chunk_size`` of them are placed in stories (the dedup task,
against everything loaded before) and committed to the working file (the load task).
The snapshot users read changes once, when the run finishes (``newsroom.warehouse.
RunWriter``), so a run is still all or nothing where users look.

On a DuckLake the run is one transaction, committed at the end; a writer that is no
newsroom run (runs take turns under the lake's run lock) may commit a conflicting change
first, and the run's commit then fails whole (``WarehouseConflict``). The loader keeps
each chunk it loaded in a spool file, so that it can place and load the run again
against what the lake holds now and commit again, up to ``LAKE_RUN_ATTEMPTS`` times.
"""

from __future__ import annotations

import os
import pickle
import shutil
import tempfile
import time
from collections.abc import Iterator, Sequence
from pathlib import Path
from types import TracebackType
from typing import Any

from prefect import task
from prefect.cache_policies import NO_CACHE
from prefect.logging import get_run_logger

from flows.common import RunDigest, StageClock, retry_transient, unwalked
from newsroom.dedup import Link
from newsroom.errors import WarehouseConflict
from newsroom.pipeline import (
    DEFAULT_CHUNK_SIZE,
    LAKE_RUN_ATTEMPTS,
    assign_to_stories,
    lake_retry_pause,
)
from newsroom.records import ArchivedResponse, Article, LoadResult, Rejection
from newsroom.warehouse import RunRecord, RunWriter


def retry_unless_lost(task: Any, task_run: Any, state: Any) -> bool:
    """``retry_transient``, but not for a lost commit: a DuckLake run's transaction is gone
    with it, so retrying the task cannot help; ``StoryLoader.finish`` redoes the run."""
    try:
        state.result()
    except WarehouseConflict:
        return False
    except Exception:
        return retry_transient(task, task_run, state)
    return False


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
    retry_condition_fn=retry_unless_lost,
    cache_policy=NO_CACHE,
    persist_result=False,
)
def publish(writer: RunWriter, rejections: list[Rejection], unchanged_before: int) -> LoadResult:
    return writer.finish(rejections, unchanged_before)  # the run's row, then the snapshot


def spool_dir() -> Path:
    """Where lake runs keep their spools: NEWSROOM_SPOOL_DIR, else the temporary folder."""
    return Path(os.environ.get("NEWSROOM_SPOOL_DIR") or tempfile.gettempdir())


def remove_stale_spools(where: Path, max_age: float = 86_400.0) -> list[Path]:
    """Remove the spools of runs that died without cleaning up (killed with -9, a power
    cut): those whose process is gone, and unnamed ones a day old. Returns what went."""
    gone: list[Path] = []
    for spool in where.glob("newsroom-run-*"):
        try:
            info = spool.lstat()
        except OSError:
            continue
        if not spool.is_dir() or spool.is_symlink() or info.st_uid != os.getuid():
            continue
        pid_text = spool.name.removeprefix("newsroom-run-").split("-", 1)[0]
        if pid_text.isdigit():
            stale = pid_text != str(os.getpid()) and not _alive(int(pid_text))
        else:
            stale = time.time() - info.st_mtime > max_age
        if stale:
            shutil.rmtree(spool, ignore_errors=True)
            gone.append(spool)
    return gone


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


class _Spool:
    """The chunks a lake run loaded, pickled to temporary files, to load them again."""

    def __init__(self) -> None:
        self._dir: Path | None = None
        self._count = 0

    def keep(self, articles: list[Article], responses: list[ArchivedResponse]) -> None:
        if self._dir is None:  # under $TMPDIR (NEWSROOM_SPOOL_DIR to choose another disk)
            where = spool_dir()
            self._dir = Path(tempfile.mkdtemp(prefix=f"newsroom-run-{os.getpid()}-", dir=where))
        with (self._dir / f"{self._count:06d}.pickle").open("wb") as f:
            pickle.dump((articles, responses), f, protocol=pickle.HIGHEST_PROTOCOL)
        self._count += 1

    def __iter__(self) -> Iterator[tuple[list[Article], list[ArchivedResponse]]]:
        for i in range(self._count):
            assert self._dir is not None
            with (self._dir / f"{i:06d}.pickle").open("rb") as f:
                yield pickle.load(f)

    def close(self) -> None:
        if self._dir is not None:
            shutil.rmtree(self._dir, ignore_errors=True)
            self._dir = None
        self._count = 0


class StoryLoader:
    """Collects a run's articles and places and loads them every ``chunk_size``."""

    def __init__(
        self,
        work: str,
        run: RunRecord,
        clock: StageClock,
        chunk_size: int = DEFAULT_CHUNK_SIZE,
        attempts: int = LAKE_RUN_ATTEMPTS,
    ) -> None:
        self.work = work
        self.run = run
        self.writer = RunWriter(work, run)
        self.clock = clock
        self.chunk_size = max(1, chunk_size)
        self.attempts = max(1, attempts)
        self.digest = RunDigest()
        self.commits_lost = 0  # a lake run's commits that lost to another writer's
        self._articles: list[Article] = []
        self._responses: list[ArchivedResponse] = []
        self._loaded = 0
        remove_stale_spools(spool_dir())  # what runs killed before this one left
        self._spool = _Spool() if self.writer.lake else None

    def __enter__(self) -> StoryLoader:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        try:
            self.writer.close()  # an unfinished run's chunks leave the working file
        finally:
            if self._spool is not None:
                self._spool.close()

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
        if self._spool is not None:
            try:
                self._spool.keep(chunk, responses)
            except OSError as exc:  # a full disk must not sink a run that can commit
                get_run_logger().warning(
                    "run %s: cannot keep its chunks for a retry (%s); a commit lost to"
                    " another writer will fail the run",
                    self.run.run_id,
                    exc,
                )
                self._spool.close()
                self._spool = None
        self._place_and_load(chunk, responses)

    def _place_and_load(self, chunk: list[Article], responses: list[ArchivedResponse]) -> None:
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
        while True:
            try:
                with self.clock("publish"):
                    return publish(unwalked(self.writer), unwalked(rejections), unchanged_before)
            except WarehouseConflict as exc:
                self.commits_lost += 1
                if self._spool is None or self.commits_lost >= self.attempts:
                    raise
                get_run_logger().warning(
                    "run %s: another writer committed to %s first (%s); placing and loading"
                    " the run's %d articles again (attempt %d of %d)",
                    self.run.run_id,
                    self.work,
                    exc,
                    self._loaded,
                    self.commits_lost + 1,
                    self.attempts,
                )
                time.sleep(lake_retry_pause(self.commits_lost))
                self._again()

    def _again(self) -> None:
        """The run from its first chunk, in a new transaction, against the lake as it is."""
        assert self._spool is not None
        self.writer.close()
        self.writer = RunWriter(self.work, self.run)
        self.digest = RunDigest()
        self._loaded = 0
        for chunk, responses in self._spool:
            self._place_and_load(chunk, responses)
