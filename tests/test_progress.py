"""Progress: per document where the run computes in its own process, and a bar that the
log lines print above, not over."""

from __future__ import annotations

import os
import pty
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from newsroom.engine import ingest_files

SEEDS = Path(__file__).resolve().parents[1] / "seeds"


def test_the_run_reports_progress_per_document_and_counts_every_file(
    tmp_path: Path,
) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    for i, seed in enumerate(sorted(SEEDS.iterdir()) * 4):
        text = seed.read_text(encoding="utf-8").replace("the", f"the{i}", 1)
        (folder / f"{i:02d}-{seed.name}").write_text(text, encoding="utf-8")
    (folder / "empty.txt").write_bytes(b"")  # fails at read: counted all the same
    calls: list[tuple[int, int]] = []
    ingest_files(
        [str(folder)],
        tmp_path / "w.duckdb",
        batch_size=8,
        progress=lambda n, total: calls.append((n, total)),
    )
    assert {total for _, total in calls} == {21}
    assert sum(n for n, _ in calls) == 21
    assert len(calls) >= 20  # per document, not per batch of 8 (3 batches)


def test_log_lines_print_above_the_bar_through_one_console(tmp_path: Path) -> None:
    script = textwrap.dedent(
        """
        import logging, time
        from prefect.logging.handlers import PrefectConsoleHandler
        from flows.common import progress_bar

        logger = logging.getLogger("demo")
        logger.addHandler(PrefectConsoleHandler())
        logger.setLevel(logging.INFO)
        with progress_bar(enabled=True) as advance:
            for i in range(10):
                advance(1, 10)
                time.sleep(0.1)
                if i == 7:
                    logger.warning("a log line while the bar shows")
        """
    )
    leader, follower = pty.openpty()
    env = os.environ | {"COLUMNS": "100", "TERM": "xterm"}
    process = subprocess.Popen(
        [sys.executable, "-c", script],
        stdin=follower, stdout=follower, stderr=follower, env=env, cwd=tmp_path,
    )  # fmt: skip
    os.close(follower)
    output = b""
    while True:
        try:
            chunk = os.read(leader, 65536)
        except OSError:  # the child closed the terminal
            break
        if not chunk:
            break
        output += chunk
    assert process.wait(timeout=60) == 0
    text = output.decode("utf-8", "replace")
    assert "ingesting" in text  # the bar showed (after half a second)
    before_log = text[: text.index("a log line while the bar shows")]
    # the bar's line was cleared before the log line was written: the bar's console
    # printed it, not a second stream writing over the bar
    assert before_log.rsplit("ingesting", 1)[1].count("\x1b[2K") >= 1


def test_without_a_terminal_progress_is_lines_of_text(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # a run whose output went to a file showed nothing between its first lines and its
    # summary (7 minutes of a site's fetch); a line each interval, here every call
    import flows.common
    from flows.common import progress_bar

    monkeypatch.setattr(flows.common, "PROGRESS_LINE_SECONDS", 0.0)
    with progress_bar(enabled=True) as advance:
        advance(400, 1941)
    assert capsys.readouterr().err.startswith("ingesting: 400 of 1,941 (20 %), 0 s so far")
    moments = iter([0.0, 60.0, 190.0, 400.0])  # the start, then each call's
    advance = flows.common._progress_lines(clock=lambda: next(moments))
    advance(400, 1941)
    advance(412, 1941)
    advance(1129, 1941)
    lines = capsys.readouterr().err.splitlines()
    # and how long is left at the pace so far (a trial's 2,000-URL fetch said only how
    # long it had taken): 190 s for 812, so 1,129 more take about 264 s
    # (then the stories and the load, which the estimate leaves out: it says so)
    assert lines == [
        "ingesting: 400 of 1,941 (20 %), 1 min 0 s so far, about 3 min 51 s left, then the load",
        "ingesting: 812 of 1,941 (41 %), 3 min 10 s so far, about 4 min 24 s left, then the load",
        "ingesting: 1,941 of 1,941 (100 %), all read in 6 min 40 s; finding copies and loading",
    ]
    # the last line comes as soon as all are read, not a line's interval after the one
    # before (a trial's run said nothing for the half minute of its load); a short run's
    # lines stay unsaid
    monkeypatch.setattr(flows.common, "PROGRESS_LINE_SECONDS", 30.0)
    moments = iter([0.0, 31.0, 40.0])
    advance = flows.common._progress_lines(clock=lambda: next(moments))
    advance(10, 20)
    advance(10, 20)
    assert capsys.readouterr().err.splitlines() == [
        "ingesting: 10 of 20 (50 %), 31 s so far, about 31 s left, then the load",
        "ingesting: 20 of 20 (100 %), all read in 40 s; finding copies and loading",
    ]
    moments = iter([0.0, 5.0, 9.0])
    advance = flows.common._progress_lines(clock=lambda: next(moments))
    advance(10, 20)
    advance(10, 20)
    assert capsys.readouterr().err == ""
    with progress_bar(enabled=False) as advance:  # --json and the like: nothing
        advance(1, 2)
    assert capsys.readouterr().err == ""
