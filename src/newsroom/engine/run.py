"""The run engine: every run is discover → read → normalise/extract → place → load →
publish, over batches, the same with or without an orchestrator.

``ingest_files``, ``ingest_urls`` and ``reprocess`` are the three runs. Each takes a
``Compute`` (``InProcess`` by default; the Prefect flows give one that runs each stage
as a task; the caller opens it, around the run, when it needs opening: a Dask cluster)
and returns a ``RunOutcome``: the summary, the rejections, the first new
stories and copies, the seconds per stage, and the ``topics`` passed in as the run's
publish updated them (``newsroom.topics``). The skeleton they share (``_Run``): a run
id, the store the warehouse URL names and its reader made ready, the clock, the run's
record, the ``StoryLoader`` and the summary.
"""

from __future__ import annotations

import logging
import os
import uuid
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path
from time import perf_counter
from typing import Any
from urllib.parse import urlsplit

from newsroom.engine.compute import Compute, InProcess, Stage, StageClock
from newsroom.engine.stories import RunDigest, StoryLoader
from newsroom.errors import NewsroomError
from newsroom.pipeline import (
    drop_unchanged,
    extract_responses,
    fetch_urls,
    normalise_documents,
    summarise,
    uris_of,
)
from newsroom.records import (
    ArchivedResponse,
    Article,
    FileStates,
    FileVersion,
    LoadResult,
    RawDocument,
    Rejection,
    Resaved,
    RunRecord,
    RunSummary,
    SourceFile,
    utcnow,
)
from newsroom.settings import DEFAULT_BATCH_SIZE, DEFAULT_CHUNK_SIZE, DEFAULT_WAREHOUSE
from newsroom.sources.feeds import expand
from newsroom.sources.fetched import FetchedPages
from newsroom.sources.fetched import remove_stale as remove_stale_pages
from newsroom.sources.files import DEFAULT_MAX_BYTES, discover, gone_files, read_files, walked
from newsroom.sources.http import Fetcher, FetchSettings, invalid_url
from newsroom.sources.urls import canonical_url
from newsroom.topics import Topic, TopicUpdate
from newsroom.warehouse.backend import Backend, parse
from newsroom.warehouse.reads import Warehouse, text_of
from newsroom.warehouse.runs import store_for

DEFAULT_URL_BATCH = 100
Log = logging.Logger | logging.LoggerAdapter[logging.Logger]
Progress = Callable[[int, int], None]  # (done now, total)


class _Ticks:
    """Progress per document where a stage runs in this process (it calls ``each``), per
    batch where it runs elsewhere: ``batch_done`` adds what the ticks did not count."""

    def __init__(self, progress: Progress | None, total: int) -> None:
        self.progress = progress
        self.total = total
        self.in_batch = 0

    def each(self) -> None:
        self.in_batch += 1
        if self.progress:
            self.progress(1, self.total)

    def done(self, size: int) -> None:
        """``size`` documents done at once (pages taken, not fetched)."""
        if self.progress and size:
            self.progress(size, self.total)

    def passed_over(self, size: int) -> None:
        """``size`` documents of the batch done before it runs (unchanged, refused on
        reading), counted at once: a re-run that reads few of its files does not estimate
        the rest's time by the first it reads."""
        self.in_batch += size
        self.done(size)

    def batch_done(self, size: int) -> None:
        if self.progress and size > self.in_batch:
            self.progress(size - self.in_batch, self.total)
        self.in_batch = 0

    def argument(self, compute: Compute) -> dict[str, Any]:
        """``{"each": …}`` for a stage that runs here; nothing for one on workers (a
        callback cannot travel to another process)."""
        return {} if compute.parallel or not self.progress else {"each": self.each}


@dataclass
class RunOutcome:
    """What a run did: its summary, every rejection, and the detail for its report."""

    record: RunRecord
    summary: RunSummary
    rejections: list[Rejection]
    digest: RunDigest
    stages: dict[str, float] = field(default_factory=dict)
    topics: list[TopicUpdate] = field(default_factory=list)  # as the run left them


