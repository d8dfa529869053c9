"""The ingest stages as plain functions over batches: documents into articles, pages
into articles, articles into stories.

The run engine (``newsroom.engine``) calls exactly these functions, a batch per stage,
whatever runs the stages (in this process, Prefect tasks, Dask workers).
"""

from __future__ import annotations

import hashlib
import logging
import re
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import replace
from datetime import UTC, date, datetime, time
from typing import Any, TypeVar
from urllib.parse import urlsplit

import lxml.html.defs

from newsroom.archives import BadArchive, saved_page, shortcut_target
from newsroom.article import Draft, build
from newsroom.decoding import Decoded, Undecodable, decode_bytes
from newsroom.dedup import (
    DEFAULT_SETTINGS,
    FIRM_DATE_CONFIDENCE,
    DedupSettings,
    Link,
    NewArticle,
    assign_stories,
    batch_pairs,
)
from newsroom.extract import Extracted, extract_html
from newsroom.facts import FieldValue, byline_names, name_alone
from newsroom.facts.dates import safe_date
from newsroom.nitf import NotNitf, read_nitf, xml_root
from newsroom.normalise import CleanedText, clean_text
from newsroom.records import (
    ArchivedResponse,
    Article,
    FileVersion,
    LoadResult,
    RawDocument,
    Rejection,
    RunSummary,
    SourceFile,
)
from newsroom.settings import DEFAULT_BATCH_SIZE
from newsroom.sources.http import TEXT_TYPES, Fetcher, FetchResult, FetchSettings, Validators
from newsroom.sources.urls import canonical_trusted, canonical_url, declared_canonical
from newsroom.warehouse import Warehouse

T = TypeVar("T")
logger = logging.getLogger(__name__)


def batched(items: Sequence[T], size: int = DEFAULT_BATCH_SIZE) -> Iterator[list[T]]:
    """Consecutive slices of at most ``size`` items."""
    for start in range(0, len(items), size):
        yield list(items[start : start + size])


_HTML_TAGS = "|".join(sorted(lxml.html.defs.tags, key=len, reverse=True))
_HTML_START = re.compile(
    r"\s*(?:<\?xml[^>]*\?>\s*)?(?:<!--.*?-->\s*)*"
    rf"<(?:!doctype\s+html|(?:{_HTML_TAGS})[\s>/])",
    re.I | re.S,
)


def looks_like_html(text: str) -> bool:
    """Whether a text file is an HTML page (saved from a browser, say): markup from its
    first character on, after an XML declaration (XHTML pages keep one) and comments,
    whether the whole page (a doctype, ``<html>``) or a part of one (a crawler's dump that
    starts at a ``<div>``). Text that only mentions a tag further in stays text. White space
    before the markup is skipped however long (a trial's ColdFusion page opened with 4 KB
    of blank lines, and was read as text: its markup in the body and the dateline)."""
    first = _FIRST_CHARACTER.search(text)
    return first is not None and bool(_HTML_START.match(text, first.start(), first.start() + 4096))


_FIRST_CHARACTER = re.compile(r"\S")


def to_article(doc: RawDocument) -> Article | Rejection:
    """Decode and clean one document: HTML files (and pages saved as one file, MHTML or
    Safari's web archive) are extracted, other text is cleaned."""
    target = shortcut_target(doc.data)
    if target is not None:
        detail = f"a shortcut to {target}, not a saved page: 'newsroom fetch {target}' reads it"
        return Rejection(doc.source_uri, "extract", "shortcut", detail)
    try:
        saved = saved_page(doc.data)
    except BadArchive as exc:
        return Rejection(doc.source_uri, "extract", "unreadable_archive", str(exc))
    if saved is not None:
        decoded = decode_bytes(saved.html, declared=saved.charset)
        if isinstance(decoded, Undecodable):
            detail = f"the page in the {_ARCHIVE_NAMES[saved.format]}: {decoded.detail}"
            return Rejection(doc.source_uri, "decode", decoded.error, detail)
        return _html_file_article(doc, decoded, saved.url, saved.format)
    decoded = decode_bytes(doc.data)
    if isinstance(decoded, Undecodable):
        return Rejection(doc.source_uri, "decode", decoded.error, decoded.detail)
    if not decoded.text.strip():  # as a file of no bytes is (``sources.files.read_file``)
        detail = f"the file is empty: {doc.size:,} bytes of white space and nothing else"
        return Rejection(doc.source_uri, "read", "empty_file", detail)
    provenance = _provenance(doc, decoded.encoding)
    html = looks_like_html(decoded.text)
    if not html and (root := xml_root(decoded.text)) is not None:
        return _xml_article(doc, decoded.text, root, provenance)
    if html:
        saved_from = _SAVED_FROM.search(decoded.text, 0, _SAVED_FROM_REACH)
        url = saved_from.group(1) if saved_from else None
        return _html_file_article(doc, decoded, url, "saved_from_comment" if url else None)
    cleaned = clean_text(decoded.text)
    return _text_article(cleaned, reference=doc.mtime or doc.fetched_at,
                         site_name=doc.outlet or None, **provenance)  # fmt: skip


