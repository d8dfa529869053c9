"""People, organisations and places in articles not in English: one CRF a language.

The English rules (``facts.classify``, ``facts.entities``) and tagger (``facts.tagger``)
read English: its function words, titles, gazetteer and first names. On other languages
they misread ("Die", "Laut", "Selon" as names). Here each language with a model
(``MODELS``: de, es, fr, it, nl, pl, pt, ru) gets a conditional random field (CRFsuite)
trained by ``bench/train_foreign_taggers.py`` on that language's labelled sentences,
over features that need no word lists: the word, its shape, prefixes and suffixes, its
neighbours, whether it starts a sentence, and whether the same word is written in lower
case or capitalised mid-sentence elsewhere in the document. An entity's ``method`` is
``tagger-<language>`` and its confidence the tagger's (mean marginal probability of its
labels).

The models (``models/names-<language>.crfsuite``, 0.5–0.9 MB each) are learnt from
WikiNEuRal (Tedeschi et al., 2021; Wikipedia sentences, silver labels; CC BY-NC-SA 4.0,
non-commercial), and for German, Spanish and Dutch also from GermEval 2014 (Benikova et
al.; CC BY 4.0) and CoNLL-2002 (Tjong Kim Sang; distributed for research use): what they
were learnt from carries those terms. ``bench/get_ner_langs.py`` says where each comes
from; ``bench/foreign_ner_eval.py`` scores them.

A language with no model gets no people, organisations or places at all
(``NO_MODEL``): ``extract_facts`` records that as an ``entities`` field, rather than
emitting what English rules make of text they cannot read.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from newsroom.facts.dates import opening_dateline_place
from newsroom.facts.given_names import given_names
from newsroom.facts.lexicon import KNOWN_ORGS, is_listed_company, known_outlet
from newsroom.facts.morphology import marks
from newsroom.facts.places import default_gazetteer
from newsroom.facts.records import Entity, EntityKind, FieldValue, Mention
from newsroom.facts.tagger import Seen, neighbour_features, word_shape

MODELS = ("de", "es", "fr", "it", "nl", "pl", "pt", "ru", "uk")
KINDS: dict[str, EntityKind] = {"PER": "person", "ORG": "org", "LOC": "place"}
# the ``entities`` field of an article in a language with no model
NO_MODEL = "none"
# the method of a name the tagger found that a curated list names as an organisation or
# outlet ("(Reuters)"): its kind is the list's, whatever the tagger said
KNOWN_NAME = "known_name"
LISTED_COMPANY = "listed_company"
# the method of a name that is the place of the wire dateline opening the story
DATELINE_PLACE = "dateline_place"

# A word: an initial with its period ("Л.", "G.": no sentence end), an elided article with
# its apostrophe apart ("d'", "l'", "dell'"), letters and digits with inner hyphens,
# periods or middle dots ("Saint-Denis", "U.S.A"), or one other character.
_TOKEN = re.compile(r"(?<!\w)[^\W\d_]\.(?=\s?[^\W\d_])|\w+['’](?=\w)|\w+(?:[-.·]\w+)*|[^\w\s]")
_SENTENCE_END = frozenset({".", "!", "?", "…"})
# after these a capital starts a sentence or a quotation, not a name
_OPENERS = frozenset({".", "!", "?", "…", ":", '"', "«", "„", "“", "”", "(", "-", "–", "—"})


@dataclass(frozen=True, slots=True)
class Tagged:
    """A name the tagger found: where, which label (PER, ORG, LOC, MISC), how sure."""

    start: int
    end: int
    label: str
    confidence: float


def has_model(language: str | None) -> bool:
    return language in MODELS


def _split(body: str) -> list[list[tuple[str, int]]]:
    """The body's words with their offsets, a list a sentence (a line break or a sentence
    end ends one); sentences without a capital letter hold no name and are left out."""
    out: list[list[tuple[str, int]]] = []
    current: list[tuple[str, int]] = []
    line_end = body.find("\n")
    for m in _TOKEN.finditer(body):
        start = m.start()
        while line_end != -1 and start > line_end:
            if current:
                out.append(current)
                current = []
            line_end = body.find("\n", line_end + 1)
        word = m.group(0)
        current.append((word, start))
        if word in _SENTENCE_END:
            out.append(current)
            current = []
    if current:
        out.append(current)
    return [s for s in out if any(w[:1].isupper() for w, _ in s)]


# The features are UTF-8 bytes, as in ``facts.tagger``: python-crfsuite encodes a str
# attribute on every call; the memoised ones are encoded once.


@lru_cache(maxsize=1 << 16)
def _own(word: str) -> tuple[bytes, ...]:
    """What a word says by itself, wherever it stands (memoised: words recur): its form,
    and what two lists know of it, which the labelled sentences are too few to teach for
    every name: a first name (gender-guesser's, many countries') and a place's name with
    the size of its population (the gazetteer's, names in Latin script)."""
    low = word.lower()
    feats = ["b", f"w={low}", f"sh={word_shape(word)}", f"p3={low[:3]}", f"s2={low[-2:]}"]
    feats += (f"s3={low[-3:]}", f"s4={low[-4:]}")
    if len(low) <= 2:
        feats.append("short")
    if word[:1].isupper():
        if low in given_names():
            feats.append("gn")
        population = default_gazetteer().population(low)
        if population >= _PLACE_POPULATION:
            feats.append(f"gz{min(7, len(str(population)) - 1)}")
    return tuple(f.encode() for f in feats)


# A place's name from this many people on is a feature (a village's name is
# more often a surname or a word than the village).
_PLACE_POPULATION = 10**4


# The languages whose taggers read what a dictionary says of each word (its marks of a
# name's kind, its case): the Russian model learnt with them.
MORPHOLOGY = frozenset({"ru", "uk"})


@lru_cache(maxsize=1 << 16)
def _marks(word: str, language: str) -> tuple[bytes, ...]:
    return tuple(f"m:{m}".encode() for m in marks(word, language))


@lru_cache(maxsize=1 << 16)
def _marks_before(word: str, language: str) -> tuple[bytes, ...]:
    return tuple(f"m-1:{m}".encode() for m in marks(word, language) if not m.startswith("n="))


@lru_cache(maxsize=1 << 16)
def _near(word: str) -> Seen:
    """The word as a neighbour sees it: lower case and shape, two before to two after."""
    return neighbour_features(word.lower(), word_shape(word))


@dataclass(slots=True)
class DocumentWords:
    """What the whole document says about a word: written in lower case somewhere, and
    capitalised mid-sentence somewhere."""

    lower: set[str]
    mid_capital: set[str]


def document_words(all_sentences: Iterable[Sequence[str]]) -> DocumentWords:
    lower: set[str] = set()
    mid: set[str] = set()
    for words in all_sentences:
        for i, w in enumerate(words):
            if w.islower():
                lower.add(w)
            elif w[:1].isupper() and i and words[i - 1] not in _OPENERS:
                mid.add(w.lower())
    return DocumentWords(lower, mid)


def window(words: Sequence[str], language: str | None = None) -> list[int]:
    """The words the model reads: the capitalised ones, and up to two short lower-case
    words between two of them ("Rio de Janeiro", "Ludwig van Beethoven"); in a language
    of ``QUOTED_NAMES``, an opening quotation mark between two as well ("ТОВ
    «Миколаївбудцентр»"); in one of ``LOWER_CASE_TAILS``, the lower-case words (up to
    ``_TAIL``) after a capitalised one ("Кабінет міністрів", "Государственная дума"). The
    others are in no name (what they say reaches their neighbours' features); tagging
    them would cost four times as much."""
    quotes = language in QUOTED_NAMES
    tail = _TAIL if language in LOWER_CASE_TAILS else 0
    keep: list[int] = []
    for i, w in enumerate(words):
        if not w[:1].isupper():
            continue
        if keep and 1 < i - keep[-1] <= 3:
            between = range(keep[-1] + 1, i)
            if all(_joiner(words[j]) or (quotes and words[j] in _OPENING_QUOTES) for j in between):
                keep.extend(between)
        keep.append(i)
        for j in range(i + 1, min(i + 1 + tail, len(words))):
            if not (words[j].isalpha() and words[j].islower()):
                break
            keep.append(j)
    return keep


# The languages whose organisations and places are a capitalised word and lower-case ones
# after it ("Міністерство розвитку громад", "Харківській області"): the model reads up
# to ``_TAIL`` lower-case words after each capitalised one, and learnt so. Chosen on the
# tuned-on parts, models retrained each way: uk news-dev (gold) 0.536 -> 0.676 (ORG
# 0.402 -> 0.600, LOC 0.517 -> 0.662; three words: the same). Not the others: ru rose on
# WikiNEuRal's Wikipedia dev (0.752 -> 0.775, 0.783 with quotation marks) but read news
# sentences worse ("Глава комитета Павел Завальный" an organisation) and has no gold news
# to settle it; es 0.856 -> 0.868 on WikiNEuRal dev but 0.771 -> 0.760 on gold news-dev;
# pl 0.873 -> 0.865; fr, pt, nl, it +0.002 to +0.011.
LOWER_CASE_TAILS = frozenset({"uk"})
_TAIL = 2


# The languages whose organisations are written with their name in quotation marks after
# what they are ("ТОВ «Енерджі трейд»", "ДП «Львіввугілля»"): the mark is read as a
# word of the name, and the model learnt so (uk news-dev, gold, tuned on: 0.475 -> 0.536,
# ORG 0.296 -> 0.402); the others read as they were trained.
QUOTED_NAMES = frozenset({"uk"})
_OPENING_QUOTES = frozenset({"«", "„", '"', "“"})


def _joiner(word: str) -> bool:
    """A short lower-case word that may join two capitalised words of one name."""
    return word.isalpha() and word.islower() and len(word) <= 4


def features(
    words: Sequence[str], doc: DocumentWords, language: str | None = None
) -> tuple[list[int], list[list[bytes]]]:
    """The indices of the words the model reads in one sentence, and their features; in a
    language that declines names (``MORPHOLOGY``), also what its dictionary says of the
    word and of the word before it."""
    keep = window(words, language)
    n = len(words)
    out: list[list[bytes]] = []
    previous = -2
    declines = language in MORPHOLOGY
    for i in keep:
        w = words[i]
        f = list(_own(w))
        if declines:
            f += _marks(w, language or "")
            if i >= 1:
                f += _marks_before(words[i - 1], language or "")
        low = w.lower()
        if w[:1].isupper():
            if w.isupper() and len(w) > 1:
                f.append(b"allcaps")
            if w in doc.lower or low in doc.lower:
                f.append(b"d:lower")
            if low in doc.mid_capital:
                f.append(b"d:midcap")
        if i == 0 or words[i - 1] in _OPENERS:
            f.append(b"bos")
        if i != previous + 1:
            f.append(b"gap")
        previous = i
        f.append(_near(words[i - 2])[0] if i >= 2 else b"w-2=<edge>")
        f += _near(words[i - 1])[1:3] if i >= 1 else (b"w-1=<edge>",)
        f += _near(words[i + 1])[3:5] if i + 1 < n else (b"w1=<edge>",)
        f.append(_near(words[i + 2])[5] if i + 2 < n else b"w2=<edge>")
        out.append(f)
    return keep, out


def model_path(language: str) -> Path:
    return Path(str(resources.files("newsroom.facts") / "models" / f"names-{language}.crfsuite"))


@cache
def _tagger(language: str) -> Any:
    import pycrfsuite

    tagger = pycrfsuite.Tagger()
    tagger.open(str(model_path(language)))
    return tagger


def tag(body: str, language: str, dateline: tuple[int, int] | None = None) -> list[Tagged]:
    """The names the language's model finds in the body (MISC included), in order; the
    ``dateline``'s place (its start and end) whatever the model's confidence in it."""
    tagger = _tagger(language)
    found: list[Tagged] = []
    split = _split(body)
    doc = document_words([w for w, _ in s] for s in split)
    for sentence in split:
        words = [w for w, _ in sentence]
        keep, feats = features(words, doc, language)
        if not keep:
            continue
        labels = tagger.tag(feats)
        names = _names(sentence, keep, labels, tagger.marginal, dateline)
        if language in MORPHOLOGY:
            names = (part for t in names for part in _before_first_name(body, t, language))
        found.extend(names)
    return found


# A kind of name by the dictionary's marks, for the words split off before a person.
_MARKED_KIND = {"Geox+": "LOC", "Orgn+": "ORG"}


def _before_first_name(body: str, t: Tagged, language: str) -> list[Tagged]:
    """A person's name that a place or a word of no person opens ("Украины Владимир
    Зеленский", "Кремля Дмитрий Песков": the president of Ukraine, the Kremlin's press
    secretary) is cut before the first name the dictionary knows: the person, and the
    words before as a place or an organisation when the dictionary marks them so."""
    if t.label != "PER":
        return [t]
    words = [(m.start() + t.start, m.group()) for m in re.finditer(r"\S+", body[t.start : t.end])]
    for k in range(1, len(words)):
        first = marks(words[k][1], language)
        if "Name+" not in first or "unknown" in first:
            continue
        before = [marks(w, language) for _, w in words[:k]]
        if not all(set(b) >= _OPENS_A_TITLE and not _PERSON_MARKS & set(b) for b in before):
            return [t]  # a name of the person's own ("Анна Мария Петрова"), initials
        cut = words[k][0]
        out = [Tagged(cut, t.end, t.label, t.confidence)]
        kinds = {_MARKED_KIND[m] for b in before for m in b if m in _MARKED_KIND}
        if len(kinds) == 1:
            end = words[k - 1][0] + len(words[k - 1][1])
            out.insert(0, Tagged(t.start, end, kinds.pop(), t.confidence))
        return out
    return [t]


# What the words before a person's first name are when they are the person's title, not
# the name: nouns the dictionary knows, in the genitive ("президент Украины", "из
# Гарварда"), no name of a person.
_OPENS_A_TITLE = frozenset({"pos=NOUN", "c=gent"})
_PERSON_MARKS = frozenset(f"{m}{plus}" for m in ("Name", "Surn", "Patr") for plus in ("", "+"))


def _names(
    sentence: Sequence[tuple[str, int]],
    keep: Sequence[int],
    labels: Sequence[str],
    marginal: Any,
    dateline: tuple[int, int] | None = None,
) -> Iterable[Tagged]:
    """The spans of consecutive B-/I- labels of one kind, with their mean marginal; a
    sentence's first word alone only when the model is sure of it, or it is the dateline's
    place."""
    i, n = 0, len(labels)
    while i < n:
        if labels[i] == "O":
            i += 1
            continue
        kind = labels[i][2:]
        j = i + 1
        while j < n and labels[j] == "I-" + kind and keep[j] == keep[j - 1] + 1:
            j += 1
        word, start = sentence[keep[j - 1]]
        confidence = sum(marginal(labels[k], k) for k in range(i, j)) / (j - i)
        first, end = sentence[keep[i]][1], start + len(word)
        if sentence[keep[i]][0] in _CLOSING and j - i > 1:
            first = sentence[keep[i] + 1][1]  # a name in quotation marks alone: «Газпром»
        else:  # the quotation mark a name opened closes after it: ТОВ «Будмайстер»
            after = keep[j - 1] + 1
            if after < len(sentence) and _closes(sentence[keep[i] : after], sentence[after][0]):
                end = sentence[after][1] + len(sentence[after][0])
        unsure_opening = j == i + 1 and keep[i] == 0 and confidence < OPENING_WORD_CONFIDENCE
        if not unsure_opening or (first, end) == dateline:
            yield Tagged(first, end, kind, round(confidence, 3))
        i = j


# Each opening quotation mark with the marks that close it.
_CLOSING = {"«": "»", "„": "“”", "“": "”", '"': '"'}


def _closes(words: Sequence[tuple[str, int]], mark: str) -> bool:
    """Whether *mark* closes a quotation mark that *words* (a name) opened and left open
    ("ТОВ «Будмайстер" before "»")."""
    open_marks = [w for w, _ in words if w in _CLOSING]
    if not open_marks or mark not in _CLOSING[open_marks[-1]]:
        return False
    opened = open_marks[-1]
    texts = [w for w, _ in words]
    if opened == '"':
        return texts.count('"') % 2 == 1
    return texts.count(opened) > sum(texts.count(c) for c in _CLOSING[opened])


# A sentence's first word is capitalised whatever it is: alone, the model's name there
# needs this much confidence (a trial's Russian articles had "Думаю" (I think, 0.55) and
# "Видимо" (apparently, 0.38) as places). Chosen on the gold news-dev parts (de 0.571 →
# 0.577, es 0.769 → 0.771, nl 0.749 → 0.750; 0.5 and 0.7 less); WikiNEuRal's dev within
# 0.002; untouched gold news de 0.590 → 0.589, es 0.751, nl 0.780 → 0.781.
OPENING_WORD_CONFIDENCE = 0.6


def find_foreign_entities(body: str, language: str) -> tuple[Entity, ...]:
    """People, organisations and places, one entity a name, with every mention; the
    method is ``tagger-<language>``, or what settled the kind of a name it found: the
    curated lists of organisations and outlets (``KNOWN_NAME``: "(Reuters)" an
    organisation, as on the English path), the listed companies (``LISTED_COMPANY``: a
    name the tagger read as a person or a place, "Rheinmetall") or the wire dateline that
    opens the story (``DATELINE_PLACE``: "MADRID, 3 de marzo (EFE).-").

    Two document-level decisions, as news writes: a name is of one kind throughout (the
    kind its mentions' confidences favour, "Perú Posible" a party every time), and a lone
    word that ends a person's fuller name in the same article is that person ("Toledo"
    after "Alejandro Toledo": a surname, not the city)."""
    method = f"tagger-{language}"
    by_name: dict[str, list[tuple[EntityKind, Mention]]] = {}
    dateline_place = opening_dateline_place(body)
    for t in tag(body, language, dateline_place):
        kind, how = KINDS.get(t.label), method
        if (t.start, t.end) == dateline_place:
            # "MADRID, 3 de marzo (EFE).-": the dateline names a place
            kind, how = "place", DATELINE_PLACE
        if kind is None:
            continue
        name = " ".join(body[t.start : t.end].split())
        by_name.setdefault(name, []).append((kind, Mention(name, t.start, how, t.confidence)))
    kinds = {name: _one_kind(found) for name, found in by_name.items()}
    listed = {name for name in kinds if name in KNOWN_ORGS or known_outlet(name) is not None}
    for name in listed:
        kinds[name] = "org"  # the curated lists are firm, as on the English path
    # a listed company the tagger read as a person or a place ("Adidas", "Rheinmetall")
    companies = {name for name, kind in kinds.items() if kind != "org" and is_listed_company(name)}
    for name in companies:
        kinds[name] = "org"
    fuller = _surnames(kinds, body, language)
    grouped: dict[str, list[Mention]] = {}
    for name, found in by_name.items():
        grouped.setdefault(fuller.get(name, name), []).extend(m for _, m in found)
    entities = [
        _entity(
            name,
            kinds[name],
            sorted(found, key=lambda m: m.offset),
            KNOWN_NAME
            if name in listed
            else LISTED_COMPANY
            if name in companies
            else min(found, key=lambda m: m.offset).method,
        )
        for name, found in grouped.items()
    ]
    return tuple(sorted(entities, key=lambda e: e.first_offset))


def _one_kind(found: Sequence[tuple[EntityKind, Mention]]) -> EntityKind:
    """The kind the mentions of one name favour: their confidences summed per kind."""
    votes: dict[EntityKind, float] = {}
    for kind, mention in found:
        votes[kind] = votes.get(kind, 0.0) + mention.confidence
    return max(votes, key=lambda k: votes[k])


# Languages that write a name's genitive with an -s and no apostrophe ("Putins Politik").
_GENITIVE_S = frozenset({"de"})


def _surnames(kinds: dict[str, EntityKind], body: str, language: str = "") -> dict[str, str]:
    """A one-word name -> the person's name of two words or more that it ends, when the
    article names one such person. Names the tagger ran over a word before the person's
    do not count as other people: one whose first word the article also writes in lower
    case ("Stato da Trump": "è stato"), and one that ends with another of them ("Giorgia
    Meloni da Donald Trump" with "Donald Trump"). In German a name's genitive ("Putins")
    is the person's too."""
    ends: dict[str, set[str]] = {}
    for name, kind in kinds.items():
        words = name.split()
        if kind == "person" and len(words) > 1:
            ends.setdefault(words[-1], set()).add(name)
    out = {}
    for name in kinds:
        fuller = ends.get(name)
        if fuller is None and language in _GENITIVE_S and name.endswith("s") and len(name) > 3:
            # "Putins" (German writes a name's genitive with an -s) of "Wladimir Putin"
            fuller = ends.get(name[:-1])
            if fuller is None and kinds.get(name[:-1]) == "person":
                fuller = {name[:-1]}
        if " " in name or not fuller:
            continue
        if len(fuller) > 1:
            fuller = {f for f in fuller if not _written_lower(f.split()[0], body)}
            fuller = {f for f in fuller if not any(f.endswith(" " + g) for g in fuller)}
        if len(fuller) == 1:
            out[name] = next(iter(fuller))
    return out


def _written_lower(word: str, body: str) -> bool:
    """Whether the body writes ``word`` in lower case as a word of its own."""
    low = word.lower()
    return low != word and re.search(rf"(?<!\w){re.escape(low)}(?!\w)", body) is not None


def _entity(name: str, kind: EntityKind, found: list[Mention], method: str) -> Entity:
    return Entity(
        name=name,
        kind=kind,
        count=len(found),
        first_offset=found[0].offset,
        mentions=tuple(found),
        method=method,
        confidence=max(m.confidence for m in found),
    )


def entities_field(language: str | None) -> FieldValue:
    """How the people, organisations and places of an article not in English were found,
    as a field: the language's tagger, or plainly none (``NO_MODEL``) when the language
    has no model."""
    if has_model(language):
        return FieldValue("entities", f"tagger-{language}", "crf_tagger", 1.0)
    return FieldValue("entities", NO_MODEL, f"language:{language}", 1.0)
