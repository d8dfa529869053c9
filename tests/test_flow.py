"""The ingest-files flow end to end against a real Prefect API and real DuckDB files."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from prefect.artifacts import Artifact
from prefect.client.orchestration import get_client
from prefect.client.schemas.filters import FlowRunFilter, FlowRunFilterId

from bad_inputs import EXPECTED, MAX_BYTES, make_bad_inputs
from flows.ingest_files import ingest_files
from newsroom.records import RunSummary
from readback import query

pytestmark = pytest.mark.usefixtures("prefect_api")


def test_flow_ingests_seeds_then_finds_nothing_new(seeds: Path, warehouse_path: Path) -> None:
    state = ingest_files(paths=[str(seeds)], warehouse=str(warehouse_path), return_state=True)
    assert state.is_completed()
    summary = state.result()
    assert isinstance(summary, RunSummary)
    assert (summary.seen, summary.new, summary.failed) == (5, 5, 0)

    # The run is recorded in Prefect and in the warehouse, under the same id.
    with get_client(sync_client=True) as client:
        runs = client.read_flow_runs(
            flow_run_filter=FlowRunFilter(id=FlowRunFilterId(any_=[summary.run_id]))
        )
        assert len(runs) == 1 and runs[0].state is not None and runs[0].state.is_completed()
        task_names = {t.name.rsplit("-", 1)[0] for t in client.read_task_runs()}
    assert {"discover", "current-versions", "read", "normalise", "dedup", "load"} <= task_names
    assert query(warehouse_path, "SELECT run_id, flow, new, state FROM runs") == [
        (summary.run_id, "ingest-files", 5, "completed")
    ]
    assert query(warehouse_path, "SELECT DISTINCT run_id FROM articles") == [(summary.run_id,)]

    artifact = Artifact.get("ingest-files-summary")
    assert artifact is not None and summary.run_id in str(artifact.data)
    assert "## New stories" in str(artifact.data) and "Putin Army Chief" in str(artifact.data)
    assert "| normalise |" in str(artifact.data) and "| load |" in str(artifact.data)
    assert summary.new_stories == 5

    again = ingest_files(paths=[str(seeds)], warehouse=str(warehouse_path))
    assert (again.new, again.unchanged) == (0, 5)
    artifact = Artifact.get("ingest-files-summary")
    assert artifact is not None and "Nothing new" in str(artifact.data)
    assert query(warehouse_path, "SELECT count(*) FROM article_versions") == [(5,)]

    # A copy with its quotes straightened and its last paragraphs cut joins its story.
    original = sorted(seeds.glob("002_*.txt"))[0].read_text(encoding="utf-8")
    copy = original.replace("“", '"').replace("”", '"').replace("’", "'")
    (seeds / "repost.txt").write_text("\n\n".join(copy.split("\n\n")[:-3]), encoding="utf-8")
    third = ingest_files(paths=[str(seeds)], warehouse=str(warehouse_path))
    assert (third.new, third.duplicates, third.new_stories) == (1, 1, 0)
    artifact = Artifact.get("ingest-files-summary")
    assert artifact is not None and "## New duplicates of known stories" in str(artifact.data)
    assert "repost.txt" in str(artifact.data)


def test_flow_records_every_bad_input_and_completes(tmp_path: Path, warehouse_path: Path) -> None:
    paths = make_bad_inputs(tmp_path / "in")
    state = ingest_files(
        paths=paths, warehouse=str(warehouse_path), max_bytes=MAX_BYTES, return_state=True
    )
    assert state.is_completed()
    summary = state.result()
    errors = {
        Path(str(uri)).name: (stage, error)
        for uri, stage, error in query(
            warehouse_path, "SELECT source_uri, stage, error FROM ingest_errors"
        )
    }
    assert errors == {name: outcome for name, outcome in EXPECTED.items() if outcome}
    assert summary.failed == len(errors)
    artifact = Artifact.get("ingest-files-summary")
    assert artifact is not None
    assert "Errors by stage" in str(artifact.data) and "binary_file" in str(artifact.data)


def test_flow_fails_when_the_warehouse_is_broken(seeds: Path, tmp_path: Path) -> None:
    broken = tmp_path / "broken.duckdb"
    broken.write_bytes(b"this is not a DuckDB file" * 100)
    state = ingest_files(paths=[str(seeds)], warehouse=str(broken), return_state=True)
    assert state.is_failed()


def test_newsroom_warnings_reach_the_flow_runs_log(seeds: Path, warehouse_path: Path) -> None:
    """newsroom's own warnings reached stderr but not the flow run's log in the Prefect
    UI (only Prefect's run loggers are sent there)."""
    from prefect.client.schemas.filters import LogFilter, LogFilterFlowRunId
    from prefect.logging.handlers import APILogHandler

    ingest_files(paths=[str(seeds)], warehouse=str(warehouse_path))
    work = warehouse_path.parent / ".newsroom.work.duckdb"
    assert work.exists()
    work.write_bytes(b"not a database" * 100)  # made again from the snapshot, with a warning
    summary = ingest_files(paths=[str(seeds)], warehouse=str(warehouse_path))
    assert summary.unchanged == 5
    APILogHandler().flush()  # the run's log rows are sent in the background: all of them now
    with get_client(sync_client=True) as client:
        logs = client.read_logs(
            log_filter=LogFilter(flow_run_id=LogFilterFlowRunId(any_=[summary.run_id]))
        )
    warnings = [(log.name, log.message) for log in logs if log.level == logging.WARNING]
    assert any(
        name == "newsroom.warehouse.runs" and "could not be opened: made again" in message
        for name, message in warnings
    ), warnings


def test_a_run_where_every_document_failed_ends_failed_and_keeps_its_errors(
    tmp_path: Path, warehouse_path: Path
) -> None:
    """A trial's scheduled runs in which every source failed were green 'Completed' in the
    UI, with nothing logged at WARNING."""
    from prefect.client.schemas.filters import LogFilter, LogFilterFlowRunId
    from prefect.logging.handlers import APILogHandler

    from newsroom.errors import EveryDocumentFailed

    inbox = tmp_path / "in"
    inbox.mkdir()
    (inbox / "empty.txt").write_bytes(b"")
    (inbox / "zeros.txt").write_bytes(b"\0" * 100)
    state = ingest_files(paths=[str(inbox)], warehouse=str(warehouse_path), return_state=True)
    assert state.is_failed()
    with pytest.raises(EveryDocumentFailed) as raised:
        state.result()
    summary = raised.value.summary
    assert (summary.seen, summary.failed, summary.new) == (2, 2, 0)
    expected = (
        "all 2 documents this run tried failed, nothing was loaded:"
        f" newsroom errors --run {summary.run_id}"
    )
    assert expected in str(state.message)
    # the errors and the run are in the warehouse all the same
    assert query(warehouse_path, "SELECT count(*) FROM ingest_errors") == [(2,)]
    assert query(warehouse_path, f"SELECT failed FROM runs WHERE run_id = '{summary.run_id}'") == [
        (2,)
    ]
    artifact = Artifact.get("ingest-files-summary")
    assert artifact is not None and summary.run_id in str(artifact.data)
    APILogHandler().flush()
    with get_client(sync_client=True) as client:
        logs = client.read_logs(
            log_filter=LogFilter(flow_run_id=LogFilterFlowRunId(any_=[summary.run_id]))
        )
    assert any(log.level == logging.WARNING and expected in log.message for log in logs), [
        (log.level, log.message) for log in logs
    ]
