"""`newsroom serve` for real: a Prefect server on a free port, a deployment served on a
short interval, scheduled runs checked through the API and in the warehouse, while a
SQL client holds the warehouse open. Every process is killed in `finally`."""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import textwrap
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import duckdb
import httpx
import pytest
import yaml

from newsroom.config import load_config
from readback import query

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"
PREFECT = [sys.executable, "-m", "prefect"]


def test_prefect_yaml_declares_the_deployments_of_newsroom_toml() -> None:
    from flows.serve import deployments

    served = {d.name: d for d in deployments(load_config(ROOT / "newsroom.toml"))}
    declared = yaml.safe_load((ROOT / "prefect.yaml").read_text(encoding="utf-8"))
    listed = {d["name"]: d for d in declared["deployments"]}
    assert set(listed) == set(served)
    for name, deployment in listed.items():
        entrypoint = deployment["entrypoint"].replace(".py:", ".").replace("/", ".")
        assert entrypoint == served[name].entrypoint
        # prefect.yaml's paths are relative to the repository root; newsroom.toml's are
        # made absolute when it is read.
        parameters = dict(deployment["parameters"])
        parameters["warehouse"] = str(ROOT / parameters["warehouse"])
        if "paths" in parameters:
            parameters["paths"] = [str(ROOT / p) for p in parameters["paths"]]
        assert parameters == served[name].parameters
        (schedule,) = deployment["schedules"]
        (served_schedule,) = served[name].schedules or []
        assert schedule["interval"] == served_schedule.schedule.interval.total_seconds()
        assert deployment["concurrency_limit"] == 1


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def stop(process: subprocess.Popen[Any]) -> None:
    """SIGINT to the process group, then SIGKILL if it lingers."""
    if process.poll() is not None:
        return
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGINT)
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=15)


def wait_for(what: str, check: Callable[[], Any], timeout: float, every: float = 1.0) -> Any:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = check()
        if found:
            return found
        time.sleep(every)
    raise AssertionError(f"timed out after {timeout:.0f} s waiting for {what}")


@pytest.fixture
def prefect_server(tmp_path: Path) -> Iterator[tuple[str, dict[str, str]]]:
    """`prefect server start` on a free port, with a throwaway PREFECT_HOME."""
    with server_process(tmp_path) as (api, env, _):
        yield api, env