def _provenance(doc: RawDocument, encoding: str) -> dict[str, Any]:
    """What a draft records of the file it came from."""
    return {
        "source_uri": doc.source_uri,
        "source_kind": doc.source_kind,
        "raw_sha256": doc.sha256,
        "raw_size": doc.size,
        "raw_mtime": doc.mtime,
        "encoding": encoding,
        "fetched_at": doc.fetched_at,
    }


_ARCHIVE_NAMES = {"mhtml": "MHTML file", "webarchive": "Safari web archive"}
# The comment Internet Explorer, Chrome and Edge write atop a page they save:
# "<!-- saved from url=(0065)https://… -->" (the length of the address, then the address).
_SAVED_FROM = re.compile(r"<!--\s*saved from url=\(\d+\)\s*(https?://[^\s>]+?)\s*-->", re.I)
_SAVED_FROM_REACH = 4096
# How sure the address a saved page came from is, by where it was read: an archive's own
# record of it or the browser's comment, else the page's claim (its canonical link or
# ``og:url``), which may name another copy of the story.
_PAGE_URL_CONFIDENCE = {"mhtml": 0.9, "webarchive": 0.9, "saved_from_comment": 0.9}
_PAGE_CLAIM_CONFIDENCE = 0.7


def _host(url: str | None) -> str | None:
    """The host of a web address without "www.", as ``article_outlets`` names a fetched
    page's outlet; None for no web address."""
    if not url:
        return None
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return None
    return parts.hostname.removeprefix("www.")


def _html_file_article(
    doc: RawDocument, decoded: Decoded, url: str | None, url_method: str | None
) -> Article | Rejection:
    """An article from a saved web page (an HTML file, or the page of a single-file
    archive), with the address it was saved from as its ``page_url`` field: *url* as
    *url_method* read it, else the page's canonical link."""
    extracted = extract_html(decoded.text, url=url)
    draft = _page_draft(extracted, reference=doc.fetched_at, **_provenance(doc, decoded.encoding))
    if draft.site_name is None and doc.outlet:
        draft = replace(draft, site_name=doc.outlet, site_name_method="given")
    elif draft.site_name is None and (host := _host(url or extracted.canonical_url)):
        # the outlet a fetch of the page would have named (its host), not 'file' (trial17)
        draft = replace(draft, site_name=host, site_name_method="page_url_host")
    empty = "no article text found in the page"
    if url_method in _ARCHIVE_NAMES:
        empty = f"no article text found in the page the {_ARCHIVE_NAMES[url_method]} holds"
    article = build(draft, empty="extract", empty_detail=empty)
    if url and url_method:
        field = FieldValue("page_url", url, url_method, _PAGE_URL_CONFIDENCE[url_method])
    elif extracted.canonical_url:
        field = FieldValue("page_url", extracted.canonical_url, "html_canonical",
                           _PAGE_CLAIM_CONFIDENCE)  # fmt: skip
    else:
        return article
    if isinstance(article, Article) and article.facts is not None:
        facts = replace(article.facts, fields=(*article.facts.fields, field))
        article = replace(article, facts=facts)
    return article


