"""Which process runs a flow run, recorded on the run, so that a run whose process has gone
does not stay "Running" in Prefect.

A process killed with -9 (the OOM killer, ``timeout -s KILL``, a restarted machine) cannot
end its flow run: the run stayed "Running" in the UI for good and, for a served
deployment (``concurrency_limit=1``), held its one slot, so that the next serve's first
run waited minutes. Each run records its owner in its ``infrastructure_pid``:
``newsroom-serve:HOST:PID:START`` for a run ``newsroom serve`` starts (the serve, which
watches the run's process), ``newsroom-run:HOST:PID:START`` for a run that runs in its
command's own process (``newsroom ingest``, ``fetch``, the warm runner's). The next run
or serve on the same machine marks crashed each newsroom run whose owner there has gone
(``orphaned``). A run another machine records, or one without an owner, is left alone.
"""

from __future__ import annotations

import os
import socket
from collections.abc import Iterable
from typing import Any

from newsroom.processes import start_mark, still_running

SERVE = "newsroom-serve"
RUN = "newsroom-run"
ORPHANED = (
    "the process that ran it ({owner} pid {pid}) stopped without ending it (killed, or its"
    " machine restarted); a run that had not published loaded nothing"
)


def going() -> Any:
    """The filter of flow runs still going (or about to): Running or Pending."""
    from prefect.client.schemas.filters import (
        FlowRunFilter,
        FlowRunFilterState,
        FlowRunFilterStateType,
    )
    from prefect.client.schemas.objects import StateType

    states = FlowRunFilterStateType(any_=[StateType.RUNNING, StateType.PENDING])
    return FlowRunFilter(state=FlowRunFilterState(type=states))


def owner(kind: str) -> str:
    """This process as the owner of a run: ``kind`` (``SERVE`` or ``RUN``), machine, pid
    and when it started."""
    pid = os.getpid()
    return f"{kind}:{socket.gethostname()}:{pid}:{start_mark(pid)}"


def gone(recorded: str | None) -> int | None:
    """The pid of the owner a run records when it was a process of this machine that has
    stopped; None otherwise (another machine's, a run newsroom did not record, an owner
    still going)."""
    kind, _, rest = (recorded or "").partition(":")
    if kind not in (SERVE, RUN) or rest.count(":") < 2:
        return None
    host, pid, mark = rest.rsplit(":", 2)
    if host != socket.gethostname() or not pid.isdigit():
        return None
    return None if still_running(int(pid), mark) else int(pid)


def orphaned(runs: Iterable[Any]) -> list[tuple[Any, str]]:
    """The runs among ``runs`` whose owner has gone, each with the message it is marked
    crashed with."""
    out = []
    for run in runs:
        pid = gone(run.infrastructure_pid)
        if pid is not None:
            kind = run.infrastructure_pid.partition(":")[0]
            out.append((run, ORPHANED.format(owner=kind.replace("-", " "), pid=pid)))
    return out
