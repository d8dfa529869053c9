"""A run killed with SIGKILL (the OOM killer, ``timeout -s KILL`` in a cron job) leaves
nothing running behind it: the temporary Prefect API it started goes with it."""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from newsroom.warehouse import work_path, write_lock
from readback import query

ROOT = Path(__file__).resolve().parents[1]
STORY = (
    "The harbour bridge will close to cars from June, the city council said on Tuesday, "
    "after engineers found corrosion in two of its main supports during an inspection."
)

pytestmark = pytest.mark.skipif(
    not Path("/proc/self/task").exists(), reason="reads the process tree from /proc (Linux)"
)


def _children(pid: int) -> list[int]:
    found: list[int] = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        found += [int(child) for child in (task / "children").read_text().split()]
    return found


def _cmdline(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
    except (FileNotFoundError, ProcessLookupError):
        return ""


def _alive(pid: int) -> bool:
    """Running, not a zombie awaiting its parent."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (FileNotFoundError, ProcessLookupError):
        return False
    return fields[0] != "Z"


def _holds_open(pid: int, path: Path) -> bool:
    for fd in Path(f"/proc/{pid}/fd").iterdir():
        try:
            if os.readlink(fd) == str(path):
                return True
        except OSError:
            continue
    return False


def _wait_for(condition: Callable[[], bool], what: str, timeout: float = 120.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.2)


@pytest.mark.parametrize("moment", ["while its API starts", "while it waits for the warehouse"])
def test_a_killed_run_leaves_no_prefect_server_running(tmp_path: Path, moment: str) -> None:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "bridge.txt").write_text(f"Harbour bridge to close\n\n{STORY}\n\n{STORY}\n")
    warehouse = tmp_path / "news.duckdb"
    lock_file = work_path(warehouse).with_name(work_path(warehouse).name + ".lock")
    env = {
        **os.environ,
        "PYTHONPATH": f"{ROOT / 'src'}{os.pathsep}{ROOT}",
        "NEWSROOM_PREFECT": "temporary",
        "NEWSROOM_WARM": "off",
    }
    env.pop("PREFECT_API_URL", None)
    # A stand-in for a long run: the warehouse is busy (its write lock held
    # here), so the run waits for it with its temporary Prefect API up.
    server = 0
    with write_lock(work_path(warehouse)):
        run = subprocess.Popen(
            [sys.executable, "-m", "newsroom", "ingest", str(inbox), "--warehouse", str(warehouse)],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            _wait_for(
                lambda: any("uvicorn" in _cmdline(c) for c in _children(run.pid)),
                "the run's temporary Prefect API",
            )
            server = next(c for c in _children(run.pid) if "uvicorn" in _cmdline(c))
            if moment == "while its API starts":
                time.sleep(0.5)  # the server imports for seconds before it answers
            else:
                _wait_for(lambda: _holds_open(run.pid, lock_file), "the run to wait for it")
            run.send_signal(signal.SIGKILL)
            run.wait(timeout=30)
            _wait_for(lambda: not _alive(server), "the orphaned Prefect API to stop", 30)
        finally:
            if run.poll() is None:
                run.kill()
                run.wait()
            if server and _alive(server):
                os.kill(server, signal.SIGKILL)  # so a failing test leaves nothing either
    assert not warehouse.exists()  # and the killed run published nothing


def _closed_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _full_pipe() -> tuple[int, int]:
    """A pipe whose buffer is full: a process writing to it waits until it is read."""
    read_end, write_end = os.pipe()
    os.set_blocking(write_end, False)
    try:
        while True:
            os.write(write_end, b"x" * 4096)
    except BlockingIOError:
        pass
    os.set_blocking(write_end, True)
    return read_end, write_end


@pytest.mark.slow
@pytest.mark.timeout(300)
def test_a_run_killed_after_it_was_loaded_exits_with_the_code_it_earned(tmp_path: Path) -> None:
    """A trial killed (kill -9) the warm runner's process of a run right after the run
    was published: the command said "ended without an exit code (killed?)" and exited 1,
    which says nothing was loaded, though the run was loaded and recorded in ``runs``.
    The command now says the run finished and was loaded, and exits with the code the
    run earned (3 here: one file of two failed).

    The run's process is stopped after its run was recorded, deterministically: its
    stdout (the command's) is a full pipe, so it waits to print its summary, after the
    run's last log line, until it is killed there."""
    env = {k: v for k, v in os.environ.items() if k != "PREFECT_API_URL"}
    env |= {
        "PYTHONPATH": f"{ROOT / 'src'}{os.pathsep}{ROOT}",
        "PREFECT_HOME": str(tmp_path / "prefect-home"),
        "NEWSROOM_STATE_DIR": str(tmp_path / "state"),
        "NEWSROOM_PREFECT": "auto",
        "PREFECT_UI_ENABLED": "false",
    }
    env.pop("NEWSROOM_WARM", None)
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "bridge.txt").write_text(f"Harbour bridge to close\n\n{STORY}\n\n{STORY}\n")
    (inbox / "empty.txt").write_bytes(b"")
    warehouse = tmp_path / "news.duckdb"

    def newsroom(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "newsroom", *args],
            cwd=tmp_path, env=env, capture_output=True, text=True, timeout=240, check=False,
        )  # fmt: skip

    started = newsroom("server", "start", "--port", str(_closed_port()))
    command: subprocess.Popen[str] | None = None
    try:
        assert started.returncode == 0, started.stderr
        runner = int(json.loads(newsroom("server", "status", "--json").stdout)["warm_runner_pid"])
        read_end, write_end = _full_pipe()
        command = subprocess.Popen(
            [sys.executable, "-m", "newsroom", "-v", "ingest", str(inbox), "--json",
             "--warehouse", str(warehouse)],
            cwd=tmp_path, env=env, stdout=write_end, stderr=subprocess.PIPE, text=True,
        )  # fmt: skip
        os.close(write_end)
        assert command.stderr is not None
        seen = ""
        while not re.search(r"seen 2, new 1, .* failed 1", seen):  # the run's last log line
            line = command.stderr.readline()
            assert line, f"the run ended before it was loaded: {seen}"
            seen += line
        assert "run by the warm runner" in seen
        [child] = _children(runner)
        os.kill(child, signal.SIGKILL)
        said = command.stderr.read()
        command.wait(timeout=60)
        os.close(read_end)
    finally:
        if command is not None and command.poll() is None:
            command.kill()
            command.wait()
        newsroom("server", "stop")
    [(run_id, state)] = query(warehouse, "SELECT run_id, state FROM runs")
    assert state == "completed"
    assert "without an exit code" in said and f"run {run_id} had finished" in said, said
    assert command.returncode == 3, said


def test_a_warm_run_killed_before_it_loaded_is_noted_for_status(
    tmp_path: Path, seeds: Path, warehouse_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A trial's kill -9 of a warm runner's run before it loaded: the command said
    "… nothing of it was loaded" and exited 1, but ``newsroom status`` did not list the
    run, as it lists a failed or an interrupted one."""
    from flows.failed_runs import failed_since
    from flows.warm import _ended_without_a_code
    from newsroom import engine

    monkeypatch.setenv("NEWSROOM_STATE_DIR", str(tmp_path / "state"))
    engine.ingest_files([str(seeds)], warehouse_path)  # a warehouse without the run
    told = {"warehouse": str(warehouse_path), "run_id": "not-loaded", "flow": "ingest-files"}
    assert _ended_without_a_code(told) == 1
    assert _ended_without_a_code({"warehouse": str(warehouse_path)}) == 1  # before it began
    noted = failed_since(warehouse_path, None)
    assert [(n["flow"], n["outcome"]) for n in noted] == [
        ("ingest-files", "killed"),
        ("newsroom", "killed"),
    ], noted
    assert all("without an exit code" in n["reason"] for n in noted)