class _Run:
    """The skeleton every run shares."""

    def __init__(
        self,
        flow: str,
        warehouse: str | Path | Backend,
        compute: Compute | None,
        run_id: str | None,
        log: Log | None,
        topics: Sequence[Topic] = (),
    ) -> None:
        self.started = perf_counter()
        self.topics = tuple(topics)
        self.started_at = utcnow()
        self.flow = flow
        self.run_id = run_id or str(uuid.uuid4())
        self.store = store_for(parse(warehouse))
        self.compute = compute or InProcess()
        self.log = log or logging.getLogger(f"newsroom.{flow}")
        self.clock = StageClock()
        self.rejections: list[Rejection] = []
        self.unchanged = 0
        with self.clock("prepare"):
            self.reader: Warehouse = self.store.prepare()  # runs read what they write

    def call(self, stage: Stage, **kwargs: Any) -> Any:
        return self.compute.call(stage, kwargs, self.clock)

    def record(self, seen: int, parameters: dict[str, Any] | None = None) -> RunRecord:
        return RunRecord(
            run_id=self.run_id,
            flow=self.flow,
            started_at=self.started_at,
            seen=seen,
            parameters=parameters or {},
        )

    def loader(self, record: RunRecord, chunk_size: int) -> StoryLoader:
        return StoryLoader(
            self.store,
            record,
            self.compute,
            self.clock,
            chunk_size=chunk_size,
            log=self.log,
            topics=self.topics,
        )

    def outcome(self, record: RunRecord, result: LoadResult, stories: StoryLoader) -> RunOutcome:
        summary = summarise(
            record.run_id,
            Warehouse(self.store.backend),
            record.seen,
            result,
            self.rejections,
            perf_counter() - self.started,
        )
        digest = stories.digest.without(result.moved_to)
        listed = [s for s, _, _ in digest.stories] + [s for s, _, _, _ in digest.copies]
        try:
            # the stories' titles as published (a copy loaded later may have replaced
            # one); the run has published: a client that holds the new file at once
            # costs the summary these titles, not the run
            titles = Warehouse(self.store.backend, busy_timeout=5).story_titles(listed)
            digest = digest.titled(titles)
        except NewsroomError as exc:
            self.log.warning("the run's summary lists its copies' own titles: %s", exc)
        return RunOutcome(
            record,
            summary,
            self.rejections,
            digest,
            self.clock.seconds,
            stories.writer.topics,
        )


# -- files --------------------------------------------------------------------------------


def _current_versions(reader: Warehouse, uris: list[str]) -> dict[str, FileVersion]:
    return reader.current_versions(uris)


def _gone_since(reader: Warehouse, paths: list[str], found: list[str]) -> FileStates:
    """The files earlier runs read from the folders ``paths`` walk that are gone now, and
    those found again (``found``) that a run had found gone."""
    walks = walked(paths)
    known, gone_before = reader.files_under([w.prefix for w in walks])
    listed = set(found)
    return FileStates(
        gone=tuple(gone_files(known, listed, walks)),
        back=tuple(uri for uri in gone_before if uri in listed),
    )


def _same_text(reader: Warehouse, articles: list[Article]) -> tuple[list[Article], list[Resaved]]:
    """The articles whose text (its title, body and the metadata the cleaner read of it:
    ``TEXT_FIELDS``) differs from their current version's, and the others, files saved
    again with other bytes and the same text (``FileStates``)."""
    texts = reader.current_texts(uris_of(articles))
    changed: list[Article] = []
    resaved: list[Resaved] = []
    for a in articles:
        same = text_of(
            a.title, a.body, a.dateline, a.credits, a.authors, a.description, a.published_at
        )
        if texts.get(a.source_uri) == same:
            resaved.append((a.source_uri, a.raw_sha256, a.raw_size, a.raw_mtime))
        else:
            changed.append(a)
    return changed, resaved


