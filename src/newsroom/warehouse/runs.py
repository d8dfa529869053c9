"""The run protocol: how a run's chunks reach the warehouse and become visible at once.

One interface, two stores (the shape dlt gives its destinations). ``store_for(backend)``
picks the store; nothing outside this module asks which kind a warehouse is::

    store = store_for(backend)
    reader = store.prepare()          # the warehouse as runs see it, made ready
    with store.begin(run) as writer:  # the run's transaction, under the write lock
        writer.load(articles, links, responses)   # a chunk at a time
        writer.view()                             # reads that see the chunks loaded so far
        writer.commit(rejections, unchanged)      # the run's row, then published
    # leaving the block without commit() gives up the run: none of its chunks stay

- ``SnapshotStore`` (a DuckDB file): runs write a private working file and publish a
  copy of it at the path users open, atomically (see below).
- ``LakeStore`` (a DuckLake): the run is one transaction on the lake, held open across
  its chunks; its COMMIT is the publish (DuckLake gives readers snapshot isolation). A
  writer that is no newsroom run may commit a conflicting change first: the commit then
  fails whole (``WarehouseConflict``) and ``commit_may_be_lost`` tells the run engine to
  place and load the run again (``newsroom.run``).
"""

from __future__ import annotations

import errno
import logging
import os
import re
import shlex
import shutil
import time
from abc import ABC, abstractmethod
from collections.abc import Iterable, Iterator, Sequence
from contextlib import ExitStack, contextmanager, suppress
from dataclasses import replace
from datetime import UTC, datetime
from functools import cache
from pathlib import Path
from types import TracebackType
from typing import Self

import duckdb

from newsroom.dedup import Link
from newsroom.errors import DiskFull, WarehouseBusy, WarehouseError
from newsroom.records import (
    NO_FILE_STATES,
    ArchivedResponse,
    Article,
    FileStates,
    LoadResult,
    Rejection,
    RunRecord,
    utcnow,
)
from newsroom.settings import settings
from newsroom.topics import Topic, TopicUpdate
from newsroom.warehouse.backend import (
    Backend,
    file_lock,
    file_locked,
    foreign_file_problem,
    parse,
    sql_identifier,
    sql_string,
)
from newsroom.warehouse.connection import Connection, commit
from newsroom.warehouse.load import load_articles, record_run
from newsroom.warehouse.reads import Warehouse
from newsroom.warehouse.schema import migrations
from newsroom.warehouse.search import refresh_index
from newsroom.warehouse.topics import update_topics
from newsroom.warehouse.translations import link_translations

logger = logging.getLogger(__name__)


class Store(ABC):
    """Where runs load: a warehouse and its run protocol."""

    commit_may_be_lost = False  # whether another writer can make a run's commit fail
    needs_upkeep = False  # whether ``compact_warehouse`` has anything to do

    @abstractmethod
    def what_readers_see(self) -> str:
        """What a SQL client opening the warehouse now reads, in a few words."""

    def run_in_progress(self) -> bool:
        """Whether a run is loading (visible to readers only when it finishes)."""
        return False

    @abstractmethod
    def how_to_query(self, shown: str, duckdb_cli: str = "duckdb") -> str:
        """A first command to look at the warehouse (``shown``: its name as typed;
        ``duckdb_cli``: the DuckDB shell as the user can run it)."""

    def own_paths(self) -> list[str]:
        """The warehouse's own local files, absolute, for discovery to leave alone: a file
        is the warehouse's when its path is one of these or continues one with ``.``,
        ``-`` or ``/`` (``newsroom.duckdb.wal``, ``lake.sqlite-wal``, a data folder)."""
        return []

    def __init__(self, backend: Backend) -> None:
        self.backend = backend.absolute()

    @abstractmethod
    def prepare(self) -> Warehouse:
        """The warehouse as a run reads it before it begins, made ready (an interrupted
        run's chunks removed)."""

    @abstractmethod
    def begin(self, run: RunRecord, *, lock_timeout: float = ...) -> RunWriter:
        """The run's writer (it takes the write lock when it first needs it)."""


