"""Deployments with schedules from ``newsroom.toml``, served by this process.

``newsroom serve`` calls ``serve_config``: one deployment per ``[[folders]]`` entry (flow
``ingest-files``) and per ``[[feeds]]`` entry (flow ``ingest-urls``), each with its
interval or cron schedule, run by Prefect's ``serve()`` until the process is stopped.
``prefect.yaml`` declares the same deployments for a work pool and worker.

Each deployment runs one flow run at a time (``concurrency_limit=1``, extra scheduled
runs wait); runs of different deployments that share a warehouse take turns at the load
through the warehouse's write lock (see ``newsroom.warehouse.write_lock``).
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta
from typing import Any, cast

import httpx
from prefect import flow, serve, task
from prefect.artifacts import create_markdown_artifact
from prefect.cache_policies import NO_CACHE
from prefect.deployments.runner import RunnerDeployment
from prefect.types.entrypoint import EntrypointType

from flows.common import markdown_text
from flows.ingest_files import ingest_files
from flows.ingest_urls import ingest_urls
from newsroom.config import Config, FeedWatch, FolderWatch, Schedule
from newsroom.errors import TerminalError
from newsroom.settings import DEFAULT_WAREHOUSE
from newsroom.warehouse import HealthDrop, health_drops

PREFECT = [sys.executable, "-m", "prefect"]


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
            ["# Outlet health", "", *(lines if drops else ["All outlets as usual."])]
        ),
        key="outlet-health",
        description="Outlets whose extraction got much worse",
    )
    if drops:
        raise OutletHealthDropped(
            "extraction got worse for " + ", ".join(f"{d.outlet} ({d.day})" for d in drops)
        )
    return 0


def _schedule(schedule: Schedule) -> dict[str, Any]:
    if schedule.cron:
        return {"cron": schedule.cron}
    assert schedule.interval_seconds is not None
    return {"interval": timedelta(seconds=schedule.interval_seconds)}


def folder_parameters(watch: FolderWatch, config: Config) -> dict[str, Any]:
    parameters: dict[str, Any] = {"paths": list(watch.paths), "warehouse": str(config.warehouse)}
    if watch.max_bytes is not None:
        parameters["max_bytes"] = watch.max_bytes
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
    if not config.runner.in_process:
        parameters["runner"] = str(config.runner)
    return parameters


def deployments(config: Config) -> list[RunnerDeployment]:
    """The deployments ``newsroom serve`` runs, one per config entry."""
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
                    **_schedule(folder.schedule),
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
                    **_schedule(feed.schedule),
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
                    **_schedule(config.health.schedule),
                ),
            )
        )
    return made


def api_url() -> str | None:
    """The Prefect API runs report to; None when each process starts a temporary one."""
    from prefect.settings import PREFECT_API_URL

    return PREFECT_API_URL.value() or None


def _healthy(api: str) -> bool:
    try:
        return httpx.get(f"{api}/health", timeout=2).status_code == 200
    except httpx.HTTPError:
        return False


@contextmanager
def local_server(port: int = 4200, startup_timeout: float = 120) -> Iterator[str]:
    """A Prefect server on 127.0.0.1: the one already listening there, or a child one.

    Prefect's temporary per-process API does not run the scheduler, so schedules need a
    real server. A child server is stopped when the block ends.
    """
    api = f"http://127.0.0.1:{port}/api"
    if _healthy(api):
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
        while not _healthy(api):
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


def serve_config(config: Config, *, limit: int | None = None, api: str | None = None) -> None:
    """Serve every deployment of the config until the process is stopped (Ctrl-C).

    ``api``: the Prefect API to use instead of the configured one."""
    from prefect.settings import PREFECT_API_URL, temporary_settings

    with temporary_settings(updates={PREFECT_API_URL: api} if api else {}):
        serve(*deployments(config), limit=limit, print_starting_message=True)
