"""The article builder: the one place that decides an article's fields.

A source says what it found (``Draft``): the text a file's cleaner or a page's extractor
produced (both already unicode-normalised: ``normalise.clean_text`` and
``extract.extract_html`` end with ``normalise_unicode``), its provenance, and what a
page's markup declared. ``build`` decides the rest once, for files and pages alike:

- **language**: what the extractor decided for a page (detection, its declaration as a
  prior), else detected from the body; its ``article_fields`` row names the method that
  gave it and the confidence;
- **words, content hash, MinHash band keys**: from the body;
- **facts** (``newsroom.facts``): people, organisations, places, quotes, dates, amounts,
  each value with its method;
- **authors**: the byline names the facts step keeps (``facts.clean_authors`` over what
  the page or the file's credit lines offered);
- **published**: the page's own date when it is not in the future, else a confident date
  the facts step found (a dateline resolved by its weekday, say; not a guess from dates
  in the body). Every value, guesses included, is in ``article_fields``. The Unix epoch
  (1970-01-01, any time) is a CMS's placeholder for no date: wherever it comes from,
  the page's metadata, a date line or a dateline, it is no date, and the date is the
  next source's (``_without_epoch``).

A failure in the facts step keeps the article, without facts.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, time

from newsroom.datelines import without_version_slug
from newsroom.dedup import band_keys, content_hash
from newsroom.facts import Facts, FieldValue, extract_facts, published_date
from newsroom.metadata import LanguageGuess, language_of, word_count
from newsroom.records import Article, Rejection, SourceKind, Stage, utcnow

logger = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Draft:
    """What a source knows of an article before its fields are decided."""

    source_uri: str
    source_kind: SourceKind
    raw_sha256: str
    raw_size: int
    raw_mtime: datetime | None
    encoding: str
    fetched_at: datetime
    title: str
    body: str
    reference: datetime  # what relative dates in the text ("on Monday") resolve against
    title_method: str | None = None  # what picked the title (TITLE_CONFIDENCE's keys)
    dateline: str | None = None
    credits: tuple[str, ...] = ()
    teasers: tuple[str, ...] = ()  # headlines of links to other stories taken out of the text
    notes: tuple[str, ...] = ()  # a wire's notes to editors taken out ("(Corrects …)")
    removed_lines: int = 0
    # What a page's markup declared (nothing, for plain text):
    language: str | None = None
    language_method: str | None = None  # how the extractor found ``language``
    language_confidence: float = 0.0
    published_at: datetime | None = None
    published_day_only: bool = False  # ``published_at`` is a day's midnight (UTC), no time
    updated_at: datetime | None = None
    authors: tuple[str, ...] = ()
    site_name: str | None = None
    site_name_method: str = "html_metadata"  # or "given": named by whoever ran the ingest,
    # or "page_url_host": a saved page's host
    description: str | None = None
    tags: tuple[str, ...] = ()
    extraction_method: str | None = None


# More words than any news article has (long-form pieces run to 20,000 or 30,000): a text
# this long is a dump of many, a book or a log, and reading it as one story misleads (a
# trial's 2.8 MB line of words topped the report's speakers).
MAX_ARTICLE_WORDS = 100_000


def build(
    draft: Draft, *, empty: Stage, empty_detail: str, rejected_as: str | None = None
) -> Article | Rejection:
    """The article, or a rejection at stage ``empty`` when the draft has no text or more
    words than any article (``MAX_ARTICLE_WORDS``)."""
    if not draft.body.strip():
        return Rejection(rejected_as or draft.source_uri, empty, "no_article_text", empty_detail)
    body = draft.body
    words = word_count(body)
    if words > MAX_ARTICLE_WORDS:
        return Rejection(
            rejected_as or draft.source_uri,
            empty,
            "too_long",
            f"{words:,} words, more than any article ({MAX_ARTICLE_WORDS:,}): a dump of"
            " many articles, a book or a log?",
        )
    if (teasers := _cut_teasers(body)) is not None:
        return Rejection(
            rejected_as or draft.source_uri,
            empty,
            "listing_page",
            f"a list of teasers, no article: {teasers} of its paragraphs are cut short ('…')",
        )
    declared = draft.published_at
    language = LanguageGuess(draft.language, draft.language_method, draft.language_confidence)
    if language.code is None:
        language = language_of(body)
    article = Article(
        source_uri=draft.source_uri,
        source_kind=draft.source_kind,
        raw_sha256=draft.raw_sha256,
        raw_size=draft.raw_size,
        raw_mtime=draft.raw_mtime,
        encoding=draft.encoding,
        title=without_version_slug(draft.title),
        body=body,
        content_sha256=content_hash(body),
        word_count=words,
        language=language.code,
        dateline=draft.dateline,
        credits=draft.credits,
        removed_lines=draft.removed_lines,
        fetched_at=draft.fetched_at,
        published_at=declared
        if declared and declared <= utcnow() and not _epoch(declared)
        else None,
        band_keys=band_keys(body),
        authors=draft.authors,
        site_name=draft.site_name,
        description=draft.description,
        tags=draft.tags,
        updated_at=draft.updated_at,
        extraction_method=draft.extraction_method,
    )
    return _with_facts(article, draft, language)


# A paragraph cut short: an ellipsis at its end (closing quotes or brackets after it).
_CUT_SHORT = re.compile(r"(?:…|\.\.\.)[\"'”’»)\]]*\s*$")
_LISTING_PARAGRAPHS = 4
_LISTING_SHARE = 0.6


def _cut_teasers(body: str) -> str | None:
    """How many of the body's paragraphs are cut short ("7 of 9"), when most of them are
    and there are several: a section's or a tag's page lists its stories' first lines,
    each cut with an ellipsis. (Of the 1,494 gold bodies of the extraction corpus's dev
    part, one has most of four or more paragraphs ending so.)"""
    paragraphs = [p for p in body.split("\n") if p.strip()]
    if len(paragraphs) < _LISTING_PARAGRAPHS:
        return None
    cut = sum(_CUT_SHORT.search(p) is not None for p in paragraphs)
    return f"{cut} of {len(paragraphs)}" if cut >= _LISTING_SHARE * len(paragraphs) else None


# How sure each way of picking a title is, as a field's confidence: the page's own
# metadata, its first heading, the learnt headline scorer's pick (``scored-…``), the page
# copies' title model. Set by hand from the title figures in README's bench table (not
# calibrated probabilities).
TITLE_CONFIDENCE = {"metadata": 0.9, "page-heading": 0.7, "scored": 0.6, "copy_titles": 0.6}


def _title_field(title: str, method: str | None) -> FieldValue | None:
    if not title or method is None:
        return None
    kind = "scored" if method.startswith("scored-") else method
    confidence = TITLE_CONFIDENCE.get(kind, TITLE_CONFIDENCE["metadata"])
    return FieldValue("title", title, method, confidence)


def _with_method(field: FieldValue, draft: Draft, language: LanguageGuess) -> FieldValue:
    """A field the facts step wrote, with the method that really gave it: the language's
    detection or declaration, a site name from the page or from whoever ran the ingest."""
    if field.field == "language":
        method = language.method or "py3langid"
        return replace(field, method=method, confidence=round(language.confidence, 3))
    if field.field == "site_name" and draft.site_name_method == "given":
        return replace(field, method="given", confidence=1.0)
    if field.field == "site_name" and draft.site_name_method == "page_url_host":
        # a saved page's own address (its canonical link, or where its archive says it
        # was saved from) names its host: the outlet a fetch of it would have
        return replace(field, method="page_url_host", confidence=0.7)
    if field.field == "published_at" and field.method == "html_metadata":
        if draft.published_at is not None and not draft.published_day_only:
            # the time the page gave, not only its day: whether a copy came first can be
            # told only between copies whose time is known
            field = replace(field, value=draft.published_at.isoformat())
        if draft.extraction_method == "nitf":
            return replace(field, method="nitf_metadata")  # the document's metadata
    return field


# The Unix epoch's day: what a CMS prints or declares for a story that has no date.
_EPOCH = date(1970, 1, 1)


def _epoch(value: datetime | date | None) -> bool:
    if isinstance(value, datetime):
        value = value.astimezone(UTC).date() if value.tzinfo else value.date()
    return value == _EPOCH


def _without_epoch(facts: Facts, draft: Draft, article: Article) -> Facts:
    """``facts`` whose publication date is the epoch (a "1 January 1970" date line, a
    dateline opening the text) dated instead by the sources after the dateline: the date
    in the file's path or the page's URL, else the body's latest date; none when they
    give none. Its ``published_at`` field goes the same way."""
    if facts.published is None or not _epoch(facts.published.value):
        return facts
    instead = published_date(
        None,
        "",  # the dateline and the text that opens with it are what gave the epoch
        draft.reference,
        mentioned=[d for d in facts.dates if not _epoch(d.value)],
        language=article.language,
        location=article.source_uri,
    )
    fields = [f for f in facts.fields if f.field != "published_at"]
    if instead is not None and instead.value is not None:
        field = FieldValue(
            "published_at", instead.value.isoformat(), instead.method, instead.confidence
        )
        fields.insert(0, field)
    else:
        instead = None
    return replace(facts, published=instead, fields=tuple(fields))


def _with_facts(article: Article, draft: Draft, language: LanguageGuess) -> Article:
    try:
        facts = extract_facts(
            article.title,
            article.body,
            dateline=article.dateline,
            credits=article.credits,
            reference_date=draft.reference,
            authors=article.authors,
            site_name=article.site_name,
            published_at=article.published_at,
            language=article.language,
            word_count=article.word_count,
            teasers=draft.teasers,
            location=article.source_uri,
        )
    except Exception:
        logger.exception("facts extraction failed for %s", article.source_uri)
        return article
    facts = _without_epoch(facts, draft, article)
    published = article.published_at
    found = facts.published
    if (
        published is None
        and found is not None
        and found.value is not None
        and found.confidence >= 0.5
    ):
        published = datetime.combine(found.value, time(), tzinfo=UTC)
    fields = tuple(_with_method(f, draft, language) for f in facts.fields)
    if (title := _title_field(article.title, draft.title_method)) is not None:
        fields = (title, *fields)
    # what the wire says this version changes: kept, as the story's text does not say it
    notes = (
        FieldValue("editors_note", note.strip(), _note_method(note), 0.9) for note in draft.notes
    )
    fields = (*fields, *notes)
    facts = replace(facts, fields=fields)
    return replace(article, facts=facts, published_at=published, authors=facts.authors)


def _note_method(note: str) -> str:
    """Where a note on this version comes from: a wire's note to editors, in brackets
    ("(Corrects time … in paragraph 2)"), or the outlet's correction or update printed
    with the story ("Correction: An earlier version of this article …")."""
    return "wire_note" if note.lstrip()[:1] in "([" else "correction_note"
