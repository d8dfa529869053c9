"""Running the ``newsroom`` command as a user does, in a child process, in tests."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

NEWSROOM = [sys.executable, "-m", "newsroom"]


def newsroom(
    *args: str, cwd: Path, env: dict[str, str] | None = None, timeout: float = 240
) -> subprocess.CompletedProcess[str]:
    """``newsroom *args`` in *cwd*, the test's environment with *env* over it (and a wide
    terminal, so that no line of what it prints is wrapped); its output captured."""
    return subprocess.run(
        [*NEWSROOM, *args],
        cwd=cwd,
        env={**os.environ, "COLUMNS": "200", **(env or {})},
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