class RunWriter(ABC):
    """One run's load, a chunk at a time, published whole by ``commit``."""

    def __init__(self, store: Store, run: RunRecord, lock_timeout: float) -> None:
        self.store = store
        self.run = run
        self.lock_timeout = lock_timeout
        self.loaded = LoadResult(new=0, unchanged=0, changed=0, duplicates=0, errors=0)
        self.now = utcnow()  # every row of the run is stamped with its start
        self.topics: list[TopicUpdate] = []  # the topics as the run's commit updated them
        self._lock: ExitStack | None = None

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.abort()

    def acquire(self) -> None:
        """Take the write lock (waiting up to ``lock_timeout``) and open the run."""
        if self._lock is not None:
            return
        stack = ExitStack()
        try:
            self._open(stack)
        except BaseException:
            stack.close()
            raise
        self._lock = stack

    @abstractmethod
    def _open(self, stack: ExitStack) -> None: ...

    @abstractmethod
    def view(self) -> Warehouse:
        """The warehouse as this run sees it: with its loaded chunks (takes the lock)."""

    @abstractmethod
    def load(
        self,
        articles: Sequence[Article],
        links: Iterable[Link] = (),
        responses: Iterable[ArchivedResponse] = (),
    ) -> LoadResult:
        """Add one chunk of the run (its articles placed in stories already)."""

    @abstractmethod
    def commit(
        self,
        rejections: Iterable[Rejection],
        unchanged_before: int = 0,
        topics: Sequence[Topic] = (),
        *,
        failed_before: int = 0,
        files: FileStates = NO_FILE_STATES,
    ) -> LoadResult:
        """Record the run and its errors, update the topics where the store can search
        (``self.topics``), publish it, release the lock. ``failed_before``: files that
        failed in an earlier run and were not read again, unchanged; ``files``: what
        the run found of files beyond new articles (gone, found again, saved again with
        the same text: ``FileStates``)."""

    def _record(
        self,
        con: duckdb.DuckDBPyConnection,
        rejections: Iterable[Rejection],
        unchanged_before: int,
        topics: Sequence[Topic],
        failed_before: int,
        files: FileStates,
    ) -> LoadResult:
        """What ``commit`` writes in the run's transaction before it publishes: the run's
        row and errors, what it found of files, the search index's additions, the links
        to translations and the topics (``self.topics``)."""
        result = record_run(
            con, self.run, self.loaded, rejections, self.now, unchanged_before, failed_before, files
        )
        refresh_index(con)  # adds what this run loaded
        linked = link_translations(con, self.run.run_id, self.now)
        self.topics = update_topics(con, topics, self.run.run_id, self.now)
        return replace(result, translations=linked)

    def abort(self) -> None:
        """Give up an unfinished run: none of its chunks stay. Idempotent."""
        if self._lock is None:
            return
        try:
            self._undo()
        finally:
            self._release()

    @abstractmethod
    def _undo(self) -> None:
        """Remove what the run loaded (the lock is held)."""

    def _release(self) -> None:
        if self._lock is not None:
            self._lock.close()
            self._lock = None


def store_for(warehouse: str | Path | Backend) -> Store:
    """The store of a warehouse URL or path."""
    backend = parse(warehouse)
    return LakeStore(backend) if backend.is_lake else SnapshotStore(backend)


# -- a DuckLake: the run is one transaction -----------------------------------------------


class LakeStore(Store):
    commit_may_be_lost = True
    needs_upkeep = True

    def what_readers_see(self) -> str:
        return "DuckLake, last committed run"

    def how_to_query(self, shown: str, duckdb_cli: str = "duckdb") -> str:
        return f"newsroom status --warehouse {shlex.quote(shown)}"

    def own_paths(self) -> list[str]:
        owned = []
        if self.backend.path is not None:  # the SQLite catalog, its -wal, -shm and .lock
            owned.append(str(self.backend.path))
        data = self.backend.data_path
        if data is None and self.backend.path is not None:
            data = str(self.backend.path.with_suffix(".files"))  # the default beside it
        if data is not None and "://" not in data:
            owned.append(str(Path(data).absolute()))
        return owned

    def prepare(self) -> Warehouse:
        return Warehouse(self.backend)  # an unfinished run's transaction never committed

    def begin(self, run: RunRecord, *, lock_timeout: float = 0.0) -> LakeRun:
        return LakeRun(self, run, lock_timeout or WRITE_LOCK_TIMEOUT)


