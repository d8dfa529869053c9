"""Translated copies: an article and its translation into another language, linked.

A translation is a different article (its own story, its own words), but an analyst who
follows a story across languages wants to know that the German text is the English one
translated. Nothing here translates. What a translation keeps whatever the language are
its **anchors**: the numbers it quotes and the names it spells. So each article gives a
set of anchor keys:

- every number of two digits or more, read as its digits alone, so that ``1,200``,
  ``1.200`` and ``1 200`` are one number, and ``3.5`` one with ``3,5``;
- every capitalised word that does not open a sentence, and every acronym, written in
  Latin letters (``anyascii`` transliterates Cyrillic, Greek, Devanagari and the rest),
  with one spelling for sounds that languages write differently (``_SPELLINGS``: c/k,
  w/v, sh/sch/ш, …) and cut to its first five letters, so that ``Путина``, ``Putin``
  and ``Putins`` are one name, and ``Карлос`` and ``Carlos``; in a script without
  capitals every word of four letters or more is taken, the names among them matching
  and the rest matching nothing.

Two articles in different languages are compared by the anchors they share, each
weighted by how rare it is among the articles compared (``log(N / df)``): the score is
the shared weight over the larger article's total, so an article with few anchors does
not link on a handful of common ones. A name only one language uses across the articles
(a German noun, a Hindi word) weighs nothing, since no translation can share it; a
number always weighs. A translation keeps the numbers: two articles that each quote a
number and share under half of the fewer are not translations (two match reports naming
the same clubs, one quoting "100 years", the other its scores).

Each article takes at most one translation per language: pairs are taken best first, a
pair whose article already has a translation in the other's language is left out, and a
pair must stand out: on each side, the best article of the other's language from another
story scores at most ``margin`` of it (two reports of one event tie; a translation does
not). A pair needs ``min_score`` and ``min_shared`` anchors, and lengths within
``max_length_ratio`` of each other (a translation renders the whole text). These
settings were chosen on the develop part of ``bench/translation_eval.py``'s corpus (WMT
newstest2014: news stories and their professional translations, with stories of the same
weeks as the hard cases); that bench reports the other part. Five anchors shared, not
three: in a small warehouse, or one where most stories have no translation, every shared
word is rare and a year and two common names made links (``--pools``: 0.38 wrong links
in a pool of 30 on develop at three, 0.03 at five; the whole part's recall 0.900 →
0.802).

What it cannot do, said plainly: a script the transliteration spells differently from
English usage (Chinese and Japanese names read in pinyin and romaji), and two
independent reports of one event that quote the same figures and names, which can look
like a translation.
"""

from __future__ import annotations

import functools
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
    min_shared: int = 5
    margin: float = 0.6  # the next best rival's score, at most this share of the pair's
    window_days: int | None = 30  # articles published further apart are not compared
    # A translation renders the whole text: one article this many times longer than the
    # other (in words, both in scripts written with spaces) is none. On WMT's develop
    # part, 99 % of true pairs are within 1.46 and all within 1.83 (a 6-word text); a
    # trial's four wrong links were 1.7 to 3.7 times as long.
    max_length_ratio: float | None = 2.0


# Languages written without spaces between words, whose word counts are estimates
# (``metadata.word_count``): no length ratio is read against them.
UNSPACED_LANGUAGES = frozenset({"zh", "ja", "th", "lo", "km", "my", "bo"})


def lengths_agree(words_a: int, words_b: int, settings: TranslationSettings) -> bool:
    """Whether two articles' lengths (words, both in scripts written with spaces) allow
    one to translate the other (``max_length_ratio``)."""
    ratio = settings.max_length_ratio
    if ratio is None or words_a <= 0 or words_b <= 0:
        return True
    return max(words_a, words_b) <= ratio * min(words_a, words_b)


@dataclass(frozen=True, slots=True)
class Translation:
    article_id: str
    translated_article_id: str
    score: float  # shared anchor weight over the larger article's total
    shared: int  # anchors the two share


# A number not inside a word of a cased script ("A380", "COVID19"): beside a character of
# a script without case it is one ("约80%", "48時間", "48小时").
_NUMBER = regex.compile(
    r"(?<![\p{LC}\p{N}_.,])\d{1,3}(?:[.,\u00a0\u202f ]\d{3})+(?:[.,]\d+)?(?!\d)"
    r"|(?<![\p{LC}\p{N}_])\d+(?:[.,]\d+)?"
)
# A word that may be a name: one that starts with a capital, or in a script without
# capitals (letters with their combining marks: Devanagari's vowel signs are marks).
_CANDIDATE = regex.compile(
    r"(?<![\p{L}\p{M}'’-])[\p{Lu}\p{Lt}\p{Lo}][\p{L}\p{M}]*(?:['’-]\p{L}[\p{L}\p{M}]*)*"
)
# What precedes a sentence's first word on its line (looked at up to _LOOK_BACK back).
_OPENS = regex.compile(r"(?:^|[.!?。！？:;\"«»„“”])[^\p{L}\p{M}\p{N}\n]*\Z", regex.MULTILINE)
_LOOK_BACK = 8


