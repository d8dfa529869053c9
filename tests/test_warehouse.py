from __future__ import annotations

import contextlib
import logging
import re
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import pytest

from newsroom.dedup import content_hash
from newsroom.errors import WarehouseBusy, WarehouseError
from newsroom.metadata import word_count
from newsroom.records import Article, Rejection
from newsroom.warehouse import RunRecord, Warehouse, migrations

NOW = datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC)


def article(n: int, body: str | None = None, raw: str | None = None) -> Article:
    body = body or f"Body of article {n}. It has words in it, and more words."
    return Article(
        source_uri=f"file:///in/{n}.txt",
        source_kind="file",
        raw_sha256=raw or f"{n:064x}",
        raw_size=100,
        raw_mtime=NOW,
        encoding="utf-8",
        title=f"Title {n}",
        body=body,
        content_sha256=content_hash(body),
        word_count=word_count(body),
        language="en",
        dateline=None,
        credits=("Via Newsweek",) if n % 2 else (),
        removed_lines=0,
        fetched_at=NOW,
    )


def run(run_id: str, seen: int = 0) -> RunRecord:
    return RunRecord(run_id=run_id, flow="test", started_at=NOW, seen=seen)


def count(warehouse: str | Path, sql: str) -> int:
    """Counted through a fresh read-only connection: what any SQL client would see."""
    rows = Warehouse(warehouse).query(sql)
    assert len(rows) == 1
    return int(rows[0][0])


def test_migrations_are_versioned_and_reapplied_never(warehouse_url: str) -> None:
    wh = Warehouse(warehouse_url)
    assert wh.migrate() == migrations()[-1][0]
    assert wh.migrate() == migrations()[-1][0]
    assert count(warehouse_url, "SELECT count(*) FROM schema_migrations") == len(migrations())


def test_load_persists_and_is_idempotent(warehouse_url: str) -> None:
    wh = Warehouse(warehouse_url)
    articles = [article(i) for i in range(5)]
    errors = [Rejection("file:///in/bad.txt", "decode", "binary_file", "looks like a PNG")]
    first = wh.load(run("r1", 6), articles, errors)
    assert (first.new, first.unchanged, first.changed, first.duplicates, first.errors) == (
        5,
        0,
        0,
        0,
        1,
    )
    second = Warehouse(warehouse_url).load(run("r2", 6), articles, [])
    assert (second.new, second.unchanged) == (0, 5)

    assert count(warehouse_url, "SELECT count(*) FROM articles") == 5
    assert count(warehouse_url, "SELECT count(*) FROM article_versions") == 5
    assert count(warehouse_url, "SELECT count(*) FROM articles WHERE is_canonical") == 5
    assert count(warehouse_url, "SELECT count(*) FROM ingest_errors WHERE run_id = 'r1'") == 1
    assert count(warehouse_url, "SELECT count(*) FROM runs") == 2
    assert count(warehouse_url, "SELECT unchanged FROM runs WHERE run_id = 'r2'") == 5
    # The contract's columns are all there.
    columns = {row[0] for row in Warehouse(warehouse_url).query("DESCRIBE articles")}
    assert {
        "article_id",
        "source_uri",
        "source_kind",
        "title",
        "body",
        "published_at",
        "language",
        "word_count",
        "content_sha256",
        "story_id",
        "is_canonical",
        "first_seen_at",
        "run_id",
    } <= columns


def test_changed_document_becomes_a_new_version_and_the_old_is_kept(
    warehouse_url: str,
) -> None:
    wh = Warehouse(warehouse_url)
    wh.load(run("r1"), [article(1)], [])
    edited = article(1, body="Body of article 1, now corrected. It has other words.", raw="f" * 64)
    result = wh.load(run("r2"), [edited], [])
    assert (result.new, result.changed, result.unchanged) == (0, 1, 0)
    rows = wh.query(
        "SELECT version, body, superseded_at IS NOT NULL, superseded_by, article_id,"
        " is_canonical FROM article_versions ORDER BY version"
    )
    assert [(r[0], r[2]) for r in rows] == [(1, True), (2, False)]
    assert rows[0][3] == rows[1][4]  # the old version points at its successor
    assert rows[1][1].startswith("Body of article 1, now corrected")
    assert [r[5] for r in rows] == [False, True]
    assert count(warehouse_url, "SELECT count(*) FROM articles") == 1
    # Reverting to the first text is a third version, not a clash with the first.
    result = wh.load(run("r3"), [article(1)], [])
    assert result.changed == 1
    assert count(warehouse_url, "SELECT max(version) FROM article_versions") == 3