class LakeRun(RunWriter):
    """The run's transaction, open across its chunks under the lake's run lock."""

    def __init__(self, store: Store, run: RunRecord, lock_timeout: float) -> None:
        super().__init__(store, run, lock_timeout)
        self._con: duckdb.DuckDBPyConnection | None = None
        self._lost: str | None = None  # why the transaction was rolled back

    def _open(self, stack: ExitStack) -> None:
        if self._lost is not None:  # a retried task must not commit half a run
            raise WarehouseError(
                f"this run's transaction on {self.store.backend} was rolled back"
                f" ({self._lost}); nothing of it was kept: run it again"
            )
        stack.enter_context(self.store.backend.write_lock(self.lock_timeout))
        lake = Warehouse(self.store.backend)
        lake.migrate()
        con = stack.enter_context(lake.connect())
        con.execute("BEGIN TRANSACTION")
        self._con = con

    def _transaction(self) -> duckdb.DuckDBPyConnection:
        self.acquire()
        assert self._con is not None
        return self._con

    def view(self) -> Warehouse:
        return Warehouse.within(self._transaction(), self.store.backend)

    def load(
        self,
        articles: Sequence[Article],
        links: Iterable[Link] = (),
        responses: Iterable[ArchivedResponse] = (),
    ) -> LoadResult:
        con = self._transaction()
        try:
            loaded = load_articles(con, self.run.run_id, articles, links, responses, self.now)
        except BaseException as exc:
            self._abandon(exc)
            raise
        self.loaded += loaded
        return loaded

    def commit(
        self,
        rejections: Iterable[Rejection],
        unchanged_before: int = 0,
        topics: Sequence[Topic] = (),
        *,
        failed_before: int = 0,
        files: FileStates = NO_FILE_STATES,
    ) -> LoadResult:
        con = self._transaction()
        try:
            result = self._record(con, rejections, unchanged_before, topics, failed_before, files)
            commit(con, self.store.backend)
        except BaseException as exc:
            self._abandon(exc)
            raise
        self._con = None
        self._release()
        return result

    def _undo(self) -> None:
        con, self._con = self._con, None
        if con is not None:
            con.execute("ROLLBACK")

    def _abandon(self, exc: BaseException) -> None:
        """The transaction failed: roll it back, let go, remember why."""
        if self._con is not None:
            with suppress(duckdb.Error):  # a failed COMMIT has rolled back already
                self._con.execute("ROLLBACK")
        self._con = None
        self._lost = f"{type(exc).__name__}: {exc}"
        self._release()


# -- a DuckDB file: a working file, published as a snapshot -------------------------------


class SnapshotStore(Store):
    def __init__(self, backend: Backend) -> None:
        super().__init__(backend)
        self.published = Path(self.backend.target)
        self.work = work_path(self.published)

    def prepare(self) -> Warehouse:
        return Warehouse(working_file(self.published))

    def what_readers_see(self) -> str:
        """When the snapshot readers see was published: its last run's end (the file's
        time changes when a SQL client that opened it read-write closes it, as a trial
        saw), else the file's time."""
        try:
            [(finished,)] = Warehouse(self.published).query("SELECT max(finished_at) FROM runs")
        except (WarehouseError, duckdb.Error, ValueError):
            finished = None
        if isinstance(finished, datetime):
            published = finished if finished.tzinfo else finished.replace(tzinfo=UTC)
        else:
            published = datetime.fromtimestamp(self.published.stat().st_mtime, UTC)
        return f"snapshot of {published.astimezone(UTC):%Y-%m-%d %H:%M:%S} UTC"

    def run_in_progress(self) -> bool:
        # A loading run holds the write lock, and the kernel drops it when the run dies:
        # unlike the working file's age, which a failed or killed run also leaves newer.
        return file_locked(_lock_path(self.work))

    def how_to_query(self, shown: str, duckdb_cli: str = "duckdb") -> str:
        return (
            f'{duckdb_cli} -readonly {shlex.quote(shown)} "SELECT title, word_count FROM articles"'
        )

    def own_paths(self) -> list[str]:
        # the snapshot and its .wal, the working file and its .lock, .wal and .loading,
        # and a copy being published (.newsroom.duckdb.PID.publishing)
        hidden = self.published.with_name("." + self.published.name)
        return [str(self.published), str(self.work), str(hidden)]

    def begin(self, run: RunRecord, *, lock_timeout: float = 0.0) -> SnapshotRun:
        return SnapshotRun(self, run, lock_timeout or WRITE_LOCK_TIMEOUT)


