"""A statistical tagger for names: a CRF over the words of a body and what the rules said.

The rules (``facts.classify``, ``facts.entities``) find most names but type many by one
cue each; a conditional random field (CRFsuite, through ``python-crfsuite``) trained on
CoNLL-2003's English training split weighs all the cues at once: the word and its shape,
its neighbours, whether it starts a sentence or sits in an all-capitals line or a table,
the gazetteer, first names, title, organisation and place words, how the same word is
written elsewhere in the document, and the kind and the rule the rules gave it (so the
model learns how far to trust each rule). Labels are BIO over PER, ORG, LOC and MISC.

``bench/train_tagger.py`` trains the model shipped beside this module
(``models/names.crfsuite``); ``bench/conll_eval.py`` scores it. ``tag`` returns the
names with the tagger's confidence in each (the mean marginal probability of its labels).
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources
from itertools import accumulate, compress, count
from operator import attrgetter, ne, sub
from pathlib import Path
from typing import Any

from newsroom.facts.gazetteer import COUNTRY
from newsroom.facts.lexicon import (
    ABBREVIATIONS,
    DEMONYMS,
    JOINERS,
    KNOWN_ORGS,
    KNOWN_OUTLETS,
    LEADING_JUNK,
    NOT_NAMES,
    ORG_HEADS,
    ORG_TAILS,
    TITLE_WORDS,
    is_given_name,
)
from newsroom.facts.places import Gazetteer
from newsroom.facts.rules import Method, Span
from newsroom.wordlists import word_set

MODEL = "names.crfsuite"
KINDS = {"PER": "person", "ORG": "org", "LOC": "place"}

# A word as CoNLL cuts them: dotted abbreviations ("U.S."), initials ("P."), abbreviated titles and
# company words with their period ("St.", "Corp."), words with inner hyphens, periods or
# apostrophes ("Chester-le-Street", "O'Neill"), a possessive apart, or one other character.
# The abbreviations (letters only) are tried only where a capital, lower-case letters and a
# period stand: not at every capitalised word.
_ABBREVIATED = "|".join(
    sorted(
        (w.capitalize() for w in ABBREVIATIONS | {"jr", "sr", "co", "corp", "inc", "ltd"}),
        key=len,
        reverse=True,
    )
)
_TOKEN = re.compile(
    r"(?:[^\W\d_]\.){2,}|(?=[A-Z][a-z]*\.)\b(?:[A-Z]\.|(?:" + _ABBREVIATED + r")\.)"
    r"|\w+(?:[-&.]\w+|['’](?![sS]\b)\w+)*|['’][sS]\b|[^\w\s]"
)
_SENTENCE_END = frozenset({".", "!", "?", ":", '"', "“", "”", "(", "-", "—"})
# Capitalised only because they start a sentence: no name, and not worth tagging there.
_SENTENCE_WORDS = LEADING_JUNK | word_set("sentence_words")


@dataclass(frozen=True, slots=True)
class Tagged:
    """A name the tagger found: where, which kind (PER, ORG, LOC or MISC), how sure."""

    start: int
    end: int
    label: str
    confidence: float

    @property
    def kind(self) -> str | None:
        return KINDS.get(self.label)


@dataclass(slots=True)
class Token:
    """A word the model reads; ``in_span``: inside a span of the rules."""

    text: str
    start: int
    end: int
    in_span: bool = False


@dataclass(slots=True)
class Line:
    """The words of one line of the body and where each starts."""

    words: list[str]
    starts: list[int]


_LINE = re.compile(r"[^\n]+")


# A word with the white space before it: the lengths of the pieces, summed, are where the
# words end, and a word starts its length before (running sums in C instead of a Python
# step per word; no groups, so that the regex engine returns one string a word). A plain
# word (letters and digits with none of the characters that extend one after it) is tried
# first: it is most words, ``_TOKEN`` cuts it the same, and the alternatives before its
# own are not tried on it (a fifth of the time of the scan).
_SPACED_TOKEN = re.compile(r"\s*(?:\w++(?![-&.'’])|" + _TOKEN.pattern + ")")


def tokenize(body: str) -> list[Line]:
    """The words of each line with a capital letter (no other has a name): one sequence
    a line."""
    lines = []
    for line in _LINE.finditer(body):
        text = line.group(0)
        if text.lower() == text:
            continue
        pieces = _SPACED_TOKEN.findall(text)
        if pieces:
            words = list(map(str.lstrip, pieces))  # what \s matched, taken off
            ends = accumulate(map(len, pieces), initial=line.start())
            next(ends)
            lines.append(Line(words, list(map(sub, ends, map(len, words)))))
    return lines


_TYPOGRAPHY = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"', "–": "-", "—": "-"})


def _plain(word: str) -> str:
    """Lower case, with the typographic quotes and dashes of today's news as the plain
    ones of the 1996 wire the model learnt from."""
    return word.lower().translate(_TYPOGRAPHY)


@lru_cache(maxsize=1 << 16)
def word_shape(word: str) -> str:
    """ "Xx", "XX", "x", "d", "X.X." and the like: character classes, runs collapsed."""
    out: list[str] = []
    for ch in word:
        c = "X" if ch.isupper() else "x" if ch.islower() else "d" if ch.isdigit() else ch
        if not out or out[-1] != c:
            out.append(c)
    return "".join(out)[:6]


def _population_bucket(population: int) -> str:
    if population >= COUNTRY:
        return "country"
    if population >= 1_000_000:
        return "big"
    if population >= 100_000:
        return "city"
    return "town" if population else ""


# The features are UTF-8 bytes: CRFsuite reads its attributes as bytes, and python-crfsuite
# encodes a str attribute on every call; the memoised features are encoded once.


@cache
def _word_features(word: str, gazetteer: Gazetteer) -> tuple[bytes, ...]:
    """What a word says by itself, whatever its place (memoised: words recur)."""
    low = _plain(word)
    feats = ["b", f"w={low}", f"sh={word_shape(word)}", f"p3={low[:3]}", f"s3={low[-3:]}"]
    bucket = _population_bucket(gazetteer.population(low))
    if bucket:
        feats.append(f"gz={bucket}")
    if word[:1].isupper():
        if is_given_name(word) or is_given_name(word.capitalize()):
            feats.append("given")
        if word.isupper() and len(word) > 1:
            feats.append("allcaps")
    if low in TITLE_WORDS:
        feats.append("title")
    if low in ORG_HEADS:
        feats.append("orghead")
    if low in ORG_TAILS:
        feats.append("orgtail")
    if low in DEMONYMS:
        feats.append("demonym")
    if low in NOT_NAMES:
        feats.append("notname")
    if word in KNOWN_ORGS or word in KNOWN_OUTLETS:
        feats.append("knownorg")
    return tuple(f.encode() for f in feats)


Seen = tuple[bytes, bytes, bytes, bytes, bytes, bytes]


def neighbour_features(low: str, shape: str) -> Seen:
    """A word of lower case ``low`` and shape ``shape`` as its neighbours see it: from the
    word two before it, the word before, the word after and the word two after, in that
    order (``w-2``; ``w-1``, ``sh-1``; ``w1``, ``sh1``; ``w2``). This tagger and the other
    languages' (``facts.foreign``) read their neighbours alike."""
    seen = (f"w-2={low}", f"w-1={low}", f"sh-1={shape}", f"w1={low}", f"sh1={shape}", f"w2={low}")
    w_2, w_1, sh_1, w1, sh1, w2 = (f.encode() for f in seen)
    return w_2, w_1, sh_1, w1, sh1, w2


