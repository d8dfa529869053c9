"""Exact and near-duplicate detection, and incremental story clusters.

How two articles come to share a story:

1. **Matching form.** Texts are compared after boilerplate removal, in a form that ignores
   case, punctuation, typographic quotes and dashes, and spacing (mojibake is repaired
   earlier, in ``normalise``). Equal matching forms are exact duplicates (``content_hash``).
2. **Candidates** come from MinHash signatures (rensa) over word shingles, cut into LSH
   bands. Each band becomes a 64-bit key; the keys of every loaded article live in the
   warehouse (``article_bands``), so a run finds candidates for its new articles with one
   SQL join instead of rebuilding an index. A second, small signature over the first words
   (the lead) catches teasers and truncated copies, whose overall similarity is low.
3. **Verification** on the text itself: shingle Jaccard similarity, or containment of the
   shorter text in the start of the longer one (a teaser, the end cut). A pair whose
   differing words are mostly numbers and names is a *templated* report about something
   else (same wording, other company, other score), never a copy.
4. **Clusters.** New articles are taken in a fixed order (source URI). An article with no
   verified match founds a story; one whose matches are all in one story joins it; one
   that matches several stories (a bridge) joins the story first seen, and the stories
   are not merged: existing story ids never change. Every verified match is kept as a
   link with its similarity and method, so a user can see why articles were joined.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from functools import cached_property, lru_cache
from itertools import chain
from typing import Any

import numpy as np
import rensa

_NON_WORD = re.compile(r"[\W_]+")
_TOKEN = re.compile(r"\w+")
_MIX = np.uint64(0x9E3779B97F4A7C15)


@dataclass(frozen=True, slots=True)
class DedupSettings:
    """Knobs of near-duplicate detection. Defaults chosen with ``bench/dedup_eval.py``."""

    shingle_size: int = 5  # words per shingle
    num_perm: int = 120  # MinHash permutations of the whole-text signature
    bands: int = 40  # LSH bands of the whole-text signature (rows = num_perm // bands)
    lead_words: int = 60  # the lead signature covers this many first words
    lead_perm: int = 16
    lead_bands: int = 8
    jaccard: float = 0.4  # shingle Jaccard at or above which two texts are one story
    containment: float = 0.8  # share of the shorter text found in the longer one
    lead_overlap: float = 0.5  # ...and share of the longer one's start found in the shorter
    min_containment_shingles: int = 8  # shorter texts cannot join by containment
    templated_key_share: float = 0.8  # differing words mostly numbers/names → templated
    templated_min_keys: int = 3
    templated_max_jaccard: float = 0.9  # above this, a few changed names are a correction
    window_days: int | None = 30  # only articles this close in time can be one story
    max_candidates: int = 200  # per new article, most shared bands first
    compare_per_story: int = 3  # candidates verified per story, most shared bands first
    seed: int = 7


DEFAULT_SETTINGS = DedupSettings()


@lru_cache(maxsize=8)
def matching_text(text: str) -> str:
    """The text as compared for duplicates: NFKC, case-folded, punctuation and spacing gone.

    Typographic quotes, primes, guillemets and dashes are non-word characters like their
    ASCII forms, so they become spaces without a mapping of their own. Memoised for the
    last few texts: ``content_hash`` and ``band_keys`` of one body compute it once.
    """
    folded = unicodedata.normalize("NFKC", text).casefold()
    return _NON_WORD.sub(" ", folded).strip()


def content_hash(text: str) -> str:
    """sha256 of the matching form: equal for copies that differ only in typography."""
    return hashlib.sha256(matching_text(text).encode("utf-8")).hexdigest()


def story_id_for(content_sha256: str) -> str:
    """The id of a story founded by an article with this content hash."""
    return "st_" + content_sha256[:16]


def _shingles(words: Sequence[str], size: int) -> list[str]:
    if len(words) < size:
        return [" ".join(words)] if words else []
    return [" ".join(words[i : i + size]) for i in range(len(words) - size + 1)]


def _band_keys(digest: Sequence[int], bands: int, tag: int) -> list[int]:
    """One signed 64-bit key per band: a mix of the band's rows, its index and a tag."""
    values = np.asarray(digest, dtype=np.uint64).reshape(bands, -1)
    keys: np.ndarray[tuple[int], np.dtype[np.uint64]] = np.arange(bands, dtype=np.uint64)
    keys += np.uint64(tag << 32)
    with np.errstate(over="ignore"):
        for column in values.T:
            keys = np.multiply(np.bitwise_xor(keys, column), _MIX, dtype=np.uint64)
            keys ^= keys >> np.uint64(29)
    return [int(k) for k in keys.view(np.int64)]


