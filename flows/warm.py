"""The warm runner: runs start in a process that has already imported everything.

A ``newsroom ingest`` pays about five seconds before its run begins: Python imports
Prefect, trafilatura, DuckDB and the facts' word lists, and loads the language model and
the gazetteer. ``newsroom server start`` therefore keeps, beside the Prefect server, one
more process that has done all that once: the warm runner. A run command (``ingest``,
``fetch``, ``reprocess``) that finds it hands its whole command line over and waits:

1. the command connects to the runner's Unix socket (in the state folder) and sends its
   arguments, working folder, environment, niceness and start time, with its own
   stdin, stdout and stderr (``SCM_RIGHTS``), so the run prints to the user's terminal
   as if it ran in the command's own process (the progress bar, colours, widths and
   pipes included);
2. the runner forks; the child takes the command's folder, environment, streams and
   niceness (``nice newsroom ingest``) and runs the same ``newsroom`` command; the
   parent goes back to waiting;
3. the child sends its pid (Ctrl-C in the command is passed on to it), what it learns
   of its run (the warehouse, then the run id: ``tell_command``) and, at the end, its
   exit code, which the command exits with; a command killed outright (``kill -9``)
   closes its end of the socket, and the child stops the run as if it had been its own
   (``_watch_command``);
4. a child killed outright sends no exit code. When its run is recorded in the
   warehouse as finished (it was killed after the run was published), the command says
   so and exits with the code the run earned (0, 3 or 4); else with 1, nothing of the
   run loaded (``_ended_without_a_code``).

So a run through the runner does what the command would have done itself, minus the
imports. The command falls back to running itself, and says why, when the runner runs
other code than the command's (the package was changed since ``server start``) or under
other Prefect settings (``PREFECT_*`` differ). ``NEWSROOM_WARM=off`` never uses it, nor
a run with ``NEWSROOM_PREFECT=temporary``.

This module imports only the standard library at the top: the command asks the runner
before it imports anything heavy.
"""

from __future__ import annotations

import contextlib
import hashlib
import importlib.util
import json
import os
import signal
import socket
import struct
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

SOCKET_FILE = "runner.sock"
# commands that start a run; the others are quick enough, or long-lived (serve)
RUN_COMMANDS = frozenset({"ingest", "fetch", "reprocess"})
# set by the command itself before Prefect is imported, so they may differ
_OWN_PREFECT_VARIABLES = frozenset(
    {
        "PREFECT_LOGGING_LEVEL",
        "PREFECT_SERVER_ANALYTICS_ENABLED",
        "PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS",
        "PREFECT_API_URL",
    }
)


def socket_path(state_dir: Path) -> Path:
    return state_dir / SOCKET_FILE


def code_fingerprint() -> str:
    """A digest of the code's files (names, sizes, modification times): the runner only
    runs commands of the code it imported."""
    digest = hashlib.sha256()
    spec = importlib.util.find_spec("newsroom")  # found, not imported
    core = Path(spec.origin).parent if spec and spec.origin else None
    for folder in filter(None, (Path(__file__).resolve().parent, core)):
        for path in sorted(folder.rglob("*.py")):
            stat = path.stat()
            digest.update(f"{path}:{stat.st_size}:{stat.st_mtime_ns}\n".encode())
    return digest.hexdigest()[:16]


def prefect_environment(env: dict[str, str] | os._Environ[str]) -> dict[str, str]:
    """The ``PREFECT_*`` variables that decide how Prefect behaves in a run."""
    return {
        k: v for k, v in env.items() if k.startswith("PREFECT_") and k not in _OWN_PREFECT_VARIABLES
    }


# -- the wire: length-prefixed JSON messages, file descriptors beside the first ----------


def _send(sock: socket.socket, message: dict[str, Any], fds: list[int] | None = None) -> None:
    data = json.dumps(message).encode()
    frame = struct.pack("!I", len(data)) + data
    if fds:
        socket.send_fds(sock, [frame], fds)
    else:
        sock.sendall(frame)


def _receive(sock: socket.socket, max_fds: int = 0) -> tuple[dict[str, Any] | None, list[int]]:
    """One message and the descriptors sent with it; (None, []) at the end of the stream."""
    fds: list[int] = []
    head = b""
    if max_fds:
        head, fds, _, _ = socket.recv_fds(sock, 4, max_fds)
    while len(head) < 4:
        more = sock.recv(4 - len(head))
        if not more:
            return None, fds
        head += more
    (size,) = struct.unpack("!I", head)
    body = b""
    while len(body) < size:
        more = sock.recv(size - len(body))
        if not more:
            return None, fds
        body += more
    return json.loads(body), fds


# -- the command's side ----------------------------------------------------------------------


