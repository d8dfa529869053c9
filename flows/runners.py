"""Where a run's CPU-bound batches run: in the flow's process, or on a Dask cluster.

A flow takes its ``runner`` setting (``newsroom.config.RunnerSetting``: ``local``,
``dask:N`` or ``tcp://host:port``) and opens a ``Compute`` for the run::

    with PrefectCompute(runner) as compute:
        outcome = engine.ingest_files(paths, warehouse, compute=compute)

The engine (``newsroom.engine``) names each stage; ``PrefectCompute`` runs it as a
Prefect task named after it (``task_for``). ``local`` calls each batch's task in the
flow's process, one after the other. On Dask, the tasks are submitted through prefect-dask's
``DaskTaskRunner`` (a ``LocalCluster`` of N single-threaded worker processes bound to
127.0.0.1, no dashboard; or a client of the scheduler at the address), at most a few
batches per worker in flight, so memory stays bounded however many batches a run has.
Results come back in submission order, so dedup and the load, which stay in the flow's
process, see the articles in the same order as an in-process run and produce the same
warehouse.

The task runs on the workers report to the flow run's own Prefect API: when no
``PREFECT_API_URL`` is set (the temporary local API a command starts), its address is
handed to the workers for the run, or each worker process would start a temporary API
of its own and the task runs would not appear under the flow run.
"""

from __future__ import annotations

import ipaddress
import logging
import time
from collections import deque
from collections.abc import Iterable, Iterator
from contextlib import ExitStack, contextmanager
from types import TracebackType
from typing import TYPE_CHECKING, Any, TypeVar
from urllib.parse import urlsplit

from prefect import Task, task
from prefect.cache_policies import NO_CACHE

from newsroom.config import RunnerSetting, parse_runner
from newsroom.engine.compute import Call, Stage, StageClock, honouring_interrupts
from newsroom.errors import TerminalError

if TYPE_CHECKING:
    from prefect_dask.task_runners import DaskTaskRunner

C = TypeVar("C")

# Batches in flight per worker: one running, one waiting, so no worker idles while the
# flow collects a result and submits the next batch.
IN_FLIGHT_PER_WORKER = 2


class UnreachableAPI(TerminalError):
    """Workers on other machines could not report to this run's Prefect API."""


class UnreachableCluster(TerminalError):
    """No Dask scheduler answers at the runner's address."""


def local_cluster_options(workers: int) -> dict[str, Any]:
    """``distributed.LocalCluster`` arguments: N single-threaded worker processes (the
    stages are CPU-bound Python: threads would share one GIL), everything on 127.0.0.1,
    no dashboard (its HTTP endpoint on a free loopback port)."""
    return {
        "n_workers": workers,
        "threads_per_worker": 1,
        "processes": True,
        "host": "127.0.0.1",
        "dashboard_address": None,
        "scheduler_kwargs": {"dashboard_address": "127.0.0.1:0"},
        "silence_logs": logging.WARNING,
    }


def dask_task_runner(setting: RunnerSetting) -> DaskTaskRunner:
    """prefect-dask's task runner for a Dask setting (not started yet)."""
    from prefect_dask.task_runners import DaskTaskRunner

    if setting.address:
        return DaskTaskRunner(address=setting.address)
    return DaskTaskRunner(cluster_kwargs=local_cluster_options(setting.workers))


def is_loopback(host: str | None) -> bool:
    if not host or host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def task_for(stage: Stage) -> Task[..., Any]:
    """The Prefect task that runs a stage: named after it, retried as it says, never
    cached and its result never persisted (a batch of documents is no cache key)."""
    if stage.name not in _TASKS:

        def retry(task: Any, task_run: Any, state: Any) -> bool:
            try:
                state.result()
            except Exception as exc:
                return stage.retry_if(exc)
            return False

        _TASKS[stage.name] = task(
            name=stage.name,
            retries=stage.retries,
            retry_delay_seconds=stage.retry_delay,
            retry_condition_fn=retry if stage.retries else None,
            cache_policy=NO_CACHE,
            persist_result=False,
        )(honouring_interrupts(stage.fn))
    return _TASKS[stage.name]


_TASKS: dict[str, Task[..., Any]] = {}


