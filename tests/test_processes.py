"""Telling whether the process a run records is still going (``newsroom.processes``): a
run left going by a process that has gone is marked crashed (``flows.owners``)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from newsroom.processes import start_mark, still_running

pytestmark = pytest.mark.skipif(
    not Path("/proc/self/stat").exists(), reason="reads process states from /proc (Linux)"
)


def test_a_killed_process_not_yet_reaped_has_stopped() -> None:
    # a process killed with -9 whose parent has not waited for it stays a zombie (under a
    # container's shell without an init, for good): os.kill(pid, 0) still succeeds on it
    child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        mark = start_mark(child.pid)
        assert mark and still_running(child.pid, mark)
        os.kill(child.pid, signal.SIGKILL)
        os.waitid(os.P_PID, child.pid, os.WEXITED | os.WNOWAIT)  # dead, not reaped
        assert not still_running(child.pid, mark)
        assert not still_running(child.pid, "")
    finally:
        child.kill()
        child.wait()
    assert not still_running(child.pid, mark)  # reaped: no such process


def test_a_later_process_with_the_same_pid_is_not_the_one_recorded() -> None:
    mark = start_mark(os.getpid())
    assert still_running(os.getpid(), mark)
    assert not still_running(os.getpid(), str(int(mark) + 1))