def hand_over(argv: list[str], started: float) -> int | None:
    """Run ``argv`` in the warm runner when one answers and may run it; its exit code,
    or None when the command must run itself (with a line on stderr saying why, when a
    runner was there but could not take it). Not with ``NEWSROOM_WARM=off``, nor with
    ``NEWSROOM_PREFECT=temporary`` (a run that wants its own temporary API)."""
    from newsroom.settings import settings

    command = next((a for a in argv if not a.startswith("-")), None)
    if command not in RUN_COMMANDS or {"-h", "--help", "--version"} & set(argv):
        return None
    now = settings()
    if not now.warm or now.prefect == "temporary":
        return None
    path = socket_path(now.state_dir)
    if not path.exists():
        return None
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        sock.connect(str(path))
    except OSError:
        sock.close()
        return None  # a socket left by a runner that is gone
    with sock:
        request = {
            "argv": argv,
            "cwd": os.getcwd(),
            "env": dict(os.environ),
            "nice": os.nice(0),
            "started": started,
            "code": code_fingerprint(),
        }
        _send(sock, request, [0, 1, 2])
        answer, _ = _receive(sock)
        if answer is None or "refused" in answer:
            why = answer["refused"] if answer else "it closed the connection"
            print(f"warm runner not used: {why}; running here", file=sys.stderr)
            return None
        child = int(answer["pid"])
        told: dict[str, str] = {}
        with _passing_signals_to(child):
            done, _ = _receive(sock)
            while done is not None and "exit" not in done:
                told.update(done.get("told", {}))
                done, _ = _receive(sock)
        if done is None:
            return _ended_without_a_code(told)
        return int(done["exit"])


def _ended_without_a_code(told: dict[str, str]) -> int:
    """The run's process ended without sending its exit code (``kill -9``, the OOM
    killer): when its run is recorded in the warehouse as finished, it was loaded before
    the process died, and the command exits with the code that run earned; otherwise
    nothing of it was loaded (a run is all or nothing), exit 1."""
    said = "the run's process ended without an exit code (killed?)"
    run_id, warehouse = told.get("run_id"), told.get("warehouse")
    if not (run_id and warehouse):  # killed before its run began: nothing of it loaded
        print(f"{said}: nothing of the run was loaded", file=sys.stderr)
        _note_killed(told)
        return 1
    from flows.cli_base import recorded_exit_code
    from newsroom.errors import NewsroomError
    from newsroom.warehouse.backend import redact

    where = redact(warehouse)  # no password of a DuckLake catalog on the terminal
    try:
        code = recorded_exit_code(warehouse, run_id)
    except NewsroomError as exc:
        print(f"{said}; could not read {where} to tell whether run {run_id} finished:"
              f" {redact(str(exc))}", file=sys.stderr)  # fmt: skip
        return 1
    if code is None:
        print(f"{said}: run {run_id} is not in {where}, nothing of it was loaded",
              file=sys.stderr)  # fmt: skip
        _note_killed(told)
        return 1
    print(
        f"{said} after run {run_id} had finished: it was loaded into {where} and"
        f" recorded (newsroom errors --run {run_id} shows its errors); exit {code}, the"
        " code the run earned",
        file=sys.stderr,
    )
    return code


def _note_killed(told: dict[str, str]) -> None:
    """A run whose process died before it loaded anything, noted as a failed or an
    interrupted run is (``newsroom status`` lists it): a trial's ``kill -9`` of a warm
    runner's run was said on the terminal and then nowhere."""
    if warehouse := told.get("warehouse"):
        from flows.failed_runs import note_failed

        reason = "its process ended without an exit code (killed?)"
        note_failed(warehouse, told.get("flow", "newsroom"), "killed", reason)


@contextlib.contextmanager
def _passing_signals_to(pid: int) -> Iterator[None]:
    """Ctrl-C (and a polite kill) of the command reach the run's process instead."""

    def forward(signum: int, _frame: Any) -> None:
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signum)

    before = {s: signal.signal(s, forward) for s in (signal.SIGINT, signal.SIGTERM)}
    try:
        yield
    finally:
        for s, handler in before.items():
            signal.signal(s, handler)


# -- the runner's side -----------------------------------------------------------------------


def _warm_up() -> None:
    """Import what a run imports and load what it loads lazily, once, before any fork:
    each child then starts with it in memory. No thread is started here (a fork copies
    only the thread that forks)."""
    import flows.cli
    import flows.ingest_files
    import flows.ingest_urls
    import flows.reprocess  # noqa: F401
    from newsroom.warm import warm_up

    warm_up()


def serve(state_dir: Path) -> None:
    """Take commands on the socket until stopped (SIGTERM or SIGINT)."""
    _warm_up()
    own_code = code_fingerprint()
    own_prefect = prefect_environment(os.environ)
    path = socket_path(state_dir)
    path.unlink(missing_ok=True)
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    listener.bind(str(path))
    os.chmod(path, 0o600)
    listener.listen(8)
    signal.signal(signal.SIGCHLD, signal.SIG_IGN)  # children are reaped by the kernel
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    print(f"warm runner ready on {path} (pid {os.getpid()})", flush=True)
    try:
        while True:
            conn, _ = listener.accept()
            with conn:
                _take(conn, listener, own_code, own_prefect)
    finally:
        path.unlink(missing_ok=True)


