"""Whether a process is alive, for what names its owner's pid (a run's spool, the
background Prefect server's state, a run of ``newsroom serve``)."""

from __future__ import annotations

import os
from pathlib import Path


def alive(pid: int) -> bool:
    """Whether process ``pid`` exists (one of another user's counts as alive)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def start_mark(pid: int) -> str:
    """When process ``pid`` started, as the kernel counts (``/proc``, Linux), or "" where
    that cannot be read: with the pid it tells the process from a later one given the
    same pid."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text(encoding="ascii", errors="replace")
    except OSError:
        return ""
    fields = stat.rsplit(")", 1)[-1].split()  # the fields after the command's name
    return fields[19] if len(fields) > 19 else ""  # the 22nd field: starttime


def still_running(pid: int, mark: str) -> bool:
    """Whether the process ``pid`` that had ``start_mark`` ``mark`` is still going (with no
    mark: whether some process ``pid`` is)."""
    return alive(pid) and (not mark or start_mark(pid) in ("", mark))
