"""The ``ingest-urls`` flow: URLs, feeds and sitemaps into the same warehouse.

Tasks: ``discover-urls`` (feeds and sitemaps expanded, URLs canonicalised and listed
once), ``url-validators`` (ETag / Last-Modified of earlier fetches), then per batch
``fetch-N`` and ``extract-N``, and every chunk ``dedup-N`` and ``load-N`` as for files.
Every response is archived in the warehouse, so ``reprocess`` can re-extract without
fetching again.
"""

from __future__ import annotations

import uuid
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from time import perf_counter
from typing import Any
from urllib.parse import urlsplit

from prefect import flow, task
from prefect.cache_policies import NO_CACHE
from prefect.logging import get_run_logger
from prefect.runtime import flow_run

from flows.common import StageClock, progress_bar, report_run, retry_transient, unwalked
from flows.runners import Compute
from flows.tasks import StoryLoader
from newsroom.pipeline import DEFAULT_CHUNK_SIZE, extract_responses, fetch_urls
from newsroom.records import ArchivedResponse, Article, Rejection, RunSummary, utcnow
from newsroom.sources.feeds import expand
from newsroom.sources.files import DEFAULT_MAX_BYTES
from newsroom.sources.http import USER_AGENT, Fetcher, FetchSettings, invalid_url
from newsroom.sources.urls import canonical_url
from newsroom.warehouse import RunRecord, Warehouse, working_file

DEFAULT_URL_BATCH = 100


@task(name="discover-urls", cache_policy=NO_CACHE, persist_result=False)
def discover_urls(
    urls: list[str],
    urls_file: str | None,
    feeds: list[str],
    sitemaps: list[str],
    settings: FetchSettings,
) -> tuple[list[str], list[Rejection]]:
    listed = list(urls)
    if urls_file:
        lines = Path(urls_file).read_text(encoding="utf-8-sig").splitlines()
        listed += [line.strip() for line in lines if line.strip() and not line.startswith("#")]
    found, rejected = expand(feeds, sitemaps, settings)
    unique: dict[str, None] = {}
    invalid: dict[str, str] = {}
    for url in [*listed, *found]:
        problem = invalid_url(url)
        if problem:  # recorded once here; the fetch would refuse it all the same
            invalid.setdefault(url, problem)
        else:
            unique.setdefault(canonical_url(url), None)
    rejected += [Rejection(url, "fetch", "invalid_url", why) for url, why in invalid.items()]
    return list(unique), rejected


@task(
    name="url-validators",
    retries=3,
    retry_condition_fn=retry_transient,
    cache_policy=NO_CACHE,
    persist_result=False,
)
def url_validators(warehouse: str, urls: list[str]) -> dict[str, tuple[str | None, str | None]]:
    return Warehouse(warehouse).url_validators(urls)


@task(name="fetch", task_run_name="fetch-{first}", cache_policy=NO_CACHE, persist_result=False)
def fetch(
    urls: list[str],
    settings: FetchSettings,
    validators: dict[str, tuple[str | None, str | None]],
    first: int,
    fetcher: Fetcher,
) -> tuple[list[ArchivedResponse], list[Rejection]]:
    return fetch_urls(urls, settings, validators, fetcher)


@task(name="extract", task_run_name="extract-{first}", cache_policy=NO_CACHE, persist_result=False)
def extract(
    responses: list[ArchivedResponse], first: int, trust_canonical_from: tuple[str, ...] = ()
) -> tuple[list[Article], list[ArchivedResponse], list[Rejection], int]:
    return extract_responses(responses, trust_canonical_from)


def politeness_bound(urls: list[str], settings: FetchSettings) -> tuple[float, str]:
    """The least time the fetch can take at the politeness settings (request starts on
    one host are ``host_delay`` apart), and the host that sets it."""
    per_host = Counter(urlsplit(u).netloc.lower() for u in urls)
    if not per_host:
        return 0.0, ""
    host, most = per_host.most_common(1)[0]
    return max(most - 1, 0) * settings.host_delay, host