def band_keys(text: str, settings: DedupSettings = DEFAULT_SETTINGS) -> tuple[int, ...]:
    """The LSH keys of a clean body: whole-text bands, then lead bands."""
    words = matching_text(text).split()
    if not words:
        return ()
    whole = rensa.RMinHash(num_perm=settings.num_perm, seed=settings.seed)
    whole.update(_shingles(words, settings.shingle_size))
    keys = _band_keys(whole.digest(), settings.bands, tag=1)
    lead = rensa.RMinHash(num_perm=settings.lead_perm, seed=settings.seed)
    lead.update(_shingles(words[: settings.lead_words], settings.shingle_size))
    keys += _band_keys(lead.digest(), settings.lead_bands, tag=2)
    return tuple(keys)


# -- verification --------------------------------------------------------------------------


@dataclass(frozen=True)
class Doc:
    """A text prepared for verification."""

    key: str  # a unique handle: source URI for new articles, article id for loaded ones
    body: str
    content_sha256: str
    seen_at: datetime | None = None
    story_id: str | None = None
    shingle_size: int = DEFAULT_SETTINGS.shingle_size

    def release(self) -> None:
        """Forget the cached word lists (recomputed if asked for again): a batch of a
        million articles cannot hold them all."""
        for name in ("words", "shingles", "lead", "key_tokens"):
            self.__dict__.pop(name, None)

    @cached_property
    def words(self) -> list[str]:
        return matching_text(self.body).split()

    @cached_property
    def shingles(self) -> frozenset[str]:
        return frozenset(_shingles(self.words, self.shingle_size))

    @cached_property
    def lead(self) -> list[str]:
        return _shingles(self.words[:80], self.shingle_size)

    @cached_property
    def key_tokens(self) -> frozenset[str]:
        """Words that name or count: with a digit, or always capitalised in this text."""
        tokens = _TOKEN.findall(self.body)
        lower = {t for t in tokens if t[0].islower()}
        return frozenset(
            t.casefold()
            for t in tokens
            if _has_digit(t) or (t[0].isupper() and t.casefold() not in lower)
        )


_DIGIT = re.compile(r"\d")


def _has_digit(token: str) -> bool:
    return _DIGIT.search(token) is not None


@dataclass(frozen=True, slots=True)
class Match:
    similarity: float  # shingle Jaccard
    containment: float  # share of the shorter text's shingles found in the longer
    method: str  # "exact" | "jaccard" | "containment"


def _templated(a: Doc, b: Doc, settings: DedupSettings, prefix_only: bool) -> bool:
    """True when the words that differ are nearly all numbers and names, and some are
    names: the same template about another company, team or place. (An update whose only
    changes are numbers, a rising toll say, stays the same story.)"""
    short, long_ = (a, b) if len(a.words) <= len(b.words) else (b, a)
    long_words = long_.words[: len(short.words)] if prefix_only else long_.words
    diff = (Counter(short.words) - Counter(long_words)) + (
        Counter(long_words) - Counter(short.words)
    )
    if not diff:
        return False
    names = a.key_tokens | b.key_tokens
    keys = sum(n for word, n in diff.items() if word in names or _has_digit(word))
    named = any(word in names and not _has_digit(word) for word in diff)
    return (
        named
        and keys >= settings.templated_min_keys
        and keys / diff.total() >= settings.templated_key_share
    )


