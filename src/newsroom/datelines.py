"""Month and weekday words, the wire-dateline patterns and the wire's version marks before
a headline, for ``normalise``, ``article`` and ``facts``.

The words are data (``facts/words/months.txt``, ``weekdays.txt`` and, for telling a
dateline line from text in other languages, ``dateline_months.txt`` and
``dateline_weekdays.txt``). Light on purpose: ``normalise`` imports this, never
``facts``.

The two wire-dateline patterns answer different questions and stay two:
``WIRE_DATELINE_LINE`` (normalise) finds where the prose of a lead starts after a place
in capitals and/or an agency in brackets and a dash; ``WIRE_DATELINE_AGENCY`` (facts)
takes the agency in brackets at the top of a story, the dash optional.
"""

from __future__ import annotations

import re

import regex

from newsroom.date_words import any_month_words
from newsroom.wordlists import word_lines

# English month names and abbreviations → 1..12; weekdays → 0 (Monday) .. 6, as
# ``date.weekday()`` counts. In file order: patterns built from them keep it.
MONTHS: dict[str, int] = {
    name: number
    for number, line in enumerate(word_lines("months"), start=1)
    for name in line.split()
}
WEEKDAYS: dict[str, int] = {
    name: number for number, line in enumerate(word_lines("weekdays")) for name in line.split()
}


def _alternation(words: list[str]) -> str:
    return "|".join(dict.fromkeys(words))


# Regex alternations (no group, lower case: compile them case-insensitive) of the month
# and weekday names of every language a dateline line is recognised in.
ANY_MONTH = _alternation([*MONTHS, *word_lines("dateline_months")])
ANY_WEEKDAY = _alternation([*WEEKDAYS, *word_lines("dateline_weekdays")])

# "WASHINGTON (AP) — ", "ST. JOSEPH, Mich. (AP) — ", "LONDON/DUBAI, March 3 (Reuters) - ",
# "(CNN) — ": a place in capitals and/or an agency in brackets, then a dash.
WIRE_DATELINE_LINE = re.compile(
    r"^(?:[A-Z][A-Z.'’ /-]{1,40}(?:,\s*[A-Z][A-Za-z.]{1,15}(?:\s+\d{1,2})?)?\s*)?"
    r"(?:\([A-Z][A-Za-z .&-]{1,30}\)\s*)?[—–-]{1,2}\s+(?=[A-Z0-9“\"])"
)
# A wire dateline at the top of a story: "OTTAWA (Reuters) —", "WASHINGTON (AP) —",
# "MADRID, May 9 (Reuters) -", "(CNN) —", "Hong Kong (CNN Business)", "BERLIN (dpa) —",
# and as other languages write it: full-width brackets ("ベルリン、3月3日（ロイター） -"), a
# point before the dash ("(EFE).-"), the agency between slashes ("БЕРЛИН, 3 марта
# /ТАСС/."); ``who`` is the agency, ``dash`` the dash or colon after it when there is one
# (the point after a slash counts as one).
# Cities a slash joins ("LONDON/DUBAI, March 3 (Reuters) -") are one place: a slash
# between a letter and two capitals does not open the agency (``regex``, for the capitals
# of every script).
WIRE_DATELINE_AGENCY = regex.compile(
    r"\A\s*(?:[^\W\d_a-z](?:[^\n()（）/]|(?<=\p{L})/(?=\p{Lu}{2})){0,60}?\s*)?"
    r"(?:[(（]|/(?!\p{Lu}{2})|(?<!\p{L})/)(?P<who>[^()（）/\n]{2,40})[)）/]"
    r"\s*(?P<dash>\.?[—–-]+|:|(?<=/)\.)?"
)

# A Chinese dateline that opens a story: who sends it, the place and the day run together
# before 电 (a wire's dispatch) or 消息 / 讯 ("新华社柏林3月3日电", "央视新闻客户端2026年3月4日
# 消息"); ``lead`` is what stands before the date (facts reads its date, credits the agency
# at the start of its lead).
CHINESE_DATELINE = re.compile(
    r"(?P<lead>[^\n，。：:]{0,20}?)"
    r"(?P<date>(?:(?:19|20)\d\d\s*年\s*)?\d{1,2}\s*月\s*\d{1,2}\s*日)\s*(?P<end>电|電|消息|讯|訊)"
)

# A word of a person's name: letters, with inner hyphens, apostrophes and periods
# ("O'Neill", "Jean-Luc", "J."). The cleaner reads a line of a name alone by it, the
# facts the names of a byline.
NAME_WORD = re.compile(r"[^\W\d_][\w'’.-]*")

# What a blog puts before the "by" of its byline, a date or a time in it: "Posted on March
# 14, 2024 by", "Written by", "Published 3 hours ago by" (lower case: read without case).
# The same words open a byline before its "by" in ``normalise._BYLINE``: "Words by", "Text
# by", "Story by", "Report by".
BYLINE_LEAD_IN = (
    r"(?:(?:posted|published|written|updated|words|text|story|report)\b[^|\n]{0,40}?\s)?"
)

# A byline's label in scripts without capitals ("记者 王丽", "記者：佐藤花子", "文/李明", Arabic
# "بقلم أحمد منصور", "كتب"), and Korean's role after the name ("김민수 기자", "특파원": a
# correspondent), an e-mail address after it at most (regex sources: the cleaner reads
# such a line as a byline with them, ``normalise._BYLINE``, and ``facts.credits`` takes
# them off the name).
SCRIPT_BYLINE_LABEL = r"(?:(?:记者|記者|作者|撰文|بقلم|كتبت?)\s*[:：]?\s*|文\s*[/／:：]\s*)"
SCRIPT_BYLINE_ROLE = r"(?:기자|특파원)(?:\s+\S+@\S+)?"