def anchors(text: str) -> frozenset[str]:
    """The article's anchor keys (see the module's docstring)."""
    keys: set[str] = set()
    for match in _NUMBER.finditer(text):
        digits = "".join(str(unicodedata.digit(c)) for c in match.group() if c.isdigit())
        digits = digits.lstrip("0")
        if len(digits) >= 2:
            keys.add("#" + digits)
    for match in _CANDIDATE.finditer(text):
        word = match.group()
        cased = word[0].isupper()
        if cased and not (len(word) >= 2 and word.isupper()):  # not an acronym
            start = match.start()
            if start == 0 or _OPENS.search(text, max(0, start - _LOOK_BACK), start):
                continue  # a sentence's first word
        elif not cased and len(word) < 4:
            continue
        key = _name_key(word)
        if key:
            keys.add(key)
    return frozenset(keys)


@functools.lru_cache(maxsize=1 << 16)
def _name_key(word: str) -> str | None:
    """A word in Latin letters, lower case, cut to ``NAME_LETTERS``: inflected and
    transliterated forms of one name meet."""
    if len(_latin_letters(word)) < 3:
        return None
    return "n:" + name_sound(word)[:NAME_LETTERS]


@functools.lru_cache(maxsize=1 << 16)
def name_sound(word: str) -> str:
    """A word of a name in Latin letters, lower case, its sounds spelt one way
    (``_SPELLINGS``), whole: "Зеленский" and "Zelensky", "Сергей" and "Sergey" meet."""
    letters = _latin_letters(word)
    for pattern, sound in _SPELLINGS:
        letters = pattern.sub(sound, letters)
    return letters


@functools.lru_cache(maxsize=1 << 16)
def _latin_letters(word: str) -> str:
    """The word's letters in Latin (anyascii), lower case, nothing else."""
    return "".join(c for c in anyascii(unicodedata.normalize("NFC", word)).lower() if c.isalpha())


# One spelling for the sounds that languages and transliterations write differently, so
# that "Carlos" meets "Карлос" (karlos), "Shapps" "Шаппс" and "Schapps", "Kyiv" "Kiev",
# "Joshi" "जोशी" (joshii): in order, ph and f, a soft c and s, a hard c, q and k, w and v,
# y, j and i, an h after a consonant dropped, the sh-like spellings one s, z and s,
# doubled letters once, ou and u, and a name's inflected or transliterated final vowels.
_SPELLINGS = [
    (re.compile(pattern), sound)
    for pattern, sound in (
        (r"ph", "f"),
        (r"c(?=[eiy])", "s"),
        (r"[cq]", "k"),
        (r"w", "v"),
        (r"[yj]", "i"),
        (r"(?<=[^aeiou])h", ""),
        (r"sch|sh|ch|zh|x", "s"),
        (r"z", "s"),
        (r"(.)\1", r"\1"),
        (r"ou", "u"),
        (r"[eao]+$", ""),
    )
]


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
    A translation keeps the numbers: when both quote a number or more and share under
    ``NUMBERS_KEPT`` of the fewer, the pair scores nothing (two reports of one event
    naming the same people, each with figures of its own)."""
    return Scorer({"a": a, "b": b}, weight)("a", "b")


class Scorer:
    """``score`` for many pairs of the same articles: each article's total weight and
    count of numbers found once."""

    def __init__(self, keys: Mapping[str, frozenset[str]], weight: Mapping[str, float]) -> None:
        self.keys = keys
        self.weight = weight
        self.total = {a: sum(weight.get(k, 0.0) for k in ks) for a, ks in keys.items()}
        self.numbers = {a: sum(1 for k in ks if k[0] == "#") for a, ks in keys.items()}

    def __call__(self, a: str, b: str) -> tuple[float, int]:
        shared = self.keys[a] & self.keys[b]
        if not shared:
            return 0.0, 0
        fewer = min(self.numbers[a], self.numbers[b])
        if fewer >= 1 and sum(1 for k in shared if k[0] == "#") < NUMBERS_KEPT * fewer:
            return 0.0, len(shared)
        total = max(self.total[a], self.total[b])
        if total <= 0:
            return 0.0, len(shared)
        weight = self.weight
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

    def group(article: str) -> str:
        return story.get(article, article) if story else article

    # Per (article, language): the best score of each of the two best stories.
    best: dict[tuple[str, str], list[tuple[float, str]]] = {}

    def offer(slot: tuple[str, str], value: float, other: str) -> None:
        top = best.setdefault(slot, [])
        g = group(other)
        for i, (v, h) in enumerate(top):
            if h == g:
                if value > v:
                    top[i] = (value, g)
                    top.sort(reverse=True)
                return
        top.append((value, g))
        top.sort(reverse=True)
        del top[2:]

    for a, b, value, _ in scored if settings.margin < 1 else ():
        offer((a, language[b]), value, b)
        offer((b, language[a]), value, a)

    def stands_out(a: str, b: str, value: float) -> bool:
        rivals = (v for v, g in best.get((a, language[b]), ()) if g != group(b))
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