class SnapshotRun(RunWriter):
    """Chunks committed to the working file; the snapshot published once, at ``commit``.

    The working file is scratch in between: the write lock is held from the first load
    to the publish (so nothing else publishes a half-loaded run), and a marker beside the
    file says a run is loading; a run that fails restores the working file from the
    snapshot, and a run killed outright leaves the marker, so the next run (or
    ``working_file``) restores it before reading or writing anything.
    """

    store: SnapshotStore

    def _open(self, stack: ExitStack) -> None:
        work = self.store.work
        working_file(self.store.published)  # made ready: a killed run's chunks gone
        stack.enter_context(write_lock(work, self.lock_timeout))
        restore_if_interrupted(work)
        _marker(work).write_text(f"{self.run.run_id}\n", encoding="utf-8")

    def view(self) -> Warehouse:
        self.acquire()
        return Warehouse(self.store.work)

    def load(
        self,
        articles: Sequence[Article],
        links: Iterable[Link] = (),
        responses: Iterable[ArchivedResponse] = (),
    ) -> LoadResult:
        self.acquire()
        work = Warehouse(self.store.work)
        try:
            with work.transaction() as con:
                loaded = load_articles(con, self.run.run_id, articles, links, responses, self.now)
        except (OSError, duckdb.Error) as exc:
            raise storage_error(exc, self.store.work, "loading the run") from exc
        self.loaded += loaded
        return loaded

    def commit(
        self,
        rejections: Iterable[Rejection],
        unchanged_before: int = 0,
        topics: Sequence[Topic] = (),
        *,
        failed_before: int = 0,
        files: FileStates = NO_FILE_STATES,
    ) -> LoadResult:
        self.acquire()
        work = Warehouse(self.store.work)
        try:
            with work.transaction() as con:
                result = self._record(
                    con, rejections, unchanged_before, topics, failed_before, files
                )
        except (OSError, duckdb.Error) as exc:
            raise storage_error(exc, self.store.work, "recording the run") from exc
        took = (utcnow() - self.now).total_seconds()
        publish(self.store.work, self.store.published, worth=took)
        _marker(self.store.work).unlink(missing_ok=True)
        self._release()
        return result

    def _undo(self) -> None:
        restore_if_interrupted(self.store.work)


# -- the published snapshot: what SQL clients open ----------------------------------------
#
# DuckDB lets one process write a file and no other process open it meanwhile, so a SQL
# client left open on the file runs write would block every run (and a run would block
# the client). Runs therefore write a private working file beside the published one
# (``warehouse/.newsroom.work.duckdb`` for ``warehouse/newsroom.duckdb``) and, after each
# load, publish a copy of it at the path users open: written to a temporary file in the
# same folder, fsynced, then renamed over the old snapshot. A client that has the old
# snapshot open keeps reading the old state; the next open sees the new one. Loads and
# publishing take turns through an exclusive lock file (``.newsroom.work.duckdb.lock``):
# a second run waits for the first one's load and publish to finish.

WRITE_LOCK_TIMEOUT = 1800.0


def work_path(published: str | Path) -> Path:
    """The private file runs write for the snapshot at ``published``."""
    path = Path(published).absolute()
    return path.with_name(f".{path.stem}.work{path.suffix}")


def published_path(work: str | Path) -> Path:
    """The snapshot path of a working file (inverse of ``work_path``)."""
    path = Path(work).absolute()
    stem, marker, suffix = path.name[1:].rpartition(".work")
    if not (path.name.startswith(".") and marker and stem):
        raise WarehouseError(f"{path} is not a working file (.NAME.work.duckdb)")
    return path.with_name(stem + suffix)