@flow(name="ingest-urls")
def ingest_urls(
    urls: list[str] | None = None,
    urls_file: str | None = None,
    feeds: list[str] | None = None,
    sitemaps: list[str] | None = None,
    warehouse: str = "warehouse/newsroom.duckdb",
    user_agent: str = USER_AGENT,
    allow_private: bool = False,
    per_host: int = 2,
    host_delay: float = 1.0,
    max_bytes: int = DEFAULT_MAX_BYTES,
    batch_size: int = DEFAULT_URL_BATCH,
    show_progress: bool = False,
    chunk_size: int = DEFAULT_CHUNK_SIZE,
    runner: str = "local",
    trust_canonical_from: list[str] | None = None,
) -> RunSummary:
    """Fetch web pages, extract their articles and load them into the warehouse.

    Pages are fetched here; ``runner`` chooses where they are extracted: in this process
    (``local``) or on Dask workers (``dask:N``, a scheduler address; ``flows.runners``).
    A page's canonical URL on another registrable domain names the document only for the
    domains in ``trust_canonical_from`` (``newsroom.sources.urls``).
    """
    logger = get_run_logger()
    started = perf_counter()
    run_id = str(flow_run.get_id() or uuid.uuid4())
    started_at = utcnow()
    warehouse_path = str(working_file(warehouse))  # runs write here; users read `warehouse`
    settings = FetchSettings(
        user_agent=user_agent,
        allow_private=allow_private,
        per_host=per_host,
        host_delay=host_delay,
        max_bytes=max_bytes,
    )

    clock = StageClock()
    with clock("discover-urls"):
        targets, rejections = discover_urls(
            urls or [], urls_file, feeds or [], sitemaps or [], settings
        )
    bound, busiest = politeness_bound(targets, settings)
    if bound >= 60:
        logger.info(
            "%d URLs to fetch; at %d at once and %.1f s apart per host this takes at least"
            " %s (%s has the most)",
            len(targets),
            settings.per_host,
            settings.host_delay,
            _duration(bound),
            busiest,
        )
    else:
        logger.info("%d URLs to fetch", len(targets))
    if rejections:
        logger.info("%d refused before fetching (ingest_errors has why)", len(rejections))
    fetcher = Fetcher(settings)  # one per run: robots.txt once a host, spacing across batches
    trust = tuple(trust_canonical_from or ())
    with clock("url-validators"):
        validators = url_validators(warehouse_path, targets)

    run = RunRecord(
        run_id=run_id,
        flow="ingest-urls",
        started_at=started_at,
        seen=len(targets) + len(rejections),  # discover errors and invalid URLs too
        parameters={"urls": urls, "urls_file": urls_file, "feeds": feeds, "sitemaps": sitemaps},
    )
    seen_uris: set[str] = set()
    unchanged = 0

    def fetched() -> Iterator[tuple[dict[str, Any], tuple[list[Rejection], int]]]:
        """Fetched here, always (one place keeps the per-host limits)."""
        for first in range(0, len(targets), batch_size):
            batch = targets[first : first + batch_size]
            with clock("fetch"):
                responses, rejected = fetch(
                    unwalked(batch), settings, unwalked(validators), first, unwalked(fetcher)
                )
            yield (
                {"responses": unwalked(responses), "first": first, "trust_canonical_from": trust},
                (rejected, len(batch)),
            )

    with (
        Compute(runner) as compute,
        StoryLoader(warehouse_path, run, clock, chunk_size) as stories,
        progress_bar(len(targets), enabled=show_progress) as advance,
    ):
        extracted = compute.map(extract, fetched(), clock, "extract")  # on workers if Dask
        for (found, kept, failed, same), (rejected, size) in extracted:
            rejections += rejected + failed
            unchanged += same
            fresh: list[Article] = []
            for article in found:  # the same document reached from two batches: once
                if article.source_uri in seen_uris:
                    unchanged += 1
                else:
                    seen_uris.add(article.source_uri)
                    fresh.append(article)
            stories.add(fresh, kept)
            advance(size)
        result = stories.finish(rejections, unchanged)
    return report_run(
        run, warehouse, result, rejections, stories.digest, perf_counter() - started, clock.seconds
    )


def _duration(seconds: float) -> str:
    minutes, secs = divmod(int(seconds + 0.5), 60)
    hours, minutes = divmod(minutes, 60)
    return f"{hours} h {minutes:02d} min" if hours else f"{minutes} min {secs:02d} s"