def compare(a: Doc, b: Doc, settings: DedupSettings = DEFAULT_SETTINGS) -> Match | None:
    """Whether two texts are one story, and by which measure."""
    if a.content_sha256 == b.content_sha256:
        return Match(1.0, 1.0, "exact")
    if not a.shingles or not b.shingles:
        return None
    if (
        settings.window_days is not None
        and a.seen_at
        and b.seen_at
        and abs(a.seen_at - b.seen_at) > timedelta(days=settings.window_days)
    ):
        return None
    common = len(a.shingles & b.shingles)
    jaccard = common / len(a.shingles | b.shingles)
    short, long_ = (a, b) if len(a.shingles) <= len(b.shingles) else (b, a)
    containment = common / len(short.shingles)
    if jaccard >= settings.jaccard:
        if jaccard < settings.templated_max_jaccard and _templated(a, b, settings, False):
            return None
        return Match(jaccard, containment, "jaccard")
    if (
        containment >= settings.containment
        and len(short.shingles) >= settings.min_containment_shingles
    ):
        lead = long_.lead[: len(short.shingles)]
        overlap = sum(1 for s in lead if s in short.shingles) / len(lead)
        if overlap >= settings.lead_overlap and not _templated(a, b, settings, prefix_only=True):
            return Match(jaccard, containment, "containment")
    return None


# -- clusters ------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Link:
    """A verified match between a new article and another (new or loaded) article."""

    source_uri: str  # the new article
    similar_key: str  # a new article's source URI, or a loaded article's id
    similar_is_new: bool
    similarity: float
    containment: float
    method: str


@dataclass(slots=True)
class Assignment:
    """The story of one new article, and the matches that put it there."""

    source_uri: str
    story_id: str
    founded: bool  # this article started a new story
    links: list[Link] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class Candidate:
    """A loaded article that shares LSH keys (or its exact content) with a new one."""

    for_uri: str
    article_id: str
    story_id: str
    body: str
    content_sha256: str
    seen_at: datetime | None
    story_first_seen: datetime | None


@dataclass(frozen=True, slots=True)
class NewArticle:
    source_uri: str
    body: str
    content_sha256: str
    band_keys: tuple[int, ...]
    seen_at: datetime | None = None