@contextmanager
def write_lock(work: str | Path, timeout: float = WRITE_LOCK_TIMEOUT) -> Iterator[None]:
    """Hold the exclusive write lock of a working file; wait up to ``timeout`` seconds.

    An advisory ``flock`` on ``<work>.lock``: released by the kernel when the holder
    exits, however it exits, so a killed run never leaves a stale lock behind. (A
    DuckLake's lock: ``Backend.write_lock``.)
    """
    with file_lock(_lock_path(work), timeout, str(work)):
        yield


def _lock_path(work: str | Path) -> Path:
    return Path(work).absolute().with_name(Path(work).name + ".lock")


def working_file(published: str | Path) -> Path:
    """The working file for a published warehouse, made ready for a run.

    The first run after an upgrade starts from the published file (a warehouse written
    before snapshots existed). When the published file is gone (a user removed it to
    start over), the working file is discarded with it: runs start from an empty
    warehouse, as they would have without the working file.
    """
    snapshot = Path(published).absolute()
    work = work_path(snapshot)
    if not work.exists() and (problem := foreign_file_problem(snapshot)):
        raise WarehouseError(problem)  # never copy someone's file as the working file
    if snapshot.exists() == work.exists() and not _marker(work).exists() and _opens(work):
        return work
    with write_lock(work):
        restore_if_interrupted(work)  # a run killed half way: its chunks go
        if snapshot.exists() != work.exists():
            _reset_work(work)
        elif not _opens(work):
            if snapshot.exists() and not _opens(snapshot):
                raise WarehouseError(
                    f"neither {snapshot} nor its working file {work.name} can be opened as a"
                    " DuckDB database: restore the warehouse from a backup or export,"
                    " or move both away to start a new one"
                )
            logger.warning("%s could not be opened: made again from %s", work, snapshot)
            _reset_work(work)  # only the snapshot plus an unfinished run: nothing is lost
    return work


def _opens(path: Path) -> bool:
    """Whether ``path`` is absent, busy, or opens as a DuckDB database (not corrupt)."""
    if not path.exists():
        return True
    try:
        duckdb.connect(str(path), read_only=True).close()
    except duckdb.Error as exc:
        return parse(path).is_busy(exc)
    return True


def _reset_work(work: Path) -> None:
    """Make the working file the published snapshot again (with the snapshot's log, if a
    client left one), or remove it when nothing is published. Hold the write lock.

    The old working file goes first (it is only the snapshot plus an unfinished run), so a
    full disk gets that space back; when even then the copy does not fit, nothing is left
    half-copied and the next run copies it again.
    """
    snapshot = published_path(work)
    wal = work.with_name(work.name + ".wal")
    work.unlink(missing_ok=True)
    wal.unlink(missing_ok=True)
    for stale in work.parent.glob(f"{work.name}.*.tmp"):
        stale.unlink(missing_ok=True)  # a copy a killed or failed run left
    if not snapshot.exists():
        return
    tmp = work.with_name(f"{work.name}.{os.getpid()}.tmp")
    try:
        shutil.copyfile(snapshot, tmp)
        snapshot_wal = snapshot.with_name(snapshot.name + ".wal")
        if snapshot_wal.exists():
            shutil.copyfile(snapshot_wal, wal)
        os.replace(tmp, work)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        wal.unlink(missing_ok=True)
        raise storage_error(exc, work, "copying the published warehouse to start a run") from exc


def storage_error(exc: BaseException, where: Path, doing: str) -> WarehouseError:
    """``exc`` as the error a user can act on: ``DiskFull`` (with the folder and the space
    there) when the disk or a quota is full, else a ``WarehouseError`` naming the file."""
    text = str(exc)
    full = (isinstance(exc, OSError) and exc.errno in _FULL) or any(
        sign in text
        for sign in ("No space left on device", "Disk quota exceeded", "File too large")
    )
    if not full:
        return WarehouseError(f"{doing} failed at {where}: {text}")
    folder = where.parent
    try:
        free = shutil.disk_usage(folder).free
    except OSError:
        free = 0
    snapshot = published_path(where) if where.name.startswith(".") else where
    need = snapshot.stat().st_size if snapshot.exists() else 0
    return DiskFull(
        f"no space left in {folder} while {doing} ({free / 1e6:,.1f} MB free; the"
        f" warehouse is {need / 1e6:,.1f} MB and a run needs about twice that, plus what"
        " it adds). The published warehouse is unchanged: free space there and run again."
    )


