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
3. **Verification** on the text itself. The two texts are aligned word by word and the
   kind of difference decides: one must be the other give or take scattered edits, with
   a bounded passage added before it (chrome, a new lead paragraph), anything after it
   (the rest of a story a teaser or a cut copy lacks), found anywhere in the longer one.
   The longer may also add passages between the shorter's, as many words as the
   shorter has at most (an ad's blurb, captions, a box of links that one extractor of
   the page kept), and the shorter may have passages of its own up to 15 % of its words
   (a paragraph replaced in an updated copy: a quote swapped for "did not respond to
   requests for comment", a correction). Two texts that each have more of their own are
   two stories: a shared lead over different reporting, another story's half quoting a
   few paragraphs, two short stories in the same site's chrome. A pair whose aligned
   substitutions are nearly all names and numbers is a *templated* report about
   something else (same wording, other company, other score), never a copy. Only
   publication dates keep texts apart (more than ``window_days``), compared like with
   like (``FIRM_DATE_CONFIDENCE``: a weak date, read from a path, never keeps a text
   apart from a firm one, of metadata or a dateline); an unknown date never does.
4. **Clusters.** New articles are taken in a fixed order (source URI). An article with no
   verified match founds a story; one whose matches are all in one story joins it; one
   that matches several stories (a bridge) joins the story of its identical text if one
   holds it (a file moved or saved again belongs with its twin), else the story first
   seen, and the stories are not merged: existing story ids never change. A story one
   of whose compared members is the same template with other facts is closed to the
   article, whatever its other members say (no joining through an updated copy), unless
   it holds the article's identical text, which is always compared. A new version of a
   document still like its current version keeps that version's story. Every verified
   match is kept as a link with its similarity and method, so a user can see why
   articles were joined.
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
from rapidfuzz.distance import Levenshtein

from newsroom.metadata import UNSPACED_CHAR

_NON_WORD = re.compile(r"[\W_]+")
_UNSPACED_CHAR = re.compile(UNSPACED_CHAR)
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
    min_containment_shingles: int = 8  # shorter texts cannot join by containment
    block_words: int = 10  # an unaligned run this long is a passage, not an edit
    # passages of the shorter text the longer may lack: a paragraph replaced (0.05 before
    # 2026-12-06; a trial's copies with a paragraph replaced stayed apart)
    max_extra_share: float = 0.15
    max_head_words: int = 80  # passages the longer may add before the shorter...
    max_head_share: float = 0.2  # ...or this share of the shorter, if more
    max_inner_share: float = 1.0  # passages the longer may add inside, as a share of the shorter
    max_close_share: float = 0.15  # a close of the shorter's own (else a closing line's words)
    # a text longer than both of these holds no copy of the shorter, however whole: it is
    # a compilation (a digest, a newsletter, a day's archive in one file). The rest of a
    # story that a teaser (a quarter of it, or its first paragraph) lacks is within both.
    max_growth: float = 8.0  # times the shorter text's words
    max_grown_words: int = 5000
    templated_key_share: float = 0.8  # aligned substitutions mostly names/numbers → templated
    templated_min_keys: int = 3
    templated_max_jaccard: float = 0.9  # above this, a few changed names are a correction
    window_days: int | None = 30  # only articles this close in time can be one story
    max_candidates: int = 200  # per new article, most shared bands first
    compare_per_story: int = 3  # candidates verified per story, most shared bands first
    seed: int = 7


DEFAULT_SETTINGS = DedupSettings()

# The confidence of a firm publication date: a page's metadata, a dateline (0.8-0.9).
# Dates compare like with like (``window_days``): two firm dates, or two weak ones (a date
# read from a file's folders or name, ``path_date``, 0.6; the body's latest date, 0.3),
# keep texts apart; a weak date never keeps a text apart from a firm one. A file name's
# date is often the day the file was saved: a page and a text copy of it, word for word,
# were two stories on it; while two copies of a standing text in an archive's folders of
# 2023 and 2025 are two stories. But the same bytes are one document whatever its dates:
# a page saved into the folders of two days months apart (trial19) is one story.
FIRM_DATE_CONFIDENCE = 0.7


@lru_cache(maxsize=8)
def matching_text(text: str) -> str:
    """The text as compared for duplicates: NFKC, case-folded, punctuation and spacing gone.

    Typographic quotes, primes, guillemets and dashes are non-word characters like their
    ASCII forms, so they become spaces without a mapping of their own. Memoised for the
    last few texts: ``content_hash`` and ``band_keys`` of one body compute it once.
    """
    folded = unicodedata.normalize("NFKC", text).casefold()
    return _NON_WORD.sub(" ", folded).strip()


def split_words(text: str) -> list[str]:
    """The words of a matching text (or of any text with its punctuation gone); in a
    script written without spaces (Chinese, Japanese, Thai, ...) every character is a
    word, so that shingles are character n-grams there: the units its copies share,
    where splitting at spaces would make a paragraph one word."""
    if _UNSPACED_CHAR.search(text) is None:
        return text.split()
    return _UNSPACED_CHAR.sub(r" \g<0> ", text).split()


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
    words = split_words(matching_text(text))
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
    firm_date: bool = True  # ``seen_at`` comes of firm evidence (``FIRM_DATE_CONFIDENCE``)
    raw_sha256: str | None = None  # of the bytes read, where known

    def release(self) -> None:
        """Forget the cached word lists (recomputed if asked for again): a batch of a
        million articles cannot hold them all."""
        for name in ("words", "shingles", "cased_words"):
            self.__dict__.pop(name, None)

    @cached_property
    def words(self) -> list[str]:
        return split_words(matching_text(self.body))

    @cached_property
    def shingles(self) -> frozenset[str]:
        return frozenset(_shingles(self.words, self.shingle_size))

    @cached_property
    def cased_words(self) -> list[str]:
        """The words as written, one for each of ``words`` (where case folding splits or
        joins a word, which is rare, the folded words stand in)."""
        cased = split_words(_NON_WORD.sub(" ", unicodedata.normalize("NFKC", self.body)))
        return cased if len(cased) == len(self.words) else self.words


_DIGIT = re.compile(r"\d")


@dataclass(frozen=True, slots=True)
class Match:
    similarity: float  # shingle Jaccard
    containment: float  # share of the shorter text's shingles found in the longer
    method: str  # "exact" | "jaccard" | "containment"


@dataclass(frozen=True, slots=True)
class Alignment:
    """Two texts aligned word by word: what each has that the other lacks.

    ``short_extra``: words of the shorter text in unaligned runs of at least ``block``
    words (passages it has and the longer lacks; scattered edits make shorter runs);
    ``short_head``: those of them before its first aligned passage of ``block`` words or
    more (a lead of its own, a dateline both share before it or not); ``short_tail``: those
    after its last (a closing line of its own: "This article first appeared in …").
    ``head``: unaligned words of the longer text before the first aligned word, plus its
    unaligned runs of at least ``block`` between aligned words; ``tail``: those after the
    last (the rest of a story a teaser or a cut copy lacks, or chrome at the end).
    ``facts`` / ``others``: one-for-one word substitutions whose two words both name or
    count (capitalised or with a digit, as written), and the other substitutions;
    ``named``: whether a changed fact is a name rather than a number.
    """

    short_extra: int
    head: int
    tail: int
    facts: int
    others: int
    named: bool
    short_head: int = 0
    short_tail: int = 0
    inner: int = 0  # of ``head``, the longer's runs after its first aligned passage


def _runs(aligned: Sequence[bool], block: int) -> int:
    """Words in unaligned runs of at least ``block`` (runs at the ends included)."""
    total = run = 0
    for m in aligned:
        if m:
            total += run if run >= block else 0
            run = 0
        else:
            run += 1
    return total + (run if run >= block else 0)


# A closing line both texts end with ("Reporting by …; Editing by …", a credit): at most
# this many words.
CLOSING_LINE_WORDS = 25


def _without_closing_line(
    hits: list[int], in_short: Sequence[bool], n_long: int, block: int
) -> list[int]:
    """The longer text's aligned words, less a closing line both texts end with when a
    passage of the longer stands before it in the shorter's place: a copy cut short that
    kept its sign-off is cut at the end, not in the middle."""
    if not (in_short and in_short[-1] and hits[-1] == n_long - 1):
        return hits
    start = len(hits) - 1
    while start > 0 and hits[start - 1] == hits[start] - 1:
        start -= 1  # the last aligned run of the longer
    closing = len(hits) - start
    if start == 0 or closing > CLOSING_LINE_WORDS or hits[start] - hits[start - 1] - 1 < block:
        return hits
    return hits[:start]


def _is_fact(word: str) -> bool:
    """A word that names or counts: capitalised, or with a digit."""
    return word[:1].isupper() or _DIGIT.search(word) is not None


def _glued(x: str, y: str, words_x: Sequence[str], words_y: Sequence[str], i: int, j: int) -> bool:
    """Whether the substitution of ``x`` (``words_x[i]``) by ``y`` (``words_y[j]``) is two
    words run together in one text ("Haut Für" as "HautFür": a copy whose inline elements
    lost the space between them), no other fact: in German every noun is capitalised, and
    five such joins had made a copy of a page a templated report about something else."""
    after_x = words_x[i + 1] if i + 1 < len(words_x) else ""
    after_y = words_y[j + 1] if j + 1 < len(words_y) else ""
    return bool(after_x and y == x + after_x) or bool(after_y and x == y + after_y)


def align(short: Doc, long_: Doc, block: int, min_run: int = 3) -> Alignment:
    """Align two texts word by word and describe the difference. The alignment is a
    minimal edit script (Levenshtein over words: rapidfuzz, in C++, bit-parallel), so
    its cost grows with the product of the lengths over the machine word, not with
    Python steps per pair. Aligned runs shorter than ``min_run`` words (a stray "of the")
    do not count as aligned; a run of words replaced one for one is where facts swap."""
    in_short = [False] * len(short.words)
    in_long = [False] * len(long_.words)
    cased_s, cased_l = short.cased_words, long_.cased_words
    facts = others = 0
    named = False
    for op in Levenshtein.opcodes(short.words, long_.words):
        i1, i2, j1, j2 = op.src_start, op.src_end, op.dest_start, op.dest_end
        if op.tag == "equal" and i2 - i1 >= min_run:
            in_short[i1:i2] = [True] * (i2 - i1)
            in_long[j1:j2] = [True] * (j2 - j1)
        elif op.tag == "replace":
            for k, (x, y) in enumerate(zip(cased_s[i1:i2], cased_l[j1:j2], strict=True)):
                if (
                    _is_fact(x)
                    and _is_fact(y)
                    and not _glued(x, y, cased_s, cased_l, i1 + k, j1 + k)
                ):
                    facts += 1
                    named = named or not (_DIGIT.search(x) or _DIGIT.search(y))
                else:
                    others += 1
    hits = [j for j, m in enumerate(in_long) if m]
    if not hits:
        return Alignment(len(in_short), len(in_long), 0, facts, others, named)
    hits = _without_closing_line(hits, in_short, len(in_long), block)
    first, last = hits[0], hits[-1]
    # the passages the longer adds inside the shorter's: after its first aligned passage
    # (stray three-word matches before it are no part of the shorter's text)
    lead = _first_passage(in_long, block)
    inner = _runs(in_long[lead : last + 1], block) if lead <= last else 0
    return Alignment(
        _runs(in_short, block),
        first + _runs(in_long[first : last + 1], block),
        len(in_long) - last - 1,
        facts,
        others,
        named,
        _runs(in_short[: _first_passage(in_short, block)], block),
        _runs(in_short[len(in_short) - _first_passage(in_short[::-1], block) :], block),
        inner,
    )


def _first_passage(aligned: Sequence[bool], block: int) -> int:
    """Where the first aligned run of at least ``block`` words starts (the length when
    there is none): the shorter text's lead of its own ends there, past a dateline both
    share ("BERLIN, March 3 (Reuters) -" over a rewritten first sentence)."""
    run = 0
    for i, m in enumerate(aligned):
        run = run + 1 if m else 0
        if run >= block:
            return i - block + 1
    return len(aligned)


def _templated(form: Alignment, settings: DedupSettings) -> bool:
    """True when the words that differ, aligned, are nearly all names and numbers swapped
    for others, and some are names: the same template about another company, team or
    place. (An update whose only changes are numbers, a rising toll say, stays the same
    story; so does a correction of one or two names.)"""
    return (
        form.named
        and form.facts >= settings.templated_min_keys
        and form.facts >= settings.templated_key_share * (form.facts + form.others)
    )


def verify(a: Doc, b: Doc, settings: DedupSettings = DEFAULT_SETTINGS) -> tuple[Match | None, str]:
    """Whether two texts are one story, by which measure, and if not, why not.

    One text must be the other give or take scattered edits, with passages added only at
    its head (chrome, a new lead: a bounded amount) or at either end of the longer, or
    cut from the end of the longer (a teaser, a truncated copy); a lead of its own at
    the head of each is allowed too (a rewrite with a new lead and its end cut). Two
    texts that each have a passage the other lacks anywhere else are two stories (a
    shared lead over different reporting, another story's half with quoted paragraphs,
    two stories in one site's chrome), and a text many times longer than the other holds
    it as a digest does (``max_growth``). The reasons: "", "dates", "dissimilar",
    "compilation", "shape", "templated".
    """
    if a.raw_sha256 is not None and a.raw_sha256 == b.raw_sha256:
        return Match(1.0, 1.0, "exact"), ""  # the same bytes: one document, saved again
    if (
        settings.window_days is not None
        and a.seen_at
        and b.seen_at
        and a.firm_date == b.firm_date
        and abs(a.seen_at - b.seen_at) > timedelta(days=settings.window_days)
    ):
        return None, "dates"  # the same words years apart too: a standing text, another story
    if a.content_sha256 == b.content_sha256:
        return Match(1.0, 1.0, "exact"), ""
    if not a.shingles or not b.shingles:
        return None, "dissimilar"
    common = len(a.shingles & b.shingles)
    jaccard = common / len(a.shingles | b.shingles)
    short, long_ = (a, b) if len(a.shingles) <= len(b.shingles) else (b, a)
    containment = common / len(short.shingles)
    if jaccard < settings.jaccard and containment < settings.containment:
        return None, "dissimilar"
    if jaccard < settings.jaccard and len(short.shingles) < settings.min_containment_shingles:
        return None, "dissimilar"
    if len(long_.words) > max(settings.max_growth * len(short.words), settings.max_grown_words):
        return None, "compilation"  # it holds other stories too: a copy of none of them
    block = settings.block_words
    form = align(short, long_, block)
    n_short = len(short.words)
    # a lead of its own is allowed at the head of either text (a rewrite's new lead on a
    # copy cut at the end: the shorter one), as much as chrome or a new lead at the head
    # of the longer; a passage the shorter adds anywhere else makes two stories
    head_allowed = max(settings.max_head_words, settings.max_head_share * n_short)
    # and a closing line of its own at the end of the shorter (a partner's "This article
    # first appeared in …" in place of the last paragraph)
    close_allowed = max(CLOSING_LINE_WORDS, settings.max_close_share * n_short)
    own_close = form.short_tail if form.short_tail <= close_allowed else 0
    own_close = min(own_close, form.short_extra - form.short_head)  # counted once
    if form.short_extra - form.short_head - own_close > settings.max_extra_share * n_short:
        return None, "shape"
    # and passages the longer adds between the shorter's (an ad's blurb, a caption, a box
    # of links one extractor kept and the other did not) up to the shorter's length: the
    # longer may add anything after it, so as much inside is no other story
    inner_allowed = max(head_allowed, settings.max_inner_share * n_short)
    if form.head - form.inner > head_allowed or form.inner > inner_allowed:
        return None, "shape"
    if form.short_head > head_allowed:
        return None, "shape"
    if jaccard < settings.templated_max_jaccard and _templated(form, settings):
        return None, "templated"
    # "jaccard": the same text give or take scattered edits; "containment": one inside the
    # other with passages around it (a teaser's story is then checked whole, in
    # _stories_outgrown, before a longer text joins it through the teaser).
    scattered = form.head <= block and form.tail <= block
    method = "jaccard" if scattered else "containment"
    return Match(jaccard, containment, method), ""


def compare(a: Doc, b: Doc, settings: DedupSettings = DEFAULT_SETTINGS) -> Match | None:
    """Whether two texts are one story, and by which measure."""
    return verify(a, b, settings)[0]


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
    seen_at: datetime | None  # the date it was published, None when unknown
    story_first_seen: datetime | None
    earlier_version: bool = False  # an earlier version of the new article's own document
    firm_date: bool = True  # ``seen_at`` comes of firm evidence (``FIRM_DATE_CONFIDENCE``)
    raw_sha256: str | None = None  # of the bytes read, where known


@dataclass(frozen=True, slots=True)
class NewArticle:
    source_uri: str
    body: str
    content_sha256: str
    band_keys: tuple[int, ...]
    seen_at: datetime | None = None  # the date it was published, None when unknown
    firm_date: bool = True  # ``seen_at`` comes of firm evidence (``FIRM_DATE_CONFIDENCE``)
    raw_sha256: str | None = None  # of the bytes read, where known


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
            firm_date=article.firm_date,
            raw_sha256=article.raw_sha256,
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
        vetoed: set[str] = set()  # stories a member of which is the same template, other facts
        own_story: str | None = None  # the story of this document's earlier version
        per_story: Counter[str] = Counter()
        for other, _ in shared.most_common(settings.max_candidates):
            other_story = assignments[other].story_id
            if per_story[other_story] >= settings.compare_per_story:
                continue
            per_story[other_story] += 1
            match, reason = verify(doc, docs[other], settings)
            if reason == "templated":
                vetoed.add(other_story)
            compared.append(
                (
                    match,
                    ordered[other].source_uri,
                    True,
                    assignments[other].story_id,
                    len(docs[other].words),
                )
            )
        for cand in by_uri_candidates.get(article.source_uri, ())[: settings.max_candidates]:
            if (
                per_story[cand.story_id] >= settings.compare_per_story
                and not cand.earlier_version
                and cand.content_sha256 != article.content_sha256  # an identical text decides
            ):
                continue
            per_story[cand.story_id] += 1
            loaded_doc = loaded_docs.get(cand.article_id)
            if loaded_doc is None:
                loaded_doc = Doc(
                    cand.article_id, cand.body, cand.content_sha256, cand.seen_at,
                    cand.story_id, settings.shingle_size, cand.firm_date, cand.raw_sha256,
                )  # fmt: skip
                loaded_docs[cand.article_id] = loaded_doc
                story_first_seen.setdefault(
                    cand.story_id, (0, cand.story_first_seen, cand.story_id)
                )
            match, reason = verify(doc, loaded_doc, settings)
            if reason == "templated":
                vetoed.add(cand.story_id)
            if match is not None and cand.earlier_version:
                own_story = cand.story_id
            compared.append(
                (
                    match,
                    cand.article_id,
                    False,
                    cand.story_id,
                    len(loaded_doc.words),
                )
            )
        rejected = _stories_outgrown(compared, len(doc.words)) if compared else set()
        # A story holding the identical text is the article's, whatever its other members
        # say (a file moved or saved again belongs with its twin).
        exact = {c[3] for c in compared if c[0] is not None and c[0].method == "exact"}
        matches = [
            (m, key, is_new, story)
            for m, key, is_new, story, _ in compared
            if m is not None and (story in exact or story not in (rejected | vetoed))
        ]

        if own_story is not None:
            # A new version still like its earlier one keeps the story: story ids are stable.
            story = own_story
            assignment = Assignment(article.source_uri, story, founded=False)
        elif matches:
            # The same text's story, where one holds it; else the story first seen wins:
            # loaded stories before this batch's, then by time, id.
            pool = exact or {m[3] for m in matches}
            story = min(pool, key=lambda s: _order(story_first_seen[s]))
            assignment = Assignment(article.source_uri, story, founded=False)
        else:
            story = story_id_for(article.content_sha256)
            if story in {c[3] for c in compared}:
                # the same text founded a story already, out of this one's dates: the id
                # its content would give is taken
                seed = f"{article.content_sha256} {article.source_uri}".encode()
                story = story_id_for(hashlib.sha256(seed).hexdigest())
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
