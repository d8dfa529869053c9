"""Which Prefect API a run reports to, and the background server that makes runs quick.

Every run needs a Prefect API. Starting a temporary one costs seconds at every command,
so a run takes, in this order:

1. ``PREFECT_API_URL`` when it is set (the environment or the Prefect profile);
2. with ``NEWSROOM_PREFECT=temporary``, a temporary API for the run, and nothing else;
3. the server ``newsroom server start`` keeps in the background, when it answers;
4. a server answering on 127.0.0.1:4200 (``prefect server start``, ``newsroom serve``);
5. otherwise a temporary API, started for the run and stopped after it.

``newsroom server start|stop|status`` manages the background server: a detached
``prefect server start`` on 127.0.0.1 whose pid, port and log are kept in the state
folder (``NEWSROOM_STATE_DIR``). It keeps Prefect's own database (``PREFECT_HOME``), so
the history is the one ``prefect server start`` shows.

Nothing here imports Prefect: the command asks before it imports the flows.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from newsroom.processes import alive as process_alive
from newsroom.settings import settings

DEFAULT_PORT = 4200
STATE_FILE = "prefect-server.json"
LOG_FILE = "prefect-server.log"


@dataclass(frozen=True, slots=True)
class ApiChoice:
    """The API a run uses (None: a temporary one) and how it was chosen, for the user."""

    url: str | None
    how: str
    found: bool = False  # a running server found here, not the API Prefect is configured with

    @property
    def temporary(self) -> bool:
        return self.url is None


def healthy(api: str, timeout: float = 1.0) -> bool:
    """Whether a Prefect API answers its health check at ``api`` (``…/api``)."""
    try:
        with urllib.request.urlopen(f"{api}/health", timeout=timeout) as response:
            return bool(response.status == 200)
    except (OSError, ValueError):
        return False


def local_api(port: int) -> str:
    return f"http://127.0.0.1:{port}/api"


def configured_api() -> str | None:
    """``PREFECT_API_URL`` as Prefect sees it (environment, then the active profile)."""
    if os.environ.get("PREFECT_API_URL"):
        return os.environ["PREFECT_API_URL"]
    if not _settings_may_name_an_api():
        return None  # importing Prefect to learn so costs a second and a half
    from prefect.settings import PREFECT_API_URL

    return PREFECT_API_URL.value() or None


def _settings_may_name_an_api() -> bool:
    """Whether a file Prefect reads its settings from could set the API's URL: its
    profiles file naming ``PREFECT_API_URL``, a ``.env`` naming it, a ``prefect.toml``, or
    a ``pyproject.toml`` with a ``[tool.prefect…]`` table, where the command runs. When
    none does, Prefect's answer is no URL, without importing Prefect (trial19: ``newsroom
    server status`` took 3.5 s, half of it that import)."""
    home = Path(os.environ.get("PREFECT_HOME") or "~/.prefect").expanduser()
    profiles = Path(os.environ.get("PREFECT_PROFILES_PATH") or home / "profiles.toml")
    here = Path.cwd()
    if (here / "prefect.toml").is_file():
        return True
    for path, marker in (
        (profiles, "PREFECT_API_URL"),
        (here / ".env", "PREFECT_API_URL"),
        (here / "pyproject.toml", "[tool.prefect"),
    ):
        try:
            if marker in path.read_text(encoding="utf-8", errors="replace"):
                return True
        except OSError:
            continue
    return False


def choose_api() -> ApiChoice:
    """The Prefect API for a run, in the order of the module docstring."""
    configured = configured_api()
    if configured:
        return ApiChoice(configured, f"the Prefect API at {configured} (PREFECT_API_URL)")
    if settings().prefect == "temporary":
        return ApiChoice(None, "a temporary Prefect API for this run (NEWSROOM_PREFECT=temporary)")
    background = BackgroundServer()
    if background.running():
        return ApiChoice(
            background.api,
            f"the background Prefect server at {background.api} (newsroom server)",
            found=True,
        )
    api = local_api(DEFAULT_PORT)
    if healthy(api):
        return ApiChoice(api, f"the Prefect server running at {api}", found=True)
    return ApiChoice(
        None,
        "no Prefect server is running: starting a temporary one for this run, which adds"
        " half a minute or so ('newsroom server start' keeps one in the background)",
    )


class BackgroundServer:
    """The Prefect server ``newsroom server start`` leaves running, known by its state file."""

    def __init__(self, state_dir: Path | None = None) -> None:
        self.dir = state_dir or settings().state_dir
        self.state = self.dir / STATE_FILE
        self.log = self.dir / LOG_FILE

    def _read(self) -> dict[str, int]:
        try:
            data = json.loads(self.state.read_text(encoding="utf-8"))
            return {"pid": int(data["pid"]), "port": int(data["port"])}
        except (OSError, ValueError, KeyError, TypeError):
            return {}

    @property
    def pid(self) -> int | None:
        return self._read().get("pid")

    @property
    def api(self) -> str:
        return local_api(self._read().get("port", DEFAULT_PORT))

    def alive(self) -> bool:
        pid = self.pid
        return pid is not None and process_alive(pid)

    def running(self) -> bool:
        return self.alive() and healthy(self.api)

    def start(self, port: int = DEFAULT_PORT, timeout: float = 120) -> str:
        """Start the server detached and wait until it answers; its API URL."""
        if self.running():
            return self.api
        api = local_api(port)
        if healthy(api):
            raise ServerError(
                f"a Prefect server not started by newsroom already answers at {api}:"
                " runs use it as it is"
            )
        self.dir.mkdir(parents=True, exist_ok=True)
        env = {
            "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
            "DO_NOT_TRACK": "1",
            **os.environ,
        }
        env.pop("PREFECT_API_URL", None)
        # the UI the server serves asks this API: Prefect's default is port 4200's, so on
        # any other port the UI found no server (a scheduled-runs trial)
        env["PREFECT_UI_API_URL"] = api
        with self.log.open("ab") as log:
            process = subprocess.Popen(
                [
                    sys.executable,
                    "-P",  # the folder the command runs in is not on the path: see WarmRunner
                    "-m",
                    "prefect",
                    "server",
                    "start",
                    "--host",
                    "127.0.0.1",
                    "--port",
                    str(port),
                ],
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                env=env,
                start_new_session=True,
            )
        self.state.write_text(json.dumps({"pid": process.pid, "port": port}), encoding="utf-8")
        _await_start(
            process, lambda: healthy(api), "the Prefect server", self.state, self.log,
            self.stop, timeout,
        )  # fmt: skip
        return api

    def stop(self, timeout: float = 20) -> bool:
        """Stop the server (SIGINT to its process group, then SIGKILL); whether one ran."""
        pid = self.pid
        if pid is None or not self.alive():
            self.state.unlink(missing_ok=True)
            return False
        _end(pid, signal.SIGINT, os.killpg, timeout)
        self.state.unlink(missing_ok=True)
        return True


def _await_start(
    process: subprocess.Popen[bytes],
    ready: Callable[[], bool],
    what: str,
    state: Path,
    log: Path,
    give_up: Callable[[], object],
    timeout: float,
) -> None:
    """Wait until a detached process just started is ``ready``; ``ServerError`` when it
    exits first (its state file removed) or is not ready in ``timeout`` (``give_up``)."""
    deadline = time.monotonic() + timeout
    while not ready():
        if process.poll() is not None:
            state.unlink(missing_ok=True)
            raise ServerError(f"{what} exited at start; its log: {log}")
        if time.monotonic() > deadline:
            give_up()
            raise ServerError(f"{what} was not ready in {timeout:.0f} s")
        time.sleep(0.2)


def _end(pid: int, first: signal.Signals, send: Callable[[int, int], None], timeout: float) -> None:
    """Send ``first`` to ``pid`` (with ``send``: ``os.kill``, or ``os.killpg`` for its
    group), then SIGKILL when it has not ended within ``timeout`` seconds."""
    for sig in (first, signal.SIGKILL):
        with contextlib.suppress(ProcessLookupError):
            send(pid, sig)
        deadline = time.monotonic() + timeout
        while process_alive(pid) and time.monotonic() < deadline:
            with contextlib.suppress(ChildProcessError):
                os.waitpid(pid, os.WNOHANG)
            time.sleep(0.1)
        if not process_alive(pid):
            return


class ServerError(Exception):
    """The background server could not be started as asked."""


RUNNER_STATE_FILE = "runner.json"
RUNNER_LOG_FILE = "runner.log"


class WarmRunner:
    """The warm runner (``flows.warm``) ``newsroom server start`` keeps beside the server:
    run commands hand their runs to it and skip their imports."""

    def __init__(self, state_dir: Path | None = None) -> None:
        self.dir = state_dir or settings().state_dir
        self.state = self.dir / RUNNER_STATE_FILE
        self.log = self.dir / RUNNER_LOG_FILE

    @property
    def pid(self) -> int | None:
        try:
            return int(json.loads(self.state.read_text(encoding="utf-8"))["pid"])
        except (OSError, ValueError, KeyError, TypeError):
            return None

    def running(self) -> bool:
        from flows.warm import socket_path

        pid = self.pid
        return pid is not None and process_alive(pid) and socket_path(self.dir).exists()

    def start(self, timeout: float = 120) -> int:
        """Start it detached, under this environment, and wait until it takes commands;
        its pid."""
        from flows.warm import socket_path

        if self.running():
            return self.pid or 0
        self.dir.mkdir(parents=True, exist_ok=True)
        socket_path(self.dir).unlink(missing_ok=True)
        with self.log.open("ab") as log:
            process = subprocess.Popen(
                # -P: the folder the command was run in is not put first on the path, so
                # a "flows" or "prefect" package of the user's there (a Prefect project)
                # is not imported instead of ours (a trial's warm runner ran another
                # checkout's flows, and every command then refused it)
                [sys.executable, "-P", "-m", "flows.warm", str(self.dir)],
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        self.state.write_text(json.dumps({"pid": process.pid}), encoding="utf-8")
        _await_start(
            process, socket_path(self.dir).exists, "the warm runner", self.state, self.log,
            self.stop, timeout,
        )  # fmt: skip
        return process.pid

    def stop(self, timeout: float = 10) -> bool:
        """Stop it (SIGTERM, then SIGKILL); runs it started finish on their own. Whether
        one ran."""
        from flows.warm import socket_path

        pid = self.pid
        running = pid is not None and process_alive(pid)
        if pid is not None and running:
            _end(pid, signal.SIGTERM, os.kill, timeout)
        self.state.unlink(missing_ok=True)
        socket_path(self.dir).unlink(missing_ok=True)
        return running