def assign_stories(
    new: Sequence[NewArticle],
    loaded: Iterable[Candidate],
    settings: DedupSettings = DEFAULT_SETTINGS,
    pairs: Iterable[tuple[str, str, int]] | None = None,
) -> list[Assignment]:
    """Put each new article in a story: a loaded one, one founded earlier in this batch, or
    a new one. Deterministic: articles are taken in source-URI order.

    ``pairs`` are the batch's own candidate pairs ``(uri, uri, shared keys)`` when the
    caller found them (the warehouse does, in SQL, for large batches); without them the
    batch is indexed here, in memory.
    """
    ordered = sorted(new, key=lambda a: a.source_uri)
    position = {a.source_uri: i for i, a in enumerate(ordered)}
    given: dict[int, list[tuple[int, int]]] | None = None
    last_use: dict[int, int] = {}
    release: dict[int, list[int]] = {}
    if pairs is not None:
        given = {}
        for uri_a, uri_b, shared_keys in pairs:
            i, j = sorted((position[uri_a], position[uri_b]))
            given.setdefault(j, []).append((i, shared_keys))
        # The last article each one is compared with: after it, its word lists can go.
        for j, partners in given.items():
            for i, _ in partners:
                last_use[i] = max(last_use.get(i, j), j)
        for i, j in last_use.items():
            release.setdefault(j, []).append(i)
    by_uri_candidates: dict[str, list[Candidate]] = {}
    for cand in loaded:
        by_uri_candidates.setdefault(cand.for_uri, []).append(cand)
    loaded_docs: dict[str, Doc] = {}
    story_first_seen: dict[str, tuple[int, datetime | None, str]] = {}

    # Within the batch: candidates by shared band key or equal content, earlier ones only.
    buckets: dict[int, list[int]] = {}
    by_hash: dict[str, list[int]] = {}
    docs: list[Doc] = []
    assignments: list[Assignment] = []
    for index, article in enumerate(ordered):
        doc = Doc(
            article.source_uri,
            article.body,
            article.content_sha256,
            article.seen_at,
            shingle_size=settings.shingle_size,
        )
        docs.append(doc)
        shared: Counter[int] = Counter()
        if given is not None:
            shared.update(dict(given.pop(index, ())))
        else:
            for key in article.band_keys:
                shared.update(buckets.get(key, ()))
            shared.update({i: 10**6 for i in by_hash.get(article.content_sha256, ())})
        compared: list[tuple[Match | None, str, bool, str, int]] = []
        per_story: Counter[str] = Counter()
        for other, _ in shared.most_common(settings.max_candidates):
            other_story = assignments[other].story_id
            if per_story[other_story] >= settings.compare_per_story:
                continue
            per_story[other_story] += 1
            compared.append(
                (
                    compare(doc, docs[other], settings),
                    ordered[other].source_uri,
                    True,
                    assignments[other].story_id,
                    len(docs[other].words),
                )
            )
        for cand in by_uri_candidates.get(article.source_uri, ())[: settings.max_candidates]:
            if per_story[cand.story_id] >= settings.compare_per_story:
                continue
            per_story[cand.story_id] += 1
            loaded_doc = loaded_docs.get(cand.article_id)
            if loaded_doc is None:
                loaded_doc = Doc(
                    cand.article_id, cand.body, cand.content_sha256, cand.seen_at,
                    cand.story_id, settings.shingle_size,
                )  # fmt: skip
                loaded_docs[cand.article_id] = loaded_doc
                story_first_seen.setdefault(
                    cand.story_id, (0, cand.story_first_seen, cand.story_id)
                )
            compared.append(
                (
                    compare(doc, loaded_doc, settings),
                    cand.article_id,
                    False,
                    cand.story_id,
                    len(loaded_doc.words),
                )
            )
        rejected = _stories_outgrown(compared, len(doc.words)) if compared else set()
        matches = [
            (m, key, is_new, story)
            for m, key, is_new, story, _ in compared
            if m is not None and story not in rejected
        ]

        if matches:
            # The story first seen wins: loaded stories before this batch's, then by time, id.
            story = min({m[3] for m in matches}, key=lambda s: _order(story_first_seen[s]))
            assignment = Assignment(article.source_uri, story, founded=False)
        else:
            story = story_id_for(article.content_sha256)
            story_first_seen.setdefault(story, (1, None, f"{index:012d}"))
            assignment = Assignment(article.source_uri, story, founded=True)
        assignment.links = [
            Link(article.source_uri, key, is_new, m.similarity, m.containment, m.method)
            for m, key, is_new, _ in matches
        ]
        assignments.append(assignment)
        if given is None:
            for key in article.band_keys:
                buckets.setdefault(key, []).append(index)
            by_hash.setdefault(article.content_sha256, []).append(index)
        else:
            for earlier in release.pop(index, ()):
                docs[earlier].release()
            if index not in last_use:
                doc.release()
    return assignments


