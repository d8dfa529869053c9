"""Opening a warehouse: brief connections, waiting while another process holds it.

Connections are held only as long as one operation needs them: DuckDB lets one process
open a file for writing and no other process open it at all meanwhile. A file held by
another process is retried with backoff, then reported as ``WarehouseBusy``.
"""

from __future__ import annotations

import logging
import random
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Self

import duckdb

from newsroom.errors import WarehouseBusy, WarehouseConflict, WarehouseError
from newsroom.settings import DEFAULT_WAREHOUSE
from newsroom.warehouse import schema
from newsroom.warehouse.backend import Backend, parse

logger = logging.getLogger(__name__)
FIRST_DELAY = 0.05  # seconds before the first retry while another process holds the file


class Connection:
    """How to open a warehouse: a DuckDB file (a path or ``duckdb:PATH``) or a DuckLake
    (``ducklake:sqlite:CATALOG`` or ``ducklake:postgres:CONNINFO``; see ``backend``)."""

    def __init__(
        self, path: str | Path | Backend = DEFAULT_WAREHOUSE, *, busy_timeout: float = 60.0
    ) -> None:
        self.backend = parse(path)
        self.path = Path(self.backend.target)  # the file (or SQLite catalog) on disk
        self.busy_timeout = busy_timeout
        self._bound: duckdb.DuckDBPyConnection | None = None  # see ``within``

    @classmethod
    def within(cls, con: duckdb.DuckDBPyConnection, backend: Backend) -> Self:
        """The warehouse as an open transaction sees it (a DuckLake run reading its own
        chunks, which no other connection sees before it commits). Already migrated."""
        view = cls(backend)
        view._bound = con
        return view

    def __repr__(self) -> str:
        return f"{type(self).__name__}({str(self.backend)!r})"

    def exists(self) -> bool:
        """Whether there is a warehouse to read (no file yet: nothing loaded)."""
        return self.backend.exists()

    @contextmanager
    def connect(self, *, read_only: bool = False) -> Iterator[duckdb.DuckDBPyConnection]:
        """Open the warehouse briefly, waiting with backoff while another process holds it."""
        if self._bound is not None:  # inside a run's transaction: reads see its chunks
            yield self._bound
            return
        deadline = time.monotonic() + self.busy_timeout
        delay = FIRST_DELAY
        while True:
            try:
                con = self.backend.connect(read_only=read_only)
                break
            except duckdb.Error as exc:
                if not self.backend.is_busy(exc):
                    raise WarehouseError(f"cannot open {self.backend}: {exc}") from exc
                if time.monotonic() >= deadline:
                    raise WarehouseBusy(
                        f"{self.backend} is held by another process (a SQL client or a run); "
                        f"waited {self.busy_timeout:.0f} s"
                    ) from exc
                if delay == FIRST_DELAY and self._run_file():
                    # runs' own working file: no client opens it, another run writes it;
                    # runs take turns (a trial's two served runs at once warned of it)
                    logger.info(
                        "another run is writing %s: this one waits its turn, up to %.0f s",
                        self.backend,
                        self.busy_timeout,
                    )
                elif delay == FIRST_DELAY:  # once: a run that waits in silence looks hung
                    logger.warning(
                        "%s is held by another process (a SQL client that opened it"
                        " read-write, or a run): waiting for it, up to %.0f s",
                        self.backend,
                        self.busy_timeout,
                    )
                time.sleep(delay * (1 + random.random()))
                delay = min(delay * 2, 2.0)
        try:
            yield con
        finally:
            con.close()

    def _run_file(self) -> bool:
        """Whether this is the private file runs write (``runs.work_path``: ".NAME.work.duckdb"
        beside the published file), which only runs open: asked of the naming itself."""
        if self.backend.kind != "duckdb":
            return False
        from newsroom.warehouse.runs import published_path, work_path  # runs imports this

        try:
            return work_path(published_path(self.path)) == self.path.absolute()
        except WarehouseError:  # no working file's name
            return False

    def migrate(self) -> int:
        """Apply pending migrations; return the schema version."""
        with self.connect() as con:
            return self._migrate(con)

    def _migrate(self, con: duckdb.DuckDBPyConnection) -> int:
        if self._bound is not None:
            return 0  # migrated before the run's transaction began
        return schema.migrate(con, self.backend)

    @contextmanager
    def transaction(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """A connection to the migrated warehouse inside one transaction: committed when
        the block ends, rolled back when it raises."""
        with self.connect() as con:
            self._migrate(con)
            con.execute("BEGIN TRANSACTION")
            try:
                yield con
            except BaseException:
                con.execute("ROLLBACK")
                raise
            commit(con, self.backend)

    def query(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        """Run a read query and return all rows (for the CLI and tests)."""
        with self.connect(read_only=True) as con:
            return con.execute(sql, list(params)).fetchall()


def commit(con: duckdb.DuckDBPyConnection, backend: Backend) -> None:
    """COMMIT; a DuckLake commit that lost to another writer's becomes a
    ``WarehouseConflict`` (the transaction is gone whole: running it again is safe)."""
    try:
        con.execute("COMMIT")
    except duckdb.Error as exc:
        if backend.lost_to_another_writer(exc):
            raise WarehouseConflict(
                f"another writer changed {backend} first; nothing of this load was kept: {exc}"
            ) from exc
        raise
