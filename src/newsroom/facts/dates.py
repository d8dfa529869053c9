"""When: the date a dateline states and the dates a body names.

A dateline such as "Sunday, February 25" gets its year from the weekday within a window
before the reference time (the file's mtime or the fetch time); when no year in the
window fits, or more than one does, the date stays partial (month and day, no year) and
says so. A dateline with neither year nor weekday ("November 20") takes a year only from
evidence in the story (the body naming the same day with its year): the reference alone
is no evidence, since a file copied today keeps an old story's dateline, so without it
the date stays partial (``--11-20``) with a low confidence. Dates in the body are a
fallback with a low confidence. Nothing is ever dated after the reference.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from typing import Any
from urllib.parse import urlsplit

from newsroom.date_words import date_words, dateparser_code
from newsroom.datelines import CHINESE_DATELINE, MONTHS, WEEKDAYS
from newsroom.facts.lexicon import SMALL_NUMBERS
from newsroom.facts.records import DateValue

MONTH_RE = r"(?P<month>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
_WEEKDAY_RE = (
    r"(?:(?P<weekday>" + "|".join(sorted(WEEKDAYS, key=len, reverse=True)) + r")\.?,?\s+)?"
)
_YEAR_RE = r"(?:,?\s+(?P<year>(?:19|20)\d\d))?"
_DAY_RE = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_MONTH_DAY = re.compile(
    r"\b"
    + _WEEKDAY_RE
    + r"(?:"
    + MONTH_RE
    + r"\s+"
    + _DAY_RE
    + r"|"
    + _DAY_RE.replace("day>", "day2>")
    + r"\s+(?:of\s+)?"
    + MONTH_RE.replace("month>", "month2>")
    + r")"
    + _YEAR_RE
    + r"\b",
    re.IGNORECASE,
)
# A date written year first, whatever the separator ("2019-11-20", "2025/01/22",
# "2024.03.31"): no language writes the day or the month before such a year.
_YEAR_FIRST_DATE = re.compile(
    r"(?<!\d)(?P<year>(?:19|20)\d\d)(?P<sep>[-/.])(?P<month>1[0-2]|0?[1-9])(?P=sep)"
    r"(?P<day>3[01]|[12]\d|0?[1-9])(?!\d)"
)

# How far before the reference a dateline without a year may lie.
DATELINE_WINDOW_DAYS = 366 * 2
# A weekday fits one year in about seven; two fits inside this many days are ambiguous.


def _as_date(reference: datetime | date | None) -> date | None:
    if reference is None:
        return None
    if isinstance(reference, datetime):
        return (reference.astimezone(UTC) if reference.tzinfo else reference).date()
    return reference


# (month, day, year, weekday) of a date found in text; year and weekday when it says them.
_Parts = tuple[int, int, int | None, int | None]


def _match_parts(m: re.Match[str]) -> _Parts | None:
    """(month, day, year, weekday) of a _MONTH_DAY match, or None when impossible."""
    month_name = m.group("month") or m.group("month2")
    day_text = m.group("day") or m.group("day2")
    month = MONTHS[month_name.lower()]
    day = int(day_text)
    if not 1 <= day <= 31:
        return None
    year = int(m.group("year")) if m.group("year") else None
    wd = m.group("weekday")
    weekday = WEEKDAYS[wd.lower()] if wd else None
    return month, day, year, weekday


def safe_date(year: int, month: int, day: int) -> date | None:
    """The date, or None where there is no such day (February 30)."""
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _resolve(
    month: int,
    day: int,
    year: int | None,
    weekday: int | None,
    text: str,
    reference: date | None,
    *,
    source: str,
    base_confidence: float,
    year_from_reference: bool,
) -> DateValue | None:
    """A date from its parts: the year given, or found from the weekday and reference;
    without a weekday, the reference's most recent fitting year only when
    ``year_from_reference`` (a body's "on September 2" is read against when it was seen)."""
    if year is not None:
        d = safe_date(year, month, day)
        if d is None or (reference is not None and d > reference + timedelta(days=1)):
            return None
        fits = weekday is None or d.weekday() == weekday
        return DateValue(d, year, month, day, source, base_confidence if fits else 0.5, text)
    if reference is None:
        return DateValue(None, None, month, day, f"{source}:no_year", base_confidence * 0.8, text)
    latest = reference + timedelta(days=1)
    earliest = reference - timedelta(days=DATELINE_WINDOW_DAYS)
    in_window = [
        d
        for y in range(earliest.year, latest.year + 1)
        if (d := safe_date(y, month, day)) is not None and earliest <= d <= latest
    ]
    if weekday is not None:
        fitting = [d for d in in_window if d.weekday() == weekday]
        if len(fitting) == 1:
            return DateValue(
                fitting[0], fitting[0].year, month, day, f"{source}+weekday", base_confidence, text
            )
        return DateValue(
            None, None, month, day, f"{source}:weekday_unresolved", base_confidence * 0.7, text
        )
    if not year_from_reference:
        return DateValue(None, None, month, day, f"{source}:no_year", base_confidence * 0.4, text)
    if in_window:
        d = max(in_window)  # the most recent occurrence not after the reference
        return DateValue(d, d.year, month, day, f"{source}+reference", base_confidence * 0.6, text)
    return None


def resolve_dateline(
    dateline: str | None,
    reference: datetime | date | None = None,
    *,
    language: str | None = None,
) -> DateValue | None:
    """The date a dateline states, its year resolved from the weekday when it is missing.

    "Sunday, February 25" with a reference in March 2024 is 2024-02-25 (the only Sunday
    February 25 in the two years before); with no reference, or when no single year in
    the window fits the weekday, it is a partial date: month 2, day 25, year None.
    A dateline that names an English month with an impossible day ("May 57") states no
    date. Other forms go to dateparser, told the article's ``language`` when known.
    """
    if not dateline:
        return None
    ref = _as_date(reference)
    text = dateline.strip()
    if m := _YEAR_FIRST_DATE.search(text):
        d = safe_date(int(m.group("year")), int(m.group("month")), int(m.group("day")))
        if d is not None and (ref is None or d <= ref + timedelta(days=1)):
            return DateValue(d, d.year, d.month, d.day, "dateline", 0.95, m.group(0))
    if m := _MONTH_DAY.search(text):
        found: tuple[re.Match[str], _Parts | None] | None = m, _match_parts(m)
    else:
        found = _foreign_dateline(text, language)
    if found is None:
        return _dateparser_dateline(text, ref, language)
    m, parts = found
    if parts is None:
        return None
    month, day, year, weekday = parts
    return _resolve(
        month,
        day,
        year,
        weekday,
        m.group(0),
        ref,
        source="dateline",
        base_confidence=0.9,
        year_from_reference=False,
    )


def _foreign_dateline(
    text: str, language: str | None
) -> tuple[re.Match[str], _Parts | None] | None:
    """The first date with its year in a dateline in another language, else the first
    without ("BERLIN, 3. März (Reuters)": a day and month, as an English "March 3"), and
    its parts."""
    if language is None or language == "en":
        return None
    year_less: tuple[re.Match[str], _Parts | None] | None = None
    for m in _foreign_matches(text, language):
        parts = _foreign_parts(m, language)
        if parts is not None and parts[2] is not None:
            return m, parts
        if parts is not None and year_less is None:
            year_less = m, parts
    return year_less


def _dateparser_dateline(text: str, ref: date | None, language: str | None) -> DateValue | None:
    """Datelines in other forms and languages ("25 février 2024", "3 Mar 2024 10.32").

    Told the article's language (and English, the language of wire datelines), dateparser
    tries two languages; not told, it tries all of them, which costs up to half a second
    on text that is no date at all.
    """
    if len(text) > 80:
        return None
    import dateparser

    settings: dict[str, Any] = {
        "PREFER_DATES_FROM": "past",
        "REQUIRE_PARTS": ["day", "month", "year"],
        "RETURN_AS_TIMEZONE_AWARE": False,
    }
    if ref is not None:
        settings["RELATIVE_BASE"] = datetime(ref.year, ref.month, ref.day, 23, 59)
    if language is not None and _day_first(language):
        # told English too, dateparser reads "04.05.20" month first
        settings["DATE_ORDER"] = "DMY"
    try:
        parsed = dateparser.parse(
            text, settings=settings, languages=_dateparser_languages(language)
        )
    except (ValueError, OverflowError):  # pragma: no cover - dateparser's own failures
        return None
    if parsed is None:
        return None
    d = parsed.date()
    if ref is not None and d > ref + timedelta(days=1):
        return None
    return DateValue(d, d.year, d.month, d.day, "dateline:dateparser", 0.8, text)


def _dateparser_languages(language: str | None) -> list[str] | None:
    """The languages dateparser should try: the article's and English, or all when the
    language is unknown or one dateparser does not know."""
    code = dateparser_code(language)
    if code is None or code not in _dateparser_known_languages():
        return None
    return list(dict.fromkeys([code, "en"]))


@functools.cache
def _dateparser_known_languages() -> frozenset[str]:
    return frozenset(date_words())


# Capitalised or upper-case month names only: in English text "may" and "march" written
# lower-case are verbs, and the case-sensitive scan is several times faster. No leading
# \b: a pattern that starts with its literals lets the regex engine skip ahead to their
# first letters (seven times faster here); the word boundary before is checked after.
_MONTH_WORD = re.compile("(?:" + "|".join(f"{m.capitalize()}|{m.upper()}" for m in MONTHS) + r")\b")


def _word_char_before(text: str, start: int) -> bool:
    """Whether a regex word character (``\\w``) precedes ``start``."""
    return start > 0 and (text[start - 1].isalnum() or text[start - 1] == "_")


def _month_day_matches(text: str) -> list[re.Match[str]]:
    """_MONTH_DAY matches, searched only around month names (much faster on long text)."""
    out: list[re.Match[str]] = []
    end_of_last = 0
    for word in _MONTH_WORD.finditer(text):
        if word.start() < end_of_last or _word_char_before(text, word.start()):
            continue
        lo = max(end_of_last, word.start() - 24)
        m = _MONTH_DAY.search(text, lo, min(len(text), word.end() + 12))
        if m is not None and m.start() <= word.start() < m.end():
            out.append(m)
            end_of_last = m.end()
    return out


# Article languages whose dates are written year 年 month 月 day 日 (and Korean's 년 월 일).
_CJK_DATE = {
    "zh": re.compile(r"(?:(?P<year>(?:19|20)\d\d)\s*年\s*)?(?P<month>1[0-2]|0?[1-9])\s*月"
                     r"\s*(?P<day>3[01]|[12]\d|0?[1-9])\s*[日号]"),
    "ko": re.compile(r"(?:(?P<year>(?:19|20)\d\d)\s*년\s*)?(?P<month>1[0-2]|0?[1-9])\s*월"
                     r"\s*(?P<day>3[01]|[12]\d|0?[1-9])\s*일"),
}  # fmt: skip
_CJK_DATE["ja"] = _CJK_DATE["zh"]


@functools.cache
def _foreign_date_pattern(language: str) -> tuple[re.Pattern[str], dict[str, int]] | None:
    """Day-month(-year) dates in ``language`` ("2. März 2024", "12 de marzo de 2024",
    "12 марта 2024 года"): the month names dateparser knows for it (three letters or
    more, so that no two-letter abbreviation reads as a month), or None when it has none."""
    words = date_words().get(dateparser_code(language) or language)
    if words is None or not words[0]:
        return None
    months = words[0]
    names = "|".join(re.escape(n) for n in sorted(months, key=len, reverse=True))
    pattern = re.compile(
        r"(?<!\w)(?P<day>3[01]|[12]\d|0?[1-9])(?:\.|º|er)?\s+(?:(?:de|di|del)\s+)?"
        # a second name of the same month may follow the first ("3 مارس آذار 2024")
        rf"(?P<month>{names})\.?(?!\w)(?:\s+(?:{names})(?!\w))?"
        r"(?:,?\s+(?:(?:de|del)\s+)?(?P<year>(?:19|20)\d\d)(?!\d))?",
        re.IGNORECASE,
    )
    return pattern, months


# Day.month.year in figures ("12.03.2024", "12/03/2024"), read only in languages that
# put the day first (dateparser's date order DMY): in English 03/12 is ambiguous.
# A space may follow each point ("31. 10. 2025"); a year of two figures is read only
# before a time ("05.08.24 11:58", "31.07.24 kl. 11:31"), where it is no other number.
_NUMERIC_DMY = re.compile(
    r"(?<![\d.,/])(?P<day>3[01]|[12]\d|0?[1-9])(?P<sep>[./])\s?(?P<month>1[0-2]|0?[1-9])"
    r"(?P=sep)\s?(?P<year>(?:19|20)\d\d|\d\d(?=,?\s+(?:kl\.?\s*|um\s+)?\d{1,2}[:.]\d\d(?!\d)))"
    r"(?![\d]|[.,/]\d)"
)


def _day_first(language: str) -> bool:
    words = date_words().get(dateparser_code(language) or language)
    return words is not None and words[1]


def _foreign_matches(text: str, language: str) -> list[re.Match[str]]:
    if (cjk := _CJK_DATE.get(language)) is not None:
        return list(cjk.finditer(text))
    found = _foreign_date_pattern(language)
    matches = list(found[0].finditer(text)) if found is not None else []
    if _day_first(language):
        matches += _NUMERIC_DMY.finditer(text)
    return matches


def _foreign_parts(m: re.Match[str], language: str) -> _Parts | None:
    """(month, day, year, no weekday) of a _foreign_matches match, or None when impossible."""
    if language in _CJK_DATE or m.re is _NUMERIC_DMY:
        month = int(m.group("month"))
    else:
        found = _foreign_date_pattern(language)
        if found is None:
            return None
        named = found[1].get(m.group("month").lower())  # None where case folds oddly
        if named is None:
            return None
        month = named
    day = int(m.group("day"))
    if not 1 <= day <= 31:
        return None
    year = int(m.group("year")) if m.group("year") else None
    if year is not None and year < 100:  # two figures: 1970-2069, as POSIX reads them
        year += 2000 if year < 70 else 1900
    return month, day, year, None


# The number words of "three weeks ago".
_AGO_NUMBERS = ("a", "one", "two", "three", "four", "five", "six", "seven")
# The look-ahead names the letters a phrase can start with: one test of a character where
# the word boundary and every alternative were tried.
_RELATIVE = re.compile(
    r"(?=[ytlaofs\d])\b(?P<phrase>yesterday|today|last (?:week|month|year)"
    r"|(?P<n>\d+|" + "|".join(_AGO_NUMBERS) + r") (?P<unit>days?|weeks?|months?) ago)\b",
    re.IGNORECASE,
)


def _relative_matches(body: str) -> list[re.Match[str]]:
    """``_RELATIVE.finditer(body)``, the pattern tried only where a phrase can start (at
    "yesterday", "today", "last", or the number two words before " ago"), found by plain
    searches of the lower-cased text: most bodies hold one or two such places, and the
    case-insensitive pattern, tried at every character, cost as much as all of
    ``body_dates`` else. Text where lower case moves offsets ("İ") or a letter matches
    another's case (dotless "ı", long "ſ") is searched by the pattern throughout."""
    lowered = body.lower()
    if len(lowered) != len(body) or "ı" in body or "ſ" in body:
        return list(_RELATIVE.finditer(body))
    starts = [i for word in ("yesterday", "today", "last") for i in _places(lowered, word)]
    for ago in _places(lowered, " ago"):
        unit = lowered.rfind(" ", 0, ago)  # the space between the number and the unit
        if unit > 0:
            starts += _number_starts(lowered, unit)
    return matches_at(_RELATIVE, body, sorted(starts))


def matches_at(pattern: re.Pattern[str], text: str, starts: Sequence[int]) -> list[re.Match[str]]:
    """What ``pattern.finditer(text)`` finds, when the pattern can only match at ``starts``
    (in order): tried there alone, each match skipping the starts it covers."""
    out: list[re.Match[str]] = []
    end = 0
    for start in starts:
        if start < end:
            continue
        m = pattern.match(text, start)
        if m is not None:
            out.append(m)
            end = m.end()
    return out


def _places(text: str, word: str) -> list[int]:
    """Where ``word`` stands in ``text``, each place (overlaps too)."""
    out = []
    i = text.find(word)
    while i >= 0:
        out.append(i)
        i = text.find(word, i + 1)
    return out


def _number_starts(lowered: str, end: int) -> list[int]:
    """Where a number of "three weeks ago" ending at ``end`` can start: its digits' first
    (a phrase starts at a word's start), or a number word's."""
    start = end
    while start > 0 and lowered[start - 1].isdecimal():
        start -= 1
    out = [start] if start < end else []
    return out + [
        end - len(w) for w in _AGO_NUMBERS if len(w) <= end and lowered.startswith(w, end - len(w))
    ]


def body_dates(
    body: str, reference: datetime | date | None = None, language: str | None = None
) -> list[DateValue]:
    """Dates the body names, absolute ("on September 2", "March 11, 2016") and relative
    ("last week", resolved against the reference); never after the reference. In an
    article in another ``language``, its own forms too ("2. März 2024", "12 марта",
    "2024年3月12日"), with month names from dateparser's data for that language."""
    ref = _as_date(reference)
    out: list[DateValue] = []
    found = [(m, _match_parts(m)) for m in _month_day_matches(body)]
    if language is not None and language != "en":
        found += [(m, _foreign_parts(m, language)) for m in _foreign_matches(body, language)]
    for m, parts in found:
        if parts is None:
            continue
        month, day, year, weekday = parts
        # "May" alone is a verb too often; "May 5" needs its day, and that is required here.
        value = _resolve(
            month,
            day,
            year,
            weekday,
            m.group(0),
            ref,
            source="body",
            base_confidence=0.4,
            year_from_reference=True,
        )
        if value is not None:
            out.append(value)
    if ref is not None:
        for m in _relative_matches(body):
            d = _relative_date(m, ref)
            if d is not None:
                out.append(DateValue(d, d.year, d.month, d.day, "body:relative", 0.2, m.group(0)))
    return out


def _relative_date(m: re.Match[str], ref: date) -> date | None:
    phrase = m.group("phrase").lower()
    if phrase == "yesterday":
        return ref - timedelta(days=1)
    if phrase == "today":
        return ref
    if phrase.startswith("last "):
        unit = phrase[5:]
        return ref - timedelta(days={"week": 7, "month": 30, "year": 365}[unit])
    n_text = m.group("n").lower()
    n = int(n_text) if n_text.isdigit() else SMALL_NUMBERS.get(n_text, 0)
    unit = m.group("unit").lower().rstrip("s")
    return ref - timedelta(days=n * {"day": 1, "week": 7, "month": 30}[unit])


# A wire dateline that opens the story's first paragraph: a place (a state or country
# after a comma at most), a date and perhaps the agency, then a dash: "FRANKFURT, March 12,
# 2026 — The …", "LOS ANGELES, Aug. 4, 2025 (Reuters) - A …", "ST. JOSEPH, Mich., Jan. 3
# (AP) — …", "Berlin, 14. Januar 2026 – Die …". The date holds a number (a day or a year).
# The comma may be a Japanese or an Arabic one ("ベルリン、3月3日（ロイター） -", "برلين، 3
# مارس (رويترز) -"), the brackets full-width, and a point may come before the dash
# ("MADRID, 3 de marzo de 2026 (EFE).-"). Two forms end with a point instead of a dash:
# an agency between slashes ("БЕРЛИН, 3 марта /ТАСС/.") and a date closed by the word for
# "year" ("МОСКВА, 3 марта 2026 года."); and Chinese wire datelines run the agency, the
# place and the date together before 电 or 消息 ("新华社柏林3月3日电").
_OPENING_DATELINE = re.compile(
    # the place, then a comma of any script or Arabic's "in" ("القاهرة في 3 مارس 2024 -")
    r"(?P<place>[^\W\d_][^\n,、،—–(（]{1,40}?)(?:[,、،]|\s+في(?=\s+\d))"
    # a state or region after the place ("ST. JOSEPH, Mich., March 3"), never the
    # weekday of the date ("TOKYO, Monday, March 17")
    r"(?:\s(?!(?i:" + "|".join(sorted(WEEKDAYS, key=len, reverse=True)) + r")\b)"
    r"[^\n,—–(\d]{2,20},)?"
    r"\s*(?P<date>[^\n—–()（）/]{0,40}?\d[^\n—–()（）/]{0,40}?)\s*"
    r"(?:(?:\([^)\n]{1,40}\)|（[^）\n]{1,40}）)\s*\.?\s*)?"
    r"(?:—|–|--?)\s"
)
_OPENING_DATELINE_POINT = re.compile(
    r"(?P<place>[^\W\d_][^\n,—–(/]{1,40}),\s+(?P<date>[^\n—–()/]{0,40}?\d[^\n—–()/]{0,40}?)"
    r"(?:\s*/[^/\n]{2,30}/|\s+(?:года|року|г)\b)\.\s"
)
# French's "le" and a date ended by its year and a full stop ("Lyon, le 3 mars 2024. La
# ville …"; not any sentence with a date: "O Líbano, em 22 de novembro de 1943. Outras …").
_OPENING_DATELINE_LE = re.compile(
    r"(?P<place>[^\W\d_][^\n,—–(/]{1,40}),\s+(?P<date>le\s+\d{1,2}(?:er)?\s+[^\W\d_]+\.?"
    r"\s+(?:19|20)\d\d)\.\s"
)
# A full date that opens the story in Chinese, Japanese or Korean, no place before it
# ("2024年3月3日　東京都内で…", "2024년 3월 3일 - 서울시는 …").
_OPENING_CJK_DATE = re.compile(
    r"(?P<date>(?:19|20)\d\d\s*[年년]\s*\d{1,2}\s*[月월]\s*\d{1,2}\s*[日일])"
    r"(?:\s*\d{1,2}\s*[時시:]\s*\d{1,2}\s*分?)?[\s　]*(?:[—–-]+\s*)?"
)
# Marks of direction a right-to-left text may open with (U+200E, U+200F, U+061C).
_DIRECTION_MARKS = "\u200e\u200f\u061c"


def _opening_match(body: str) -> re.Match[str] | None:
    start = len(body) - len(body.lstrip(" \t\n\r\f\v" + _DIRECTION_MARKS))
    for pattern in (
        _OPENING_DATELINE,
        _OPENING_DATELINE_POINT,
        _OPENING_DATELINE_LE,
        CHINESE_DATELINE,
        _OPENING_CJK_DATE,
    ):
        if m := pattern.match(body, start):
            return m
    return None


def opening_dateline(body: str) -> str | None:
    """The date of a wire dateline that opens the body ("March 12, 2026" of "FRANKFURT,
    March 12, 2026 — The European Central Bank …"): the dateline a text file or a page
    copy holds inside its first paragraph rather than on a line of its own."""
    m = _opening_match(body)
    return m.group("date").strip() if m else None


def opening_dateline_place(body: str) -> tuple[int, int] | None:
    """Where the place of a wire dateline that opens the body is ("MADRID" of "MADRID, 3
    de marzo (EFE).-"), its start and end offsets, or None."""
    m = _opening_match(body)
    if m is None or "place" not in m.re.groupindex:
        return None
    return m.start("place"), m.start("place") + len(m.group("place").rstrip())


# A date in a file's path or a page's URL, as archives and news sites lay them out:
# "archive/2025/03/23/slug.txt", "/2025-03-23-slug", "/news/20250323/…", or a year and
# month alone ("/2025/03/slug"). Figures inside a longer number are no date.
_PATH_DATE = re.compile(
    r"(?<![\d])(?P<year>(?:19|20)\d\d)(?P<sep>[/_.-]?)(?P<month>0[1-9]|1[0-2]|(?<=[/_.-])[1-9])"
    r"(?:(?P=sep)(?P<day>0[1-9]|[12]\d|3[01]|(?<=[/_.-])[1-9]))?(?!\d)"
)


def path_date(location: str | None) -> tuple[int, int, int | None] | None:
    """(year, month, day or None) that a file's path or a page's URL states: the last
    date in its folders and name (a query string and a host name are not read), or None.
    A year and month in figures run together ("202503") are no date; with a day they are
    ("20250323")."""
    if not location:
        return None
    path = urlsplit(location).path if "://" in location else location
    found = None
    for m in _PATH_DATE.finditer(path):
        if not m.group("sep") and m.group("day") is None:
            continue  # "202503": a number as likely as a month
        day = int(m.group("day")) if m.group("day") else None
        if safe_date(int(m.group("year")), int(m.group("month")), day or 1) is not None:
            found = (int(m.group("year")), int(m.group("month")), day)
    return found


def published_date(
    dateline: str | None,
    body: str,
    reference: datetime | date | None = None,
    *,
    known: datetime | None = None,
    mentioned: Sequence[DateValue] | None = None,
    language: str | None = None,
    location: str | None = None,
) -> DateValue | None:
    """The best publication date: metadata (``known``), then the dateline (a line of its own,
    else one that opens the body: ``opening_dateline``), its year from the body or from
    the date in the document's path or URL (``location``: ``path_date``) when it has none,
    then that path's date, then the most recent absolute date the body names with its
    year (a lower bound, so a low confidence; a year-less one is no publication date).
    ``mentioned`` is ``body_dates(body, reference)`` when the caller has it already."""
    ref = _as_date(reference)
    in_path = path_date(location)
    if in_path is not None and ref is not None:
        stated = safe_date(in_path[0], in_path[1], in_path[2] or 1)
        if stated is None or stated > ref + timedelta(days=1):
            in_path = None  # a date after the document was seen is no publication date
    if known is not None:
        d = _as_date(known)
        if d is not None and (ref is None or d <= ref + timedelta(days=1)):
            return DateValue(d, d.year, d.month, d.day, "html_metadata", 0.9, known.isoformat())
    from_dateline = resolve_dateline(dateline, reference, language=language)
    if (from_dateline is None or from_dateline.partial) and (
        opening := opening_dateline(body)
    ) is not None:
        found = resolve_dateline(opening, reference, language=language)
        if found is not None and (from_dateline is None or not found.partial):
            from_dateline = replace(found, method=f"opening_{found.method}")
    if from_dateline is not None and not from_dateline.partial:
        if in_path is not None and from_dateline.method.endswith("+weekday"):
            return _weekday_against_path(from_dateline, in_path)
        return from_dateline
    if mentioned is None:
        mentioned = body_dates(body, reference)
    if from_dateline is not None:
        dated = _year_from_body(from_dateline, mentioned)
        if dated.partial and in_path is not None:
            return _year_from_path(dated, in_path)
        return dated
    if in_path is not None and (day := in_path[2]) is not None:
        year, month = in_path[0], in_path[1]
        return DateValue(
            date(year, month, day), year, month, day, "path_date", PATH_CONFIDENCE, location or ""
        )
    # a date the body writes with its year: a year-less one ("on March 4") has its year from
    # the reference alone, which is no evidence of when the story ran (as for a dateline)
    absolute = [
        v
        for v in mentioned
        if v.value and v.method != "body:relative" and not v.method.endswith("+reference")
    ]
    if not absolute:
        return None
    latest = max(absolute, key=lambda v: v.value or date.min)
    return DateValue(
        latest.value,
        latest.year,
        latest.month,
        latest.day,
        "body_latest_date",
        min(latest.confidence, 0.3),
        latest.text,
    )


# How sure a date in a path or URL alone is: archives and news sites file a story under
# the day it ran, but a folder may be the day it was saved.
PATH_CONFIDENCE = 0.6


# An archive files a story on the day it ran or a few days after (received, saved): a
# year-less dateline up to this many days before the path's date takes its year from it.
_FILED_WITHIN_DAYS = 7


def _year_from_path(partial: DateValue, in_path: tuple[int, int, int | None]) -> DateValue:
    """The partial dateline with its year from the date in the path: the path's year when
    the path states the dateline's month and no day; when it states a day, the year that
    puts the dateline on that day or in the week before it ("SYDNEY, Dec 31" filed under
    2025/01/01 ran on 2024-12-31). Else the partial date as is."""
    year, month, day = in_path
    if partial.month is None or partial.day is None:
        return partial
    if day is None:
        d = safe_date(year, month, partial.day) if partial.month == month else None
        if d is None:
            return partial
        return DateValue(d, year, d.month, d.day, "dateline+path_year", 0.8, partial.text)
    filed = safe_date(year, month, day)
    if filed is None:
        return partial
    for y in (year, year - 1):
        d = safe_date(y, partial.month, partial.day)
        if d is not None and 0 <= (filed - d).days <= _FILED_WITHIN_DAYS:
            confidence = 0.8 if d == filed else 0.7
            return DateValue(d, y, d.month, d.day, "dateline+path_year", confidence, partial.text)
    return partial


# How sure a dateline's date is when its weekday says one year and the date of the path
# it is filed under another: the path is written out, a weekday is easily wrong.
_WEEKDAY_DISAGREES_CONFIDENCE = 0.6


def _weekday_against_path(dated: DateValue, in_path: tuple[int, int, int | None]) -> DateValue:
    """A year-less dateline whose weekday gave it a year, filed under a path whose date
    gives the same day another year (a trial's "Tuesday, November 18" under
    archive/2026/11/18/, dated 2025 by its weekday): the path's year, which states it,
    with a confidence that says the two disagree."""
    partial = replace(dated, value=None, year=None)
    by_path = _year_from_path(partial, in_path)
    if by_path.partial or by_path.year == dated.year:
        return dated
    method = f"{by_path.method}:weekday_disagrees"
    return replace(by_path, method=method, confidence=_WEEKDAY_DISAGREES_CONFIDENCE)


def _year_from_body(partial: DateValue, mentioned: Sequence[DateValue]) -> DateValue:
    """The partial dateline with its year when the body names the same day with a year
    written out ("…on November 20, 2019, the council…"); else the partial date as is."""
    years = {
        v.year
        for v in mentioned
        if v.year is not None
        and (v.month, v.day) == (partial.month, partial.day)
        and str(v.year) in v.text
    }
    if len(years) != 1 or partial.month is None or partial.day is None:
        return partial
    (year,) = years
    d = safe_date(year, partial.month, partial.day)
    if d is None:
        return partial
    return DateValue(d, year, d.month, d.day, "dateline+body_year", 0.8, partial.text)
