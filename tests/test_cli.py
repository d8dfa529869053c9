"""The `newsroom` command as a user runs it: a real process, a real Prefect API."""

from __future__ import annotations

import json
import logging
import os
import re
import subprocess
from pathlib import Path

import duckdb
import pytest

from bad_inputs import make_bad_inputs
from commands import NEWSROOM
from commands import newsroom as run_newsroom
from readback import query


def newsroom(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    from prefect.settings import PREFECT_API_URL

    # The child process talks to the session's test Prefect API rather than starting its own.
    env = {"PREFECT_LOGGING_LEVEL": "WARNING", "PREFECT_API_URL": str(PREFECT_API_URL.value())}
    return run_newsroom(*args, cwd=cwd, env=env)


def test_ingest_prints_a_summary_and_lists_errors(
    tmp_path: Path, seeds: Path, prefect_api: None
) -> None:
    make_bad_inputs(tmp_path / "in")
    warehouse = tmp_path / "cli.duckdb"
    done = newsroom(
        "ingest",
        str(seeds),
        str(tmp_path / "in"),
        "--warehouse",
        str(warehouse),
        "--max-bytes",
        "65536",
        cwd=tmp_path,
    )
    assert done.returncode == 3, done.stderr  # some documents failed, the others loaded
    assert "files seen" in done.stdout
    assert "failed" in done.stdout and "newsroom errors --run" in done.stdout
    # the first failures with their reasons, before any other command is run
    shown = [line for line in done.stdout.splitlines() if line.startswith("  file://")]
    assert len(shown) == 3 and all(": " in line and "(" in line for line in shown), done.stdout
    # the failures not shown are counted (an analyst's trial saw 3 of 4 and no word of one)
    counted = re.search(r"^(\d+) failed \(", done.stdout, re.MULTILINE)
    assert counted is not None, done.stdout
    failed = int(counted.group(1))
    assert failed > 3, done.stdout
    assert f"  … and {failed - 3} more: newsroom errors --run" in done.stdout
    con = duckdb.connect(str(warehouse), read_only=True)
    assert con.execute("SELECT count(*) FROM articles").fetchone() == (6,)
    con.close()

    listed = newsroom("errors", "--warehouse", str(warehouse), cwd=tmp_path)
    assert listed.returncode == 0, listed.stderr
    for reason in ("binary_file", "empty_file", "too_large", "symlink_loop", "no_article_text"):
        assert reason in listed.stdout
    assert "there are more" not in listed.stdout
    # fewer rows than the run has: the list says there are more (it said nothing: a run's
    # 87 failures were listed as 50, with no word of the others)
    cut = newsroom("errors", "--limit", "2", "--warehouse", str(warehouse), cwd=tmp_path)
    assert "the first 2 rows: there are more (--limit N shows N)" in cut.stdout, cut.stdout
    as_json = newsroom(
        "errors", "--limit", "2", "--json", "--warehouse", str(warehouse), cwd=tmp_path
    )
    listing = json.loads(as_json.stdout)
    assert len(listing["errors"]) == 2 and listing["more"] is True

    # Run again over the same files: those that failed are unchanged, so not read again,
    # and the run says so (exit 0: nothing failed this time).
    again = newsroom(
        "ingest", str(seeds), str(tmp_path / "in"), "--warehouse", str(warehouse),
        "--max-bytes", "65536", cwd=tmp_path,
    )  # fmt: skip
    assert again.returncode == 0, again.stderr
    assert "failed before, unchanged" in again.stdout
    assert "newsroom errors --failing" in again.stdout
    # the last run had no errors of its own, and says where the failing ones are
    last = newsroom("errors", "--warehouse", str(warehouse), cwd=tmp_path)
    assert "no errors" in last.stdout and "newsroom errors --failing" in last.stdout, last.stdout
    failing = newsroom("errors", "--failing", "--warehouse", str(warehouse), cwd=tmp_path)
    assert failing.returncode == 0, failing.stderr
    for reason in ("binary_file", "empty_file", "too_large", "no_article_text"):
        assert reason in failing.stdout


def test_default_warehouse_path_and_failed_run_exit_code(tmp_path: Path, prefect_api: None) -> None:
    (tmp_path / "a.txt").write_text(
        "A title\n\nA paragraph that is long enough to count as the body of an article, "
        "with a verb and a full stop at the end of it.\n",
        encoding="utf-8",
    )
    done = newsroom("ingest", "a.txt", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "warehouse" / "newsroom.duckdb").exists()
    # the first run says it starts a new warehouse (a mistyped path would otherwise pass
    # unnoticed), and in a folder that was not there; the next run says nothing of it
    said = done.stderr
    assert "none is there yet: this run starts a new warehouse, in a new folder" in said, said
    again = newsroom("ingest", "a.txt", cwd=tmp_path)
    assert again.returncode == 0, again.stderr
    assert "warehouse: " in again.stderr and "none is there yet" not in again.stderr
    typo = newsroom("ingest", "a.txt", "--warehouse", "warehouse/newsrom.duckdb", cwd=tmp_path)
    assert typo.returncode == 0, typo.stderr
    said = typo.stderr
    assert "(--warehouse); none is there yet: this run starts a new warehouse\n" in said, said

    (tmp_path / "bad.duckdb").write_bytes(b"not a database" * 100)
    failed = newsroom("ingest", "a.txt", "--warehouse", "bad.duckdb", cwd=tmp_path)
    assert failed.returncode == 2, failed.stderr  # refused before any work
    assert "is not a DuckDB database" in failed.stderr


def test_a_reader_that_stops_reading_is_no_failure(
    tmp_path: Path, seeds: Path, prefect_api: None
) -> None:
    # `newsroom ingest … | head -1`, `newsroom status | head -1`: the reader closes the pipe
    # before the command prints; the command exits with the code its work earned (Click
    # and rich answer 1, which says the run failed whole), and the run is loaded
    from prefect.settings import PREFECT_API_URL

    env = {**os.environ, "PREFECT_API_URL": str(PREFECT_API_URL.value())}
    warehouse = tmp_path / "piped.duckdb"

    def closed_reader(*args: str) -> int:
        child = subprocess.Popen(
            [*NEWSROOM, *args, "--warehouse", str(warehouse)],
            cwd=tmp_path, env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        assert child.stdout is not None
        child.stdout.close()  # long before the command writes its result
        return child.wait(timeout=240)

    assert closed_reader("ingest", str(seeds)) == 0
    con = duckdb.connect(str(warehouse), read_only=True)
    assert con.execute("SELECT count(*) FROM articles").fetchone() == (5,)
    con.close()
    assert closed_reader("status") == 0
    assert closed_reader("errors") == 0


def test_a_background_service_cancelled_at_the_end_is_kept_off_the_terminal() -> None:
    import asyncio
    import logging

    from flows.cli import _NotOnTheTerminal

    def record(name: str, exc: BaseException | None) -> logging.LogRecord:
        exc_info = (type(exc), exc, None) if exc is not None else None
        return logging.LogRecord(name, logging.ERROR, __file__, 1, "Error flushing", (), exc_info)

    keep = _NotOnTheTerminal().filter
    service = "prefect.server.services.task_run_recorder"
    assert not keep(record(service, asyncio.CancelledError()))
    assert keep(record(service, RuntimeError("a real failure")))
    assert keep(record("prefect.flow_runs", asyncio.CancelledError()))


def test_prefect_engine_s_lines_of_a_ctrl_c_are_kept_off_the_terminal() -> None:
    """CI saw Prefect's engine logger (not the run's) report a Ctrl-C as "Crash detected!"
    on the terminal, above the command's own "interrupted:" line."""
    import logging

    from flows.cli import _mark_expected_errors, _NotOnTheTerminal

    _mark_expected_errors()
    keep = _NotOnTheTerminal().filter
    for name in ("prefect.engine", "prefect.flow_runs", "prefect.task_runs"):
        logger = logging.getLogger(name)
        said = "Crash detected! Execution was aborted by an interrupt signal."
        crashed = logger.makeRecord(name, logging.ERROR, __file__, 1, said, (), None)
        assert logger.filter(crashed), name  # kept for Prefect's API (the UI's run log)
        assert not keep(crashed), name
        other = logger.makeRecord(name, logging.ERROR, __file__, 1, "Disk on fire", (), None)
        assert logger.filter(other) and keep(other), name


def test_a_run_that_loaded_nothing_does_not_say_it_ingested(
    tmp_path: Path, prefect_api: None
) -> None:
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "empty.txt").write_bytes(b"")
    done = newsroom("ingest", "in", "--warehouse", "w.duckdb", cwd=tmp_path)
    assert done.returncode == 4, done.stderr  # every document tried failed
    assert "Nothing ingested from in" in done.stdout and "\nIngested" not in done.stdout
    # the flow run ended Failed with a warning; the command prints it once, no traceback
    assert "the one document this run tried failed, nothing was loaded" in done.stderr
    assert "Traceback" not in done.stderr and "run failed" not in done.stderr, done.stderr
    assert "EveryDocumentFailed" not in done.stderr, done.stderr
    assert "In full: newsroom errors --run" in done.stdout  # every failure was listed


def test_errors_says_which_run_it_shows(tmp_path: Path, prefect_api: None) -> None:
    """Plain ``newsroom errors`` shows the run that finished last, which may be another
    deployment's: a trial took another schedule's run for its own. The header names it."""
    from newsroom.engine import ingest_files

    (tmp_path / "inbox").mkdir()
    (tmp_path / "inbox" / "empty.txt").write_bytes(b"")
    (tmp_path / "other").mkdir()
    (tmp_path / "other" / "zeros.txt").write_bytes(b"\0" * 100)
    warehouse = tmp_path / "wh.duckdb"
    inbox = ingest_files([str(tmp_path / "inbox")], warehouse)
    other = ingest_files([str(tmp_path / "other")], warehouse)
    [(finished,)] = query(
        warehouse,
        "SELECT strftime(finished_at AT TIME ZONE 'UTC', '%Y-%m-%d %H:%M') FROM runs"
        f" WHERE run_id = '{other.record.run_id}'",
    )
    last = newsroom("errors", "--warehouse", str(warehouse), cwd=tmp_path)
    assert last.returncode == 0, last.stderr
    header = " ".join(last.stdout.split())  # the table's title may wrap
    assert f"run {other.record.run_id}" in header, last.stdout
    assert f"ingest-files of {tmp_path / 'other'}" in header, last.stdout
    assert f"finished {finished} UTC" in header, last.stdout
    assert "the last run to finish" in header and "--run" in header, last.stdout
    assert "zeros.txt" in last.stdout and "empty.txt" not in last.stdout
    earlier = newsroom(
        "errors", "--run", inbox.record.run_id[:8], "--warehouse", str(warehouse), cwd=tmp_path
    )
    header = " ".join(earlier.stdout.split())
    assert f"ingest-files of {tmp_path / 'inbox'}" in header, earlier.stdout
    assert "the last run to finish" not in header, earlier.stdout
    as_json = json.loads(
        newsroom("errors", "--json", "--warehouse", str(warehouse), cwd=tmp_path).stdout
    )
    assert as_json["run_id"] == other.record.run_id and as_json["flow"] == "ingest-files"
    assert as_json["sources"] == [str(tmp_path / "other")]


def test_the_summary_right_aligns_its_counts_and_ends_no_line_in_spaces(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A piped summary's lines ended in spaces, and 3049 read beside the progress lines'
    3,049: counts with thousands marked, right-aligned, nothing after them."""
    from flows.cli import _print_summary
    from flows.cli_base import Where
    from newsroom.records import RunSummary

    def printed(noun: str = "files", **counts: int) -> str:
        every = dict.fromkeys(
            ("seen", "new", "changed", "unchanged", "duplicates", "failed", "new_stories"), 0
        )
        summary = RunSummary(
            run_id="r", warehouse=str(tmp_path / "w.duckdb"), errors_by_stage={},
            first_errors=(), seconds=1.0, **(every | counts),
        )  # fmt: skip
        _print_summary(summary, ["in"], Where(tmp_path / "w.duckdb", True), noun, 1.0)
        return capsys.readouterr().out

    out = printed(seen=13049, new=12896, duplicates=153, new_stories=2896, translations=7)
    lines = out.splitlines()
    assert all(line == line.rstrip() for line in lines), lines
    counts = {line.split("  ")[1].strip(): line for line in lines if line.startswith("  ")}
    assert counts["files seen"].endswith(" 13,049") and counts["new stories"].endswith(" 2,896")
    assert len({len(line) for line in counts.values()}) == 1, counts  # right-aligned
    assert "1 failed in an earlier run and is unchanged" in printed(seen=1, failed_before=1)
    gone = printed(seen=1, unchanged=1, gone=2)
    assert "gone since an earlier run" in gone and "2 files read in an earlier run are gone" in gone
    assert "1 file read in an earlier run is gone" in printed(seen=1, unchanged=1, gone=1)
    redone = printed("responses", seen=2, unchanged=1, failed_before=1)  # a reprocess
    assert "1 archived page still fails as it failed before" in redone
    assert "not read again" not in redone
    moved = printed(seen=1, moved=1)
    assert "moved or renamed" in moved and "1 file read in an earlier run was found at" in moved
    assert "gone since" not in moved


def test_without_v_the_terminal_is_quiet_and_the_runs_log_in_the_ui_is_not(
    tmp_path: Path, seeds: Path, prefect_api: None
) -> None:
    """A trial's command-line runs had no line in their Prefect UI log without -v (only
    warnings reach it): the terminal stays quiet, the run's log gets its INFO lines."""
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.filters import LogFilter, LogFilterFlowRunId

    warehouse = tmp_path / "w.duckdb"
    done = newsroom("ingest", str(seeds), "--warehouse", str(warehouse), "--json", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "Beginning flow run" not in done.stderr and "Finished in state" not in done.stderr
    run_id = json.loads(done.stdout)["run_id"]
    with get_client(sync_client=True) as client:
        logs = client.read_logs(log_filter=LogFilter(flow_run_id=LogFilterFlowRunId(any_=[run_id])))
    infos = [log.message for log in logs if log.level == logging.INFO]
    assert any("Beginning flow run" in m for m in infos), infos
    assert any("Finished in state Completed" in m for m in infos), infos
