"""Arguments are checked before any work: one line, exit code 2, nothing left behind."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from flows.cli import app
from newsroom.config import ConfigError, config_from_dict


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(app, list(args), env={"COLUMNS": "300"})
    return result.exit_code, " ".join(result.output.replace("│", " ").split())


@pytest.mark.parametrize("warehouse", ["", "   ", "duckdb:", ":memory:", "duckdb::memory:"])
def test_a_warehouse_that_names_no_file_is_refused_at_once(
    warehouse: str, seeds: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    code, output = run("ingest", str(seeds), "--warehouse", warehouse)
    assert code == 2, output
    assert "Traceback" not in output and "--warehouse" in output
    assert sorted(p.name for p in tmp_path.iterdir()) == ["seeds"]  # nothing written


def test_a_folder_as_warehouse_is_refused_with_the_file_to_name(tmp_path: Path) -> None:
    code, output = run("status", "--warehouse", str(tmp_path))
    assert code == 2 and "is a folder" in output and "newsroom.duckdb" in output


def test_an_unknown_lake_catalog_is_refused_before_work(seeds: Path, tmp_path: Path) -> None:
    code, output = run("ingest", str(seeds), "-w", f"ducklake:mysql:{tmp_path / 'x'}")
    assert code == 2 and "ducklake:sqlite:FILE" in output
    assert not (tmp_path / "x").exists()


@pytest.mark.parametrize(
    "args",
    [
        ["errors", "--limit", "-1"],
        ["errors", "--limit", "0"],
        ["status", "--runs", "0"],
        ["fetch", "http://example.com/", "--per-host", "0"],
        ["fetch", "http://example.com/", "--host-delay", "-1"],
        ["fetch", "http://example.com/", "--max-bytes", "0"],
        ["ingest", "x", "--batch-size", "0"],
        ["ingest", "x", "--chunk-size", "-5"],
    ],
)
def test_numbers_out_of_range_are_usage_errors(args: list[str]) -> None:
    code, output = run(*args)
    assert code == 2 and "Traceback" not in output, output


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (["notaurl"], "'notaurl' is not an http or https URL"),
        (["example.com/story"], "'example.com/story' is not an http or https URL"),
        (["http://[::1"], "Invalid IPv6 URL"),
        (["https://"], "no host"),
        (["https://example.com/a", "--feed", "ftp://example.com/feed"], "ftp://example.com/feed"),
    ],
)
def test_an_argument_that_is_no_web_address_stops_fetch_before_any_run(
    args: list[str], said: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # before: a whole run (a temporary Prefect API, ~15 s) to record one error row
    monkeypatch.chdir(tmp_path)
    code, output = run("fetch", *args, "--warehouse", str(tmp_path / "w.duckdb"))
    assert code == 2 and "Traceback" not in output, output
    assert "not a web address" in output and said in " ".join(output.split())
    assert list(tmp_path.iterdir()) == []  # nothing written


def test_a_missing_or_non_utf8_urls_file_is_one_line(tmp_path: Path) -> None:
    code, output = run("fetch", "--urls-file", str(tmp_path / "missing.txt"))
    assert code == 2 and "cannot read" in output and "Traceback" not in output
    latin = tmp_path / "latin1.txt"
    latin.write_bytes("http://example.com/caf\xe9\n".encode("latin-1"))
    code, output = run("fetch", "--urls-file", str(latin))
    assert code == 2 and "not UTF-8" in output and "Traceback" not in output


def test_the_config_file_refuses_the_same_warehouse_values(tmp_path: Path) -> None:
    for value in ["", "duckdb:", ":memory:", "."]:
        with pytest.raises(ConfigError, match="warehouse"):
            config_from_dict({"warehouse": value}, tmp_path / "newsroom.toml")


def test_a_warehouse_file_without_an_extension_is_a_duckdb_file(
    seeds: Path, tmp_path: Path, prefect_api: None
) -> None:
    """`--warehouse /data/news` did the whole run and then failed to publish, leaving its
    lock and marker files: now it is a DuckDB file like any other."""
    target = tmp_path / "data" / "news"
    code, output = run("ingest", str(seeds), "--warehouse", str(target))
    assert code == 0, output
    assert target.is_file()
    code, output = run("status", "--warehouse", str(target))
    assert code == 0 and "5 articles" in output, output
    leftovers = [p.name for p in target.parent.iterdir() if p.suffix in (".lock", ".publishing")]
    assert not [p for p in leftovers if "publishing" in p], leftovers


def test_someone_elses_file_as_the_warehouse_is_refused_and_left_alone(
    seeds: Path, tmp_path: Path
) -> None:
    """It used to be copied as the working file and fail in the run, naming the copy."""
    notes = tmp_path / "notes"
    notes.write_text("my notes, not a database\n", encoding="utf-8")
    code, output = run("ingest", str(seeds), "--warehouse", str(notes))
    assert code == 2 and "is not a DuckDB database" in output, output
    assert notes.read_text(encoding="utf-8") == "my notes, not a database\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes", "seeds"]


def test_the_run_itself_never_copies_a_foreign_file(tmp_path: Path) -> None:
    from newsroom.errors import WarehouseError
    from newsroom.warehouse import working_file

    notes = tmp_path / "notes.duckdb"
    notes.write_bytes(b"x" * 100)
    with pytest.raises(WarehouseError, match="not a DuckDB database"):
        working_file(notes)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.duckdb"]


def test_a_path_or_a_pattern_that_names_nothing_stops_ingest_at_once(tmp_path: Path) -> None:
    warehouse = str(tmp_path / "w.duckdb")
    for path in (str(tmp_path / "nothing"), str(tmp_path / "nomatch" / "*.txt")):
        code, output = run("ingest", path, "-w", warehouse)
        assert code == 2 and "no such file" in output and "Traceback" not in output, output
    assert not (tmp_path / "w.duckdb").exists()  # no run began


def test_a_mistake_in_the_topics_is_said_before_the_run_starts(
    seeds: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # the run reads the topics at its end: a run of hours failed there; now nothing starts
    config = tmp_path / "newsroom.toml"
    config.write_text('[[topics]]\nname = "ecb"\nquery = "rates AND"\n', encoding="utf-8")
    monkeypatch.setenv("NEWSROOM_CONFIG", str(config))
    warehouse = tmp_path / "w.duckdb"
    code, output = run("ingest", str(seeds), "-w", str(warehouse))
    assert code == 2
    assert "the topics in newsroom.toml" in output and "ecb" in output
    assert not warehouse.exists()
