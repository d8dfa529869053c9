"""Deployments with schedules from ``newsroom.toml``, served by this process.

``newsroom serve`` calls ``serve_config``: one deployment per ``[[folders]]`` entry (flow
``ingest-files``) and per ``[[feeds]]`` entry (flow ``ingest-urls``), each with its
interval or cron schedule, run by Prefect's ``serve()`` until the process is stopped.
``prefect.yaml`` declares the same deployments for a work pool and worker.

Interval schedules are anchored a few seconds after ``newsroom serve`` starts, so each
deployment runs once at the start and then every interval (a cron schedule runs at its
next match); ``first_runs`` says when, and the command prints it.

Each deployment runs one flow run at a time (``concurrency_limit=1``, extra scheduled
runs wait); runs of different deployments that share a warehouse take turns at the load
through the warehouse's write lock (see ``newsroom.warehouse.write_lock``).
"""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from datetime import UTC, datetime, timedelta
from typing import Any, cast

from prefect import flow, task
from prefect.artifacts import create_markdown_artifact
from prefect.cache_policies import NO_CACHE
from prefect.deployments.runner import RunnerDeployment
from prefect.exceptions import TerminationSignal
from prefect.runner import Runner
from prefect.schedules import Cron, Interval
from prefect.types.entrypoint import EntrypointType

from flows import owners
from flows.common import markdown_text
from flows.ingest_files import ingest_files
from flows.ingest_urls import ingest_urls
from flows.server import healthy
from newsroom.config import Config, FeedWatch, FolderWatch, Schedule
from newsroom.errors import TerminalError
from newsroom.settings import DEFAULT_WAREHOUSE
from newsroom.warehouse import HealthDrop, health_drops, health_judged

PREFECT = [sys.executable, "-P", "-m", "prefect"]  # -P: see server.WarmRunner.start


class OutletHealthDropped(TerminalError):
    """An outlet's extraction got much worse: the ``outlet-health`` run fails with it."""


@task(name="health-drops", cache_policy=NO_CACHE, persist_result=False)
def find_health_drops(warehouse: str, min_articles: int, rise: float) -> list[HealthDrop]:
    return health_drops(warehouse, min_articles=min_articles, rise=rise)


@flow(name="outlet-health")
def outlet_health(
    warehouse: str = str(DEFAULT_WAREHOUSE), min_articles: int = 5, rise: float = 0.25
) -> int:
    """Fail when an outlet's latest day extracted much worse than its previous two weeks.

    Reads the published snapshot only, so it never waits for a run. A failed run shows in
    the UI; a Prefect automation on failed ``outlet-health`` runs can notify someone.
    """
    drops = find_health_drops(warehouse, min_articles, rise)
    judged, outlets = health_judged(warehouse, min_articles=min_articles)
    lines = [
        "| outlet | day | articles | short bodies | usual | median words | usual |",
        "|---|---|---:|---:|---:|---:|---:|",
    ] + [
        f"| {markdown_text(d.outlet)} | {d.day} | {d.articles} | {d.short_share:.0%} "
        f"| {d.baseline_short_share:.0%} | {d.median_words:.0f} | {d.baseline_median_words:.0f} |"
        for d in drops
    ]
    create_markdown_artifact(
        markdown="\n".join(
            [
                "# Outlet health",
                "",
                *(lines if drops else [_nothing_dropped(judged, outlets, min_articles)]),
            ]
        ),
        key="outlet-health",
        description="Outlets whose extraction got much worse",
    )
    if drops:
        raise OutletHealthDropped(
            "extraction got worse for " + ", ".join(f"{d.outlet} ({d.day})" for d in drops)
        )
    return 0


def _nothing_dropped(judged: int, outlets: int, min_articles: int = 5) -> str:
    """What the artifact says when no outlet got worse: how many could be judged at all."""
    need = (
        f"an outlet needs at least {min_articles} articles on its latest day and"
        f" {min_articles} in the 14 days before it"
    )
    fewer = outlets - judged
    others = f" ({fewer} outlet has fewer)" if fewer == 1 else f" ({fewer} outlets have fewer)"
    if not outlets:
        return f"No outlet could be judged: there are no articles yet ({need})."
    if not judged:
        return f"No outlet could be judged: {need}{others}."
    usual = (
        "The 1 outlet that could be judged is as usual"
        if judged == 1
        else f"All {judged} outlets that could be judged are as usual"
    )
    return f"{usual}{others if fewer else ''}; {need}."


# How long after ``newsroom serve`` starts the interval schedules first run: time for the
# deployments to be registered and for the server's scheduler to see them.
FIRST_RUN_DELAY = timedelta(seconds=15)