def _read_normalise(
    files: list[SourceFile],
    max_bytes: int,
    known: dict[str, FileVersion],
    outlet: str | None = None,
) -> tuple[list[Article], list[Rejection], list[str]]:
    """A batch read and cleaned where the files are (a local cluster's worker)."""
    docs, rejected, unmodified = read_files(files, max_bytes, known, outlet)
    docs, unchanged = drop_unchanged(docs, known)
    articles, failed = normalise_documents(docs)
    return articles, rejected + failed, unmodified + unchanged


def _absolute(path: str) -> str:
    """A path or glob pattern as the run history keeps it: absolute, ``~`` expanded."""
    return os.path.abspath(os.path.expanduser(path))


DISCOVER = Stage("discover", discover)
CURRENT_VERSIONS = Stage("current-versions", _current_versions, retries=3)
GONE_FILES = Stage("gone-files", _gone_since, retries=3)
SAME_TEXT = Stage("same-text", _same_text, retries=3)
READ = Stage("read", read_files)
NORMALISE = Stage("normalise", normalise_documents)
READ_NORMALISE = Stage("read-normalise", _read_normalise)


def ingest_files(
    paths: Sequence[str],
    warehouse: str | Path | Backend = DEFAULT_WAREHOUSE,
    *,
    compute: Compute | None = None,
    run_id: str | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    batch_size: int = DEFAULT_BATCH_SIZE,
    chunk_size: int = DEFAULT_CHUNK_SIZE,
    progress: Progress | None = None,
    log: Log | None = None,
    topics: Sequence[Topic] = (),
    outlet: str | None = None,
    retry_failed: bool = False,
) -> RunOutcome:
    """Read text files, clean them into articles and load them into the warehouse.

    Files are read and cleaned ``batch_size`` at a time; every ``chunk_size`` articles
    are placed in stories and loaded, so memory stays bounded however many files come.
    ``outlet`` names the outlet of files that do not name their own (a saved page's site
    name wins). A file that failed in an earlier run is read again only once it changes
    (``failed_before`` in the summary counts the others), or with ``retry_failed``.
    """
    run = _Run("ingest-files", warehouse, compute, run_id, log, topics)
    files, run.rejections = run.call(DISCOVER, paths=list(paths), skip=run.store.own_paths())
    run.log.info("found %d files in %s", len(files), ", ".join(paths))
    found = uris_of(files)
    current = run.call(CURRENT_VERSIONS, reader=run.reader, uris=found)
    # (what discovery rejected is this run's failure, not gone)
    named = found + [r.source_uri for r in run.rejections]
    gone = run.call(GONE_FILES, reader=run.reader, paths=list(paths), found=named)
    if gone.gone:
        run.log.info(
            "%d files read before are no longer where they were in %s (those found at another"
            " path are counted moved when the run loads)",
            len(gone.gone),
            ", ".join(paths),
        )
    if retry_failed:
        current = {uri: known for uri, known in current.items() if not known.failed}
    discovered = sum(1 for r in run.rejections if r.stage == "discover")
    # a folder that failed discovery the same way last time (a link looping back) is
    # counted as failed before, as an unchanged file that failed is, not failed anew
    looped = {(r.source_uri, r.stage, r.error) for r in run.rejections if r.stage == "discover"}
    again = set() if retry_failed else looped & run.reader.failing_of(uri for uri, _, _ in looped)
    run.rejections = [r for r in run.rejections if (r.source_uri, r.stage, r.error) not in again]
    # where the paths were, as the run history is read later from anywhere (as typed,
    # "../text/" said nothing of which folder it was)
    parameters: dict[str, Any] = {"paths": [_absolute(p) for p in paths], "max_bytes": max_bytes}
    if outlet is not None:
        parameters["outlet"] = outlet
    record = run.record(len(files) + discovered, parameters)
    ticks = _Ticks(progress, len(files))
    resaved: list[Resaved] = []
    # what the files gone from their paths had failed with: the same failure at a new path
    # is the file moved, failed before (trial17: each move of a failing file recorded a
    # new error and made the run exit 3)
    signatures = run.reader.failure_signatures(gone.gone) if gone.gone else {}
    with run.loader(record, chunk_size) as stories:
        failed_before = len(again)
        for articles, rejected, skipped, size in _prepared(
            run, files, batch_size, max_bytes, current, ticks, outlet
        ):
            run.rejections += rejected
            failed = sum(1 for uri in skipped if current[uri].failed)
            failed_before += failed
            run.unchanged += len(skipped) - failed
            # a loaded file with other bytes: a new version only if its text changed
            if any(a.source_uri in current and not current[a.source_uri].failed for a in articles):
                articles, same = run.call(SAME_TEXT, reader=run.reader, articles=articles)
                run.unchanged += len(same)
                resaved += same
            stories.add(articles)  # placed in stories and loaded every chunk_size
            ticks.batch_done(size)
        carried = []
        if signatures:
            kept = []
            for r in run.rejections:
                old = None
                if r.source_uri not in current and r.raw_sha256:
                    old = signatures.pop((r.raw_sha256, r.stage, r.error), None)
                if old is None:
                    kept.append(r)
                else:
                    carried.append((old, r))
            run.rejections = kept
            failed_before += len(carried)
        states = replace(gone, resaved=tuple(resaved), carried=tuple(carried))
        result = stories.finish(run.rejections, run.unchanged, failed_before, states)
    return run.outcome(record, result, stories)


