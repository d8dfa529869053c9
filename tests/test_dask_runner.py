"""The CPU-bound stages on Dask: the runner setting, and the same warehouse as in-process.

Real parts only: local Dask clusters of worker processes on 127.0.0.1 (started by the
flow, or by the test to stand for an existing cluster at an address), real DuckDB files,
the session's real Prefect API.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb
import pytest

from bad_inputs import MAX_BYTES, make_bad_inputs
from flows.runners import PrefectCompute, UnreachableAPI, is_loopback, local_cluster_options
from newsroom.config import ConfigError, RunnerSetting, config_from_dict, parse_runner

# -- the setting ---------------------------------------------------------------------------


def test_runner_setting_parses_the_three_kinds() -> None:
    assert parse_runner("local") == RunnerSetting() and RunnerSetting().in_process
    assert parse_runner("dask:2") == RunnerSetting(workers=2)
    assert parse_runner(" tcp://10.1.2.3:8786 ") == RunnerSetting(address="tcp://10.1.2.3:8786")
    assert parse_runner("tcp://[::1]:8786").address == "tcp://[::1]:8786"
    for text in ("local", "dask:2", "tcp://sched.example:8786"):
        assert str(parse_runner(text)) == text
    for bad in ("dask:0", "dask", "dask:two", "http://host:8786", "", 2):
        with pytest.raises(ConfigError, match="runner"):
            parse_runner(bad)


def test_config_file_runner(tmp_path: Path) -> None:
    source = tmp_path / "newsroom.toml"
    assert config_from_dict({}, source).runner == RunnerSetting()
    assert config_from_dict({"runner": "dask:3"}, source).runner.workers == 3
    with pytest.raises(ConfigError, match="runner"):
        config_from_dict({"runner": "threads"}, source)


def test_loopback_hosts() -> None:
    assert all(is_loopback(h) for h in ("127.0.0.1", "localhost", "::1", "[::1]", None))
    assert not any(is_loopback(h) for h in ("10.0.0.5", "sched.example", "192.168.1.2"))


def test_local_cluster_binds_loopback_only_without_dashboard() -> None:
    options = local_cluster_options(2)
    assert options["host"] == "127.0.0.1" and options["dashboard_address"] is None
    assert options["scheduler_kwargs"]["dashboard_address"].startswith("127.0.0.1:")
    assert (options["n_workers"], options["threads_per_worker"], options["processes"]) == (
        2,
        1,
        True,
    )


@pytest.mark.usefixtures("prefect_api")
def test_in_process_compute_calls_inline_in_order() -> None:
    from prefect import flow

    from newsroom.engine import Stage, StageClock

    def double(x: int) -> int:
        return 2 * x

    clock = StageClock()

    @flow(name="compute-inline")
    def inline() -> list[tuple[int, str]]:
        with PrefectCompute("local") as compute:
            assert not compute.parallel and compute.reads_files
            calls = ((i, {"x": i}, f"call {i}") for i in range(5))
            return list(compute.map(Stage("double-inline", double), calls, clock))

    got = inline()
    assert got == [(0, "call 0"), (2, "call 1"), (4, "call 2"), (6, "call 3"), (8, "call 4")]
    assert set(clock.seconds) == {"double-inline"}


# -- the same warehouse --------------------------------------------------------------------

# What a warehouse holds, with generated ids (article, story, run) and clock times left out:
# stories are compared by their members' source URIs and their canonical member.
CONTENTS = {
    "articles": """
        SELECT a.source_uri, a.source_kind, a.title, a.body, a.published_at, a.dateline,
               a.credits, a.language, a.word_count, a.content_sha256, a.raw_sha256,
               a.raw_size, a.encoding, a.removed_lines, a.is_canonical, a.version,
               c.source_uri AS story_canonical
        FROM articles a JOIN articles c ON c.story_id = a.story_id AND c.is_canonical
        ORDER BY a.source_uri""",
    "stories": """
        SELECT list(a.source_uri ORDER BY a.source_uri), s.copies, s.title
        FROM stories s JOIN articles a USING (story_id)
        GROUP BY s.story_id, s.copies, s.title ORDER BY 1""",
    "links": """
        SELECT a.source_uri, b.source_uri, round(l.similarity, 9), round(l.containment, 9),
               l.method
        FROM article_links l JOIN articles a ON a.article_id = l.article_id
        JOIN articles b ON b.article_id = l.similar_article_id ORDER BY ALL""",
    "bands": """
        SELECT a.source_uri, list(k.band_key ORDER BY k.band_key)
        FROM article_bands k JOIN articles a USING (article_id) GROUP BY 1 ORDER BY 1""",
    "entities": "SELECT entity, kind, articles, mentions FROM entities ORDER BY ALL",
    "mentions": """
        SELECT a.source_uri, m.* EXCLUDE (article_id)
        FROM mentions m JOIN articles a USING (article_id) ORDER BY ALL""",
    "fields": """
        SELECT a.source_uri, f.* EXCLUDE (article_id)
        FROM article_fields f JOIN articles a USING (article_id) ORDER BY ALL""",
    "quotes": """
        SELECT a.source_uri, q.* EXCLUDE (article_id)
        FROM quotes q JOIN articles a USING (article_id) ORDER BY ALL""",
    "amounts": """
        SELECT a.source_uri, x.* EXCLUDE (article_id)
        FROM amounts x JOIN articles a USING (article_id) ORDER BY ALL""",
    "sources": """
        SELECT a.source_uri, s.* EXCLUDE (article_id)
        FROM sources_cited s JOIN articles a USING (article_id) ORDER BY ALL""",
    "errors": "SELECT source_uri, stage, error, detail FROM ingest_errors ORDER BY ALL",
    "runs": "SELECT flow, state, seen, new, changed, unchanged, duplicates, failed FROM runs",
}


def contents(warehouse: Path) -> dict[str, list[tuple[object, ...]]]:
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        return {name: con.execute(sql).fetchall() for name, sql in CONTENTS.items()}
    finally:
        con.close()


@pytest.fixture
def corpus(seeds: Path, tmp_path: Path) -> list[str]:
    """The seeds, copies of them (typography, cut, teaser, exact), an HTML page and every
    kind of bad input: stories with copies, facts, and errors at each stage."""
    root = tmp_path / "corpus"
    shutil.copytree(seeds, root)
    for i, path in enumerate(sorted(seeds.glob("*.txt"))):
        text = path.read_text(encoding="utf-8")
        paragraphs = text.split("\n\n")
        straight = text.replace("“", '"').replace("”", '"').replace("’", "'")
        (root / f"copy-{i}-quotes.txt").write_text(straight, encoding="utf-8")
        (root / f"copy-{i}-cut.txt").write_text("\n\n".join(paragraphs[:-3]), encoding="utf-8")
        (root / f"copy-{i}-exact.txt").write_bytes(path.read_bytes())
        (root / f"copy-{i}-teaser.txt").write_text("\n\n".join(paragraphs[:3]), encoding="utf-8")
    title, *body = sorted(seeds.glob("*.txt"))[0].read_text(encoding="utf-8").split("\n\n")
    (root / "page.html").write_text(
        "<!doctype html><html><head><title>"
        + title
        + "</title></head><body><nav><a href='/'>Home</a></nav><article><h1>"
        + title
        + "</h1>"
        + "".join(f"<p>{p}</p>" for p in body[:8])
        + "</article><footer>© Example</footer></body></html>",
        encoding="utf-8",
    )
    return [str(root), *make_bad_inputs(tmp_path / "bad")]


@pytest.mark.slow
@pytest.mark.usefixtures("prefect_api")
def test_dask_runs_leave_the_same_warehouse_as_in_process(
    corpus: list[str], tmp_path: Path
) -> None:
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.filters import FlowRunFilter, FlowRunFilterId
    from prefect.client.schemas.sorting import TaskRunSort

    from flows.ingest_files import ingest_files

    warehouses = {}
    for runner in ("local", "dask:2"):
        warehouses[runner] = tmp_path / runner.replace(":", "-") / "newsroom.duckdb"
        summary = ingest_files(
            paths=corpus,
            warehouse=str(warehouses[runner]),
            max_bytes=MAX_BYTES,
            batch_size=3,  # many batches, so that workers finish them out of order
            runner=runner,
        )
        assert summary.new > 20 and summary.duplicates > 10 and summary.failed == 8, runner

    local, dask = contents(warehouses["local"]), contents(warehouses["dask:2"])
    assert local["entities"] and local["mentions"] and local["links"] and local["errors"]
    for table in CONTENTS:
        assert dask[table] == local[table], table

    # The batches ran as task runs of the flow run, on two worker processes, reported to
    # the flow's own Prefect API.
    with get_client(sync_client=True) as client:
        task_runs = client.read_task_runs(
            flow_run_filter=FlowRunFilter(id=FlowRunFilterId(any_=[summary.run_id])),
            sort=TaskRunSort.EXPECTED_START_TIME_DESC,
            limit=200,
        )
    on_workers = [t for t in task_runs if t.name.startswith("read-normalise-")]
    assert len(on_workers) >= 10
    assert all(t.state is not None and t.state.is_completed() for t in on_workers)


@pytest.mark.slow
@pytest.mark.usefixtures("prefect_api")
def test_a_cluster_at_an_address_gets_the_bytes(corpus: list[str], tmp_path: Path) -> None:
    """An existing cluster (here a local one started by the test, given by its address):
    the flow reads the files and ships their bytes; the warehouse is the same."""
    from distributed import LocalCluster

    from flows.ingest_files import ingest_files

    local = tmp_path / "local" / "newsroom.duckdb"
    ingest_files(paths=corpus, warehouse=str(local), max_bytes=MAX_BYTES, batch_size=4)
    options = local_cluster_options(1)
    with LocalCluster(**options) as cluster:
        remote = tmp_path / "remote" / "newsroom.duckdb"
        summary = ingest_files(
            paths=corpus,
            warehouse=str(remote),
            max_bytes=MAX_BYTES,
            batch_size=4,
            runner=cluster.scheduler_address,
        )
    assert summary.failed == 8
    assert contents(remote) == contents(local)


def test_a_remote_cluster_needs_an_api_its_workers_reach() -> None:
    with (
        pytest.raises(UnreachableAPI, match="PREFECT_API_URL"),
        PrefectCompute("tcp://10.9.9.9:8786"),
    ):
        pass


@pytest.mark.slow
@pytest.mark.usefixtures("prefect_api")
def test_web_pages_extracted_on_workers(tmp_path: Path) -> None:
    """Pages are fetched in the flow's process and extracted on the workers: the same
    articles as in-process; reprocessing the archive on the workers changes nothing."""
    import json

    from flows.ingest_urls import ingest_urls
    from flows.reprocess import reprocess
    from http_server import BENCH, serve

    ids = sorted(json.loads((BENCH / "ground-truth.json").read_text(encoding="utf-8")))[:6]
    warehouses = {
        r: tmp_path / r.replace(":", "-") / "newsroom.duckdb" for r in ("local", "dask:2")
    }
    with serve() as (base, _):
        urls = [f"{base}/bench/{i}" for i in ids] + [base + "/cp1251", base + "/image.png"]
        for runner, warehouse in warehouses.items():
            summary = ingest_urls(
                urls=urls,
                warehouse=str(warehouse),
                allow_private=True,
                host_delay=0.0,
                batch_size=2,
                runner=runner,
            )
            assert (summary.new, summary.failed) == (7, 1), runner
    local, dask = contents(warehouses["local"]), contents(warehouses["dask:2"])
    assert local["errors"] and local["mentions"]
    for table in CONTENTS:
        assert dask[table] == local[table], table
    redone = reprocess(warehouse=str(warehouses["dask:2"]), batch_size=3, runner="dask:2")
    assert (redone.new, redone.changed, redone.failed, redone.unchanged) == (0, 0, 0, 7)


# -- the command and the served deployments ----------------------------------------------


def test_served_deployments_pass_the_config_runner(tmp_path: Path) -> None:
    from flows.serve import feed_parameters, folder_parameters

    entries = {
        "folders": [{"name": "inbox", "paths": ["in"], "interval": "1h"}],
        "feeds": [{"name": "wires", "feeds": ["https://example.org/rss"], "interval": "1h"}],
    }
    plain = config_from_dict(entries, tmp_path / "newsroom.toml")
    assert "runner" not in folder_parameters(plain.folders[0], plain)
    on_dask = config_from_dict({**entries, "runner": "dask:2"}, tmp_path / "newsroom.toml")
    assert folder_parameters(on_dask.folders[0], on_dask)["runner"] == "dask:2"
    assert feed_parameters(on_dask.feeds[0], on_dask)["runner"] == "dask:2"


def test_the_command_refuses_a_bad_runner(tmp_path: Path) -> None:
    import subprocess
    import sys

    done = subprocess.run(
        [sys.executable, "-m", "newsroom", "ingest", str(tmp_path), "--runner", "threads:4"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 2 and "dask:N" in done.stderr


@pytest.mark.slow
def test_the_command_on_a_local_cluster(seeds: Path, tmp_path: Path, prefect_api: None) -> None:
    from test_cli import newsroom

    warehouse = tmp_path / "cli.duckdb"
    done = newsroom(
        "ingest", str(seeds), "--warehouse", str(warehouse), "--runner", "dask:2", cwd=tmp_path
    )
    assert done.returncode == 0, done.stderr
    assert "new stories" in done.stdout and contents(warehouse)["articles"]


def test_an_address_where_no_scheduler_answers() -> None:
    import socket

    import dask

    from flows.runners import UnreachableCluster

    with socket.socket() as s:  # a port nothing listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    with (
        dask.config.set({"distributed.comm.timeouts.connect": "2s"}),
        pytest.raises(UnreachableCluster, match=f"127.0.0.1:{port}"),
        PrefectCompute(f"tcp://127.0.0.1:{port}"),
    ):
        pass
