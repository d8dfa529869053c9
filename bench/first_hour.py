"""Wall time of what a new user does first, through the `newsroom` command as a user runs it.

Printed (median of N runs each, wall time of the whole process, start-up included):

- `newsroom --help`;
- a one-file `newsroom ingest` with no Prefect server running (the command starts a
  temporary Prefect API for the run and stops it after);
- the same with a server kept in the background by `newsroom server start` (its start
  is timed once, apart), the run handed to the warm runner it keeps beside the server;
- the same against that server with the warm runner not used (``NEWSROOM_WARM=off``):
  the command imports everything itself.

Goals (issue 18): `--help` ≤ 0.5 s, a one-file ingest against a running server ≤ 3 s.
Everything stays on 127.0.0.1: the background server runs on a free port with a
throwaway PREFECT_HOME and state folder, and is stopped at the end.

    .venv/bin/python bench/first_hour.py [--runs N]
"""

from __future__ import annotations

import argparse
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SEED = sorted((ROOT / "seeds").iterdir())[0]


def timed(
    args: list[str], env: dict[str, str], cwd: Path
) -> tuple[float, subprocess.CompletedProcess[str]]:
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "newsroom", *args],
        env=env, cwd=cwd, capture_output=True, text=True, timeout=600, check=False,
    )  # fmt: skip
    return time.perf_counter() - started, done


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def one_file_ingests(env: dict[str, str], tmp: Path, runs: int, label: str) -> list[float]:
    """``runs`` one-file ingests, each into a new warehouse; their wall times."""
    times = []
    for i in range(runs):
        folder = tmp / f"{label}-{i}"
        folder.mkdir()
        (folder / SEED.name).write_bytes(SEED.read_bytes())
        seconds, done = timed(["ingest", SEED.name, "--json"], env, folder)
        if done.returncode != 0:
            raise SystemExit(f"{label}: exit {done.returncode}\n{done.stderr}")
        times.append(seconds)
        prefect = [line for line in done.stderr.splitlines() if line.startswith("Prefect:")]
        print(f"  {label} run {i + 1}: {seconds:.2f} s  ({prefect[0] if prefect else '?'})")
    return times


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=3)
    runs = parser.parse_args().runs
    with tempfile.TemporaryDirectory(prefix="newsroom-first-hour-") as name:
        tmp = Path(name)
        env = {k: v for k, v in os.environ.items() if k != "PREFECT_API_URL"}
        env |= {
            "PYTHONPATH": os.pathsep.join(
                [str(ROOT / "src"), str(ROOT), *filter(None, [os.environ.get("PYTHONPATH")])]
            ),
            "PREFECT_HOME": str(tmp / "prefect-home"),
            "NEWSROOM_STATE_DIR": str(tmp / "state"),
            "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
            "DO_NOT_TRACK": "1",
        }
        helps = []
        for _ in range(max(5, runs)):
            seconds, done = timed(["--help"], env, tmp)
            assert done.returncode == 0, done.stderr
            helps.append(seconds)
        print(f"newsroom --help: median {statistics.median(helps):.2f} s of {len(helps)}"
              f" (min {min(helps):.2f}, max {max(helps):.2f}); goal ≤ 0.5 s")  # fmt: skip

        temporary = one_file_ingests(
            env | {"NEWSROOM_PREFECT": "temporary"}, tmp, runs, "temporary"
        )
        print(
            f"one-file ingest, temporary Prefect API: median {statistics.median(temporary):.2f} s"
        )

        port = free_port()
        seconds, done = timed(["server", "start", "--port", str(port)], env, tmp)
        if done.returncode != 0:
            raise SystemExit(f"server start: exit {done.returncode}\n{done.stderr}")
        print(f"newsroom server start: {seconds:.2f} s (once)")
        try:
            # the server on a free port is the background one: auto finds it
            running = one_file_ingests(env | {"NEWSROOM_PREFECT": "auto"}, tmp, runs, "warm")
            cold = one_file_ingests(
                env | {"NEWSROOM_PREFECT": "auto", "NEWSROOM_WARM": "off"}, tmp, runs, "cold"
            )
        finally:
            timed(["server", "stop"], env, tmp)
        print(f"one-file ingest, running server and warm runner: median"
              f" {statistics.median(running):.2f} s; goal ≤ 3 s")  # fmt: skip
        print(f"one-file ingest, running server, warm runner off: median"
              f" {statistics.median(cold):.2f} s")  # fmt: skip
        print(f"load average at the end: {os.getloadavg()[0]:.1f} ({os.cpu_count()} cores)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
