"""Typed records that travel through the pipeline.

Data flows one way: a source yields ``SourceFile`` references, reading turns them into
``RawDocument`` (bytes + provenance), normalising turns those into ``Article``, and the
warehouse loads articles. A document that fails a stage becomes a ``Rejection``: data,
not an exception, so the run counts it and the warehouse keeps it in ``ingest_errors``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any, Literal

if TYPE_CHECKING:
    from newsroom.facts import Facts

SourceKind = Literal["file", "url"]
Stage = Literal["discover", "fetch", "read", "decode", "extract", "normalise", "dedup", "load"]


def utcnow() -> datetime:
    """The current time, timezone-aware UTC."""
    return datetime.now(UTC)


@dataclass(frozen=True, slots=True)
class SourceFile:
    """A file found on disk, not read yet."""

    path: str  # absolute, as discovered (symlinks not resolved)
    uri: str  # file:// URI, the document's identity


@dataclass(frozen=True, slots=True)
class FileVersion:
    """What the warehouse holds of a document's current version, to skip unchanged files."""

    sha256: str
    size: int
    mtime: datetime | None
    failed: bool = False  # the file failed a stage then, and no later version loaded


@dataclass(frozen=True, slots=True)
class RawDocument:
    """The bytes of one document and where they came from."""

    source_uri: str
    source_kind: SourceKind
    data: bytes
    sha256: str  # of the bytes
    size: int
    mtime: datetime | None
    path: str | None = None
    fetched_at: datetime = field(default_factory=utcnow)
    outlet: str | None = None  # the outlet whoever ran the ingest named (``--outlet``)


@dataclass(frozen=True, slots=True)
class Article:
    """One clean article, ready to load."""

    source_uri: str
    source_kind: SourceKind
    raw_sha256: str
    raw_size: int
    raw_mtime: datetime | None
    encoding: str
    title: str
    body: str
    content_sha256: str  # of the text normalised for matching
    word_count: int
    language: str | None
    dateline: str | None
    credits: tuple[str, ...]
    removed_lines: int
    fetched_at: datetime
    published_at: datetime | None = None
    band_keys: tuple[int, ...] = ()  # LSH keys of the body, for near-duplicate candidates
    story_id: str | None = None  # set by the dedup stage
    authors: tuple[str, ...] = ()
    site_name: str | None = None
    description: str | None = None
    tags: tuple[str, ...] = ()
    updated_at: datetime | None = None
    extraction_method: str | None = None
    facts: Facts | None = None  # who, what, where, when (newsroom.facts)


@dataclass(frozen=True, slots=True)
class ArchivedResponse:
    """An HTTP response as the warehouse keeps it, for reprocessing without refetching."""

    url: str
    final_url: str
    document_uri: str | None
    status: int
    headers: tuple[tuple[str, str], ...]
    content_type: str
    charset: str | None
    content: bytes
    redirects: tuple[str, ...]
    attempts: int
    elapsed: float
    fetched_at: datetime
    etag: str | None = None
    last_modified: str | None = None


@dataclass(frozen=True, slots=True)
class Rejection:
    """A document that failed a stage, with a short machine reason and a human detail."""

    source_uri: str
    stage: Stage
    error: str  # short, stable reason code, e.g. "too_large", "binary_file"
    detail: str  # a sentence a person can act on
    # what a file was when it failed, so that a later run reads it again only once it
    # changes (None where not known: a fetch, a file that could not be looked at)
    raw_sha256: str | None = None
    raw_size: int | None = None
    raw_mtime: datetime | None = None


# A file saved again with the same text: its URI and the new bytes' sha256, size and mtime.
Resaved = tuple[str, str, int, datetime | None]


@dataclass(frozen=True, slots=True)
class FileStates:
    """What a run found of the files earlier runs read, beyond new articles: those gone
    from the folders it walks (deleted or moved away since: their articles stay, their
    errors no longer wait to be mended), those found again after a run had found them
    gone, and those saved again with other bytes but the same text (``resaved``: other
    line endings, another encoding), which are unchanged: their current version takes
    the new bytes' hash, size and modification time, so that the next run skips them."""

    gone: tuple[str, ...] = ()
    back: tuple[str, ...] = ()
    resaved: tuple[Resaved, ...] = ()
    # files of ``gone`` that had failed and fail the same way at a new path (old path, the
    # failure there): moved, failed before, their error recorded at the new path
    carried: tuple[tuple[str, Rejection], ...] = ()


NO_FILE_STATES = FileStates()


@dataclass(frozen=True, slots=True)
class RunRecord:
    """A run as the warehouse records it in ``runs``."""

    run_id: str
    flow: str
    started_at: datetime
    seen: int
    parameters: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class LoadResult:
    """What a load did, per document."""

    new: int
    unchanged: int
    changed: int  # new versions of documents already loaded
    duplicates: int  # new rows that joined a story already there (copies)
    errors: int
    new_stories: int = 0
    translations: int = 0  # links to translations made as the run published
    failed_before: int = 0  # files that failed in an earlier run, unchanged: not read again
    gone: int = 0  # files the run's folders held in an earlier run and hold no longer
    moved: int = 0  # files of those found, the same bytes, at another path of the run's
    moved_to: tuple[str, ...] = ()  # their new paths

    def __add__(self, other: LoadResult) -> LoadResult:
        """Totals of two loads (the chunks of one run)."""
        return LoadResult(
            new=self.new + other.new,
            unchanged=self.unchanged + other.unchanged,
            changed=self.changed + other.changed,
            duplicates=self.duplicates + other.duplicates,
            errors=self.errors + other.errors,
            new_stories=self.new_stories + other.new_stories,
            translations=self.translations + other.translations,
            failed_before=self.failed_before + other.failed_before,
            gone=self.gone + other.gone,
            moved=self.moved + other.moved,
            moved_to=self.moved_to + other.moved_to,
        )


@dataclass(frozen=True, slots=True)
class RunSummary:
    """The figures a run reports to its user."""

    run_id: str
    warehouse: str
    seen: int
    new: int
    changed: int
    unchanged: int
    duplicates: int
    failed: int
    new_stories: int
    errors_by_stage: dict[str, int]
    first_errors: tuple[Rejection, ...]
    seconds: float
    translations: int = 0
    failed_before: int = 0  # files that failed in an earlier run, unchanged: not read again
    gone: int = 0  # files the run's folders held in an earlier run and hold no longer
    moved: int = 0  # files of those found, the same bytes, at another path of the run's

    @property
    def every_one_failed(self) -> bool:
        """Documents were tried and every one failed: nothing new, changed or unchanged."""
        return all_failed(self.failed, self.new, self.changed, self.unchanged)


def all_failed(failed: int, new: int, changed: int, unchanged: int) -> bool:
    """A run's counts say documents were tried and every one failed (``RunSummary``, or a
    run's row in ``runs``)."""
    return failed > 0 and not (new or changed or unchanged)
