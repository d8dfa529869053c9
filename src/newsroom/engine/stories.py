"""The end of every run: articles placed in stories and loaded, a chunk at a time.

A run's articles are not held all at once: the run hands them to a ``StoryLoader`` as
they are made, and every ``chunk_size`` of them are placed in stories (the ``dedup``
stage, against everything loaded before) and added to the run (the ``load`` stage). The
warehouse users read changes once, at ``publish`` (``newsroom.warehouse.runs``), so a run
is all or nothing where users look.

When the store says a run's commit may be lost (a DuckLake, where a writer that is no
newsroom run can commit a conflicting change first), the loader keeps each chunk it
loaded in a spool file, so that it can place and load the run again against what the
warehouse holds now and commit again, up to ``attempts`` times.
"""

from __future__ import annotations

import logging
import os
import pickle
import random
import shutil
import tempfile
import time
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from types import TracebackType
from typing import Self

from newsroom.dedup import Link
from newsroom.engine.compute import Compute, Stage, StageClock, is_transient
from newsroom.errors import WarehouseConflict
from newsroom.pipeline import assign_to_stories
from newsroom.processes import alive
from newsroom.records import (
    NO_FILE_STATES,
    ArchivedResponse,
    Article,
    FileStates,
    LoadResult,
    Rejection,
    RunRecord,
)
from newsroom.settings import DEFAULT_CHUNK_SIZE, settings
from newsroom.topics import Topic
from newsroom.warehouse.runs import RunWriter, Store

# Articles a run places in stories and loads together (DEFAULT_CHUNK_SIZE, in settings so
# the command's help imports nothing heavy): large enough that a chunk's fixed costs (its
# transaction, the canonical rows) are small beside its work, small enough that a chunk's
# bodies, signatures and facts take a few hundred MB, not the whole run's.
# Commits a run makes before it fails when each loses to another writer's: a lost commit
# is rolled back whole, and the run is placed and loaded again.
COMMIT_ATTEMPTS = 5


def _dedup(writer: RunWriter, articles: list[Article]) -> tuple[list[Article], list[Link]]:
    # Under the run's write lock: no other run loads between this search and this load,
    # so two runs bringing copies of one new story cannot found two stories. (On a
    # DuckLake the search runs inside the run's open transaction: it sees the run's
    # earlier chunks, which no other connection can see before the run commits.)
    return assign_to_stories(writer.view(), articles)


def _load(
    writer: RunWriter,
    articles: list[Article],
    links: list[Link],
    responses: list[ArchivedResponse],
) -> LoadResult:
    return writer.load(articles, links, responses)


def _publish(
    writer: RunWriter,
    rejections: list[Rejection],
    unchanged_before: int,
    topics: Sequence[Topic] = (),
    failed_before: int = 0,
    files: FileStates = NO_FILE_STATES,
) -> LoadResult:
    # the run's row, then published
    return writer.commit(
        rejections, unchanged_before, topics, failed_before=failed_before, files=files
    )


def _not_lost(exc: BaseException) -> bool:
    """Transient, but not a lost commit: the run's transaction is gone with it, so running
    the stage again cannot help; ``StoryLoader.finish`` redoes the run."""
    return is_transient(exc) and not isinstance(exc, WarehouseConflict)


DEDUP = Stage("dedup", _dedup, retries=3)
LOAD = Stage("load", _load, retries=3, retry_delay=5.0)
PUBLISH = Stage("publish", _publish, retries=3, retry_delay=5.0, retry_if=_not_lost)


@dataclass
class RunDigest:
    """The first new stories and new copies of a run, for its summary (not all of them:
    a run of a million articles is summarised, not listed)."""

    limit: int = 20
    stories: list[tuple[str, str, str]] = field(default_factory=list)  # story, title, source
    copies: list[tuple[str, str, str, Link]] = field(default_factory=list)  # …, best link

    def add(self, articles: Sequence[Article], links: Sequence[Link]) -> None:
        best: dict[str, Link] = {}
        for link in links:
            if link.source_uri not in best or link.similarity > best[link.source_uri].similarity:
                best[link.source_uri] = link
        for a in articles:
            joined = best.get(a.source_uri)
            if joined is None and len(self.stories) < self.limit:
                self.stories.append((a.story_id or "", a.title, a.source_uri))
            elif joined is not None and len(self.copies) < self.limit:
                self.copies.append((a.story_id or "", a.title, a.source_uri, joined))

    def without(self, moved: Iterable[str]) -> RunDigest:
        """The same digest without the copies at ``moved`` paths: files renamed or moved,
        the articles they were and not new copies of their stories."""
        gone = set(moved)
        return RunDigest(self.limit, self.stories, [c for c in self.copies if c[2] not in gone])

    def titled(self, titles: Mapping[str, str]) -> RunDigest:
        """The same digest with each story's title as the warehouse has it (its canonical
        article's, which a later copy may have replaced), where ``titles`` has one."""
        return RunDigest(
            self.limit,
            [(s, titles.get(s, t), uri) for s, t, uri in self.stories],
            [(s, titles.get(s, t), uri, link) for s, t, uri, link in self.copies],
        )