def _prepared(
    run: _Run,
    files: list[SourceFile],
    batch_size: int,
    max_bytes: int,
    current: dict[str, FileVersion],
    ticks: _Ticks,
    outlet: str | None,
) -> Iterator[tuple[list[Article], list[Rejection], list[str], int]]:
    """Each batch's articles, rejections, skipped files' URIs (unchanged since their last
    version, loaded or failed) and size, in the files' order."""
    starts = range(0, len(files), batch_size)

    def known(batch: list[SourceFile]) -> dict[str, FileVersion]:
        return {f.uri: current[f.uri] for f in batch if f.uri in current}

    compute = run.compute
    if compute.parallel and compute.reads_files:  # workers read the files where they are
        calls = (
            (
                first,
                {
                    "files": files[first : first + batch_size],
                    "max_bytes": max_bytes,
                    "known": known(files[first : first + batch_size]),
                    "outlet": outlet,
                },
                len(files[first : first + batch_size]),
            )
            for first in starts
        )
        for (articles, rejected, skipped), size in compute.map(READ_NORMALISE, calls, run.clock):
            yield articles, rejected, skipped, size
        return

    def read_here() -> Iterator[tuple[int, dict[str, Any], tuple[list[Rejection], list[str], int]]]:
        for first in starts:
            batch = files[first : first + batch_size]
            docs: list[RawDocument]
            docs, rejected, unmodified = compute.call(
                READ,
                {"sources": batch, "max_bytes": max_bytes, "known": current, "outlet": outlet},
                run.clock,
                first,
            )
            docs, unchanged = drop_unchanged(docs, current)
            if not compute.parallel:  # (batches on workers are counted as they end)
                ticks.passed_over(len(rejected) + len(unmodified) + len(unchanged))
            arguments = {"docs": docs, **ticks.argument(compute)}
            yield first, arguments, (rejected, unmodified + unchanged, len(batch))

    for (articles, failed), (rejected, skipped, size) in compute.map(
        NORMALISE, read_here(), run.clock
    ):
        yield articles, rejected + failed, skipped, size


# -- the web ------------------------------------------------------------------------------