def _xml_article(
    doc: RawDocument, text: str, root: str, provenance: dict[str, Any]
) -> Article | Rejection:
    """A NITF story read from its elements; any other XML is refused as no article."""
    if root != "nitf":
        return Rejection(
            doc.source_uri,
            "extract",
            "unsupported_xml",
            f"an XML document whose root is <{root}>, not an article: newsroom reads text,"
            " HTML and NITF (feeds and sitemaps go to 'newsroom fetch --feed/--sitemap')",
        )
    try:
        story = read_nitf(text)
    except NotNitf as exc:
        return Rejection(doc.source_uri, "extract", "malformed_nitf", str(exc))
    draft = Draft(
        **provenance,
        title=story.title,
        title_method="nitf_metadata" if story.title else None,
        body=story.body,
        reference=doc.mtime or doc.fetched_at,
        dateline=story.dateline,
        credits=story.credits,
        published_at=story.published_at,
        published_day_only=story.published_day_only,
        authors=tuple(map(byline_names, story.bylines)),  # as a text file's bylines
        site_name=doc.outlet or None,
        site_name_method="given",
        extraction_method="nitf",
    )
    return build(draft, empty="extract", empty_detail="the NITF document holds no paragraphs")


def _text_article(
    cleaned: CleanedText,
    *,
    reference: datetime,
    site_name: str | None,
    rejected_as: str | None = None,
    **provenance: Any,
) -> Article | Rejection:
    """An article from a cleaned plain text (a text file, a page served as text/plain)."""
    draft = Draft(
        **provenance,
        title=cleaned.title,
        title_method=cleaned.title_method,
        body=cleaned.body,
        reference=reference,
        dateline=cleaned.dateline,
        credits=cleaned.credits,
        authors=_authors(cleaned),
        teasers=cleaned.teasers,
        notes=cleaned.notes,
        removed_lines=len(cleaned.removed),
        site_name=site_name,
        site_name_method="given",
        description=cleaned.standfirst,
    )
    return build(
        draft,
        empty="normalise",
        empty_detail="nothing left after removing boilerplate"
        f" ({len(cleaned.removed)} line{'s' if len(cleaned.removed) != 1 else ''} removed)",
        rejected_as=rejected_as,
    )


def _authors(cleaned: CleanedText) -> tuple[str, ...]:
    """The names of a text's bylines, then of the lines under its headline that hold a
    person's name alone (a byline without its "By"; ``facts.name_alone`` judges them)."""
    names = [byline_names(line) for line in cleaned.bylines]
    names += filter(None, map(name_alone, cleaned.name_lines))
    return tuple(names)


def _page_draft(extracted: Extracted, *, reference: datetime, **provenance: Any) -> Draft:
    """A draft of what the HTML extractor found (files and fetched pages alike)."""
    return Draft(
        **provenance,
        title=extracted.title,
        title_method=extracted.title_method,
        body=extracted.body,
        reference=reference,
        language=extracted.language,
        language_method=extracted.language_method,
        language_confidence=extracted.language_confidence,
        published_at=extracted.published_at,
        published_day_only=extracted.published_day_only,
        notes=extracted.notes,
        updated_at=extracted.updated_at,
        authors=extracted.authors,
        site_name=extracted.site_name,
        description=extracted.description,
        tags=extracted.tags,
        extraction_method=extracted.method,
    )


def normalise_documents(
    docs: Iterable[RawDocument], each: Callable[[], None] | None = None
) -> tuple[list[Article], list[Rejection]]:
    """Decode and clean a batch; failures become rejections, never exceptions. ``each``
    is called per document done (progress)."""
    articles: list[Article] = []
    rejected: list[Rejection] = []
    for doc in docs:
        try:
            result = to_article(doc)
        except Exception as exc:  # a bug on one odd document must not sink the batch
            result = Rejection(
                doc.source_uri, "normalise", "internal_error", f"{type(exc).__name__}: {exc}"
            )
        if isinstance(result, Rejection):
            # what the file was, so that a later run reads it again only once it changes
            rejected.append(
                replace(result, raw_sha256=doc.sha256, raw_size=doc.size, raw_mtime=doc.mtime)
            )
        else:
            articles.append(result)
        if each:
            each()
    return articles, rejected