class PrefectCompute:
    """The engine's stages as Prefect tasks: in the flow's process, or on a Dask cluster."""

    def __init__(self, runner: str | RunnerSetting = "local") -> None:
        self.setting = runner if isinstance(runner, RunnerSetting) else parse_runner(runner)
        self._runner: DaskTaskRunner | None = None
        self._stack = ExitStack()
        self.workers = 1

    @property
    def parallel(self) -> bool:
        """Whether batches run on Dask workers (else inline, in the flow's process)."""
        return not self.setting.in_process

    @property
    def reads_files(self) -> bool:
        """Whether the place that computes sees the flow's files: in-process and a local
        cluster read them where they are; a cluster at an address gets their bytes."""
        return self.setting.address is None

    def __enter__(self) -> PrefectCompute:
        if not self.parallel:
            return self
        try:
            self._stack.enter_context(_api_for_workers(self.setting))
            runner = dask_task_runner(self.setting)
            self._stack.enter_context(_quiet("distributed"))  # the scheduler and nannies
            self._runner = self._stack.enter_context(runner)
            try:
                client = self._runner.client  # starts the local cluster, or connects
            except OSError as exc:  # distributed's connection errors and timeouts
                if not self.setting.address:
                    raise
                raise UnreachableCluster(
                    f"no Dask scheduler answers at {self.setting.address}: {exc}"
                ) from exc
            if self.setting.workers:
                client.wait_for_workers(self.setting.workers)
            self.workers = max(1, len(client.scheduler_info().get("workers", {})))
            client.run(_warm_up)  # imports, once per worker, before any batch is timed
        except BaseException:
            self._stack.close()
            raise
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self._runner = None
        self._stack.__exit__(kind, error, trace)

    def cpu_seconds(self) -> float:
        """CPU seconds used so far by the processes that compute: the workers, or this
        one in-process (for benchmarks: how busy the workers were)."""
        if self._runner is None:
            return time.process_time()
        return float(sum(self._runner.client.run(time.process_time).values()))

    def call(
        self, stage: Stage, kwargs: dict[str, Any], clock: StageClock, first: int | None = None
    ) -> Any:
        """The stage as a task run in the flow's process (``name-<first>`` for a batch)."""
        with clock(stage.name):
            return _named(stage, first)(**_unwalked(kwargs))

    def map(
        self, stage: Stage, calls: Iterable[Call[C]], clock: StageClock
    ) -> Iterator[tuple[Any, C]]:
        """Each call's result with its context, in the order of ``calls``.

        ``calls`` is consumed lazily: on Dask only as many calls are taken (and their
        arguments built) as there are batches in flight. ``clock`` counts the seconds of
        the inline calls, or the seconds spent waiting for the workers.
        """
        if self._runner is None:
            if self.parallel:
                raise RuntimeError("PrefectCompute.map outside its with-block")
            for first, kwargs, context in calls:
                yield self.call(stage, kwargs, clock, first), context
            return
        window = IN_FLIGHT_PER_WORKER * self.workers
        pending: deque[tuple[Any, C]] = deque()

        def collect() -> tuple[Any, C]:
            future, context = pending.popleft()
            with clock(stage.name):
                return future.result(), context

        for first, kwargs, context in calls:
            pending.append((self._runner.submit(_named(stage, first), kwargs), context))
            if len(pending) >= window:
                yield collect()
        while pending:
            yield collect()


def _named(stage: Stage, first: int | None) -> Task[..., Any]:
    task_ = task_for(stage)
    return task_ if first is None else task_.with_options(task_run_name=f"{stage.name}-{first}")


def _unwalked(kwargs: dict[str, Any]) -> dict[str, Any]:
    """Arguments Prefect passes as they are, without walking every element for futures
    and lineage (about 5% of a 10,000-document run otherwise). (Not for Dask: it rebuilds
    the tuples it finds in arguments as plain tuples, so a quoted value would reach the
    task wrapped.)"""
    from prefect.utilities.annotations import quote

    return {k: quote(v) for k, v in kwargs.items()}


@contextmanager
def _quiet(name: str, level: int = logging.WARNING) -> Iterator[None]:
    """A library's INFO chatter (a local cluster's start and stop: 30-odd lines) kept off
    the run's output; its warnings and errors still show."""
    names = [n for n in logging.root.manager.loggerDict if n == name or n.startswith(name + ".")]
    loggers = [logging.getLogger(n) for n in names]
    before = [logger.level for logger in loggers]
    for logger in loggers:  # each one: a library may set its root logger's level again
        logger.setLevel(max(level, logger.level))
    try:
        yield
    finally:
        for logger, old in zip(loggers, before, strict=True):
            logger.setLevel(old)


def _api_for_workers(setting: RunnerSetting) -> ExitStack:
    """The flow run's Prefect API for the task runs on the workers (see the module doc)."""
    from prefect.context import FlowRunContext
    from prefect.settings import PREFECT_API_URL, temporary_settings

    stack = ExitStack()
    configured = PREFECT_API_URL.value()
    context = FlowRunContext.get()
    api = configured or (str(context.client.api_url) if context and context.client else None)
    remote = setting.address and not is_loopback(urlsplit(setting.address).hostname)
    if remote and (not api or is_loopback(urlsplit(api).hostname)):
        raise UnreachableAPI(
            f"the Dask cluster at {setting.address} may run on other machines, but this"
            f" run's Prefect API ({api or 'a temporary one'}) is reachable only from this"
            " one: start a Prefect server its workers can reach and set PREFECT_API_URL"
        )
    if api and not configured:
        stack.enter_context(temporary_settings(updates={PREFECT_API_URL: api}))
    return stack


def _warm_up() -> None:
    """Run on every worker at the start: the task engine and the core imported, and one
    text and one HTML document cleaned, so that the models and word lists the stages
    load on first use (about 0.6 s) are loaded before the first batch arrives."""
    import prefect.task_engine  # noqa: F401

    from newsroom.pipeline import normalise_documents
    from newsroom.records import RawDocument

    text = (
        "Harbour reopens after the storm\n\n"
        "The harbour authority in Brest reopened the port on Wednesday, said Marie Dubois,"
        " its director, after winds of 120 km/h closed it for two days.\n"
    )
    html = f"<!doctype html><html><body><article><p>{text}</p></article></body></html>"
    normalise_documents(
        RawDocument(f"warm-up:{kind}", "file", data.encode(), "", len(data), None)
        for kind, data in (("text", text), ("html", html))
    )