def serve_start() -> datetime:
    """The anchor of a serve's interval schedules: a little after now, to the second."""
    return (datetime.now(UTC) + FIRST_RUN_DELAY).replace(microsecond=0)


def _schedule(schedule: Schedule, start: datetime | None) -> dict[str, Any]:
    if schedule.cron:
        return {"schedule": Cron(schedule.cron, timezone="UTC")}
    assert schedule.interval_seconds is not None
    return {
        "schedule": Interval(
            timedelta(seconds=schedule.interval_seconds), anchor_date=start or serve_start()
        )
    }


def first_run(schedule: Schedule, start: datetime) -> datetime:
    """When a schedule anchored at ``start`` (``serve_start``) first runs."""
    if not schedule.cron:
        return start
    import asyncio

    from prefect.server.schemas.schedules import CronSchedule

    (first,) = asyncio.run(CronSchedule(cron=schedule.cron, timezone="UTC").get_dates(n=1))
    return datetime.fromtimestamp(first.timestamp(), UTC)


def first_runs(config: Config, start: datetime) -> list[tuple[str, str, datetime]]:
    """Each deployment's name, what it does and when it first runs (UTC)."""
    found = [
        (
            f"ingest-files/{folder.name}",
            f"{', '.join(folder.paths)}, {folder.schedule.describe()}",
            first_run(folder.schedule, start),
        )
        for folder in config.folders
    ]
    found += [
        (f"ingest-urls/{feed.name}", feed.schedule.describe(), first_run(feed.schedule, start))
        for feed in config.feeds
    ]
    if config.health:
        found.append(
            (
                "outlet-health/health",
                config.health.schedule.describe(),
                first_run(config.health.schedule, start),
            )
        )
    return found


def folder_parameters(watch: FolderWatch, config: Config) -> dict[str, Any]:
    parameters: dict[str, Any] = {"paths": list(watch.paths), "warehouse": str(config.warehouse)}
    if watch.max_bytes is not None:
        parameters["max_bytes"] = watch.max_bytes
    if watch.outlet is not None:
        parameters["outlet"] = watch.outlet
    if not config.runner.in_process:
        parameters["runner"] = str(config.runner)
    return parameters


def feed_parameters(watch: FeedWatch, config: Config) -> dict[str, Any]:
    parameters: dict[str, Any] = {
        "urls": list(watch.urls),
        "urls_file": watch.urls_file,
        "feeds": list(watch.feeds),
        "sitemaps": list(watch.sitemaps),
        "warehouse": str(config.warehouse),
    }
    if watch.user_agent is not None:
        parameters["user_agent"] = watch.user_agent
    if watch.host_delay is not None:
        parameters["host_delay"] = watch.host_delay
    if not watch.trust_lastmod:
        parameters["trust_lastmod"] = False
    if watch.allow_private:
        parameters["allow_private"] = True
    if not config.runner.in_process:
        parameters["runner"] = str(config.runner)
    return parameters


def deployments(config: Config, start: datetime | None = None) -> list[RunnerDeployment]:
    """The deployments ``newsroom serve`` runs, one per config entry; interval schedules
    anchored at ``start`` (default: ``serve_start()``)."""
    made: list[RunnerDeployment] = []
    for folder in config.folders:
        made.append(
            cast(
                RunnerDeployment,
                ingest_files.to_deployment(
                    name=folder.name,
                    parameters=folder_parameters(folder, config),
                    description=f"ingest-files over {', '.join(folder.paths)}, "
                    f"{folder.schedule.describe()}",
                    tags=["newsroom"],
                    concurrency_limit=1,
                    entrypoint_type=EntrypointType.MODULE_PATH,
                    **_schedule(folder.schedule, start),
                ),
            )
        )
    for feed in config.feeds:
        made.append(
            cast(
                RunnerDeployment,
                ingest_urls.to_deployment(
                    name=feed.name,
                    parameters=feed_parameters(feed, config),
                    description=f"ingest-urls, {feed.schedule.describe()}",
                    tags=["newsroom"],
                    concurrency_limit=1,
                    entrypoint_type=EntrypointType.MODULE_PATH,
                    **_schedule(feed.schedule, start),
                ),
            )
        )
    if config.health is not None:
        made.append(
            cast(
                RunnerDeployment,
                outlet_health.to_deployment(
                    name="health",
                    parameters={
                        "warehouse": str(config.warehouse),
                        "min_articles": config.health.min_articles,
                        "rise": config.health.rise,
                    },
                    description=f"outlet-health, {config.health.schedule.describe()}",
                    tags=["newsroom"],
                    concurrency_limit=1,
                    entrypoint_type=EntrypointType.MODULE_PATH,
                    **_schedule(config.health.schedule, start),
                ),
            )
        )
    return made