Context = tuple[bytes, tuple[bytes, bytes], tuple[bytes, bytes], bytes, str]


@cache
def _context_features(word: str) -> Context:
    """The word as its neighbours see it: from the word two before it (``w-2``), the word
    before (``w-1``, ``sh-1``), the word after (``w1``, ``sh1``) and the word two after
    (``w2``), and its plain lower case (memoised; the pairs grouped, so that ``read``
    adds each with one step)."""
    low = _plain(word)
    w_2, w_1, sh_1, w1, sh1, w2 = neighbour_features(low, word_shape(word))
    return w_2, (w_1, sh_1), (w1, sh1), w2, low


# A number's first digit ("3", not the "0" of "1.0" or "B52"); written digit first, so that
# the regex engine jumps from digit to digit.
_DIGIT_WORD = re.compile(r"\d(?<![\w.]\d)")


def _line_features(line: Line, text: str) -> list[bytes]:
    """An all-capitals line (a headline) or a line of numbers (a table)."""
    feats = []
    if text.upper() == text and text.lower() != text:
        feats.append(b"L:caps")
    if len(_DIGIT_WORD.findall(text)) * 3 >= len(line.words):
        feats.append(b"L:table")
    return feats


# What extends a lower-case word of ``_LOWER_WORD`` on either side: a word character
# (``str.isalnum`` or "_", as ``\w``), an apostrophe or a hyphen.
_LOWER_WORD_JOINS = "_'’-"