def test_copies_of_loaded_text_are_duplicates_in_one_story(warehouse_url: str) -> None:
    wh = Warehouse(warehouse_url)
    wh.load(run("r1"), [article(1, body="The same story, word for word.")], [])
    copy = article(2, body="THE SAME “story” – word for word!")
    result = wh.load(run("r2"), [copy, article(3)], [])
    assert (result.new, result.duplicates) == (2, 1)
    rows = wh.query("SELECT source_uri, story_id, is_canonical FROM articles ORDER BY source_uri")
    assert rows[0][1] == rows[1][1]
    assert [r[2] for r in rows] == [True, False, True]
    assert count(warehouse_url, "SELECT count(DISTINCT story_id) FROM articles") == 2
    assert count(warehouse_url, "SELECT count(*) FROM articles WHERE is_canonical") == 2


def test_the_canonical_copy_is_the_most_complete_then_the_first_seen(
    warehouse_url: str,
) -> None:
    wh = Warehouse(warehouse_url)
    teaser = replace(article(1, body="A short teaser."), story_id="st_x")
    wh.load(run("r1"), [teaser], [])
    full = replace(article(2, body="A short teaser. And the rest of the story."), story_id="st_x")
    same_length = replace(
        article(3, body="A short teaser. And the end of the story."), story_id="st_x"
    )
    wh.load(run("r2"), [same_length, full], [])
    canonical = wh.query("SELECT source_uri FROM articles WHERE is_canonical")
    # Longest body first; between equals, the first seen, then the smaller source URI.
    assert canonical == [("file:///in/2.txt",)]
    assert count(warehouse_url, "SELECT copies FROM stories WHERE story_id = 'st_x'") == 3


def test_a_failure_inside_the_load_leaves_nothing(warehouse_url: str) -> None:
    wh = Warehouse(warehouse_url)
    wh.load(run("r1"), [article(1)], [])

    def failing() -> Iterator[Rejection]:
        # Consumed after the article rows are written inside the transaction.
        yield Rejection("file:///x", "read", "empty_file", "empty")
        raise RuntimeError("injected failure half way through the load")

    edited = article(1, body="Edited body of one.", raw="e" * 64)
    with pytest.raises(RuntimeError, match="injected"):
        wh.load(run("r2"), [edited] + [article(i) for i in range(2, 2500)], failing())
    assert (
        count(warehouse_url, "SELECT count(*) FROM article_versions WHERE superseded_at IS NULL")
        == 1
    )
    assert count(warehouse_url, "SELECT count(*) FROM article_versions") == 1
    assert count(warehouse_url, "SELECT count(*) FROM ingest_errors") == 0
    assert count(warehouse_url, "SELECT count(*) FROM runs") == 1


def test_a_process_killed_during_the_load_leaves_the_warehouse_as_it_was(
    warehouse_url: str,
) -> None:
    Warehouse(warehouse_url).load(run("r1"), [article(1)], [])
    script = textwrap.dedent(
        f"""
        import os, sys
        sys.path.insert(0, {str(Path(__file__).parent)!r})
        from test_warehouse import article, run
        from newsroom.warehouse import Warehouse

        from newsroom.records import Rejection

        def dying():
            # Errors are written after the articles: by now thousands of article rows
            # and the superseded marks are in the (uncommitted) transaction.
            for i in range(3000):
                if i == 2500:
                    os._exit(9)  # killed: no rollback, no close, no atexit
                yield Rejection(f"file:///bad/{{i}}", "read", "empty_file", "empty")

        changed = article(1, body="A changed body for one.", raw="e" * 64)
        articles = [changed] + [article(i) for i in range(2, 4000)]
        Warehouse({str(warehouse_url)!r}).load(run("r2"), articles, dying())
        """
    )
    proc = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert proc.returncode == 9, proc.stderr
    assert count(warehouse_url, "SELECT count(*) FROM article_versions") == 1
    assert (
        count(warehouse_url, "SELECT count(*) FROM article_versions WHERE superseded_at IS NULL")
        == 1
    )
    assert count(warehouse_url, "SELECT count(*) FROM ingest_errors") == 0
    assert count(warehouse_url, "SELECT count(*) FROM runs") == 1
    # And the warehouse still takes the next run.
    result = Warehouse(warehouse_url).load(run("r3"), [article(2)], [])
    assert result.new == 1