@contextmanager
def local_server(port: int = 4200, startup_timeout: float = 120) -> Iterator[str]:
    """A Prefect server on 127.0.0.1: the one already listening there, or a child one.

    Prefect's temporary per-process API does not run the scheduler, so schedules need a
    real server. A child server is stopped when the block ends.
    """
    api = f"http://127.0.0.1:{port}/api"
    if healthy(api):
        yield api
        return
    server = subprocess.Popen(
        [*PREFECT, "server", "start", "--host", "127.0.0.1", "--port", str(port)],
        start_new_session=True,
    )

    def stop_on_sigterm(signum: int, frame: object) -> None:
        raise KeyboardInterrupt  # so the server below is stopped too

    previous = signal.signal(signal.SIGTERM, stop_on_sigterm)
    try:
        deadline = time.monotonic() + startup_timeout
        while not healthy(api):
            if server.poll() is not None or time.monotonic() > deadline:
                raise TerminalError(f"the Prefect server did not start on {api}")
            time.sleep(0.5)
        yield api
    finally:
        signal.signal(signal.SIGTERM, previous)
        if server.poll() is None:
            os.killpg(server.pid, signal.SIGINT)
            try:
                server.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(server.pid, signal.SIGKILL)
                server.wait(timeout=20)


def serve_config(
    config: Config,
    *,
    limit: int | None = None,
    api: str | None = None,
    start: datetime | None = None,
) -> None:
    """Serve every deployment of the config until the process is stopped (Ctrl-C).

    ``api``: the Prefect API to use instead of the configured one; ``start``: when the
    interval schedules first run (``serve_start``)."""
    from prefect.settings import PREFECT_API_URL, temporary_settings

    with temporary_settings(updates={PREFECT_API_URL: api} if api else {}):
        runner = _Runner(pause_on_shutdown=True, limit=limit)
        for deployment in deployments(config, start):
            runner.add_deployment(deployment)
        with suppress(KeyboardInterrupt, TerminationSignal, asyncio.CancelledError):
            asyncio.run(runner.start())


def _stopping(why: str) -> None:
    """Says at once that serve is stopping, on its terminal or log (Prefect's INFO lines
    do not show there): stopping takes some seconds."""
    print(
        f"{why}: stopping (runs still going are ended, the schedules paused)",
        file=sys.stderr,
        flush=True,
    )