# A date written out with its year, in the forms of the languages above: "28.01.2020",
# "2020-01-28", "28 janvier 2020", "January 28, 2020", "2020年1月28日". A short line above a
# story that holds one ("Aktualisiert am 28.01.2020, 15:49", "Montag, 09.12.2019") is
# where a page states when it was published.
DATE_WITH_YEAR = re.compile(
    r"(?<![\d.])\d{1,2}[./]\d{1,2}[./](?:19|20)\d\d(?!\d)"
    r"|(?<!\d)(?:19|20)\d\d-[01]\d-[0-3]\d(?!\d)"
    rf"|(?<!\w)\d{{1,2}}(?:st|nd|rd|th|er|º)?\.?\s+(?:de\s+)?(?:{ANY_MONTH})\.?,?\s+(?:de\s+)?(?:19|20)\d\d"
    rf"|(?<!\w)(?:{ANY_MONTH})\.?\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+(?:19|20)\d\d"
    r"|(?:19|20)\d\d\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日",
    re.IGNORECASE,
)


# A date in figures that DATE_WITH_YEAR leaves out, in a line that states a date: the year
# first ("2025/01/22 17:00", "2024.03.31"), the day first with spaces ("31. 10. 2025"),
# or a two-figure year before a time ("05.08.24 11:58", "31.07.24 kl. 11:31").
_FIGURES_DATE = re.compile(
    r"(?<!\d)(?:19|20)\d\d(?P<sep>[./])(?:1[0-2]|0?[1-9])(?P=sep)(?:3[01]|[12]\d|0?[1-9])(?!\d)"
    r"|(?<![\d.])\d{1,2}\.\s\d{1,2}\.\s(?:19|20)\d\d(?!\d)"
    r"|(?<![\d.])\d{1,2}\.\d{1,2}\.\d\d(?=,?\s+(?:kl\.?\s*|um\s+)?\d{1,2}[:.]\d\d(?!\d))"
)
# A day, a word and a year, or a word, a day and a year; the word is a month when some
# language names one so ("30 kwietnia 2021", "5. Dez 2018", "3 أكتوبر 2022").
_WORD_DATE = re.compile(
    r"(?<!\w)\d{1,2}(?:st|nd|rd|th|er|º)?\.?\s+(?:de\s+)?(?P<after>[^\W\d_]{3,15})\.?,?\s+"
    r"(?:de\s+)?(?:19|20)\d\d(?!\d)"
    r"|(?<!\w)(?P<before>[^\W\d_]{3,15})\.?\s+\d{1,2}(?:st|nd|rd|th)?,?\s+(?:19|20)\d\d(?!\d)"
)


def states_date(text: str) -> bool:
    """Whether *text* states a date with its year: ``DATE_WITH_YEAR``'s forms, other
    forms in figures, or a day and a month named in any language dateparser knows."""
    if DATE_WITH_YEAR.search(text) or _FIGURES_DATE.search(text):
        return True
    return _names_a_month(_WORD_DATE, text)


def _names_a_month(pattern: re.Pattern[str], text: str) -> bool:
    """Whether a match of *pattern* in *text* has, as its ``after`` or ``before`` word, a
    month's name in some language dateparser knows."""
    words = [(m["after"] or m["before"]).lower() for m in pattern.finditer(text)]
    return bool(words) and not any_month_words().isdisjoint(words)


# A day and a month without the year, then the time, as bylines print them ("8 січня,
# 17:46", "Jane Smith 8 January, 17:46", "Jan 8, 5:46 pm"); the word is a month when some
# language names one so.
_DAY_MONTH_TIME = re.compile(
    r"(?<!\w)\d{1,2}(?:st|nd|rd|th|er|º)?\.?\s+(?:de\s+)?(?P<after>[^\W\d_]{3,15})\.?"
    r"(?:,|\s+[^\W\d_]{1,3})?\s+\d{1,2}[:.]\d\d(?!\d)"
    r"|(?<!\w)(?P<before>[^\W\d_]{3,15})\.?\s+\d{1,2}(?:st|nd|rd|th)?"
    r"(?:,|\s+[^\W\d_]{1,3})?\s+\d{1,2}[:.]\d\d(?!\d)"
)


def states_day_and_time(text: str) -> bool:
    """Whether *text* states a day and a month in words of any language dateparser knows,
    then a time, without the year: a byline's date, whose year the facts find elsewhere
    (the story's dated copies, the file's folders)."""
    return _names_a_month(_DAY_MONTH_TIME, text)


# What a news wire writes before a headline to mark a version of the story, not the story:
# "UPDATE 2-", "RPT-UPDATE 1-", "REFILE-", "CORRECTED-", "WRAPUP 1-", "UPDATE: ", "UPDATED: " (in
# capitals, as the wires write them; a genre or a desk, "ANALYSIS-", "GLOBAL MARKETS-", is
# the story's and stays).
_VERSION_SLUG = re.compile(
    r"(?:(?:UPDATE|WRAPUP)(?: \d{1,2})?|UPDATED|RPT|REFILE|CORRECTED|CORRECTION|URGENT|FLASH)"
    r"(?:-|: )(?=\S)"
)


def without_version_slug(title: str) -> str:
    """The headline without the wire's version marks at its start ("UPDATE 2-Oil rises"
    is "Oil rises"): the copies of a story are its versions, and the story is listed by
    the title of one of them."""
    end = 0
    while (m := _VERSION_SLUG.match(title, end)) is not None:
        end = m.end()
    rest = title[end:]
    return rest if len(rest.split()) >= 2 else title