@dataclass(slots=True)
class Document:
    """What the whole body says about a word: written mid-sentence with a capital, written
    in lower case, and the kinds the rules gave it."""

    body: str
    mid_capital: set[str]
    rule_kinds: dict[str, set[str]]

    def written_lower(self, low: str) -> bool:
        """Whether ``low`` is a word of the body in lower case (one ``_LOWER_WORD`` finds).
        Asked of the few capitalised words the model reads, each looked for in the body
        (C's search; most names never occur in lower case), instead of listing every
        lower-case word of the body (a tenth of the tagger's features' cost). The search
        comes first: nine words in ten are never found, and are not matched against the
        pattern (which costs as much as the search)."""
        body, size = self.body, len(low)
        at = body.find(low)
        if at < 0 or _LOWER_WORD.fullmatch(low) is None:
            return False
        while at >= 0:
            before = body[at - 1] if at else " "
            after = body[at + size : at + size + 1] or " "
            if not (before.isalnum() or before in _LOWER_WORD_JOINS) and not (
                after.isalnum() or after in _LOWER_WORD_JOINS
            ):
                return True
            at = body.find(low, at + 1)
        return False


# A word in lower case, and a capitalised word after a word or a comma (mid-sentence); the
# letter first and what stands before it in a look-behind, so that the engine jumps from
# letter to letter.
_LOWER_WORD = re.compile(r"[a-z](?<![\w'’-][a-z])[\w'’-]*")
_MID_CAPITAL = re.compile(r"[A-Z](?<=[\w,;] [A-Z])[\w'’.&-]*")


def _document(body: str, spans: Sequence[Span]) -> Document:
    kinds: dict[str, set[str]] = {}
    for s in spans:
        kind = s.kind or "untyped"
        for w in s.name.split():
            kinds.setdefault(w.lower(), set()).add(kind)
    return Document(body, {w.lower() for w in _MID_CAPITAL.findall(body)}, kinds)


def _rule_labels(line: Line, spans: Sequence[Span], starts: list[int]) -> dict[int, RuleFeatures]:
    """What the rules say of the line's words in a span (``RuleFeatures``), by word index;
    ``starts`` are the spans' starts, in order."""
    out: dict[int, RuleFeatures] = {}
    first, last = line.starts[0], line.starts[-1]
    k = bisect_left(starts, first)
    while k < len(spans) and spans[k].start <= last:
        s = spans[k]
        label, inside = _IN_SPAN[s.kind][s.method]
        i = bisect_left(line.starts, s.start)
        while i < len(line.starts) and line.starts[i] < s.end:
            out[i] = label
            label = inside
            i += 1
        k += 1
    return out


def _window(words: list[str]) -> list[int]:
    """The words the model reads: those with a capital letter (not a function word that
    starts a sentence) and the joiners between them ("Bank of England"). The others are
    in no name and are not tagged (what they say reaches their neighbours' features):
    four words in five of news, and most of the cost. Only the capitalised words and the
    two after each are looked at."""
    n = len(words)
    # the words with a capital letter, picked out in C (most words of a line have none)
    capitalised = compress(count(), map(ne, words, map(str.lower, words)))
    anchors = {
        i
        for i in capitalised
        if not ((i == 0 or words[i - 1] in _SENTENCE_END) and words[i].lower() in _SENTENCE_WORDS)
    }
    keep = []
    for i in sorted(anchors):
        keep.append(i)
        j = i + 1  # a joiner after a name word, kept when a name word follows ("of", "of the")
        if j < n and j not in anchors and words[j] in JOINERS:
            if j + 1 in anchors:
                keep.append(j)
            elif j + 2 in anchors and words[j + 1] == "the":
                keep += (j, j + 1)
    return keep


_RULE_KINDS = ("person", "org", "place", "untyped")
_RULE_LABELS = ("O", *(f"{p}-{k}" for p in "BI" for k in _RULE_KINDS))
# The rules' label of a word, of the word before and of the word after, as features.
_RULE_HERE = {label: f"r={label}".encode() for label in _RULE_LABELS}
_RULE_BEFORE = {label: f"r-1={label}".encode() for label in _RULE_LABELS}
_RULE_AFTER = {label: f"r1={label}".encode() for label in _RULE_LABELS}
_RULE_METHOD = {m.value: f"rm={m.value}".encode() for m in Method}
# The speech-verb rule's guess was recorded under its own name when the model learnt.
_RULE_METHOD[Method.LONE_SPEAKER.value] = _RULE_METHOD[Method.SPEECH_VERB.value]

