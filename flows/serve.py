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

from datetime import timedelta
from typing import Any, cast

from prefect import serve
from prefect.deployments.runner import RunnerDeployment
from prefect.types.entrypoint import EntrypointType

from flows.ingest_files import ingest_files
from flows.ingest_urls import ingest_urls
from newsroom.config import Config, FeedWatch, FolderWatch, Schedule


def _schedule(schedule: Schedule) -> dict[str, Any]:
    if schedule.cron:
        return {"cron": schedule.cron}
    assert schedule.interval_seconds is not None
    return {"interval": timedelta(seconds=schedule.interval_seconds)}


def folder_parameters(watch: FolderWatch, config: Config) -> dict[str, Any]:
    parameters: dict[str, Any] = {"paths": list(watch.paths), "warehouse": str(config.warehouse)}
    if watch.max_bytes is not None:
        parameters["max_bytes"] = watch.max_bytes
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
    return made


def api_url() -> str | None:
    """The Prefect API runs report to; None when each process starts a temporary one."""
    from prefect.settings import PREFECT_API_URL

    return PREFECT_API_URL.value() or None


def serve_config(config: Config, *, limit: int | None = None) -> None:
    """Serve every deployment of the config until the process is stopped (Ctrl-C)."""
    serve(*deployments(config), limit=limit, print_starting_message=True)
