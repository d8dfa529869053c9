"""Names in the nominative in languages that decline them (Russian, Ukrainian).

Russian writes a name in the case its sentence needs: "Путин", "Путина", "Путину" are one
man, "в Германии" is Germany, "Кремля" the Kremlin. The tagger finds each form apart;
``nominative`` gives the form a dictionary files it under, with pymorphy3 (the
OpenCorpora and VESUM dictionaries, on PyPI), so that the forms of one name are filed
as one (``Entity.canonical``) and a country's declined name is filed as the country.

Every word of a person's name is put in the nominative (first name, patronymic,
surname); of an organisation's, the words up to its first noun, whose dependants stay as
they are ("Министерства иностранных дел" → "Министерство иностранных дел"); a place's,
likewise. A word that is not in the language's script, or that the dictionary does not
know as a noun or an adjective, is left as written.
"""

from __future__ import annotations

import re
from functools import cache, lru_cache
from typing import Any

__all__ = ["LANGUAGES", "marks", "nominative"]

LANGUAGES = frozenset({"ru", "uk"})

# The dictionary's marks of a kind of name: a parse with one of them is preferred ("Києві"
# is the city's locative before it is the dative of the first name "Кий").
_KIND_MARKS = {
    "person": frozenset({"Name", "Surn", "Patr"}),
    "place": frozenset({"Geox"}),
    "org": frozenset({"Orgn"}),
}
_DECLINED = frozenset({"NOUN", "ADJF"})


@cache
def _analyzer(language: str) -> Any:
    import pymorphy3

    return pymorphy3.MorphAnalyzer(lang=language)


# The dictionary's marks of a kind of name, as the name taggers read them.
_NAME_MARKS = ("Name", "Surn", "Patr", "Geox", "Orgn")


@lru_cache(maxsize=1 << 16)
def marks(word: str, language: str) -> tuple[str, ...]:
    """What the dictionary says of a word, as features of a name tagger: each mark of a
    kind of name its parses carry (``Geox``, ``Name``, ``Surn``, ``Patr``, ``Orgn``; with
    ``+`` when the parses that carry it hold half the score or more), and the case, part
    of speech and number of its likeliest parse (``c=gent``: "Украины Владимир Зеленский"
    is a country's genitive before a man's name in the nominative), or ``unknown`` when
    the dictionary only guesses. Nothing for a word not in the language's script."""
    if language not in LANGUAGES or not _CYRILLIC.search(word):
        return ()
    parses = _analyzer(language).parse(word)
    if not parses:
        return ()
    share: dict[str, float] = {}
    for parse in parses:
        for mark in _NAME_MARKS:
            if mark in parse.tag.grammemes:
                share[mark] = share.get(mark, 0.0) + parse.score
    out = [mark + ("+" if score >= 0.5 else "") for mark, score in share.items()]
    top = parses[0]
    if not top.is_known:
        out.append("unknown")
    out += (f"pos={top.tag.POS}", f"c={top.tag.case}", f"n={top.tag.number}")
    return tuple(out)


_CYRILLIC = re.compile(r"[\u0400-\u04ff]")


def nominative(name: str, kind: str, language: str) -> str | None:
    """The name in the nominative, or None when it is so already or cannot be read."""
    if language not in LANGUAGES:
        return None
    words = name.split()
    gender = _gender(words[0], language) if kind == "person" and len(words) > 1 else None
    out: list[str] = []
    head_done = False
    for word in words:
        if head_done:
            out.append(word)
            continue
        found = _word_nominative(word, kind, language, gender)
        out.append(found[0] if found else word)
        head_done = kind != "person" and found is not None and found[1]
    result = " ".join(out)
    return result if result != name else None


def _gender(first: str, language: str) -> str | None:
    """The gender of a first name as the dictionary knows it ("Мария": femn), which the
    surname after it agrees with ("Марии Захаровой", not "Захаров")."""
    for parse in _analyzer(language).parse(first):
        if "Name" in parse.tag.grammemes:
            return next((g for g in ("masc", "femn") if g in parse.tag.grammemes), None)
    return None


@lru_cache(maxsize=1 << 14)
def _word_nominative(
    word: str, kind: str, language: str, gender: str | None = None
) -> tuple[str, bool] | None:
    """(the word in the nominative, whether it is a noun), or None when the dictionary
    reads it as no noun or adjective. Its case is kept ("ГЕРМАНИИ" → "ГЕРМАНИЯ").

    The parse is the dictionary's likeliest of the name's kind (a surname for a person,
    a place for a place; a place or an organisation is read as no person's name), of the
    first name's gender, in the singular (a person's word with none in the singular is
    left as written: "Силуанов" is no plural of a first name "Силуан"); a word the
    dictionary does not know, only guesses, is left as written when any guess reads it as
    a nominative ("Зайлер", "Райс")."""
    parses = [p for p in _analyzer(language).parse(word) if p.tag.POS in _DECLINED]
    if not parses:
        return None
    if not parses[0].is_known and any("nomn" in p.tag.grammemes for p in parses):
        return word, parses[0].tag.POS == "NOUN"
    marks = _KIND_MARKS.get(kind, frozenset())
    people = _KIND_MARKS["person"]
    marked = (
        [p for p in parses if marks & p.tag.grammemes]
        or [p for p in parses if kind == "person" or not people & p.tag.grammemes]
        or parses
    )
    if gender is not None:
        marked = [p for p in marked if gender in p.tag.grammemes] or marked
    # not plural (Ukrainian's dictionary marks no singular: "Шольцом" is only "ablt")
    singular = [p for p in marked if "plur" not in p.tag.grammemes]
    if not singular and kind == "person":
        return None  # one person: a plural reading of the word is no form of the name
    if kind != "person" and any("nomn" in p.tag.grammemes for p in singular):
        return word, singular[0].tag.POS == "NOUN"  # "Рада" is the council, no "рад"'s genitive
    parse = (singular or marked)[0]
    is_noun = parse.tag.POS == "NOUN"
    if "nomn" in parse.tag.grammemes:
        return word, is_noun
    inflected = parse.inflect({"nomn"})
    if inflected is None:
        return None
    return _cased(inflected.word, word), is_noun


def _cased(lower: str, like: str) -> str:
    """``lower`` written in the case of ``like``: all capitals, or each part between
    hyphens as the same part of ``like`` starts ("Франкфурт-на-Майне")."""
    if like.isupper():
        return lower.upper()
    parts, models = lower.split("-"), like.split("-")
    if len(parts) != len(models):
        return lower[:1].upper() + lower[1:]
    return "-".join(
        p[:1].upper() + p[1:] if m[:1].isupper() else p for p, m in zip(parts, models, strict=True)
    )