def _discover_urls(
    urls: list[str],
    urls_file: str | None,
    feeds: list[str],
    sitemaps: list[str],
    settings: FetchSettings,
    fetcher: Fetcher | None = None,
) -> tuple[list[str], list[Rejection], dict[str, datetime]]:
    """The run's URLs, each once (canonical), the ones refused, and the ``<lastmod>``
    sitemaps give them. ``fetcher``: the run's pages' (robots.txt and the hosts' spacing
    kept for them)."""
    listed = list(urls)
    where: dict[str, str] = {}  # a URL of the file → where it stands there, for its errors
    if urls_file:
        lines = Path(urls_file).read_text(encoding="utf-8-sig").splitlines()
        for n, line in enumerate(lines, 1):
            if line.strip() and not line.startswith("#"):
                listed.append(line.strip())
                where.setdefault(line.strip(), f" (line {n} of {urls_file})")
    lastmod: dict[str, datetime] = {}
    found, rejected = expand(feeds, sitemaps, settings, lastmod=lastmod, shares=fetcher)
    unique: dict[str, None] = {}
    invalid: dict[str, str] = {}
    for url in [*listed, *found]:
        problem = invalid_url(url)
        if not problem and "://" not in url:  # "not a url", "www.example.com/story"
            problem = f"not a URL: {url[:200]!r} (a URL starts with http:// or https://)"
        if problem:  # recorded once here; the fetch would refuse it all the same
            invalid.setdefault(url, problem + where.get(url, ""))
        else:
            unique.setdefault(canonical_url(url), None)
    rejected += [Rejection(url, "fetch", "invalid_url", why) for url, why in invalid.items()]
    modified = {canonical_url(url): when for url, when in lastmod.items()}
    for url in listed:  # asked for by name: always fetched
        if url not in invalid:
            modified.pop(canonical_url(url), None)
    return list(unique), rejected, {url: modified[url] for url in unique if url in modified}


def _unchanged_since(reader: Warehouse, lastmod: dict[str, datetime]) -> list[str]:
    """The URLs a sitemap says have not changed since their last fetch made an article:
    not fetched again. Fetched last before their ``<lastmod>``, or never, they are."""
    fetched = reader.last_fetched(list(lastmod))
    return [url for url, when in fetched.items() if lastmod[url] < when]


def _lasting_failures(reader: Warehouse, urls: list[str]) -> dict[str, datetime]:
    return reader.lasting_failures(urls)


def _url_validators(reader: Warehouse, urls: list[str]) -> dict[str, tuple[str | None, str | None]]:
    return reader.url_validators(urls)


def _archived_responses(reader: Warehouse) -> list[ArchivedResponse]:
    return reader.archived_responses()


DISCOVER_URLS = Stage("discover-urls", _discover_urls)
URL_VALIDATORS = Stage("url-validators", _url_validators, retries=3)
LASTING_FAILURES = Stage("lasting-failures", _lasting_failures, retries=3)
UNCHANGED_SINCE = Stage("unchanged-since", _unchanged_since, retries=3)
FETCH = Stage("fetch", fetch_urls)
EXTRACT = Stage("extract", extract_responses)
ARCHIVED_RESPONSES = Stage("archived-responses", _archived_responses, retries=3)


def politeness_bound(urls: list[str], settings: FetchSettings) -> tuple[float, str]:
    """The least time the fetch can take at the politeness settings (request starts on
    one host are ``host_delay`` apart), and the host that sets it."""
    per_host = Counter(urlsplit(u).netloc.lower() for u in urls)
    if not per_host:
        return 0.0, ""
    host, most = per_host.most_common(1)[0]
    return max(most - 1, 0) * settings.host_delay, host


