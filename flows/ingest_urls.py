"""The ``ingest-urls`` flow: URLs, feeds and sitemaps into the same warehouse.

A thin adapter over ``newsroom.engine.ingest_urls``. Tasks: ``discover-urls`` (feeds and
sitemaps expanded, URLs canonicalised and listed once), ``url-validators`` (ETag /
Last-Modified of earlier fetches), then per batch ``fetch-N`` and ``extract-N``, every
chunk ``dedup-N`` and ``load-N``, and ``publish``. Every response is archived in the
warehouse, so ``reprocess`` can re-extract without fetching again.
"""

from __future__ import annotations

from prefect import flow
from prefect.logging import get_run_logger

from flows.common import claim_run, logs_to_run, progress_bar, report_run
from flows.ingest_files import _run_id
from flows.runners import PrefectCompute
from newsroom import engine
from newsroom.config import declared_topics
from newsroom.engine import DEFAULT_URL_BATCH
from newsroom.records import RunSummary
from newsroom.settings import DEFAULT_CHUNK_SIZE, DEFAULT_WAREHOUSE, settings
from newsroom.sources.files import DEFAULT_MAX_BYTES
from newsroom.sources.http import FetchSettings


@flow(name="ingest-urls")
def ingest_urls(
    urls: list[str] | None = None,
    urls_file: str | None = None,
    feeds: list[str] | None = None,
    sitemaps: list[str] | None = None,
    warehouse: str = str(DEFAULT_WAREHOUSE),
    user_agent: str | None = None,
    allow_private: bool = False,
    per_host: int = 2,
    host_delay: float = 1.0,
    max_bytes: int = DEFAULT_MAX_BYTES,
    batch_size: int = DEFAULT_URL_BATCH,
    show_progress: bool = False,
    chunk_size: int = DEFAULT_CHUNK_SIZE,
    runner: str = "local",
    trust_canonical_from: list[str] | None = None,
    trust_lastmod: bool = True,
    retry_failed: bool = False,
) -> RunSummary:
    """Fetch web pages, extract their articles and load them into the warehouse.

    Pages are fetched here; ``runner`` chooses where they are extracted: in this process
    (``local``) or on Dask workers (``dask:N``, a scheduler address; ``flows.runners``).
    A page's canonical URL on another registrable domain names the document only for the
    domains in ``trust_canonical_from`` (``newsroom.sources.urls``). ``trust_lastmod``
    False fetches a sitemap's pages whatever their ``<lastmod>`` says. ``user_agent``:
    default ``NEWSROOM_USER_AGENT``, else ``newsroom.settings.USER_AGENT``.
    """
    fetch_settings = FetchSettings(
        user_agent=user_agent or settings().user_agent,
        allow_private=allow_private,
        per_host=per_host,
        host_delay=host_delay,
        max_bytes=max_bytes,
    )
    claim_run()
    with (
        logs_to_run(),
        PrefectCompute(runner) as compute,
        progress_bar(enabled=show_progress) as advance,
    ):
        outcome = engine.ingest_urls(
            urls,
            warehouse,
            urls_file=urls_file,
            feeds=feeds,
            sitemaps=sitemaps,
            settings=fetch_settings,
            trust_canonical_from=trust_canonical_from or (),
            compute=compute,
            run_id=_run_id(),
            batch_size=batch_size,
            chunk_size=chunk_size,
            progress=advance,
            log=get_run_logger(),
            topics=declared_topics(),
            trust_lastmod=trust_lastmod,
            retry_failed=retry_failed,
        )
    return report_run(outcome)
