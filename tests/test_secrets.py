"""A PostgreSQL password in a warehouse URL is never shown, logged or kept by Prefect.

libpq's own ways (PGPASSWORD, ~/.pgpass, a service file) are the documented ones; a
password written into the URL anyway is moved to PGPASSWORD when the URL is read, so
every output, log line, Prefect parameter, artifact and event sees the URL without it.
Checked against a real PostgreSQL catalog and a real Prefect API, by grepping the
command's output and the bytes of the Prefect server's database.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from newsroom.warehouse.backend import parse, redact, without_password

SECRET = "Sup3r-S3cret-pw"


@pytest.mark.parametrize(
    ("url", "clean"),
    [
        (
            f"ducklake:postgres:dbname=news password={SECRET} host=/tmp#data=/lake",
            "ducklake:postgres:dbname=news host=/tmp#data=/lake",
        ),
        (
            f"ducklake:postgres:password='{SECRET}' dbname=news",
            "ducklake:postgres:dbname=news",
        ),
        (
            f"ducklake:postgres:postgresql://news:{SECRET}@db1/news?sslmode=require#data=s3://b/",
            "ducklake:postgres:postgresql://news@db1/news?sslmode=require#data=s3://b/",
        ),
        (
            f"ducklake:postgres:postgresql://news@db1/news?password={SECRET}&sslmode=require",
            "ducklake:postgres:postgresql://news@db1/news?sslmode=require",
        ),
    ],
)
def test_a_password_moves_from_the_url_to_pgpassword(
    url: str, clean: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PGPASSWORD", "before")
    assert SECRET not in redact(url) and "***" in redact(url)
    assert without_password(url) == clean
    import os

    assert os.environ["PGPASSWORD"] == SECRET
    monkeypatch.setenv("PGPASSWORD", "before")
    assert SECRET not in str(parse(url)) and SECRET not in parse(url).target
    assert os.environ["PGPASSWORD"] == SECRET


def test_other_urls_are_left_alone(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("PGPASSWORD", raising=False)
    for url in ["warehouse/newsroom.duckdb", "ducklake:sqlite:lake.sqlite", "dbname=x"]:
        assert without_password(url) == url
    import os

    assert "PGPASSWORD" not in os.environ


def _prefect_database() -> list[Path]:
    from prefect.settings import PREFECT_SERVER_DATABASE_CONNECTION_URL

    url = str(PREFECT_SERVER_DATABASE_CONNECTION_URL.value())
    database = Path(url.split(":///", 1)[1])
    return [p for p in database.parent.glob(database.name + "*") if p.is_file()]


def test_no_output_log_or_prefect_record_holds_the_password(
    postgres: tuple[str, object],
    seeds: Path,
    tmp_path: Path,
    prefect_api: None,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from typer.testing import CliRunner

    from flows.cli import app

    monkeypatch.setenv("PGPASSWORD", "")  # restored after the test
    _, new_database = postgres
    assert callable(new_database)
    conninfo = str(new_database())
    url = f"ducklake:postgres:{conninfo} password={SECRET}#data={tmp_path / 'lake'}"
    outputs: list[str] = []
    for args in (
        ["ingest", str(seeds), "--warehouse", url],
        ["status", "--warehouse", url],
        ["errors", "--warehouse", url],
        # A catalog that does not exist: the connection error names the conninfo.
        ["status", "--warehouse", url.replace("dbname=", "dbname=missing_")],
        ["ingest", str(seeds), "--warehouse", url.replace("dbname=", "dbname=missing_")],
    ):
        result = CliRunner().invoke(app, args)
        outputs.append(result.output)
    assert "5 articles" in outputs[1] or "articles" in outputs[1], outputs[1]
    assert any("missing_" in text for text in outputs[3:]), outputs[3:]
    for text in outputs:
        assert SECRET not in text, text

    databases = _prefect_database()
    assert databases, "the Prefect test server's database was not found"
    for database in databases:
        assert SECRET.encode() not in database.read_bytes(), database

    from newsroom.warehouse import Warehouse

    rows = Warehouse(url).query("SELECT * FROM runs")
    assert rows and SECRET not in repr(rows)