def _take(conn: socket.socket, listener: socket.socket, code: str, prefect: dict[str, str]) -> None:
    """One command: refuse it, or fork a child that runs it."""
    try:
        request, fds = _receive(conn, max_fds=3)
    except (OSError, ValueError) as exc:
        print(f"a bad request: {exc}", flush=True)
        return
    if request is None or len(fds) != 3:
        for fd in fds:
            os.close(fd)
        return
    why = _refusal(request, code, prefect)
    if why:
        for fd in fds:
            os.close(fd)
        with contextlib.suppress(OSError):
            _send(conn, {"refused": why})
        return
    if os.fork() == 0:
        listener.close()
        _child(conn, request, fds)  # never returns
    for fd in fds:
        os.close(fd)


def _refusal(request: dict[str, Any], code: str, prefect: dict[str, str]) -> str | None:
    if request.get("code") != code:
        return (
            "it runs the code as it was when it started; restart it with"
            " 'newsroom server stop' and 'newsroom server start'"
        )
    if prefect_environment(request.get("env", {})) != prefect:
        return "the PREFECT_* settings here differ from the ones it started with"
    return None


# In a child running a command: the socket to the command (``tell_command``).
_to_command: list[socket.socket] = []
_sending = threading.Lock()


def tell_command(**facts: str) -> None:
    """In a run the warm runner runs: tell the command that handed it over ``facts`` of
    the run (its ``warehouse``, its ``run_id``), for when the run's process ends without
    sending its exit code (``_ended_without_a_code``). Elsewhere nothing."""
    for conn in _to_command:
        with _sending, contextlib.suppress(OSError):
            _send(conn, {"told": facts})


def _child(conn: socket.socket, request: dict[str, Any], fds: list[int]) -> None:
    """The forked child: become the command (its folder, environment and streams), run
    it, send the exit code, and end without running the runner's clean-up."""
    code = 1
    finished = threading.Event()
    sending = _sending
    try:
        signal.signal(signal.SIGCHLD, signal.SIG_DFL)  # the run waits for its own children
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
        signal.signal(signal.SIGINT, signal.default_int_handler)
        for fd, target in zip(fds, (0, 1, 2), strict=True):
            os.dup2(fd, target)
            os.close(fd)
        os.chdir(request["cwd"])
        os.environ.clear()
        os.environ.update(request["env"])
        _take_niceness(int(request.get("nice", 0)))
        _send(conn, {"pid": os.getpid()})
        # ``python -m flows.warm`` runs this file as ``__main__``; the run imports it by
        # its name, and tells the command through that module's list
        from flows import warm

        warm._to_command.append(conn)
        sending = warm._sending
        threading.Thread(target=_watch_command, args=(conn, finished), daemon=True).start()
        code = _run_command(request["argv"], float(request["started"]))
    except BaseException as exc:  # the command's process waits for a code whatever happens
        print(f"newsroom: the warm runner failed: {exc!r}", file=sys.stderr)
    finally:
        signal.signal(signal.SIGINT, signal.SIG_IGN)  # the watcher's Ctrl-C comes too late
        finished.set()
        with contextlib.suppress(Exception):
            sys.stdout.flush()
            sys.stderr.flush()
        with sending, contextlib.suppress(OSError):
            _send(conn, {"exit": code})
        os._exit(code)


# How long a run whose command was killed has to end after its Ctrl-C before it is killed.
KILL_AFTER = 30.0


def _watch_command(conn: socket.socket, finished: threading.Event) -> None:
    """In the child, beside the run: when the command that handed the run over is gone
    (``kill -9``: its end of the socket closes, and it never sends anything), stop the
    run as the command's own death would have: Ctrl-C, which ends a run without loading
    any of it, then, when it has not ended in ``KILL_AFTER`` seconds, at once. A
    command still there keeps the run going."""
    with contextlib.suppress(OSError):
        while conn.recv(64):
            pass
    if finished.is_set():
        return
    os.kill(os.getpid(), signal.SIGINT)
    if not finished.wait(KILL_AFTER):
        os.kill(os.getpid(), signal.SIGKILL)


def _take_niceness(wanted: int) -> None:
    """Run at the command's niceness: ``nice newsroom ingest …`` (a cron job kept out of
    the way) would otherwise run at the runner's. Only upwards: an unprivileged process
    cannot lower it, and a command never gets a higher priority from the runner."""
    now = os.nice(0)
    if wanted > now:
        os.nice(wanted - now)


def _run_command(argv: list[str], started: float) -> int:
    from flows import cli_base
    from flows.cli import app

    cli_base.restart_clock(started)
    cli_base.state.warm = True
    sys.argv = ["newsroom", *argv]
    try:
        app(argv, prog_name="newsroom")
    except SystemExit as exc:
        return exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
    return 0


def main() -> None:
    """``python -m flows.warm STATE_DIR``: what ``newsroom server start`` runs."""
    if len(sys.argv) != 2:
        sys.exit("usage: python -m flows.warm STATE_DIR")
    with contextlib.suppress(KeyboardInterrupt):
        serve(Path(sys.argv[1]))


if __name__ == "__main__":
    main()