# What the rules say of one word, as the model reads it: the word's own features (its BIO
# label and, in a span, the rule's name: "r=B-place", "rm=gazetteer"), its label as the
# word after it reads it ("r-1=B-place") and as the word before it reads it ("r1=…").
RuleFeatures = tuple[tuple[bytes, ...], bytes, bytes]


def _rule_features(label: str, method: str) -> RuleFeatures:
    here = (_RULE_HERE[label], _RULE_METHOD[method]) if method else (_RULE_HERE[label],)
    return here, _RULE_BEFORE[label], _RULE_AFTER[label]


_OUTSIDE = _rule_features("O", "")
# Built once for every kind and rule (a span's first word, then its other words), not
# once a word: a span's kind (None: untyped) → its rule → (first, other).
_IN_SPAN: dict[str | None, dict[Method, tuple[RuleFeatures, RuleFeatures]]] = {
    kind: {
        m: (_rule_features(f"B-{k}", m.value), _rule_features(f"I-{k}", m.value)) for m in Method
    }
    for kind, k in (("person", "person"), ("org", "org"), ("place", "place"), (None, "untyped"))
}


_KIND_IN_DOCUMENT = {k: f"dk={k}".encode() for k in _RULE_KINDS}


def _in_document(word: str, gazetteer: Gazetteer, doc: Document) -> tuple[bytes, ...]:
    """What a word says by itself and what the rest of the document says of it."""
    low = word.lower()
    feats = _word_features(word, gazetteer)
    kinds = doc.rule_kinds.get(low)
    if kinds:
        feats += tuple(map(_KIND_IN_DOCUMENT.__getitem__, kinds))
    if word[:1].isupper():
        if low in doc.mid_capital:
            feats += (b"d:midcap",)
        if doc.written_lower(low):
            feats += (b"d:lower",)
    return feats


@dataclass(slots=True)
class ReadLine:
    """One line as the model reads it: its words and their starts, the indices of the
    words it reads (``_window``), what the rules say of each word in a span (by index) and
    the features of each word read."""

    words: list[str]
    starts: list[int]
    window: list[int]
    rules: dict[int, RuleFeatures]
    features: list[list[bytes]]


def read(body: str, gazetteer: Gazetteer, spans: Sequence[Span]) -> list[ReadLine]:
    """The lines the model reads (those with a word of ``_window``) and the features of
    their words.

    What a word says by itself and what the document says of it is built once per
    distinct word of the body: words recur, and building features was most of the
    tagger's cost."""
    ordered = sorted(spans, key=lambda s: s.start)
    span_starts = [s.start for s in ordered]
    doc = _document(body, ordered)
    populations = gazetteer.populations
    known: dict[str, tuple[bytes, ...]] = {}  # a word's own features in this document
    ctx = _context_features
    out: list[ReadLine] = []
    for line in tokenize(body):
        words = line.words
        window = _window(words)
        if not window:
            continue
        n = len(words)
        text = body[line.starts[0] : line.starts[-1] + len(words[-1])]
        line_feats = _line_features(line, text)
        rules = _rule_labels(line, ordered, span_starts)
        seq: list[list[bytes]] = []
        previous = -2
        for i in window:
            w = words[i]
            own = known.get(w)
            if own is None:
                own = known[w] = _in_document(w, gazetteer, doc)
            f = [*own, *line_feats, *rules.get(i, _OUTSIDE)[0]]
            if i != previous + 1:
                f.append(b"gap")
            previous = i
            if i == 0 or words[i - 1] in _SENTENCE_END:
                f.append(b"bos")
            if i >= 2:
                f.append(ctx(words[i - 2])[0])
            low = ctx(w)[4]
            if i >= 1:
                before = ctx(words[i - 1])
                f += before[1]
                f.append(rules.get(i - 1, _OUTSIDE)[1])
                if populations.get(before[4] + " " + low):  # the two words name a place
                    f.append(b"gz2-")
            else:
                f.append(b"w-1=<edge>")
            if i + 1 < n:
                after = ctx(words[i + 1])
                f += after[2]
                f.append(rules.get(i + 1, _OUTSIDE)[2])
                if populations.get(low + " " + after[4]):
                    f.append(b"gz2+")
            else:
                f.append(b"w1=<edge>")
            if i + 2 < n:
                f.append(ctx(words[i + 2])[3])
            seq.append(f)
        out.append(ReadLine(words, line.starts, window, rules, seq))
    return out