def _firm_date(article: Article) -> bool:
    """Whether the article's publication date comes of firm evidence (metadata, a
    dateline: ``FIRM_DATE_CONFIDENCE``), not of its path or its body's latest date."""
    found = article.facts.published if article.facts is not None else None
    return found is None or found.confidence >= FIRM_DATE_CONFIDENCE


def assign_to_stories(
    warehouse: Warehouse,
    articles: Sequence[Article],
    settings: DedupSettings = DEFAULT_SETTINGS,
) -> tuple[list[Article], list[Link]]:
    """The dedup stage: each new article's story, against the warehouse and each other."""
    new = [
        # Only a firm publication date keeps copies apart: a fetch or load time says
        # nothing of when the story ran, and an unknown date never separates two copies.
        NewArticle(
            a.source_uri,
            a.body,
            a.content_sha256,
            a.band_keys,
            a.published_at,
            _firm_date(a),
            a.raw_sha256,
        )
        for a in articles
    ]
    assignments = assign_stories(
        new,
        warehouse.story_candidates(new, settings.max_candidates),
        settings,
        pairs=batch_pairs(new),
    )
    story_of = {a.source_uri: a.story_id for a in assignments}
    placed = [replace(a, story_id=story_of[a.source_uri]) for a in articles]
    return dated_by_copies(placed, warehouse), [link for a in assignments for link in a.links]


# A copy of a story runs on the day its source did or up to this many days later (a
# partner's next-day edition, an archive's filing): a year-less dateline takes the year
# that puts it on a dated copy's day or in the days before it.
COPY_DAYS_AFTER = 7
STORY_YEAR_CONFIDENCE = 0.7


def dated_by_copies(placed: list[Article], warehouse: Warehouse) -> list[Article]:
    """Each article whose dateline has no year ("BRUSSELS, Nov 17 (Reuters) -"), and so no
    publication date, dated by the copies of its story that have one, this run's or the
    warehouse's: the year that puts its day on a copy's day or up to
    ``COPY_DAYS_AFTER`` days before it, when the copies agree on one (method
    ``<dateline's>+story_year``). A week of a story's wire copies in text files had no
    date, while its web page, in the same story, said 2026-11-17. An article loaded
    before its dated copy stays undated."""
    waiting = [
        i
        for i, a in enumerate(placed)
        if a.published_at is None
        and a.facts is not None
        and a.facts.published is not None
        and a.facts.published.partial
        and a.facts.published.month is not None
        and a.facts.published.day is not None
    ]
    if not waiting:
        return placed
    stories = {story for i in waiting if (story := placed[i].story_id) is not None}
    days: dict[str, list[date]] = {s: [] for s in stories}
    for a in placed:
        if a.story_id is not None and a.story_id in days and a.published_at is not None:
            days[a.story_id].append(a.published_at.date())
    for story, found in warehouse.story_dates(stories).items():
        days[story] += found
    out = list(placed)
    for i in waiting:
        a = placed[i]
        assert a.facts is not None and a.facts.published is not None
        stated = a.facts.published
        month, day_of_month = stated.month, stated.day
        assert month is not None and day_of_month is not None
        fits = {
            d
            for copy in days.get(a.story_id or "", ())
            for year in (copy.year - 1, copy.year)
            if (d := safe_date(year, month, day_of_month)) is not None
            and 0 <= (copy - d).days <= COPY_DAYS_AFTER
        }
        if len(fits) != 1:
            continue
        (day,) = fits
        dated = replace(
            stated,
            value=day,
            year=day.year,
            method=stated.method.partition(":")[0] + "+story_year",  # ":no_year" no more
            confidence=STORY_YEAR_CONFIDENCE,
        )
        fields = tuple(
            FieldValue("published_at", day.isoformat(), dated.method, dated.confidence)
            if f.field == "published_at"
            else f
            for f in a.facts.fields
        )
        out[i] = replace(
            a,
            published_at=datetime.combine(day, time(), tzinfo=UTC),
            facts=replace(a.facts, published=dated, fields=fields),
        )
    return out


