"""Where a run's stages run: the engine names each stage; a ``Compute`` runs it.

The engine (``newsroom.engine.runs``) calls every stage through a ``Compute``:
``call`` for a stage run once, ``map`` for one call per batch. ``InProcess`` calls the
stage's function here, retrying transient errors as the stage says; the Prefect adapter
(``flows.runners.PrefectCompute``) turns each stage into a Prefect task (named after the
stage, ``name-<first>`` for a batch) and may send batches to Dask workers. The engine is
the same either way, so a benchmark of one against the other measures what Prefect adds.
"""

from __future__ import annotations

import functools
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from time import perf_counter
from types import TracebackType
from typing import Any, Protocol, Self, TypeVar

from newsroom.errors import TransientError

C = TypeVar("C")


def is_transient(exc: BaseException) -> bool:
    """Whether an error may pass if the stage runs again (a busy warehouse, a timeout)."""
    return isinstance(exc, TransientError)


@dataclass(frozen=True, slots=True)
class Stage:
    """A step of a run: its name (the task's), its function, and when to run it again."""

    name: str
    fn: Callable[..., Any]
    retries: int = 0  # runs again after an error ``retry_if`` accepts
    retry_delay: float = 0.0
    retry_if: Callable[[BaseException], bool] = is_transient


# Set when the user pressed Ctrl-C during a run (the command's SIGINT handler sets it).
# A KeyboardInterrupt can be swallowed where it lands (a library's "except BaseException"
# around a call made for it, PrefectHQ/prefect#14013); the press is still honoured at the
# next stage, before the run publishes anything.
STOP = threading.Event()


def honouring_interrupts(fn: Callable[..., Any]) -> Callable[..., Any]:
    """``fn``, with DuckDB's word for a Ctrl-C raised as the KeyboardInterrupt it was: a
    SIGINT that lands in a query becomes ``RuntimeError("Query interrupted")`` (DuckDB
    catches the KeyboardInterrupt to stop the query), and a trial's Ctrl-C of ``newsroom
    serve`` during a run's publish ended that run Failed, with its traceback, instead of
    interrupted. ``STOP`` is set too: the interrupt was the user's. (An object, not a
    closure, so that it pickles by reference to Dask's workers; it carries ``fn``'s name
    and signature for Prefect.)"""
    return functools.update_wrapper(_HonouringInterrupts(fn), fn)


class _HonouringInterrupts:
    def __init__(self, fn: Callable[..., Any]) -> None:
        self.fn = fn

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        try:
            return self.fn(*args, **kwargs)
        except RuntimeError as exc:
            if str(exc) != _DUCKDB_INTERRUPTED:
                raise
            STOP.set()
            raise KeyboardInterrupt("Ctrl-C, during a query") from exc


# The message of the RuntimeError DuckDB raises when a KeyboardInterrupt stops a query.
_DUCKDB_INTERRUPTED = "Query interrupted"


class StageClock:
    """Seconds spent per stage of a run, for its summary. Every stage starts under it, so
    it is also where a Ctrl-C that was swallowed ends the run (``STOP``)."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = {}

    @contextmanager
    def __call__(self, stage: str) -> Iterator[None]:
        if STOP.is_set():
            raise KeyboardInterrupt(f"Ctrl-C, honoured before the {stage} stage")
        started = perf_counter()
        try:
            yield
        finally:
            self.seconds[stage] = self.seconds.get(stage, 0.0) + perf_counter() - started


# One call of a batched stage: the index of its first item (names the batch), the
# stage's keyword arguments, and what the caller wants back beside the result.
Call = tuple[int, dict[str, Any], C]


class Compute(Protocol):
    """Runs a run's stages; a context manager around whatever it needs (a cluster)."""

    @property
    def parallel(self) -> bool:
        """Whether batches run elsewhere (workers), not one after another here."""
        ...

    @property
    def reads_files(self) -> bool:
        """Whether the place that computes sees this machine's files."""
        ...

    def __enter__(self) -> Self: ...

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None: ...

    def call(
        self, stage: Stage, kwargs: dict[str, Any], clock: StageClock, first: int | None = None
    ) -> Any:
        """The stage run once, here (timed on ``clock``)."""
        ...

    def map(
        self, stage: Stage, calls: Iterable[Call[C]], clock: StageClock
    ) -> Iterator[tuple[Any, C]]:
        """Each call's result with its context, in the order of ``calls`` (consumed
        lazily), whatever order they finish in."""
        ...


class InProcess:
    """Every stage called here, one after another: the engine without an orchestrator."""

    parallel = False
    reads_files = True

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc_info: object) -> None:
        return None

    def call(
        self, stage: Stage, kwargs: dict[str, Any], clock: StageClock, first: int | None = None
    ) -> Any:
        with clock(stage.name):
            return run_with_retries(stage, kwargs)

    def map(
        self, stage: Stage, calls: Iterable[Call[C]], clock: StageClock
    ) -> Iterator[tuple[Any, C]]:
        for first, kwargs, context in calls:
            yield self.call(stage, kwargs, clock, first), context


def run_with_retries(stage: Stage, kwargs: dict[str, Any]) -> Any:
    """The stage's function, run again up to ``stage.retries`` times on errors it retries."""
    attempt, fn = 0, honouring_interrupts(stage.fn)
    while True:
        try:
            return fn(**kwargs)
        except Exception as exc:
            if attempt >= stage.retries or not stage.retry_if(exc):
                raise
            attempt += 1
            time.sleep(stage.retry_delay)