def _stories_outgrown(
    compared: Sequence[tuple[Match | None, str, bool, str, int]], length: int
) -> set[str]:
    """Stories a longer article must not join although it contains one of their members.

    A teaser is contained in its full story, and also in another story that reuses the
    same lead over different reporting. So a longer article that matches a story only by
    containing its shorter members joins it only when no longer member of that story,
    compared too, turned it down.
    """
    outgrown: set[str] = set()
    for story in {c[3] for c in compared if c[0] is not None}:
        members = [c for c in compared if c[3] == story]
        matched = [c for c in members if c[0] is not None]
        if any(c[0].method != "containment" or c[4] >= length for c in matched if c[0]):
            continue
        longest_matched = max(c[4] for c in matched)
        if any(c[0] is None and c[4] > longest_matched for c in members):
            outgrown.add(story)
    return outgrown


def _order(entry: tuple[int, datetime | None, str]) -> tuple[int, float, str]:
    batch, seen, tiebreak = entry
    return (batch, seen.timestamp() if seen else 0.0, tiebreak)


def cluster_texts(texts: Sequence[str], settings: DedupSettings = DEFAULT_SETTINGS) -> list[str]:
    """A story key per text, clustering the texts as one batch (the evaluation's entry)."""
    new = [
        NewArticle(f"doc:{i:09d}", text, content_hash(text), band_keys(text, settings))
        for i, text in enumerate(texts)
    ]
    by_uri = {a.source_uri: a.story_id for a in assign_stories(new, (), settings)}
    return [by_uri[a.source_uri] for a in new]


# -- candidate pairs within a batch ---------------------------------------------------------


def batch_pairs(new: Sequence[NewArticle]) -> list[tuple[str, str, int]]:
    """Candidate pairs within a batch: articles sharing a band key or the exact text.

    ``(uri, uri, shared)`` with the smaller URI first; ``shared`` counts the rows of
    keys the two share, an equal text counting 1,000,000. Keys are sorted in numpy
    arrays (12 bytes a key row): it scales to a million articles where a Python index
    of tens of millions of keys, or a hash self-join of them, would not.
    """
    if len(new) < 2:
        return []
    uris = sorted({a.source_uri for a in new})
    number = {uri: i for i, uri in enumerate(uris)}
    ids = np.fromiter((number[a.source_uri] for a in new), np.int32, len(new))
    del number
    counts = np.fromiter((len(a.band_keys) for a in new), np.int64, len(new))
    shared: Counter[tuple[int, int]] = Counter()
    _count_shared(
        np.repeat(ids, counts),
        np.fromiter(chain.from_iterable(a.band_keys for a in new), np.int64, counts.sum()),
        1,
        shared,
    )
    _count_shared(
        ids,
        np.fromiter((_hash_key(a.content_sha256) for a in new), np.int64, len(new)),
        1_000_000,
        shared,
    )
    return [(uris[a], uris[b], n) for (a, b), n in shared.items()]


def _count_shared(
    ids: np.ndarray[Any, np.dtype[np.int32]],
    keys: np.ndarray[Any, np.dtype[np.int64]],
    weight: int,
    shared: Counter[tuple[int, int]],
) -> None:
    """Add ``weight`` to ``shared[(a, b)]``, ``a < b``, for every two rows with one key and
    article numbers ``a`` and ``b`` (rows of one number never pair)."""
    order = np.argsort(keys, kind="stable")
    keys = keys[order]
    repeats = keys[1:] == keys[:-1]
    if not repeats.any():
        return
    in_group = np.zeros(len(keys), dtype=bool)
    in_group[:-1] |= repeats
    in_group[1:] |= repeats
    del repeats
    rows = np.flatnonzero(in_group)
    group_keys = keys[rows]
    group_ids = ids[order[rows]]
    del order, keys, in_group
    cuts = np.flatnonzero(group_keys[1:] != group_keys[:-1]) + 1
    for group in np.split(group_ids, cuts):
        members = group.tolist()
        for x, a in enumerate(members):
            for b in members[x + 1 :]:
                if a != b:
                    shared[(a, b) if a < b else (b, a)] += weight


def _hash_key(content_sha256: str) -> int:
    """The exact-text key of the batch self-join: 63 bits of the content hash."""
    return int(content_sha256[:15], 16)
