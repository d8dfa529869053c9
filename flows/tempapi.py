"""The temporary Prefect API a run starts when no server runs, and a guard that stops it.

Prefect starts its temporary API as a child process (uvicorn) and stops it at exit. A
run that is killed (``kill -9``, the OOM killer, ``timeout -s KILL`` in a cron job) never
reaches its exit handlers, so that server went on running, orphaned, one more for every
killed run. The run therefore starts the temporary API itself, before the flow (Prefect
then reuses it), and with it a small guard process that watches the run and, when the run
is gone, stops the server. Run as ``python -m flows.tempapi RUN_PID SERVER_PID``, the
guard imports nothing heavy (the standard library and ``newsroom.processes``).
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from typing import TYPE_CHECKING

from newsroom.processes import alive

if TYPE_CHECKING:
    from prefect.server.api.server import SubprocessASGIServer

POLL_SECONDS = 0.5
STOP_GRACE_SECONDS = 5.0


def start_temporary_api() -> str:
    """Start Prefect's temporary API for this process, guarded; return its URL."""
    from prefect.server.api.server import SubprocessASGIServer

    server = SubprocessASGIServer()  # the one Prefect's clients look up and reuse
    guarded: set[int] = set()
    with ThreadPoolExecutor(max_workers=1) as pool:
        # start() waits seconds for the server to answer: the guard starts meanwhile, as
        # soon as the server's process exists, so a run killed while it waits is covered.
        starting = pool.submit(server.start)
        while not starting.done():
            _guard_new_process(server, guarded)
            time.sleep(0.05)
        starting.result()
    _guard_new_process(server, guarded)  # (start() retries on another port if one is taken)
    return server.api_url


def _guard_new_process(server: SubprocessASGIServer, guarded: set[int]) -> None:
    process = server.server_process
    if process is not None and process.pid not in guarded:
        guarded.add(process.pid)
        _start_guard(process.pid)


def _start_guard(server_pid: int) -> None:
    """A process that outlives this one and stops ``server_pid`` when this one dies."""
    subprocess.Popen(
        [sys.executable, "-P", "-m", "flows.tempapi", str(os.getpid()), str(server_pid)],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,  # a Ctrl-C meant for the run does not end the guard first
    )


def guard(run_pid: int, server_pid: int) -> None:
    """Wait while the run (``run_pid``, this process's parent) lives; then stop the server.

    A run that ends normally stops its server itself, and the guard, seeing it gone,
    exits. When the run dies first, the guard is handed to another parent, and that
    change of parent is the signal: the server gets SIGTERM, then SIGKILL after a grace.
    """
    while alive(server_pid):
        if os.getppid() != run_pid:
            _stop(server_pid)
            return
        time.sleep(POLL_SECONDS)


def _stop(pid: int) -> None:
    """SIGTERM (uvicorn shuts down cleanly), then SIGKILL if it is still there."""
    with contextlib.suppress(ProcessLookupError):
        os.kill(pid, signal.SIGTERM)
        deadline = time.monotonic() + STOP_GRACE_SECONDS
        while alive(pid) and time.monotonic() < deadline:
            time.sleep(0.1)
        if alive(pid):
            os.kill(pid, signal.SIGKILL)


if __name__ == "__main__":
    guard(int(sys.argv[1]), int(sys.argv[2]))