_FULL = {errno.ENOSPC, errno.EDQUOT, errno.EFBIG}


def publish(work: str | Path, published: str | Path | None = None, *, worth: float = 0.0) -> float:
    """Replace the published snapshot with the working file, atomically; return seconds.

    Call it holding ``write_lock(work)``. A connection to the working file is held
    during the copy, so no other process can change it meanwhile. ``worth``: the seconds
    the run took, which a SQL client holding the snapshot read-write is waited for at
    least (``_no_writer``).
    """
    started = time.perf_counter()
    source = Path(work).absolute()
    target = Path(published).absolute() if published else published_path(source)
    tmp = target.with_name(f".{target.name}.{os.getpid()}.publishing")
    for stale in target.parent.glob(f".{target.name}.*.publishing"):
        stale.unlink(missing_ok=True)  # left by a killed run (we hold the lock)
    try:
        with Connection(source).connect() as con:
            con.execute("CHECKPOINT")
            ours = _catalog(con)
            shutil.copyfile(source, tmp)
        with _no_writer(target, worth) as previous:
            if previous is not None:
                _carry_users_objects(previous, ours, target, tmp)
            fd = os.open(tmp, os.O_RDONLY)
            try:
                os.fsync(fd)
            finally:
                os.close(fd)
            os.replace(tmp, target)
            # A log a writing SQL client left beside the old snapshot belongs to the old
            # file: the new one must never replay it.
            target.with_name(target.name + ".wal").unlink(missing_ok=True)
    except (OSError, duckdb.Error) as exc:
        raise storage_error(exc, target, f"publishing {target.name}") from exc
    finally:
        tmp.unlink(missing_ok=True)
    dir_fd = os.open(target.parent, os.O_RDONLY)
    try:
        os.fsync(dir_fd)
    finally:
        os.close(dir_fd)
    return time.perf_counter() - started


_CATALOG = """
    SELECT schema_name, table_name, 'table' FROM duckdb_tables()
    WHERE database_name = current_database() AND NOT internal AND NOT temporary
    UNION ALL
    SELECT schema_name, view_name, 'view' FROM duckdb_views()
    WHERE database_name = current_database() AND NOT internal AND NOT temporary
"""


def _catalog(con: duckdb.DuckDBPyConnection) -> set[tuple[str, str]]:
    """(schema, name) of the tables and views of a connection's database."""
    return {(schema, name) for schema, name, _ in con.execute(_CATALOG).fetchall()}


@cache
def _newsroom_names() -> frozenset[str]:
    """The names of every table, view and macro newsroom's migrations ever created, the
    ones a later migration dropped or renamed included."""
    names: set[str] = set()
    for _version, _name, sql in migrations():
        names.update(m.lower() for m in _CREATED.findall(sql))
    return frozenset(names) | {"schema_migrations"}


_CREATED = re.compile(
    r"\bCREATE\s+(?:OR\s+REPLACE\s+)?(?:TABLE|VIEW|MACRO)\s+(?:IF\s+NOT\s+EXISTS\s+)?"
    r"(?:\w+\.)?\"?(\w+)",
    re.IGNORECASE,
)


_FTS_SCHEMA = "fts_main_"  # the fts extension's index of a table: PRAGMA create_fts_index