def drop_unchanged(
    docs: Sequence[RawDocument], current: dict[str, FileVersion]
) -> tuple[list[RawDocument], list[str]]:
    """Documents whose bytes differ from their last version in the warehouse (loaded, or
    failed), and the URIs of those that do not."""
    changed, same = [], []
    for doc in docs:
        known = current.get(doc.source_uri)
        if known is None or known.sha256 != doc.sha256:
            changed.append(doc)
        else:
            same.append(doc.source_uri)
    return changed, same


def summarise(
    run_id: str,
    warehouse: Warehouse,
    seen: int,
    result: LoadResult,
    rejections: Sequence[Rejection],
    seconds: float,
) -> RunSummary:
    """The figures of a finished run."""
    return RunSummary(
        run_id=run_id,
        warehouse=str(warehouse.backend),
        seen=seen,
        new=result.new,
        changed=result.changed,
        unchanged=result.unchanged,
        duplicates=result.duplicates,
        failed=len(rejections),
        new_stories=result.new_stories,
        errors_by_stage=dict(Counter(r.stage for r in rejections)),
        first_errors=tuple(rejections[:5]),
        seconds=seconds,
        translations=result.translations,
        failed_before=result.failed_before,
        gone=result.gone,
        moved=result.moved,
    )


def uris_of(items: Iterable[RawDocument | SourceFile | Article]) -> list[str]:
    return [item.uri if isinstance(item, SourceFile) else item.source_uri for item in items]


# -- the web ------------------------------------------------------------------------------


# Response headers never archived: a site's cookies are its visitors' sessions, not data.
UNARCHIVED_HEADERS = frozenset({"set-cookie", "set-cookie2"})


def archived(result: FetchResult) -> ArchivedResponse:
    """A fetch result in the form the warehouse archives (cookies left out)."""
    return ArchivedResponse(
        url=result.url,
        final_url=result.final_url,
        document_uri=None,
        status=result.status,
        headers=tuple((k, v) for k, v in result.headers if k.lower() not in UNARCHIVED_HEADERS),
        content_type=result.content_type,
        charset=result.charset,
        content=result.content,
        redirects=result.redirects,
        attempts=result.attempts,
        elapsed=result.elapsed,
        fetched_at=result.fetched_at,
        etag=result.header("etag"),
        last_modified=result.header("last-modified"),
    )


def fetch_urls(
    urls: Sequence[str],
    settings: FetchSettings,
    validators: dict[str, tuple[str | None, str | None]],
    fetcher: Fetcher | None = None,
    each: Callable[[], None] | None = None,
    last: bool = True,
    keep: Callable[[list[ArchivedResponse | Rejection]], None] | None = None,
) -> tuple[list[ArchivedResponse], list[Rejection]]:
    """Fetch a batch of URLs; pages unchanged since the last fetch come back as 304s.

    Give the run's ``fetcher`` for every batch, so that robots.txt is read once per host
    and a host's spacing holds from one batch to the next; with it, a slow page of a
    batch that is not the ``last`` is carried on and comes back with a later batch
    (``Fetcher.fetch_batch``). ``each`` is called per URL fetched (progress); ``keep``
    is given each response or refusal as it comes, before the batch is done (with the run's
    ``fetcher``: ``newsroom.sources.fetched``).
    """
    known = {url: Validators(etag, modified) for url, (etag, modified) in validators.items()}
    responses: list[ArchivedResponse] = []
    rejected: list[Rejection] = []
    if fetcher is None:
        results = Fetcher(settings).fetch_all(list(urls), known, each)
    else:

        def done(result: FetchResult | Rejection) -> None:
            if keep is not None:
                keep([archived(result) if isinstance(result, FetchResult) else result])

        results = fetcher.fetch_batch(list(urls), known, each, last=last, done=done)
    for result in results:
        if isinstance(result, Rejection):
            rejected.append(result)
        else:
            responses.append(archived(result))
    return responses, rejected


