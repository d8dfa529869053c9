"""Translated copies: an article and its translation into another language, linked.

A translation is a different article (its own story, its own words), but an analyst who
follows a story across languages wants to know that the German text is the English one
translated. Nothing here translates. What a translation keeps whatever the language are
its **anchors**: the numbers it quotes and the names it spells. So each article gives a
set of anchor keys:

- every number of two digits or more, read as its digits alone, so that ``1,200``,
  ``1.200`` and ``1 200`` are one number, and ``3.5`` one with ``3,5``;
- every capitalised word that does not open a sentence, and every acronym, written in
  Latin letters (``anyascii`` transliterates Cyrillic, Greek, Devanagari and the rest)
  and cut to its first five letters, so that ``Путина``, ``Putin`` and ``Putins`` are
  one name; in a script without capitals every word of four letters or more is taken,
  the names among them matching and the rest matching nothing.

Two articles in different languages are compared by the anchors they share, each
weighted by how rare it is among the articles compared (``log(N / df)``): the score is
the shared weight over the larger article's total, so an article with few anchors does
not link on a handful of common ones. A name only one language uses across the articles
(a German noun, a Hindi word) weighs nothing, since no translation can share it; a
number always weighs. A translation keeps the numbers: two articles quoting two numbers
or more that share under half of the fewer are not translations.

Each article takes at most one translation per language: pairs are taken best first, a
pair whose article already has a translation in the other's language is left out, and a
pair must stand out: on each side, the best article of the other's language from another
story scores at most ``margin`` of it (two reports of one event tie; a translation does
not). A pair needs ``min_score`` and ``min_shared`` anchors. These settings were chosen
on the develop part of ``bench/translation_eval.py``'s corpus (WMT newstest2014: news
stories and their professional translations, with stories of the same weeks as the hard
cases); that bench reports the other part.

What it cannot do, said plainly: a script the transliteration spells differently from
English usage (Chinese and Japanese names read in pinyin and romaji), and two
independent reports of one event that quote the same figures and names, which can look
like a translation.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Mapping, Set
from dataclasses import dataclass

import regex
from anyascii import anyascii

NAME_LETTERS = 5  # a name's key: its first letters, so that inflected forms meet
NUMBERS_KEPT = 0.5  # of the fewer numbers, the share a translation must repeat


@dataclass(frozen=True, slots=True)
class TranslationSettings:
    min_score: float = 0.15
    min_shared: int = 3
    margin: float = 0.6  # the next best rival's score, at most this share of the pair's
    window_days: int | None = 30  # articles published further apart are not compared


@dataclass(frozen=True, slots=True)
class Translation:
    article_id: str
    translated_article_id: str
    score: float  # shared anchor weight over the larger article's total
    shared: int  # anchors the two share


_NUMBER = re.compile(
    r"(?<![\w.,])\d{1,3}(?:[.,\u00a0\u202f ]\d{3})+(?:[.,]\d+)?(?!\d)|(?<!\w)\d+(?:[.,]\d+)?"
)
# Letters with their combining marks: Devanagari's vowel signs are marks, not letters.
_WORD = regex.compile(r"\p{L}[\p{L}\p{M}]*(?:['’-]\p{L}[\p{L}\p{M}]*)*")
_SENTENCE_END = re.compile(r"[.!?。！？:;\"«»„“”]\W*$")


def anchors(text: str) -> frozenset[str]:
    """The article's anchor keys (see the module's docstring)."""
    keys: set[str] = set()
    for match in _NUMBER.finditer(text):
        digits = "".join(str(unicodedata.digit(c)) for c in match.group() if c.isdigit())
        digits = digits.lstrip("0")
        if len(digits) >= 2:
            keys.add("#" + digits)
    for line in text.splitlines():
        previous_end = 0
        for match in _WORD.finditer(line):
            word = match.group()
            gap = line[previous_end : match.start()]
            opens = previous_end == 0 or _SENTENCE_END.search(gap) is not None
            previous_end = match.end()
            key = _name_key(word, opens)
            if key:
                keys.add(key)
    return frozenset(keys)


def _name_key(word: str, opens_sentence: bool) -> str | None:
    first = word[0]
    if first.isupper() or first.islower():  # a script with capitals
        acronym = len(word) >= 2 and word.isupper()
        if not acronym and (opens_sentence or not first.isupper()):
            return None
    elif len(word) < 4:
        return None
    letters = "".join(
        c for c in anyascii(unicodedata.normalize("NFC", word)).lower() if c.isalpha()
    )
    if len(letters) < 3:
        return None
    return "n:" + letters[:NAME_LETTERS]


def weights(anchor_sets: Iterable[tuple[frozenset[str], str]]) -> dict[str, float]:
    """Each anchor's weight among these (anchors, language) articles: ``log(N / df)``,
    and none for an anchor only one language uses (a German noun, a Hindi word), which
    no translation can share."""
    df: Counter[str] = Counter()
    languages: dict[str, set[str]] = {}
    n = 0
    for keys, language in anchor_sets:
        df.update(keys)
        for key in keys:
            languages.setdefault(key, set()).add(language)
        n += 1
    return {
        key: math.log((n + 1) / count)
        for key, count in df.items()
        if len(languages[key]) > 1 or key.startswith("#")
    }


def score(a: frozenset[str], b: frozenset[str], weight: Mapping[str, float]) -> tuple[float, int]:
    """The shared anchors' weight over the larger article's total, and how many they are.
    A translation keeps the numbers: when both quote two numbers or more and share under
    ``NUMBERS_KEPT`` of the fewer, the pair scores nothing (two reports of one event
    naming the same people, each with figures of its own)."""
    shared = a & b
    if not shared:
        return 0.0, 0
    numbers_a = sum(1 for k in a if k.startswith("#"))
    numbers_b = sum(1 for k in b if k.startswith("#"))
    fewer = min(numbers_a, numbers_b)
    if fewer >= 2 and sum(1 for k in shared if k.startswith("#")) < NUMBERS_KEPT * fewer:
        return 0.0, len(shared)
    total = max(sum(weight.get(k, 0.0) for k in a), sum(weight.get(k, 0.0) for k in b))
    if total <= 0:
        return 0.0, len(shared)
    return sum(weight.get(k, 0.0) for k in shared) / total, len(shared)


def choose(
    scored: Iterable[tuple[str, str, float, int]],
    language: Mapping[str, str],
    taken: Iterable[tuple[str, str]] = (),
    settings: TranslationSettings = TranslationSettings(),
    story: Mapping[str, str] | None = None,
    new: Set[str] | None = None,
) -> list[Translation]:
    """Pairs ``(article, other, score, shared)`` to links: best first, at most one
    translation per article per language, and only a pair that stands out: on each side
    the next best article of the other's language (of another story: copies of one story
    tie) scores at most ``margin`` of it. ``taken`` are the (article, language) slots
    earlier links fill. With ``new``, only pairs with a new article are linked (the
    others are only rivals)."""
    scored = list(scored)
    pairs = [
        p
        for p in scored
        if p[2] >= settings.min_score
        and p[3] >= settings.min_shared
        and (new is None or p[0] in new or p[1] in new)
    ]
    best: dict[tuple[str, str], list[tuple[float, str]]] = {}
    for a, b, value, _ in scored if settings.margin < 1 else ():
        best.setdefault((a, language[b]), []).append((value, b))
        best.setdefault((b, language[a]), []).append((value, a))

    def group(article: str) -> str:
        return story.get(article, article) if story else article

    def stands_out(a: str, b: str, value: float) -> bool:
        rivals = (v for v, other in best.get((a, language[b]), ()) if group(other) != group(b))
        return max(rivals, default=0.0) <= settings.margin * value

    filled = set(taken)
    links = []
    for a, b, value, shared in sorted(pairs, key=lambda p: (-p[2], p[0], p[1])):
        if (a, language[b]) in filled or (b, language[a]) in filled:
            continue
        if settings.margin < 1 and not (stands_out(a, b, value) and stands_out(b, a, value)):
            continue
        filled.add((a, language[b]))
        filled.add((b, language[a]))
        links.append(Translation(a, b, round(value, 4), shared))
    return links