def _carry_users_objects(
    previous: duckdb.DuckDBPyConnection, ours: set[tuple[str, str]], old: Path, new: Path
) -> None:
    """Copy into the new snapshot ``new`` the tables and views a user made in the old one
    (``old``, read through ``previous``): those newsroom never made. A SQL client that
    wrote ``CREATE TABLE my_notes …`` into the warehouse finds it after the next run; what
    it changed in newsroom's own tables is the run's to replace. A view that no longer
    reads (a column it used is gone) is left out with a warning; nothing else is. The fts
    extension's index (a schema ``fts_main_TABLE``: a snapshot from before migration
    009 has one) is no user's, and not carried either."""
    theirs = [
        (schema, name, kind)
        for schema, name, kind in previous.execute(_CATALOG).fetchall()
        if (schema, name) not in ours
        and name.lower() not in _newsroom_names()
        and not schema.lower().startswith(_FTS_SCHEMA)
    ]
    if not theirs:
        return
    views = {
        (schema, name): sql
        for schema, name, sql in previous.execute(
            "SELECT schema_name, view_name, sql FROM duckdb_views()"
            " WHERE database_name = current_database() AND NOT internal"
        ).fetchall()
    }
    con = duckdb.connect(str(new))
    try:
        con.execute(f"ATTACH {sql_string(str(old))} AS previous_snapshot (READ_ONLY)")
        for schema, name, kind in sorted(theirs, key=lambda o: o[2] != "table"):
            qualified = f"{sql_identifier(schema)}.{sql_identifier(name)}"
            con.execute(f"CREATE SCHEMA IF NOT EXISTS {sql_identifier(schema)}")
            if kind == "table":
                con.execute(
                    f"CREATE TABLE {qualified} AS SELECT * FROM previous_snapshot.{qualified}"
                )
                continue
            try:
                con.execute(f"SET schema = {sql_string(schema)}")
                con.execute(views[(schema, name)])
            except duckdb.Error as exc:
                logger.warning("your view %s was not kept in the new snapshot: %s", name, exc)
            finally:
                con.execute("SET schema = 'main'")
        con.execute("DETACH previous_snapshot")
        con.execute("CHECKPOINT")
    finally:
        con.close()
    logger.info(
        "kept your own tables and views in the new snapshot: %s",
        ", ".join(name for _schema, name, _kind in theirs),
    )


@contextmanager
def _no_writer(snapshot: Path, worth: float = 0.0) -> Iterator[duckdb.DuckDBPyConnection | None]:
    """Hold a read-only connection to the published snapshot while it is replaced.

    A SQL client that opened the snapshot read-write (the duckdb shell's default) writes
    its log beside it, by name: replaced under it, the new snapshot would take that log
    and replay the client's changes onto the new state. DuckDB lets no read-only
    connection open beside a read-write one and no read-write one beside a reader, so
    holding one here waits for such a client to close, then keeps any from opening the
    old file until its log is gone. It waits ``NEWSROOM_PUBLISH_WAIT`` seconds, or as
    long as the run took (``worth``) when that is longer: a trial's half-hour crawl was
    thrown away after a minute's wait for a shell left open.
    """
    if not snapshot.exists():
        yield None
        return
    wait = max(settings().publish_wait, worth)
    store = Connection(snapshot, busy_timeout=wait)  # it says how long it waits, as it starts
    try:
        holder = store.connect(read_only=True)
        holder_con = holder.__enter__()
    except WarehouseBusy as exc:  # terminal: retrying the run's record would repeat it
        raise WarehouseError(
            f"a SQL client holds {snapshot} read-write (the duckdb shell's default), so this"
            f" run cannot publish (waited {wait:.0f} s; nothing of the run is kept)."
            f" Open the warehouse read-only (duckdb -readonly {snapshot}) and run again"
        ) from exc
    except WarehouseError as exc:
        if "different configuration" in str(exc):  # held read-write in this very process
            raise WarehouseError(
                f"{snapshot} is open read-write in this process, so this run cannot publish"
                " (nothing of the run is kept): close that connection, or open it with"
                " read_only=True, and run again"
            ) from exc
        yield None  # a snapshot that does not open is replaced all the same
        return
    try:
        yield holder_con
    finally:
        holder.__exit__(None, None, None)


def _marker(work: Path) -> Path:
    return work.with_name(work.name + ".loading")


def restore_if_interrupted(work: str | Path) -> bool:
    """Undo the chunks of a run that did not finish; return whether there were any.

    Call it holding ``write_lock(work)``. The working file goes back to the published
    snapshot (or away, when nothing was ever published: runs then start from empty).
    """
    work = Path(work).absolute()
    marker = _marker(work)
    if not marker.exists():
        return False
    _reset_work(work)
    marker.unlink()
    return True