def features(
    body: str, gazetteer: Gazetteer, spans: Sequence[Span]
) -> tuple[list[list[Token]], list[list[list[bytes]]]]:
    """The words the model reads (``_window``), a sequence a line, and their features
    (what ``bench/train_tagger.py`` learns from)."""
    lines = read(body, gazetteer, spans)
    tokens = [
        [
            Token(r.words[i], r.starts[i], r.starts[i] + len(r.words[i]), i in r.rules)
            for i in r.window
        ]
        for r in lines
    ]
    return tokens, [r.features for r in lines]


@cache
def _open(path: Path) -> Any:
    import pycrfsuite

    tagger = pycrfsuite.Tagger()
    tagger.open(str(path))
    return tagger


# The model ``tag`` reads instead of the shipped one, inside ``with_model`` (one at most).
_OTHER_MODEL: list[Path] = []


@cache
def _shipped() -> Any:
    with resources.as_file(resources.files("newsroom.facts") / "models" / MODEL) as path:
        return _open(Path(path))


def _tagger() -> Any:
    return _open(_OTHER_MODEL[0]) if _OTHER_MODEL else _shipped()


@contextmanager
def with_model(path: Path) -> Iterator[None]:
    """Tag with the model at ``path`` instead of the shipped one inside the block:
    ``bench/train_tagger.py`` scores the model it has just trained on documents it kept
    out, without overwriting the shipped one."""
    _OTHER_MODEL.append(path)
    try:
        yield
    finally:
        _OTHER_MODEL.clear()
        _open.cache_clear()


_END = attrgetter("end")


@dataclass(slots=True)
class Tagging:
    """The tagger's answer on one body: the names it found, and for each capitalised word
    it read outside the names and inside a span of the rules the probability that it is in
    no name (by start offset, in order): what ``outside_of`` is asked about those spans. A
    word in no span is asked nothing, and its probability is not computed."""

    names: list[Tagged]  # in order, none overlapping another
    starts: list[int]
    outside: list[float]

    def overlapping(self, start: int, end: int) -> list[Tagged]:
        """The names that share a character with ``start``–``end``."""
        names = self.names
        i = self._first(start)
        out = []
        while i < len(names) and names[i].start < end:
            out.append(names[i])
            i += 1
        return out

    def _first(self, start: int) -> int:
        """The first name that ends after ``start`` (the names' ends are in order)."""
        return bisect_right(self.names, start, key=_END)

    def outside_of(self, start: int, end: int) -> float | None:
        """The mean probability that the capitalised words from ``start`` to ``end`` (the
        bounds of a span of the rules) are in no name, None when the tagger read none."""
        i, j = bisect_left(self.starts, start), bisect_left(self.starts, end)
        return sum(self.outside[i:j]) / (j - i) if j > i else None


# What no name runs over between two words the model read: a word it skipped that is no
# particle of a name (one of five letters or more, or a number: "Apple, Inc. agreed and
# Inc.", "Vaas 7-0-29-0, de Silva"), more than three skipped words, or a sentence's end
# after a skipped word ("Shell data show. Shares"); the particles of
# "Aravinda de Silva" and "Joost van der Westhuizen" it runs over.
_NO_NAME_BETWEEN = re.compile(r"\d|[^\W\d]{5}|(?:\w+\W+){3}\w|\w[.!?]\s")


def tag(body: str, gazetteer: Gazetteer, spans: Sequence[Span]) -> Tagging:
    """The names the model finds in the body (MISC included), in order."""
    tagger = _tagger()
    marginal = tagger.marginal
    found: list[Tagged] = []
    starts: list[int] = []
    outside: list[float] = []
    for line in read(body, gazetteer, spans):
        labels = tagger.tag(line.features)
        words, word_starts, window, rules = line.words, line.starts, line.window, line.rules
        n = len(labels)
        i = 0
        while i < n:
            if labels[i] == "O":
                w = window[i]
                if w in rules and words[w][:1].isupper():
                    starts.append(word_starts[w])
                    outside.append(marginal("O", i))
                i += 1
                continue
            label = labels[i][2:]
            inside = "I-" + label
            j = i + 1
            while j < n and labels[j] == inside:
                before, here = window[j - 1], window[j]
                if (
                    words[here] == "."
                    or _NO_NAME_BETWEEN.search(
                        body, word_starts[before] + len(words[before]), word_starts[here]
                    )
                    is not None
                ):
                    break
                j += 1
            confidence = sum([marginal(labels[k], k) for k in range(i, j)]) / (j - i)
            last = window[j - 1]
            end = word_starts[last] + len(words[last])
            found.append(Tagged(word_starts[window[i]], end, label, round(confidence, 3)))
            i = j
    return Tagging(found, starts, outside)
