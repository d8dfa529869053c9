"""Numbers with what they count: "600 soldiers", "150 of his spies", "23-second",
"$5 million", "10 percent". Years, ordinals and the days of dates are no amounts.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from newsroom.datelines import MONTHS
from newsroom.facts.dates import MONTH_RE, matches_at
from newsroom.facts.lexicon import SMALL_NUMBERS
from newsroom.facts.records import Amount
from newsroom.wordlists import word_set

_NUMBER_WORDS = "|".join(
    # "one" is a pronoun more often than a count ("one of them", "one considers")
    sorted((k for k in SMALL_NUMBERS if k not in ("a", "an", "one")), key=len, reverse=True)
)
_SCALE = {"thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12, "m": 1e6, "bn": 1e9}
_AMOUNT = re.compile(
    r"(?<![\w.,$€£-])(?P<currency>[$€£])?(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|"
    r"(?i:" + _NUMBER_WORDS + r"))"
    r"(?:\s*(?P<scale>thousand|million|billion|trillion|bn|m)\b)?"
    r"(?P<pct>\s*(?:%|per ?cent\b|percent\b))?"
    r"(?:(?P<hyphen>-(?P<hunit>[a-z]+))"
    r"|\s+(?P<of>of\s+(?:(?:his|her|their|its|the|our|these|those|them)\s+)?)?"
    r"(?P<what>[a-z][\w\-]*(?:\s+[A-Za-z][\w\-]*){0,2}))?"
)
_NOT_COUNTED = word_set("amount_not_counted")
_NOUN_STOP = word_set("amount_noun_stop")


_MONTH_BEFORE = re.compile(r"(?i)(?:" + MONTH_RE.replace("(?P<month>", "(?:") + r")\s*$")
_MONTH_ENDINGS = tuple(MONTHS)


def _month_before(before: str) -> bool:
    """``_MONTH_BEFORE.search(before)``: a month's name (its period optional) and white
    space only after it. ASCII text is compared by its lower case and the endings of the
    names, without a regex search from each of its characters; other text (where a
    case-insensitive regex also matches "ſ" to "s") by the regex."""
    text = before.rstrip()
    if not text.isascii():
        return _MONTH_BEFORE.search(before) is not None
    if text.endswith("."):
        text = text[:-1]
    return text.lower().endswith(_MONTH_ENDINGS)


_YEAR = re.compile(r"(?:19|20)\d\d")
# The name of a market index or a model whose number is part of it, right before the
# number: one with an ampersand ("S&P 500") or of the list ("FTSE 100", "Nasdaq 100",
# "Boeing 737"); not any capitalised word ("Smith 30 points", "GTR 171 laps").
_NAME_BEFORE = re.compile(
    r"(?<![\w&])(?:[A-Z]+&[A-Z]+|"
    + "|".join(sorted(word_set("numbered_names"), key=len, reverse=True))
    + r") $"
)


def _prefix_tree(words: Iterable[str]) -> str:
    """A regex matching the same words as ``a|b|…``, written as a tree of shared
    prefixes: the regex engine tries one branch per letter instead of every word."""
    tails: dict[str, list[str]] = {}
    ends = False
    for word in words:
        if word:
            tails.setdefault(word[0], []).append(word[1:])
        else:
            ends = True
    branches = [re.escape(first) + _prefix_tree(rest) for first, rest in sorted(tails.items())]
    if not branches:
        return ""
    tree = branches[0] if len(branches) == 1 and not ends else "(?:" + "|".join(branches) + ")"
    return tree + "?" if ends else tree


# Where an amount can start: a currency sign or a digit not inside a number or a word, or
# a number word (looked up in the lower-cased text, case-insensitive patterns being slow).
_AMOUNT_SIGN = re.compile(r"[$€£\d](?<![\w.,$€£-].)")
_AMOUNT_WORD = re.compile(_prefix_tree(_NUMBER_WORDS.split("|")))


def _amount_matches(body: str) -> list[re.Match[str]]:
    """``_AMOUNT.finditer(body)``, about twice as fast: the full pattern is tried only
    where an amount can start, not at every character."""
    lowered = body.lower()
    if len(lowered) != len(body):  # "İ" lower-cases to two characters: offsets differ
        return list(_AMOUNT.finditer(body))
    starts = sorted(
        [m.start() for m in _AMOUNT_SIGN.finditer(body)]
        + [m.start() for m in _AMOUNT_WORD.finditer(lowered)]
    )
    return matches_at(_AMOUNT, body, starts)


def find_amounts(body: str) -> list[Amount]:
    """Numbers with what they count: "600 soldiers", "150 of his spies", "23-second",
    "1,000 people", "two months", "$5 million". Years, ordinals and the days of dates
    are not amounts."""
    out: list[Amount] = []
    for m in _amount_matches(body):
        num = m.group("num")
        before = body[max(0, m.start() - 12) : m.start()]
        if _month_before(before):
            continue  # the day of a date ("September 2")
        if _YEAR.fullmatch(num) and not m.group("what"):
            continue
        if not m.group("currency") and _NAME_BEFORE.search(before):
            continue  # the number of a name: "S&P 500", "Nasdaq 100", "Boeing 737"
        if _YEAR.fullmatch(num) and not m.group("currency"):
            # "in 2016", "March 11, 2016": a year
            continue
        value = _number(num)
        if value is None:
            continue
        if m.group("scale"):
            value *= _SCALE[m.group("scale").lower()]
        if m.group("pct"):
            out.append(Amount(value, "percent", m.group(0).strip(), m.start()))
            continue
        if m.group("currency"):
            what = {"$": "USD", "€": "EUR", "£": "GBP"}[m.group("currency")]
            text = body[m.start() : m.end("scale") if m.group("scale") else m.end("num")]
            out.append(Amount(value, what, text, m.start()))
            continue
        if m.group("hyphen"):
            unit = m.group("hunit")
            if len(unit) >= 3 and unit not in ("old", "the", "and"):
                out.append(Amount(value, unit, m.group(0), m.start()))
            continue
        what_text = m.group("what")
        if not what_text:
            continue
        words = what_text.split()
        kept: list[str] = []
        for w in words:
            if w in _NOUN_STOP:
                break
            kept.append(w)
        if not kept or kept[0] in _NOT_COUNTED or (num[0].isalpha() and kept[0] == "of"):
            continue
        # "150 of his spies": the noun after the possessive
        end = m.start("what") + len(" ".join(kept))
        out.append(Amount(value, " ".join(kept), body[m.start() : end], m.start()))
    return out


def _number(text: str) -> float | None:
    if text[0].isdigit():
        try:
            return float(text.replace(",", ""))
        except ValueError:
            return None
    return float(SMALL_NUMBERS[text.lower()]) if text.lower() in SMALL_NUMBERS else None