class _Runner(Runner):
    """Prefect's runner (what ``prefect.serve`` runs), that stops at once on SIGTERM or
    Ctrl-C when its Prefect API has gone. Stopping, it pauses its deployments' schedules
    through the API; with the API gone the client retried that for a minute and more,
    and ``newsroom serve`` outlived a SIGTERM (a stopped container or systemd unit). The
    schedules of a server that is gone need no pausing: the runner stops without it.

    A run still going when it stops is ended (its process stopped, then the run marked
    crashed): it had stayed "Running" in Prefect, holding its deployment's one slot
    (``concurrency_limit=1``), and the next ``newsroom serve`` waited five minutes
    before that deployment's first run. A serve that could not end its runs (killed, or
    its machine restarted) left them so: each run records the serve that runs it
    (``flows.owners``), and a serve on the same machine marks crashed the runs of its
    deployments whose serve has gone, as it starts and every half minute after."""

    async def start(self, *args: Any, **kwargs: Any) -> None:
        self._main_task = asyncio.current_task()
        with suppress(NotImplementedError, RuntimeError):  # no loop signals (Windows, a thread)
            asyncio.get_running_loop().add_signal_handler(signal.SIGINT, self._ctrl_c)
        await super().start(*args, **kwargs)

    def _ctrl_c(self) -> None:
        """Ctrl-C stops serve as asyncio's own handler would (the main task cancelled; a
        second Ctrl-C raises KeyboardInterrupt at once), and says so: a trial's Ctrl-C
        printed nothing until serve had stopped, some seconds later, while SIGTERM said
        "stopping" at once."""
        task = getattr(self, "_main_task", None)
        if task is None or task.cancelling():
            raise KeyboardInterrupt
        _stopping("Ctrl-C")
        task.cancel()

    def handle_sigterm(self, *args: Any, **kwargs: Any) -> None:
        """SIGTERM (systemd, ``docker stop``) stops serve as Ctrl-C does: the task that
        runs the runner is cancelled, and leaving it ends the runs still going and pauses
        the schedules. Prefect's own handler called the runner's asynchronous stop from
        this synchronous one, where it never ran, and exited: the run stayed "Running" and
        the schedules were not paused."""
        _stopping("SIGTERM")
        task = getattr(self, "_main_task", None)
        if task is None:
            raise KeyboardInterrupt
        task.get_loop().call_soon_threadsafe(task.cancel)

    async def __aenter__(self) -> Any:
        runner = await super().__aenter__()
        # The runner's poller moves a scheduled run to Pending through the state proposer
        # (not ``_propose_pending_state``): each run it starts is recorded there.
        proposer = self._state_proposer
        propose_pending = proposer.propose_pending

        async def pending_and_owned(flow_run: Any) -> bool:
            pending = await propose_pending(flow_run)
            if pending:
                await self._record_owner(flow_run)
            return pending

        proposer.propose_pending = pending_and_owned  # type: ignore[method-assign]
        await self._end_orphaned_runs()
        self._sweeping = asyncio.create_task(self._keep_ending_orphaned_runs())
        return runner

    async def __aexit__(self, *exc_info: Any) -> None:
        from prefect.settings import PREFECT_API_URL

        sweeping = getattr(self, "_sweeping", None)
        if sweeping is not None:
            sweeping.cancel()
            with suppress(asyncio.CancelledError):
                await sweeping
        api = PREFECT_API_URL.value()
        if not await asyncio.to_thread(healthy, str(api)):
            if self.pause_on_shutdown:
                self._logger.warning(
                    "the Prefect API at %s does not answer: stopping without pausing the"
                    " deployments' schedules",
                    api,
                )
            self.pause_on_shutdown = False
        else:
            await self._end_unfinished_runs()
        await super().__aexit__(*exc_info)

    async def _record_owner(self, flow_run: Any) -> None:
        """This serve recorded as the process that runs ``flow_run``."""
        try:
            serve = owners.owner(owners.SERVE)
            await self._client.update_flow_run(flow_run.id, infrastructure_pid=serve)
        except Exception:
            self._logger.warning("could not record the serve of run %s", flow_run.id)

    async def _unfinished_runs(self) -> list[Any]:
        """The runs of this runner's deployments still going (or about to)."""
        from prefect.client.schemas.filters import DeploymentFilter, DeploymentFilterId

        ids = list(self._deployment_registry.get_deployment_ids())
        if not ids:
            return []
        try:
            return list(
                await self._client.read_flow_runs(
                    flow_run_filter=owners.going(),
                    deployment_filter=DeploymentFilter(id=DeploymentFilterId(any_=ids)),
                )
            )
        except Exception:
            self._logger.exception("could not read this runner's unfinished runs")
            return []

    async def _end_unfinished_runs(self) -> None:
        """Each run of this runner's deployments still going (or about to): its process
        stopped, then the run marked crashed. Not a run another serve runs (on another
        machine, or in another terminal here)."""
        this_serve = owners.owner(owners.SERVE)
        for run in await self._unfinished_runs():
            recorded = run.infrastructure_pid
            if recorded and recorded != this_serve and owners.gone(recorded) is None:
                continue  # another serve's, going
            if self._process_manager.get(run.id) is not None:
                with suppress(Exception):  # it has ended already
                    await self._process_manager.kill(run.id, grace_seconds=_STOP_GRACE)
            await self._crash(
                run,
                "newsroom serve was stopped during this run (a run that had not published"
                " loaded nothing)",
            )

    async def _end_orphaned_runs(self) -> None:
        """Each run of this runner's deployments left going by a serve of this machine that
        has gone: marked crashed, so that it no longer holds its deployment's slot."""
        for run, message in owners.orphaned(await self._unfinished_runs()):
            await self._crash(run, message)

    async def _keep_ending_orphaned_runs(self) -> None:
        """``_end_orphaned_runs`` every ``_ORPHANS_EVERY`` seconds while serving: another
        serve of these deployments on this machine, killed, leaves its run holding the
        slot, and this serve's runs would wait minutes for it (until the slot's lease
        lapses). Not while the API does not answer."""
        from prefect.settings import PREFECT_API_URL

        api = str(PREFECT_API_URL.value())
        while True:
            await asyncio.sleep(_ORPHANS_EVERY)
            if await asyncio.to_thread(healthy, api):
                await self._end_orphaned_runs()

    async def _crash(self, run: Any, message: str) -> None:
        try:
            await self._propose_crashed_state(run, message)
        except Exception:
            self._logger.exception("could not mark the run %s crashed", run.id)


# How often a serve looks for runs of its deployments whose serve has gone (seconds).
_ORPHANS_EVERY = 30
# How long a run's process has, after SIGTERM, to stop before it is killed.
_STOP_GRACE = 10
