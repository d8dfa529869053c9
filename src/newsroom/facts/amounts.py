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


def find_amounts(body: str, language: str | None = None) -> list[Amount]:
    """Numbers with what they count: "600 soldiers", "150 of his spies", "23-second",
    "1,000 people", "two months", "$5 million". Years, ordinals and the days of dates
    are not amounts. In an article in a ``language`` that writes a decimal comma, its
    own forms ("3,2 milliards d'euros", "2 500 emplois": ``_foreign_amounts``)."""
    if language is not None and language not in _DECIMAL_POINT_LANGUAGES:
        return _foreign_amounts(body, language)
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


# --- other languages: a decimal comma, thousands apart by a point or a space ------------

# The languages that write "1.134" and "2 500" for a thousand and more and "3,2" for three
# point two (English, Chinese, Japanese and Korean write "1,134" and "3.2").
_DECIMAL_POINT_LANGUAGES = frozenset({"en", "zh", "ja", "ko", "he", "th", "hi", "ms", "tl"})
_FOREIGN_SCALE = {
    "mil": 1e3, "mille": 1e3, "tausend": 1e3, "тыс": 1e3, "тысяч": 1e3,
    "million": 1e6, "millions": 1e6, "millionen": 1e6, "mio": 1e6, "millón": 1e6,
    "millones": 1e6, "milione": 1e6, "milioni": 1e6, "milhão": 1e6, "milhões": 1e6,
    "miljoen": 1e6, "miljoenen": 1e6, "млн": 1e6, "миллион": 1e6, "миллиона": 1e6,
    "миллионов": 1e6, "мільйонів": 1e6,
    "milliard": 1e9, "milliards": 1e9, "milliarde": 1e9, "milliarden": 1e9, "mrd": 1e9,
    "mil millones": 1e9, "miliardo": 1e9, "miliardi": 1e9, "bilhão": 1e9, "bilhões": 1e9,
    "miljard": 1e9, "miljarden": 1e9, "млрд": 1e9, "миллиард": 1e9, "миллиарда": 1e9,
    "миллиардов": 1e9, "мільярдів": 1e9,
}  # fmt: skip
_FOREIGN_PERCENT = (
    r"%|pour ?cent\b|prozent\b|por ?ciento\b|per ?cento\b|por ?cento\b|procent\b|процент\w*"
)
_FOREIGN_AMOUNT = re.compile(
    r"(?<![\w.,$€£-])(?P<currency>[$€£])?\s?"
    r"(?P<num>\d{1,3}(?:[.\u00a0\u202f ]\d{3})+(?:,\d+)?(?![\d.,]\d)|\d+(?:,\d+)?(?![\d.,]\d))"
    r"(?:\s*(?P<scale>(?i:"
    + "|".join(re.escape(k) for k in sorted(_FOREIGN_SCALE, key=len, reverse=True))
    + r"))\.?(?!\w))?"
    r"(?P<pct>\s*(?i:" + _FOREIGN_PERCENT + r"))?"
    r"(?:\s+(?:(?i:d[e’']|de|di|von|der)\s?)?(?P<what>[^\W\d_][\w\-’']*))?"
)


def _foreign_amounts(body: str, language: str) -> list[Amount]:
    """Amounts in an article in another language, as it writes numbers ("1.134 euros",
    "2 500 emplois", "3,2 milliards d'euros", "15 %"); a day before its month ("17
    octobre", "4. März") is a date, no amount."""
    from newsroom.date_words import date_words

    months = date_words().get(language, ({}, False))[0]
    out: list[Amount] = []
    for m in _FOREIGN_AMOUNT.finditer(body):
        num, what = m.group("num"), m.group("what")
        if what and what.lower().rstrip(".") in months:
            continue  # the day of a date
        if _YEAR.fullmatch(num) and not m.group("currency") and not m.group("scale"):
            continue  # a year
        value = _decimal_comma_number(num)
        scale = m.group("scale")
        if scale:
            value *= _FOREIGN_SCALE[scale.lower()]
        text = m.group(0).rstrip()
        if m.group("pct"):
            out.append(
                Amount(value, "percent", body[m.start("num") : m.end("pct")], m.start("num"))
            )
        elif m.group("currency"):
            what_code = {"$": "USD", "€": "EUR", "£": "GBP"}[m.group("currency")]
            out.append(Amount(value, what_code, body[m.start() : m.end("num")], m.start()))
        elif what:
            out.append(Amount(value, what, text, m.start("num")))
    return out


# "1,000", "25,000": a comma before three digits and nothing more is a thousands comma, as
# English writes it (an English sentence in an article read as another language; news
# rarely writes three decimals, and "0,125" keeps its own).
_THOUSANDS_COMMA = re.compile(r"[1-9]\d{0,2},\d{3}")


def _decimal_comma_number(num: str) -> float:
    """A number as a language with a decimal comma writes it: "1.134" and "2 500" are
    thousands, "3,2" is three point two."""
    if _THOUSANDS_COMMA.fullmatch(num):
        return float(num.replace(",", ""))
    return float(re.sub(r"[.\u00a0\u202f ]", "", num).replace(",", "."))


def _number(text: str) -> float | None:
    if text[0].isdigit():
        try:
            return float(text.replace(",", ""))
        except ValueError:
            return None
    return float(SMALL_NUMBERS[text.lower()]) if text.lower() in SMALL_NUMBERS else None