def ingest_urls(
    urls: list[str] | None = None,
    warehouse: str | Path | Backend = DEFAULT_WAREHOUSE,
    *,
    urls_file: str | None = None,
    feeds: list[str] | None = None,
    sitemaps: list[str] | None = None,
    settings: FetchSettings | None = None,
    trust_canonical_from: Sequence[str] = (),
    compute: Compute | None = None,
    run_id: str | None = None,
    batch_size: int = DEFAULT_URL_BATCH,
    chunk_size: int = DEFAULT_CHUNK_SIZE,
    progress: Progress | None = None,
    log: Log | None = None,
    topics: Sequence[Topic] = (),
    trust_lastmod: bool = True,
    retry_failed: bool = False,
) -> RunOutcome:
    """Fetch web pages, extract their articles and load them into the warehouse.

    Pages are always fetched here (one place keeps the per-host limits); ``compute``
    chooses where they are extracted. A page's canonical URL on another registrable
    domain names the document only for the domains in ``trust_canonical_from``.
    A sitemap's page whose ``<lastmod>`` is older than its last fetch is not fetched again,
    unless ``trust_lastmod`` is False (a site that leaves its dates stale): then every page
    is asked for again, conditionally where it was fetched before. A page whose last
    attempt failed in a way asking again does not mend (gone, refused by robots.txt, no
    article in it: ``warehouse.reads.LASTING_FAILURES``) is not asked for again for a week
    unless given by name, its sitemap says it changed since, or ``retry_failed`` (``failed_before``
    in the summary counts the others, as for files). Pages a run of this warehouse fetched
    and did not load (stopped, crashed) are taken, not fetched again, for a while
    (``newsroom.sources.fetched``).
    """
    settings = settings or FetchSettings()
    run = _Run("ingest-urls", warehouse, compute, run_id, log, topics)
    fetcher = Fetcher(settings)  # one per run: robots.txt once a host, spacing kept
    targets, run.rejections, lastmod = run.call(
        DISCOVER_URLS,
        urls=urls or [],
        urls_file=urls_file,
        feeds=feeds or [],
        sitemaps=sitemaps or [],
        settings=settings,
        fetcher=fetcher,
    )
    skipped = 0
    if lastmod and trust_lastmod:
        unchanged = set(run.call(UNCHANGED_SINCE, reader=run.reader, lastmod=lastmod))
        if unchanged:
            run.log.info(
                "%d URLs not fetched again: their sitemap says they have not changed since",
                len(unchanged),
            )
            targets = [url for url in targets if url not in unchanged]
            skipped = len(unchanged)
            run.unchanged += skipped
    failed_before = 0
    if not retry_failed:
        named = {canonical_url(url) for url in urls or []}
        lasting = run.call(LASTING_FAILURES, reader=run.reader, urls=targets)
        lasting = {
            url: when
            for url, when in lasting.items()
            if url not in named and not (url in lastmod and lastmod[url] > when)
        }
        if lasting:
            run.log.info(
                "%d URLs not asked for again: they failed before in a way asking again"
                " does not mend (newsroom errors --failing; --retry-failed asks)",
                len(lasting),
            )
            targets = [url for url in targets if url not in lasting]
            failed_before = len(lasting)
    remove_stale_pages()
    pages = FetchedPages(run.store.backend.url)  # what a stopped run of it fetched
    left = pages.take(targets)
    taken = {url: r for url, r in left.items() if isinstance(r, ArchivedResponse)}
    refused = [r for r in left.values() if isinstance(r, Rejection)]
    wanted = [url for url in targets if url not in left]
    if left:
        run.log.info(
            "%d pages fetched and %d refusals met by a run of this warehouse that did not"
            " finish are taken as they were, not asked for again",
            len(taken),
            len(refused),
        )
    _log_bound(run.log, wanted, settings)
    if run.rejections:
        run.log.info("%d refused before fetching (ingest_errors has why)", len(run.rejections))
    validators = run.call(URL_VALIDATORS, reader=run.reader, urls=wanted)
    record = run.record(
        len(targets) + skipped + failed_before + len(run.rejections),  # discover errors too
        {
            "urls": urls,
            "urls_file": _absolute(urls_file) if urls_file else None,
            "feeds": feeds,
            "sitemaps": sitemaps,
        },
    )

    run.rejections += refused  # gone or refused: recorded again, not asked for again
    ticks = _Ticks(progress, len(targets))  # a tick per URL fetched or taken: each once
    ticks.done(len(refused))
    common = {"trust_canonical_from": tuple(trust_canonical_from)}

    def fetched() -> Iterator[tuple[int, dict[str, Any], list[Rejection]]]:
        ready = list(taken.values())
        for first in range(0, len(ready), batch_size):
            ticks.done(len(ready[first : first + batch_size]))
            yield first, {"responses": ready[first : first + batch_size], **common}, []
        for first in range(0, len(wanted), batch_size):
            responses, rejected = run.compute.call(  # always here: a tick per page fetched
                FETCH,
                {
                    "urls": wanted[first : first + batch_size],
                    "settings": settings,
                    "validators": validators,
                    "fetcher": fetcher,
                    "last": first + batch_size >= len(wanted),
                    "keep": pages.keep,  # each page as it comes
                    **ticks.argument(InProcess()),
                },
                run.clock,
                len(ready) + first,
            )
            yield len(ready) + first, {"responses": responses, **common}, rejected

    seen_uris: set[str] = set()
    try:
        with run.loader(record, chunk_size) as stories:
            extracted = run.compute.map(EXTRACT, fetched(), run.clock)  # on workers if Dask
            for (found, kept, failed, same), rejected in extracted:
                run.rejections += rejected + failed
                run.unchanged += same
                stories.add(_first_time(found, seen_uris, run), kept)
            result = stories.finish(run.rejections, run.unchanged, failed_before)
        pages.forget(targets)  # loaded: the warehouse archives each response now
    finally:
        fetcher.close()  # its event loop, and any page still on the wire if the run failed
        pages.close()
    return run.outcome(record, result, stories)


