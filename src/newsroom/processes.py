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


# Where the 22nd field of ``/proc/PID/stat``, starttime, is among ``_stat``'s fields.
_STARTTIME = 19


def _stat(pid: int) -> list[str]:
    """The fields of ``/proc/PID/stat`` after the command's name (the state first), none
    where they cannot be read (no such process, not Linux)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text(encoding="ascii", errors="replace")
    except OSError:
        return []
    return stat.rsplit(")", 1)[-1].split()


def start_mark(pid: int) -> str:
    """When process ``pid`` started, as the kernel counts (``/proc``, Linux), or "" where
    that cannot be read: with the pid it tells the process from a later one given the
    same pid."""
    fields = _stat(pid)
    return fields[_STARTTIME] if len(fields) > _STARTTIME else ""


def still_running(pid: int, mark: str) -> bool:
    """Whether the process ``pid`` that had ``start_mark`` ``mark`` is still going (with no
    mark: whether some process ``pid`` is). A process killed but not yet reaped by its
    parent (a zombie, as under a container's shell without an init) has stopped."""
    if not alive(pid):
        return False
    fields = _stat(pid)
    if fields[:1] == ["Z"]:
        return False
    return not mark or len(fields) <= _STARTTIME or fields[_STARTTIME] == mark