def web_article(
    response: ArchivedResponse, trust_canonical_from: Sequence[str] = ()
) -> Article | Rejection:
    """Decode and extract one archived response into an article.

    The page's declared canonical URL names the document only within the fetched URL's
    registrable domain or ``trust_canonical_from`` (``newsroom.sources.urls``); either
    way the claim is kept in ``article_fields`` as ``canonical_url``, with a method that
    says whether it was trusted.
    """
    if not response.content:  # not for the decoder, which would call it NUL bytes only
        detail = f"HTTP {response.status} with an empty body: the server sent no page"
        return Rejection(response.url, "fetch", "empty_body", detail)
    decoded = decode_bytes(response.content, declared=response.charset)
    if isinstance(decoded, Undecodable):
        return Rejection(response.url, "decode", decoded.error, decoded.detail)
    if response.content_type in TEXT_TYPES and not looks_like_html(decoded.text):
        # a plain-text article (a wire's .txt, an archive served as text): cleaned as a
        # text file is; a new revision when its text changes
        cleaned = clean_text(decoded.text)
        return _text_article(
            cleaned,
            reference=response.fetched_at,
            site_name=None,
            rejected_as=response.url,
            **_fetched(response, decoded.encoding, canonical_url(response.final_url), cleaned),
        )
    extracted = extract_html(decoded.text, url=response.final_url)
    claimed = declared_canonical(response.final_url, extracted.canonical_url)
    trusted = claimed is not None and canonical_trusted(
        response.final_url, claimed, trust_canonical_from
    )
    source_uri = claimed if claimed and trusted else canonical_url(response.final_url)
    draft = _page_draft(
        extracted,
        reference=response.fetched_at,
        **_fetched(response, decoded.encoding, source_uri, extracted),
    )
    article = build(
        draft,
        empty="extract",
        empty_detail="no article text found in the page",
        rejected_as=response.url,
    )
    if claimed and isinstance(article, Article) and article.facts is not None:
        method = "html_canonical" if trusted else "html_canonical_untrusted"
        field = FieldValue("canonical_url", claimed, method, 0.9 if trusted else 0.0)
        facts = replace(article.facts, fields=(*article.facts.fields, field))
        article = replace(article, facts=facts)
    return article


def _fetched(
    response: ArchivedResponse, encoding: str, source_uri: str, text: Extracted | CleanedText
) -> dict[str, Any]:
    """A fetched document's provenance. A page is a new revision when its text changes,
    not when its ads or markup do: its hash is its title's and body's."""
    return {
        "source_uri": source_uri,
        "source_kind": "url",
        "raw_sha256": hashlib.sha256(f"{text.title}\0{text.body}".encode()).hexdigest(),
        "raw_size": len(response.content),
        "raw_mtime": None,
        "encoding": encoding,
        "fetched_at": response.fetched_at,
    }


def extract_responses(
    responses: Sequence[ArchivedResponse],
    trust_canonical_from: Sequence[str] = (),
    each: Callable[[], None] | None = None,
) -> tuple[list[Article], list[ArchivedResponse], list[Rejection], int]:
    """Articles from a batch of responses, each document once.

    Returns the articles, the responses to archive (with the document each became), the
    rejections, and how many responses were 304s or repeated a document already in the
    batch (the same article under two URLs). ``each`` is called per response (progress).
    """
    articles: dict[str, Article] = {}
    kept: list[ArchivedResponse] = []
    rejected: list[Rejection] = []
    unchanged = 0
    for response in responses:
        if each:
            each()
        if response.status == 304:
            kept.append(response)
            unchanged += 1
            continue
        try:
            result = web_article(response, trust_canonical_from)
        except Exception as exc:  # one odd page must not sink the batch
            result = Rejection(
                response.url, "extract", "internal_error", f"{type(exc).__name__}: {exc}"
            )
        if isinstance(result, Rejection):
            rejected.append(result)
            kept.append(response)
            continue
        kept.append(replace(response, document_uri=result.source_uri))
        if result.source_uri in articles:
            unchanged += 1
        else:
            articles[result.source_uri] = result
    return list(articles.values()), kept, rejected, unchanged