@contextlib.contextmanager
def _held(path: Path) -> Iterator[None]:
    """Another process holds the DuckDB file at ``path`` read-write meanwhile."""
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import duckdb, sys, time; c = duckdb.connect(sys.argv[1]); print('held', flush=True);"
            " time.sleep(30)",
            str(path),
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
        yield
    finally:
        holder.kill()
        holder.wait()


def test_a_run_waiting_for_another_runs_working_file_is_no_warning(
    warehouse_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """Two served runs at once: the second waited for the first's working file with a
    WARNING naming "a SQL client that opened it read-write", for runs taking turns. The
    published file, which clients open, still warns."""
    from newsroom.warehouse import work_path

    work = work_path(warehouse_path)
    for path in (work, warehouse_path):
        Warehouse(path).migrate()
    for path, level in ((work, logging.INFO), (warehouse_path, logging.WARNING)):
        with _held(path):
            caplog.clear()
            with caplog.at_level(logging.INFO), pytest.raises(WarehouseBusy):
                Warehouse(path, busy_timeout=0.5).migrate()
        [said] = [r for r in caplog.records if r.name == "newsroom.warehouse.connection"]
        assert said.levelno == level, said.getMessage()
        if level == logging.INFO:
            assert said.getMessage().startswith("another run is writing")


def test_a_busy_file_is_waited_for_then_reported(
    warehouse_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Another process holds the file: a connection waits ``busy_timeout``, then says so;
    a run loads its working file, waits ``NEWSROOM_PUBLISH_WAIT`` to publish, then fails
    whole. Once the holder lets go, the run loads."""
    Warehouse(warehouse_path).migrate()
    with _held(warehouse_path):
        with pytest.raises(WarehouseBusy, match="held by another process"):
            Warehouse(warehouse_path, busy_timeout=0.5).migrate()
        monkeypatch.setenv("NEWSROOM_PUBLISH_WAIT", "0.5")
        with pytest.raises(WarehouseError, match="cannot publish"):
            Warehouse(warehouse_path).load(run("r1"), [article(1)], [])
    assert count(warehouse_path, "SELECT count(*) FROM runs") == 0  # nothing of it kept
    assert Warehouse(warehouse_path, busy_timeout=10).load(run("r1"), [article(1)], []).new == 1


def test_a_long_run_waits_for_a_sql_client_as_long_as_it_took(
    warehouse_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    """A trial's half-hour crawl was thrown away after a minute's wait for a duckdb shell
    left open read-write. A run waits for such a client as long as it took (at least
    ``NEWSROOM_PUBLISH_WAIT``), and says so when it starts waiting."""
    from datetime import timedelta

    from newsroom.warehouse import store_for

    Warehouse(warehouse_path).load(run("r0"), [article(0)], [])
    monkeypatch.setenv("NEWSROOM_PUBLISH_WAIT", "0.2")
    holder = subprocess.Popen(
        [sys.executable, "-c",
         "import duckdb, sys, time; c = duckdb.connect(sys.argv[1]); print('held', flush=True);"
         " time.sleep(2); c.close()", str(warehouse_path)],
        stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
        writer = store_for(warehouse_path).begin(run("r1"))
        with writer, caplog.at_level(logging.WARNING, logger="newsroom.warehouse.runs"):
            writer.now -= timedelta(seconds=30)  # a run that took half a minute
            writer.load([article(1)])
            writer.commit([])
    finally:
        holder.kill()
        holder.wait()
    assert count(warehouse_path, "SELECT count(*) FROM runs") == 2  # published, once free
    [said] = [r.getMessage() for r in caplog.records if "held by another" in r.getMessage()]
    # as long as the run took: its half minute, and the load's own second or so under load
    waited = re.search(r"waiting for it, up to (\d+) s", said)
    assert waited is not None and 30 <= int(waited.group(1)) <= 60, said


# -- DuckLake: readers during a run, one transaction per run, conflicts ------------------


def test_a_reader_sees_the_last_committed_run_while_a_run_writes(lake_url: str) -> None:
    """Another process reads the lake while a run has loaded a chunk but not finished."""
    Warehouse(lake_url).load(run("r1"), [article(1)], [])
    script = textwrap.dedent(
        f"""
        import sys
        sys.path.insert(0, {str(Path(__file__).parent)!r})
        from test_warehouse import article, run
        from newsroom.warehouse import store_for

        writer = store_for({lake_url!r}).begin(run("r2"))
        writer.load([article(i) for i in range(2, 7)])
        print("loaded", flush=True)
        sys.stdin.readline()
        writer.commit([])
        print("finished", flush=True)
        """
    )
    proc = subprocess.Popen(
        [sys.executable, "-c", script], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    )
    try:
        assert proc.stdin is not None and proc.stdout is not None
        assert proc.stdout.readline().strip() == "loaded"
        assert count(lake_url, "SELECT count(*) FROM articles") == 1
        assert count(lake_url, "SELECT count(*) FROM runs") == 1
        proc.stdin.write("go\n")
        proc.stdin.flush()
        assert proc.stdout.readline().strip() == "finished"
    finally:
        proc.wait(60)
    assert proc.returncode == 0
    assert count(lake_url, "SELECT count(*) FROM articles") == 6
    assert count(lake_url, "SELECT count(*) FROM runs") == 2


def test_a_run_in_chunks_is_one_transaction_on_a_lake(lake_url: str) -> None:
    """A later chunk's dedup sees the earlier chunks; a run given up leaves nothing."""
    from newsroom.pipeline import assign_to_stories
    from newsroom.warehouse import store_for

    text = "A story told once in the first chunk of this run and copied in the second."
    with store_for(lake_url).begin(run("r1")) as writer:
        writer.load([article(1, body=text)])
        copy = article(2, body=text.upper())
        placed, links = assign_to_stories(writer.view(), [copy])
        assert [link.method for link in links] == ["exact"]
        writer.load(placed, links)
        assert count(lake_url, "SELECT count(*) FROM articles") == 0  # not committed
        # given up: leaving the block without commit rolls the run back
    assert count(lake_url, "SELECT count(*) FROM article_versions") == 0
    with store_for(lake_url).begin(run("r2")) as writer:
        writer.load([article(1, body=text)])
        placed, links = assign_to_stories(writer.view(), [article(2, body=text.upper())])
        writer.load(placed, links)
        result = writer.commit([])
    assert (result.new, result.duplicates) == (2, 1)
    assert count(lake_url, "SELECT count(DISTINCT story_id) FROM articles") == 1
    assert count(lake_url, "SELECT count(*) FROM articles WHERE is_canonical") == 1


def test_a_commit_that_loses_to_another_writer_is_transient_and_loses_nothing(
    lake_url: str,
) -> None:
    from newsroom.errors import TransientError, WarehouseConflict
    from newsroom.warehouse import store_for
    from newsroom.warehouse.backend import parse

    Warehouse(lake_url).load(run("r1"), [article(i) for i in range(3)], [])
    writer = store_for(lake_url).begin(run("r2"))
    writer.load([article(1, body="A corrected body of one.", raw="c" * 64), article(7)])
    other = parse(lake_url).connect()  # a writer that is not a newsroom run
    try:
        other.execute("UPDATE article_versions SET title = title || '!'")
    finally:
        other.close()
    with pytest.raises(WarehouseConflict) as lost:
        writer.commit([])
    assert isinstance(lost.value, TransientError)
    # A retried publish task must not record the run without its chunks.
    with pytest.raises(WarehouseError, match="rolled back"):
        writer.commit([])
    assert count(lake_url, "SELECT count(*) FROM runs") == 1
    assert count(lake_url, "SELECT count(*) FROM article_versions") == 3
    # Run again, it lands whole.
    with store_for(lake_url).begin(run("r2")) as again:
        again.load([article(1, body="A corrected body of one.", raw="c" * 64), article(7)])
        result = again.commit([])
    assert (result.new, result.changed) == (1, 1)
    assert count(lake_url, "SELECT count(*) FROM articles") == 4
    assert count(lake_url, "SELECT count(*) FROM article_versions") == 5


def test_what_readers_see_is_dated_by_its_last_run_not_the_files_time(
    warehouse_path: Path,
) -> None:
    """A trial's status said "snapshot of 23:30:42" for a snapshot its last run published
    at 23:28:28: a SQL client that had opened it read-write closed it later, and the
    file's time changed."""
    import os

    from newsroom.warehouse import store_for

    Warehouse(warehouse_path).load(run("r1"), [article(1)], [])
    [(finished,)] = Warehouse(warehouse_path).query("SELECT max(finished_at) FROM runs")
    later = datetime(2031, 1, 2, 3, 4, 5, tzinfo=UTC).timestamp()
    os.utime(warehouse_path, (later, later))
    said = store_for(warehouse_path).what_readers_see()
    assert "2031" not in said and said.startswith("snapshot of ")
    assert f"{finished:%Y-%m-%d %H:%M:%S}" in said, (said, finished)
