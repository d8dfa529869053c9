"""A run killed with SIGKILL (the OOM killer, ``timeout -s KILL`` in a cron job) leaves
nothing running behind it: the temporary Prefect API it started goes with it."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from newsroom.warehouse import work_path, write_lock

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
