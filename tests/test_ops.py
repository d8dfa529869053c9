"""Running for real: the config file, the published snapshot and its write lock, SQL
clients holding the warehouse while runs write, concurrent runs, views, status, export."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
import threading
import time
from pathlib import Path

import duckdb
import pytest

from newsroom.config import ConfigError, config_from_dict, load_config, parse_interval
from newsroom.errors import WarehouseBusy
from newsroom.warehouse import (
    Warehouse,
    export_parquet,
    health_drops,
    publish,
    published_path,
    warehouse_status,
    work_path,
    working_file,
    write_lock,
)
from readback import query

ROOT = Path(__file__).resolve().parents[1]


def newsroom(*args: str, cwd: Path) -> subprocess.Popen[str]:
    from prefect.settings import PREFECT_API_URL

    env = {
        **os.environ,
        "COLUMNS": "200",
        "PREFECT_LOGGING_LEVEL": "WARNING",
        "PREFECT_API_URL": str(PREFECT_API_URL.value()),
    }
    return subprocess.Popen(
        [sys.executable, "-m", "newsroom", *args],
        cwd=cwd,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


# -- config ---------------------------------------------------------------------------


def test_the_repository_config_loads() -> None:
    config = load_config(ROOT / "newsroom.toml")
    assert config.warehouse == ROOT / "warehouse" / "newsroom.duckdb"
    assert [f.name for f in config.folders] == ["seeds"]
    assert config.folders[0].paths == (str(ROOT / "seeds"),)


def test_config_resolves_paths_and_schedules(tmp_path: Path) -> None:
    config = config_from_dict(
        {
            "warehouse": "wh/news.duckdb",
            "folders": [
                {"name": "inbox", "paths": ["in", "/abs/*.txt"], "interval": "15m"},
                {"name": "archive", "paths": ["~/arch"], "cron": "*/5 * * * *"},
            ],
            "feeds": [
                {"name": "wires", "feeds": ["https://example.org/rss"], "interval": 90},
                {
                    "name": "site",
                    "sitemaps": ["https://example.org/sitemap.xml"],
                    "interval": 3600,
                    "trust_lastmod": False,  # a site that leaves its <lastmod>s stale
                },
            ],
        },
        tmp_path / "newsroom.toml",
    )
    assert config.warehouse == tmp_path / "wh" / "news.duckdb"
    inbox, archive = config.folders
    assert inbox.paths == (str(tmp_path / "in"), "/abs/*.txt")
    assert inbox.schedule.interval_seconds == 900
    assert archive.paths == (str(Path("~/arch").expanduser()),)
    assert archive.schedule.cron == "*/5 * * * *"
    assert config.feeds[0].schedule.interval_seconds == 90
    from flows.serve import feed_parameters

    assert "trust_lastmod" not in feed_parameters(config.feeds[0], config)
    assert feed_parameters(config.feeds[1], config)["trust_lastmod"] is False
    assert [parse_interval(v) for v in (5, "5s", "2h", "1d", "0.5m")] == [5, 5, 7200, 86400, 30]


@pytest.mark.parametrize(
    ("entry", "message"),
    [
        ({"name": "a", "paths": ["x"]}, "exactly one of interval or cron"),
        ({"name": "a", "paths": ["x"], "interval": 5, "cron": "* * * * *"}, "exactly one"),
        ({"name": "a", "paths": ["x"], "interval": "soon"}, "interval must be"),
        ({"name": "a", "paths": ["x"], "interval": -1}, "positive"),
        ({"name": "a", "paths": ["x"], "cron": "every day"}, "not a 5-field cron"),
        ({"name": "A b", "paths": ["x"], "interval": 5}, "name must be"),
        ({"name": "a", "paths": [], "interval": 5}, "paths is empty"),
        ({"name": "a", "paths": ["x"], "interval": 5, "colour": "red"}, "unknown keys colour"),
    ],
)
def test_config_errors_name_the_entry(
    tmp_path: Path, entry: dict[str, object], message: str
) -> None:
    with pytest.raises(ConfigError, match=message):
        config_from_dict({"folders": [entry]}, tmp_path / "newsroom.toml")


def test_config_file_errors(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="no config file"):
        load_config(tmp_path / "missing.toml")
    bad = tmp_path / "bad.toml"
    bad.write_text("folders = [", encoding="utf-8")
    with pytest.raises(ConfigError, match="cannot read"):
        load_config(bad)
    twice = {
        "folders": [
            {"name": "a", "paths": ["x"], "interval": 5},
            {"name": "a", "paths": ["y"], "interval": 5},
        ]
    }
    with pytest.raises(ConfigError, match="names used twice: ingest-files/a"):
        config_from_dict(twice, tmp_path / "newsroom.toml")
    feed = {"name": "intranet", "feeds": ["http://10.0.0.5/rss"], "interval": 60}
    with pytest.raises(ConfigError, match="allow_private must be true or false"):
        config_from_dict({"feeds": [{**feed, "allow_private": "yes"}]}, tmp_path / "n.toml")


# -- the snapshot and the write lock ---------------------------------------------------


def test_work_and_published_paths(tmp_path: Path) -> None:
    published = tmp_path / "wh" / "newsroom.duckdb"
    assert work_path(published) == tmp_path / "wh" / ".newsroom.work.duckdb"
    assert published_path(work_path(published)) == published
    with pytest.raises(Exception, match="not a working file"):
        published_path(published)


def test_write_lock_is_exclusive_and_times_out(tmp_path: Path) -> None:
    work = tmp_path / ".w.work.duckdb"
    order: list[str] = []
    with write_lock(work):
        with pytest.raises(WarehouseBusy), write_lock(work, timeout=0.3):
            pass

        def second() -> None:
            with write_lock(work, timeout=30):
                order.append("second")

        waiter = threading.Thread(target=second)
        waiter.start()
        time.sleep(0.3)
        order.append("first done")
    waiter.join(timeout=30)
    assert order == ["first done", "second"]


def test_working_file_starts_from_a_published_warehouse_and_follows_its_removal(
    tmp_path: Path,
) -> None:
    published = tmp_path / "newsroom.duckdb"
    con = duckdb.connect(str(published))
    con.execute("CREATE TABLE t AS SELECT 1 AS x")
    con.close()
    work = working_file(published)  # an existing warehouse from before snapshots
    assert query(work, "FROM t") == [(1,)]
    con = duckdb.connect(str(work))
    con.execute("INSERT INTO t VALUES (2)")
    con.close()
    assert working_file(published) == work and query(work, "SELECT count(*) FROM t") == [(2,)]
    published.unlink()  # a user removed the warehouse to start over
    assert not working_file(published).exists()


def test_a_client_holding_the_snapshot_keeps_its_state_and_a_new_one_sees_the_new(
    tmp_path: Path,
) -> None:
    published = tmp_path / "newsroom.duckdb"
    work = work_path(published)
    writer = duckdb.connect(str(work))
    writer.execute("CREATE TABLE t AS SELECT 1 AS x")
    writer.close()
    (tmp_path / ".newsroom.duckdb.999999.publishing").write_bytes(b"a killed run's copy")
    publish(work)
    assert not list(tmp_path.glob("*.publishing"))
    # A read-only client in another process, holding it (`duckdb -readonly FILE`; one
    # that holds it read-write makes a publish wait and fail: test_warehouse_faults.py).
    client = subprocess.Popen(
        [
            sys.executable,
            "-c",
            textwrap.dedent(
                f"""
                import sys, duckdb
                con = duckdb.connect({str(published)!r}, read_only=True)
                for line in sys.stdin:
                    print(con.execute("SELECT count(*) FROM t").fetchone()[0], flush=True)
                """
            ),
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert client.stdin is not None and client.stdout is not None
        client.stdin.write("?\n")
        client.stdin.flush()
        assert client.stdout.readline().strip() == "1"
        with write_lock(work):
            writer = duckdb.connect(str(work))
            writer.execute("INSERT INTO t VALUES (2)")
            writer.close()
            publish(work)
        client.stdin.write("?\n")
        client.stdin.flush()
        assert client.stdout.readline().strip() == "1"  # the old state, still readable
        assert query(published, "SELECT count(*) FROM t") == [(2,)]  # a new open: new state
    finally:
        client.kill()
        client.wait(timeout=30)
    assert not list(tmp_path.glob("*.publishing"))


def test_a_users_own_tables_and_views_are_kept_in_the_next_snapshot(tmp_path: Path) -> None:
    # found by an analyst's trial: a table made in the warehouse with the duckdb shell
    # (read-write, its default) was gone after the next run, without a word
    published = tmp_path / "newsroom.duckdb"
    work = work_path(published)
    writer = duckdb.connect(str(work))
    writer.execute("CREATE TABLE articles AS SELECT 1 AS x")  # newsroom's own
    writer.close()
    publish(work)
    client = duckdb.connect(str(published))  # as `duckdb warehouse/newsroom.duckdb`
    client.execute("CREATE TABLE my_notes AS SELECT 'look again' AS note, 7 AS story")
    client.execute("CREATE SCHEMA desk")
    client.execute("CREATE TABLE desk.picks (story INTEGER)")
    client.execute("INSERT INTO desk.picks VALUES (7), (9)")
    client.execute("CREATE VIEW my_count AS SELECT count(*) AS n FROM articles")
    client.execute("CREATE VIEW desk.firsts AS SELECT min(story) AS first FROM picks")
    client.execute("INSERT INTO articles VALUES (99)")  # a change to newsroom's table
    client.close()
    with write_lock(work):
        writer = duckdb.connect(str(work))
        writer.execute("INSERT INTO articles VALUES (2)")
        writer.close()
        publish(work)
    assert query(published, "SELECT note, story FROM my_notes") == [("look again", 7)]
    assert query(published, "SELECT story FROM desk.picks ORDER BY 1") == [(7,), (9,)]
    assert query(published, "SELECT n FROM my_count") == [(2,)]  # over the new articles
    assert query(published, "SELECT first FROM desk.firsts") == [(7,)]
    # newsroom's tables are the run's: the client's row in them is not kept
    assert query(published, "SELECT x FROM articles ORDER BY 1") == [(1,), (2,)]
    # and the runs' working file never took the user's tables
    assert query(work, "SELECT count(*) FROM duckdb_tables() WHERE table_name = 'my_notes'") == [
        (0,)
    ]


def test_the_fts_extensions_index_is_not_carried_as_a_users_table(tmp_path: Path) -> None:
    """A snapshot from before migration 009 holds the fts extension's index (schema
    fts_main_article_versions): its tables are no user's, and were carried into every
    new snapshot, without the macros that read them."""
    from newsroom.warehouse.search import load_extension

    published = tmp_path / "newsroom.duckdb"
    work = work_path(published)
    writer = duckdb.connect(str(work))
    writer.execute("CREATE TABLE article_versions (article_id VARCHAR, body VARCHAR)")
    writer.execute("INSERT INTO article_versions VALUES ('a1', 'the army moved north')")
    writer.close()
    publish(work)
    old = duckdb.connect(str(published))  # the extension's index, as migration 005 made it
    load_extension(old)
    old.execute("PRAGMA create_fts_index('article_versions', 'article_id', 'body')")
    old.execute("CREATE TABLE my_notes AS SELECT 'keep me' AS note")
    old.close()
    assert query(
        published,
        "SELECT count(*) > 0 FROM duckdb_tables() WHERE schema_name LIKE 'fts_main_%'",
    ) == [(True,)]
    with write_lock(work):
        publish(work)
    assert query(
        published, "SELECT count(*) FROM duckdb_tables() WHERE schema_name LIKE 'fts_main_%'"
    ) == [(0,)]
    assert query(published, "SELECT note FROM my_notes") == [("keep me",)]


# -- flows with clients and with each other --------------------------------------------


@pytest.mark.slow
def test_a_run_completes_while_a_client_holds_the_warehouse(
    seeds: Path, warehouse_path: Path, prefect_api: None
) -> None:
    from flows.ingest_files import ingest_files

    first = sorted(seeds.iterdir())[:2]
    ingest_files(paths=[str(p) for p in first], warehouse=str(warehouse_path))
    con = duckdb.connect(str(warehouse_path), read_only=True)  # as `duckdb -readonly FILE`
    try:
        assert con.execute("SELECT count(*) FROM articles").fetchone() == (2,)
        state = ingest_files(paths=[str(seeds)], warehouse=str(warehouse_path), return_state=True)
        assert state.is_completed()
        assert state.result().new == 3
        # The client's connection reads the state it opened, consistently.
        assert con.execute("SELECT count(*) FROM articles").fetchone() == (2,)
        assert con.execute("SELECT count(*) FROM runs").fetchone() == (1,)
    finally:
        con.close()
    assert query(warehouse_path, "SELECT count(*) FROM articles") == [(5,)]
    assert query(warehouse_path, "SELECT count(*) FROM runs") == [(2,)]


@pytest.mark.slow
def test_two_concurrent_runs_load_everything_once(
    tmp_path: Path, seeds: Path, prefect_api: None
) -> None:
    extra = tmp_path / "extra"
    extra.mkdir()
    for i, seed in enumerate(sorted(seeds.iterdir())):
        text = seed.read_text(encoding="utf-8")
        (extra / f"copy-{i}.txt").write_text(text.replace("Putin", "Poutine"), encoding="utf-8")
    warehouse = tmp_path / "wh" / "newsroom.duckdb"
    runs = [
        newsroom("ingest", str(seeds), str(extra), "--warehouse", str(warehouse), cwd=tmp_path)
        for _ in range(2)
    ]
    try:
        outputs = [run.communicate(timeout=240) for run in runs]
    finally:
        for run in runs:
            run.kill()
    for run, (_, stderr) in zip(runs, outputs, strict=True):
        assert run.returncode == 0, stderr
    assert query(
        warehouse, "SELECT count(*), count(DISTINCT source_uri) FROM article_versions"
    ) == [(10, 10)]
    assert query(warehouse, "SELECT sum(new), sum(unchanged), count(*) FROM runs") == [(10, 10, 2)]
    assert query(warehouse, "SELECT count(*) FROM ingest_errors") == [(0,)]
    assert query(warehouse, "SELECT count(*) FROM article_bands") == query(
        work_path(warehouse), "SELECT count(*) FROM article_bands"
    )


# -- views, status, export -------------------------------------------------------------


@pytest.mark.slow
def test_views_status_and_export(
    tmp_path: Path, seeds: Path, warehouse_path: Path, prefect_api: None
) -> None:
    from flows.ingest_files import ingest_files

    (seeds / "empty.txt").write_bytes(b"")
    original = sorted(seeds.glob("002_*.txt"))[0].read_text(encoding="utf-8")
    (seeds / "repost.txt").write_text(original, encoding="utf-8")
    summary = ingest_files(paths=[str(seeds)], warehouse=str(warehouse_path))
    assert (summary.new, summary.duplicates, summary.failed) == (6, 1, 1)

    assert query(
        warehouse_path, "SELECT outlet, articles, stories FROM articles_per_outlet_day"
    ) == [("file", 6, 5)]
    copies = query(
        warehouse_path,
        "SELECT copies, is_canonical, method FROM story_copies WHERE copies > 1 ORDER BY 2",
    )
    assert copies == [(2, False, "exact"), (2, True, None)]
    assert query(warehouse_path, "SELECT stage, error, errors FROM errors_per_stage_day") == [
        ("read", "empty_file", 1)
    ]
    health = query(warehouse_path, "SELECT outlet, articles, short_share FROM outlet_health")
    assert health == [("file", 6, 0.0)]

    status = warehouse_status(warehouse_path)
    assert (status.articles, status.stories, status.errors) == (6, 5, 1)
    assert status.runs[0]["run_id"] == summary.run_id
    assert status.last_run_errors == [("read", "empty_file", 1)]

    counts = export_parquet(warehouse_path, tmp_path / "out")
    assert counts["articles"] == 6 and counts["ingest_errors"] == 1 and counts["runs"] == 1
    day_dirs = list((tmp_path / "out" / "articles").glob("day=*"))
    assert len(day_dirs) == 1
    back = duckdb.connect()
    rows = back.execute(
        f"SELECT count(*), any_value(day) FROM read_parquet('{tmp_path}/out/articles/*/*.parquet',"
        " hive_partitioning = true)"
    ).fetchone()
    back.close()
    assert rows is not None and rows[0] == 6 and str(rows[1]) == day_dirs[0].name[4:]


def outlet_days(path: Path, days: list[tuple[str, str, int, int]]) -> None:
    """Articles of (outlet host, day, count, words each), straight into a warehouse."""
    Warehouse(path).migrate()
    con = duckdb.connect(str(path))
    for host, day, count, words in days:
        con.execute(
            """
            INSERT INTO article_versions BY NAME
            SELECT 'a_' || md5(?::VARCHAR || ? || i) AS article_id, 'd_' || i AS document_id,
                   1 AS version, 'https://www.' || ? || '/' || ? || '/' || i AS source_uri,
                   'url' AS source_kind, 't' AS title, 'b' AS body, [] AS credits,
                   ? AS word_count, 'c' || i AS content_sha256, 'r' AS raw_sha256,
                   1 AS raw_size, 'utf-8' AS encoding, 0 AS removed_lines,
                   'st_' || md5(? || ? || i) AS story_id, true AS is_canonical,
                   ?::TIMESTAMPTZ AS fetched_at, ?::TIMESTAMPTZ AS first_seen_at, 'r' AS run_id
            FROM range(?) t(i)
            """,
            [host, day, host, day, words, host, day, day, day, count],
        )
    con.close()


def test_health_drops_flag_an_outlet_whose_bodies_got_short(tmp_path: Path) -> None:
    path = tmp_path / "health.duckdb"
    outlet_days(
        path,
        [
            ("broken.example", "2024-03-01", 10, 600),
            ("broken.example", "2024-03-02", 10, 650),
            ("broken.example", "2024-03-03", 8, 12),  # template changed: bodies lost
            ("steady.example", "2024-03-01", 10, 600),
            ("steady.example", "2024-03-03", 10, 580),
            ("tiny.example", "2024-03-01", 10, 600),
            ("tiny.example", "2024-03-03", 2, 10),  # too few articles to judge
        ],
    )
    drops = health_drops(path)
    assert [(d.outlet, str(d.day), d.articles) for d in drops] == [
        ("broken.example", "2024-03-03", 8)
    ]
    assert drops[0].short_share == 1.0 and drops[0].baseline_short_share == 0.0
    assert query(path, "SELECT outlet, articles FROM outlet_health ORDER BY 1") == [
        ("broken.example", 28),
        ("steady.example", 20),
        ("tiny.example", 12),
    ]


@pytest.mark.slow
def test_outlet_health_flow_fails_on_a_drop(tmp_path: Path, prefect_api: None) -> None:
    from prefect.artifacts import Artifact

    from flows.serve import outlet_health

    path = tmp_path / "health.duckdb"
    outlet_days(path, [("ok.example", "2024-03-01", 10, 600), ("ok.example", "2024-03-02", 9, 590)])
    assert outlet_health(warehouse=str(path)) == 0
    outlet_days(path, [("ok.example", "2024-03-03", 9, 5)])
    state = outlet_health(warehouse=str(path), return_state=True)
    assert state.is_failed() and "ok.example (2024-03-03)" in str(state.message)
    artifact = Artifact.get("outlet-health")
    assert artifact is not None and "ok.example" in str(artifact.data)


@pytest.mark.slow
def test_outlet_health_says_when_no_outlet_could_be_judged(
    tmp_path: Path, prefect_api: None
) -> None:
    """A trial's outlet-health artifact said "All outlets as usual." when no outlet had
    enough articles to be judged."""
    from prefect.artifacts import Artifact

    from flows.serve import outlet_health

    path = tmp_path / "health.duckdb"
    outlet_days(path, [("few.example", "2024-03-01", 3, 600), ("few.example", "2024-03-02", 2, 5)])
    assert outlet_health(warehouse=str(path)) == 0
    artifact = Artifact.get("outlet-health")
    assert artifact is not None
    text = str(artifact.data)
    assert "as usual" not in text, text
    assert "No outlet could be judged" in text, text
    assert "at least 5 articles on its latest day and 5 in the 14 days before it" in text, text
    assert "1 outlet has fewer" in text, text

    outlet_days(path, [("ok.example", "2024-03-01", 10, 600), ("ok.example", "2024-03-02", 9, 590)])
    assert outlet_health(warehouse=str(path)) == 0
    artifact = Artifact.get("outlet-health")
    assert artifact is not None
    text = str(artifact.data)
    assert "The 1 outlet that could be judged is as usual" in text, text
    assert "1 outlet has fewer" in text, text


@pytest.mark.slow
def test_status_and_export_commands(tmp_path: Path, seeds: Path, prefect_api: None) -> None:
    warehouse = tmp_path / "wh" / "newsroom.duckdb"
    ingest = newsroom("ingest", str(seeds), "--warehouse", str(warehouse), cwd=tmp_path)
    _, stderr = ingest.communicate(timeout=240)
    assert ingest.returncode == 0, stderr
    status = newsroom("status", "--warehouse", str(warehouse), cwd=tmp_path)
    stdout, stderr = status.communicate(timeout=120)
    assert status.returncode == 0, stderr
    assert "5 articles, 5 stories, 0 errors recorded" in stdout
    assert "ingest-files" in stdout and "file" in stdout
    export = newsroom("export", "--parquet", "out", "--warehouse", str(warehouse), cwd=tmp_path)
    stdout, stderr = export.communicate(timeout=120)
    assert export.returncode == 0, stderr
    assert list((tmp_path / "out" / "articles").glob("day=*/*.parquet"))
    # one column of counts ("translation_links" ran past the names' width)
    counted = [line for line in stdout.splitlines() if line.endswith(" rows")]
    assert any("translation_links" in line for line in counted), stdout
    assert len({len(line) for line in counted}) == 1, stdout
    # into a folder that is not empty: another folder or --overwrite, a usage error (2)
    again = newsroom("export", "--parquet", "out", "--warehouse", str(warehouse), cwd=tmp_path)
    _, stderr = again.communicate(timeout=120)
    assert again.returncode == 2 and "not empty" in stderr, stderr
    missing = newsroom("status", "--warehouse", str(tmp_path / "none.duckdb"), cwd=tmp_path)
    _, stderr = missing.communicate(timeout=120)
    assert missing.returncode == 1 and "no warehouse" in stderr


def test_serve_rejects_a_bad_config(tmp_path: Path) -> None:
    (tmp_path / "newsroom.toml").write_text(
        '[[folders]]\nname = "x"\npaths = ["in"]\n', encoding="utf-8"
    )
    done = subprocess.run(
        [sys.executable, "-m", "newsroom", "serve"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 2 and "exactly one of interval or cron" in done.stderr