def _first_time(found: list[Article], seen: set[str], run: _Run) -> list[Article]:
    """The articles not met earlier in the run (one document reached from two batches
    counts once; the repeats are unchanged)."""
    fresh: list[Article] = []
    for article in found:
        if article.source_uri in seen:
            run.unchanged += 1
        else:
            seen.add(article.source_uri)
            fresh.append(article)
    return fresh


def _log_bound(log: Log, targets: list[str], settings: FetchSettings) -> None:
    bound, busiest = politeness_bound(targets, settings)
    if bound < 60:
        log.info("%d URLs to fetch", len(targets))
        return
    log.info(
        "%d URLs to fetch; at %d at once and %.1f s apart per host this takes at least"
        " %s (%s has the most)",
        len(targets),
        settings.per_host,
        settings.host_delay,
        _duration(bound),
        busiest,
    )


def _duration(seconds: float) -> str:
    minutes, secs = divmod(int(seconds + 0.5), 60)
    hours, minutes = divmod(minutes, 60)
    return f"{hours} h {minutes:02d} min" if hours else f"{minutes} min {secs:02d} s"


def reprocess(
    warehouse: str | Path | Backend = DEFAULT_WAREHOUSE,
    *,
    compute: Compute | None = None,
    run_id: str | None = None,
    batch_size: int = DEFAULT_URL_BATCH,
    chunk_size: int = DEFAULT_CHUNK_SIZE,
    progress: Progress | None = None,
    log: Log | None = None,
    topics: Sequence[Topic] = (),
) -> RunOutcome:
    """Extract every archived response again and load what changed: after an extractor
    improvement, pages whose text changes become new revisions of their documents."""
    run = _Run("reprocess", warehouse, compute, run_id, log, topics)
    responses: list[ArchivedResponse] = run.call(ARCHIVED_RESPONSES, reader=run.reader)
    record = run.record(len(responses))
    # what still fails from an earlier run: a page failing the same way again is failed
    # before, as an unchanged file that failed is, not recorded again each time (trial16:
    # every reprocess added the same two errors and exited 3)
    failing = run.reader.failing_of(r.document_uri or r.final_url for r in responses)
    ticks = _Ticks(progress, len(responses))
    calls = (
        (
            first,
            {"responses": responses[first : first + batch_size], **ticks.argument(run.compute)},
            len(responses[first : first + batch_size]),
        )
        for first in range(0, len(responses), batch_size)
    )
    seen_uris: set[str] = set()
    with run.loader(record, chunk_size) as stories:
        for (found, _, rejected, same), size in run.compute.map(EXTRACT, calls, run.clock):
            run.rejections += rejected
            run.unchanged += same
            stories.add(_first_time(found, seen_uris, run))  # a repeat counts as unchanged
            ticks.batch_done(size)
        fresh = [r for r in run.rejections if (r.source_uri, r.stage, r.error) not in failing]
        failed_before, run.rejections = len(run.rejections) - len(fresh), fresh
        result = stories.finish(run.rejections, run.unchanged, failed_before)
    return run.outcome(record, result, stories)