@contextlib.contextmanager
def server_process(
    tmp_path: Path,
) -> Iterator[tuple[str, dict[str, str], subprocess.Popen[bytes]]]:
    """`prefect server start` on a free port: its API, the environment that names it,
    and the process (stopped at the end if still running)."""
    port = free_port()
    api = f"http://127.0.0.1:{port}/api"
    env = {
        **os.environ,
        "PREFECT_HOME": str(tmp_path / "prefect-home"),
        "PREFECT_API_URL": api,
        "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
        "DO_NOT_TRACK": "1",
        "PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS": "120",
        "PREFECT_SERVER_SERVICES_SCHEDULER_LOOP_SECONDS": "5",
        "PREFECT_RUNNER_POLL_FREQUENCY": "2",
        "PREFECT_LOGGING_LEVEL": "WARNING",
        "PREFECT_UI_ENABLED": "false",
    }
    log = (tmp_path / "server.log").open("w")
    server = subprocess.Popen(
        [*PREFECT, "server", "start", "--host", "127.0.0.1", "--port", str(port)],
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:

        def healthy() -> bool:
            if server.poll() is not None:
                raise AssertionError((tmp_path / "server.log").read_text())
            try:
                return httpx.get(f"{api}/health", timeout=2).status_code == 200
            except httpx.HTTPError:
                return False

        wait_for("the Prefect server", healthy, timeout=90)
        yield api, env, server
    finally:
        stop(server)
        log.close()


def api_post(api: str, path: str, body: dict[str, Any]) -> Any:
    response = httpx.post(f"{api}{path}", json=body, timeout=10)
    response.raise_for_status()
    return response.json()


def completed_runs(api: str) -> list[dict[str, Any]]:
    return list(
        api_post(
            api,
            "/flow_runs/filter",
            {
                "flow_runs": {"state": {"type": {"any_": ["COMPLETED"]}}},
                "sort": "EXPECTED_START_TIME_ASC",
            },
        )
    )


def _interruptible() -> None:
    signal.signal(signal.SIGINT, signal.SIG_DFL)


@contextlib.contextmanager
def serving(tmp_path: Path, config: Path, env: dict[str, str]) -> Iterator[subprocess.Popen[bytes]]:
    """``newsroom serve --config CONFIG`` in a session of its own, its output in
    ``serve.log``; stopped when the block ends."""
    with (tmp_path / "serve.log").open("w") as log:
        served = subprocess.Popen(
            [sys.executable, "-m", "newsroom", "serve", "--config", str(config)],
            cwd=tmp_path,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
            # Ctrl-C as in a terminal, even when these tests run in the background of a
            # shell (which starts them with SIGINT ignored, and serve would inherit that)
            preexec_fn=_interruptible,
        )
        try:
            yield served
        finally:
            stop(served)


def first_scheduled_run(
    served: subprocess.Popen[bytes], api: str, tmp_path: Path
) -> dict[str, Any]:
    """The first completed run of the deployments ``served`` serves (fails with serve's
    output when serve has stopped)."""

    def first_run() -> list[dict[str, Any]]:
        if served.poll() is not None:
            raise AssertionError((tmp_path / "serve.log").read_text())
        return completed_runs(api)

    runs: list[dict[str, Any]] = wait_for("a scheduled run to complete", first_run, timeout=90)
    return runs[0]


@pytest.mark.slow
@pytest.mark.timeout(240)
def test_serve_runs_scheduled_ingests_while_a_client_reads(
    tmp_path: Path, prefect_server: tuple[str, dict[str, str]]
) -> None:
    api, env = prefect_server
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    seeds = sorted(SEEDS.iterdir())
    for seed in seeds[:2]:
        (inbox / seed.name).write_bytes(seed.read_bytes())
    warehouse = tmp_path / "wh" / "newsroom.duckdb"
    config = tmp_path / "newsroom.toml"
    config.write_text(
        textwrap.dedent(
            f"""
            warehouse = "{warehouse}"
            [[folders]]
            name = "inbox"
            paths = ["inbox"]
            interval = 3
            outlet = "Seed Wire"
            """
        ),
        encoding="utf-8",
    )
    client: subprocess.Popen[str] | None = None
    with serving(tmp_path, config, env) as served:
        try:
            run = first_scheduled_run(served, api, tmp_path)
            assert run["deployment_id"] is not None
            assert run["auto_scheduled"] is True
            artifacts = api_post(
                api, "/artifacts/filter", {"artifacts": {"flow_run_id": {"any_": [run["id"]]}}}
            )
            assert [a["key"] for a in artifacts] == ["ingest-files-summary"]
            assert run["id"] in artifacts[0]["data"]
            assert query(warehouse, "SELECT count(*) FROM articles") == [(2,)]
            assert (run["id"],) in query(warehouse, "SELECT run_id FROM runs")
            # The folder's outlet, from the config to the scheduled run's articles.
            assert query(warehouse, "SELECT DISTINCT outlet FROM article_outlets") == [
                ("Seed Wire",)
            ]

            # A SQL client holds the warehouse open (read-only, as `duckdb -readonly FILE`
            # does) while the next scheduled runs pick up three new files.
            client = subprocess.Popen(
                [
                    sys.executable,
                    "-c",
                    textwrap.dedent(
                        f"""
                    import sys, duckdb
                    con = duckdb.connect({str(warehouse)!r}, read_only=True)
                    for line in sys.stdin:
                        print(con.execute("SELECT count(*) FROM articles").fetchone()[0],
                              flush=True)
                    """
                    ),
                ],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                text=True,
                start_new_session=True,
            )
            assert client.stdin is not None and client.stdout is not None

            def ask() -> str:
                assert client is not None and client.stdin is not None and client.stdout is not None
                client.stdin.write("?\n")
                client.stdin.flush()
                return client.stdout.readline().strip()

            assert ask() == "2"
            for seed in seeds[2:]:
                (inbox / seed.name).write_bytes(seed.read_bytes())

            def loaded() -> bool:
                try:
                    return query(warehouse, "SELECT count(*) FROM articles") == [(5,)]
                except duckdb.IOException:  # the client's file is locked; a new snapshot is not
                    return False

            wait_for("a scheduled run to load the new files", loaded, timeout=60)
            assert ask() == "2"  # the client's open file keeps the state it had
            assert query(warehouse, "SELECT sum(new) FROM runs") == [(5,)]
            # Every scheduled run completed, none failed; later runs found nothing new.
            states = api_post(api, "/flow_runs/filter", {"flow_runs": {}})
            assert {r["state_type"] for r in states} <= {
                "COMPLETED",
                "SCHEDULED",
                "RUNNING",
                "PENDING",
            }
        finally:
            if client is not None:
                stop(client)


@pytest.mark.slow
@pytest.mark.timeout(240)
def test_serve_stops_on_sigterm_when_its_prefect_server_has_gone(tmp_path: Path) -> None:
    """Stopping, the runner pauses its deployments' schedules through the API; with the
    API gone its client retried that for a minute and more, and a SIGTERM (a stopped
    container or systemd unit) did not stop `newsroom serve`."""
    (tmp_path / "inbox").mkdir()
    seed = sorted(SEEDS.iterdir())[0]
    (tmp_path / "inbox" / seed.name).write_bytes(seed.read_bytes())
    config = tmp_path / "newsroom.toml"
    config.write_text(
        f'warehouse = "{tmp_path / "wh" / "newsroom.duckdb"}"\n'
        '[[folders]]\nname = "inbox"\npaths = ["inbox"]\ninterval = 3600\n',
        encoding="utf-8",
    )
    with (
        server_process(tmp_path) as (api, env, server),
        serving(tmp_path, config, env) as served,
    ):
        first_scheduled_run(served, api, tmp_path)
        stop(server)
        os.kill(served.pid, signal.SIGTERM)
        try:
            served.wait(timeout=30)
        except subprocess.TimeoutExpired:
            raise AssertionError("newsroom serve outlived a SIGTERM by 30 s") from None
        assert "does not answer: stopping without pausing" in (tmp_path / "serve.log").read_text()


def long_run_config(tmp_path: Path) -> Path:
    """A config whose folder takes a run of some seconds (1,500 files), hourly."""
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    seeds = [seed.read_text(encoding="utf-8") for seed in sorted(SEEDS.iterdir())]
    for i in range(1500):
        (inbox / f"{i:04d}.txt").write_text(f"{seeds[i % 5]}\n\nFile {i}.\n", encoding="utf-8")
    config = tmp_path / "newsroom.toml"
    config.write_text(
        f'warehouse = "{tmp_path / "wh" / "newsroom.duckdb"}"\n'
        '[[folders]]\nname = "inbox"\npaths = ["inbox"]\ninterval = 3600\n',
        encoding="utf-8",
    )
    return config


def runs_in(api: str, *states: str) -> list[dict[str, Any]]:
    return list(
        api_post(api, "/flow_runs/filter", {"flow_runs": {"state": {"type": {"any_": states}}}})
    )


@pytest.mark.slow
@pytest.mark.timeout(300)
@pytest.mark.parametrize("how", ["ctrl-c", "sigterm"])
def test_a_run_going_when_serve_is_stopped_does_not_stay_running(
    tmp_path: Path, prefect_server: tuple[str, dict[str, str]], how: str
) -> None:
    """Ctrl-C on `newsroom serve` during a run: the run had stayed "Running" in Prefect,
    holding its deployment's one slot, and the next `newsroom serve` waited five minutes
    before its folder's first run. SIGTERM to serve alone (`docker stop`, systemd's
    main process) left the run "Running" too, and the schedules unpaused, with a
    traceback: Prefect's handler never ran the runner's stop."""
    api, env = prefect_server
    config = long_run_config(tmp_path)

    def running() -> list[dict[str, Any]]:
        return runs_in(api, "RUNNING")

    with serving(tmp_path, config, env) as served:
        run = wait_for("a scheduled run to start", running, timeout=120, every=0.5)[0]
        time.sleep(2)
        if how == "ctrl-c":
            os.killpg(served.pid, signal.SIGINT)  # Ctrl-C in serve's terminal
        else:
            served.send_signal(signal.SIGTERM)
        served.wait(timeout=60)
    state = httpx.get(f"{api}/flow_runs/{run['id']}", timeout=10).json()["state"]
    assert state["type"] in ("CRASHED", "CANCELLED"), state
    deployment = httpx.get(f"{api}/deployments/{run['deployment_id']}", timeout=10).json()
    assert deployment["paused"], "the schedules are paused when serve stops"
    log = (tmp_path / "serve.log").read_text()
    assert "Traceback" not in log and "never awaited" not in log, log[-3000:]
    # said at once (a trial's Ctrl-C said nothing until serve had stopped)
    assert f"{'Ctrl-C' if how == 'ctrl-c' else 'SIGTERM'}: stopping" in log, log[-3000:]


@pytest.mark.slow
@pytest.mark.timeout(300)
def test_a_run_left_going_by_a_killed_serve_is_ended_by_the_next_serve(
    tmp_path: Path, prefect_server: tuple[str, dict[str, str]]
) -> None:
    """`newsroom serve` killed (kill -9, the OOM killer, a reboot) during a run cannot end
    the run: it stayed "Running" and held its deployment's one slot, so that the next
    serve's first run waited minutes ("AwaitingConcurrencySlot"). Each run now records the
    serve that runs it; the next serve on this machine finds that serve gone and marks the
    run crashed, and its own first run goes ahead."""
    api, env = prefect_server
    config = long_run_config(tmp_path)
    with serving(tmp_path, config, env) as served:
        run = wait_for("a scheduled run to start", lambda: runs_in(api, "RUNNING"), 120, 0.5)[0]
        time.sleep(2)
        os.killpg(served.pid, signal.SIGKILL)  # serve and the run's process with it
        served.wait(timeout=30)
    left = httpx.get(f"{api}/flow_runs/{run['id']}", timeout=10).json()
    assert left["state"]["type"] == "RUNNING"  # no process of the run is left to end it
    assert left["infrastructure_pid"].startswith(f"newsroom-serve:{socket.gethostname()}:")

    with serving(tmp_path, config, env) as served:

        def crashed() -> dict[str, Any] | None:
            found = httpx.get(f"{api}/flow_runs/{run['id']}", timeout=10).json()
            return found if found["state"]["type"] == "CRASHED" else None

        ended = wait_for("the left run to be marked crashed", crashed, timeout=60)
        assert f"pid {served.pid}" not in ended["state"]["message"]
        assert "stopped without ending it" in ended["state"]["message"]

        def another_run_going() -> list[dict[str, Any]]:
            if served.poll() is not None:
                raise AssertionError((tmp_path / "serve.log").read_text())
            return [r for r in runs_in(api, "RUNNING", "COMPLETED") if r["id"] != run["id"]]

        # the deployment's slot is free: a run of the new serve starts (it waited 5 minutes)
        wait_for("a run of the new serve", another_run_going, timeout=90)


@pytest.mark.slow
@pytest.mark.timeout(300)
def test_a_run_whose_command_was_killed_is_ended_by_the_next_run(
    tmp_path: Path, prefect_server: tuple[str, dict[str, str]]
) -> None:
    """`newsroom ingest` killed with -9 while it runs (with a Prefect server, without the
    warm runner: the run runs in the command's process) left its run "Running" in the UI
    for good. The run records its process; the next run on this machine finds it gone and
    marks the run crashed."""
    api, env = prefect_server
    env = {**env, "NEWSROOM_WARM": "off"}
    long_run_config(tmp_path)

    def ingest(folder: Path, warehouse: str) -> list[str]:
        return [sys.executable, "-m", "newsroom", "ingest", str(folder), "--warehouse", warehouse]

    with (tmp_path / "ingest.log").open("w") as log:
        killed = subprocess.Popen(
            ingest(tmp_path / "inbox", str(tmp_path / "wh" / "newsroom.duckdb")),
            cwd=tmp_path,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        try:
            run = wait_for("the run to start", lambda: runs_in(api, "RUNNING"), 120, 0.5)[0]
            time.sleep(2)
            os.killpg(killed.pid, signal.SIGKILL)
            killed.wait(timeout=30)
        finally:
            stop(killed)
    left = httpx.get(f"{api}/flow_runs/{run['id']}", timeout=10).json()
    assert left["state"]["type"] == "RUNNING"
    assert left["infrastructure_pid"].startswith(f"newsroom-run:{socket.gethostname()}:")

    small = tmp_path / "small"
    small.mkdir()
    (small / "one.txt").write_text(next(SEEDS.iterdir()).read_text(encoding="utf-8"))
    done = subprocess.run(
        ingest(small, str(tmp_path / "wh2" / "newsroom.duckdb")),
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=240,
    )
    assert done.returncode == 0, done.stderr
    ended = httpx.get(f"{api}/flow_runs/{run['id']}", timeout=10).json()
    assert ended["state"]["type"] == "CRASHED", ended["state"]
    assert "stopped without ending it" in ended["state"]["message"]
    assert f"pid {killed.pid}" in ended["state"]["message"]


@pytest.mark.slow
@pytest.mark.timeout(360)
def test_a_serve_that_keeps_going_ends_the_run_another_killed_serve_left(
    tmp_path: Path, prefect_server: tuple[str, dict[str, str]]
) -> None:
    """Two serves of one config; the one running a run is killed with -9. Its run held the
    deployment's slot, and the other serve could run the deployment again only when the
    slot's lease lapsed, five minutes later (a helper's trial): it looked for runs whose
    serve had gone only when it started. It now looks every half minute."""
    api, env = prefect_server
    config = long_run_config(tmp_path)
    (tmp_path / "one").mkdir()
    (tmp_path / "two").mkdir()
    with (
        serving(tmp_path / "one", config, env) as one,
        serving(tmp_path / "two", config, env) as two,
    ):
        run = wait_for("a scheduled run to start", lambda: runs_in(api, "RUNNING"), 150, 0.5)[0]
        recorded = httpx.get(f"{api}/flow_runs/{run['id']}", timeout=10).json()
        serves = {one.pid: (one, two), two.pid: (two, one)}
        killed, survivor = serves[int(recorded["infrastructure_pid"].split(":")[2])]
        time.sleep(2)
        os.killpg(killed.pid, signal.SIGKILL)
        killed.wait(timeout=30)
        assert httpx.get(f"{api}/flow_runs/{run['id']}", timeout=10).json()["state"]["type"] == (
            "RUNNING"
        )
        again = api_post(api, f"/deployments/{run['deployment_id']}/create_flow_run", {})

        def started() -> bool:
            if survivor.poll() is not None:
                raise AssertionError("the surviving serve stopped")
            found = httpx.get(f"{api}/flow_runs/{again['id']}", timeout=10).json()
            return bool(found["state"]["type"] in ("RUNNING", "COMPLETED"))

        wait_for("the new run to start", started, timeout=120)
    ended = httpx.get(f"{api}/flow_runs/{run['id']}", timeout=10).json()["state"]
    assert ended["type"] == "CRASHED" and "stopped without ending it" in ended["message"], ended


def test_the_api_a_prefect_profile_names_is_read_and_prefect_is_not_imported_without_one(
    tmp_path: Path,
) -> None:
    """trial19: ``newsroom server status`` took 3.5 s, half of it importing Prefect to learn
    that no setting names an API. Without a settings file that could, the answer comes
    without the import; a profile that names one is still read."""
    probe = (
        "import sys; from flows.server import configured_api;"
        " print(configured_api(), 'prefect' in sys.modules)"
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith("PREFECT_")}
    env["PREFECT_HOME"] = str(tmp_path / "home")

    def ask() -> str:
        done = subprocess.run(
            [sys.executable, "-c", probe], cwd=tmp_path, env=env, capture_output=True,
            text=True, timeout=120, check=True,
        )  # fmt: skip
        return done.stdout.strip()

    assert ask() == "None False"
    (tmp_path / "home").mkdir()
    (tmp_path / "home" / "profiles.toml").write_text(
        'active = "mine"\n\n[profiles.mine]\nPREFECT_API_URL = "http://127.0.0.1:9/api"\n',
        encoding="utf-8",
    )
    assert ask() == "http://127.0.0.1:9/api True"