def retry_pause(attempt: int) -> float:
    """Seconds to wait before a run's next commit attempt: growing, jittered, at most 7.5."""
    return min(5.0, 0.2 * 2.0**attempt) * (0.5 + random.random())


class StoryLoader:
    """Collects a run's articles and places and loads them every ``chunk_size``."""

    def __init__(
        self,
        store: Store,
        run: RunRecord,
        compute: Compute,
        clock: StageClock,
        *,
        chunk_size: int = DEFAULT_CHUNK_SIZE,
        attempts: int = COMMIT_ATTEMPTS,
        log: logging.Logger | logging.LoggerAdapter[logging.Logger] | None = None,
        topics: Sequence[Topic] = (),
    ) -> None:
        self.store = store
        self.run = run
        self.compute = compute
        self.clock = clock
        self.chunk_size = max(1, chunk_size)
        self.attempts = max(1, attempts)
        self.log = log or logging.getLogger(__name__)
        self.topics = tuple(topics)
        self.writer = store.begin(run)
        self.digest = RunDigest()
        self.commits_lost = 0
        self._articles: list[Article] = []
        self._responses: list[ArchivedResponse] = []
        self._loaded = 0
        spools = settings().spool_dir
        remove_stale_spools(spools)  # what runs killed before this one left
        self._spool = _Spool(spools) if store.commit_may_be_lost else None

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        try:
            self.writer.abort()  # an unfinished run's chunks go
        finally:
            if self._spool is not None:
                self._spool.close()

    def add(self, articles: Sequence[Article], responses: Sequence[ArchivedResponse] = ()) -> None:
        self._articles += articles
        self._responses += responses
        while len(self._articles) >= self.chunk_size:
            self._flush(self.chunk_size)

    def _flush(self, size: int) -> None:
        chunk, self._articles = self._articles[:size], self._articles[size:]
        responses, self._responses = self._responses, []
        if self._spool is not None:
            try:
                self._spool.keep(chunk, responses)
            except OSError as exc:  # a full disk must not sink a run that can commit
                self.log.warning(
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
        placed, links = self.compute.call(
            DEDUP, {"writer": self.writer, "articles": chunk}, self.clock, first
        )
        self.compute.call(
            LOAD,
            {"writer": self.writer, "articles": placed, "links": links, "responses": responses},
            self.clock,
            first,
        )
        self.digest.add(placed, links)
        self._loaded += len(placed)

    def finish(
        self,
        rejections: list[Rejection],
        unchanged_before: int,
        failed_before: int = 0,
        files: FileStates = NO_FILE_STATES,
    ) -> LoadResult:
        """Place and load what is waiting, then record and publish the run
        (``failed_before``: files that failed in an earlier run, unchanged, not read;
        ``files``: what the run found of files beyond new articles, ``FileStates``)."""
        if self._articles or self._responses:
            self._flush(len(self._articles))
        while True:
            try:
                arguments = {
                    "writer": self.writer,
                    "rejections": rejections,
                    "unchanged_before": unchanged_before,
                    "topics": self.topics,
                    "failed_before": failed_before,
                    "files": files,
                }
                result: LoadResult = self.compute.call(PUBLISH, arguments, self.clock)
                return result
            except WarehouseConflict as exc:
                self.commits_lost += 1
                if self._spool is None or self.commits_lost >= self.attempts:
                    raise
                self.log.warning(
                    "run %s: another writer committed to %s first (%s); placing and loading"
                    " the run's %d articles again (attempt %d of %d)",
                    self.run.run_id,
                    self.store.backend,
                    exc,
                    self._loaded,
                    self.commits_lost + 1,
                    self.attempts,
                )
                time.sleep(retry_pause(self.commits_lost))
                self._again()

    def _again(self) -> None:
        """The run from its first chunk, in a new transaction, against the store as it is."""
        assert self._spool is not None
        self.writer.abort()
        self.writer = self.store.begin(self.run)
        self.digest = RunDigest()
        self._loaded = 0
        for chunk, responses in self._spool:
            self._place_and_load(chunk, responses)


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
            stale = pid_text != str(os.getpid()) and not alive(int(pid_text))
        else:
            stale = time.time() - info.st_mtime > max_age
        if stale:
            shutil.rmtree(spool, ignore_errors=True)
            gone.append(spool)
    return gone


class _Spool:
    """The chunks a run loaded, pickled to temporary files, to load them again."""

    def __init__(self, where: Path) -> None:
        self._where = where  # NEWSROOM_SPOOL_DIR, else the temporary folder
        self._dir: Path | None = None
        self._count = 0

    def keep(self, articles: list[Article], responses: list[ArchivedResponse]) -> None:
        if self._dir is None:
            prefix = f"newsroom-run-{os.getpid()}-"
            self._dir = Path(tempfile.mkdtemp(prefix=prefix, dir=self._where))
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
