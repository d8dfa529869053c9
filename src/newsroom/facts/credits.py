"""Who wrote and who published: bylines without the junk, outlets from credit lines.

``clean_authors`` keeps the names in bylines ("By Staff | Updated", site names and dates
are no authors); ``credit_outlets`` finds outlets in credit lines ("(Via Newsweek)",
"Source: With Agencies"), wire datelines ("WASHINGTON (AP) —") and credit sentences
("Reuters contributed to this report"), and the outlet a republished text came from
("This article first appeared in the Harbour Gazette").
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence

from newsroom.datelines import (
    BYLINE_LEAD_IN,
    CHINESE_DATELINE,
    MONTHS,
    NAME_WORD,
    SCRIPT_BYLINE_LABEL,
    SCRIPT_BYLINE_ROLE,
    WEEKDAYS,
    WIRE_DATELINE_AGENCY,
)
from newsroom.facts.dates import matches_at
from newsroom.facts.lexicon import (
    DEMONYMS,
    KNOWN_OUTLETS,
    LEGAL_FORMS,
    POSSESSIVE,
    REPORTER_WORDS,
    is_given_name,
    known_outlet,
    squash,
    squash_set,
)
from newsroom.facts.places import default_gazetteer
from newsroom.facts.records import Credit
from newsroom.wordlists import word_set

_AUTHOR_JUNK_WORDS = word_set("author_junk")
_AUTHOR_SPLIT = re.compile(r"\s*(?:\||;|,|&|\band\b|\bund\b|\by\b|\bet\b|•|·)\s*", re.IGNORECASE)
_BY = re.compile(r"^(?:by|written by|words by|from|por|par|von|di)\s+", re.IGNORECASE)
_HAS_DIGIT = re.compile(r"\d")
_URLISH = re.compile(r"@|https?:|www\.|\.(?:com|org|net|co\.uk|news)\b", re.IGNORECASE)


# A page's author fields ("By Jane Doe and John Roe", "Staff Writer", a profile URL)
# "Автор:" and "Author:" label a byline as the cleaner reads one (``normalise._BYLINE``),
# with their colon ("Author Message" is a page's button)
_PAGE_BY = re.compile(
    rf"^\s*{BYLINE_LEAD_IN}(?:(by|von|por|par|di|door|av|de)\s*:?\s+|(автор|авторка|author)\s*:\s*)",
    re.IGNORECASE,
)
_SCRIPT_BY = re.compile(rf"^\s*{SCRIPT_BYLINE_LABEL}")
_SCRIPT_ROLE = re.compile(rf"\s*{SCRIPT_BYLINE_ROLE}\s*$")
_PAGE_SPLIT = re.compile(r"\s*(?:;|\n|\||,\s*and\s+|\s+and\s+|\s+&\s+|,\s*(?=[A-Z]))\s*")
_NOT_A_NAME = re.compile(
    r"https?://|www\.|@|\.com\b|^(staff|admin|editor|editors|reporter|news ?desk|"
    r"the associated press|associated press|reuters|afp|ap|unknown|guest|anonymous)$"
    r"|\b(writer|reporter|correspondent|editor|contributor|columnist|staff)s?$",  # a role
    re.IGNORECASE,
)


# What follows the names in a byline line of a text: a role or an affiliation after a
# comma or a dash, a date or time ("on 8/09/2012", "Published 09 November"), a handle in
# brackets, wire services; and a place ("in London", capitalised).
_BYLINE_TAIL = re.compile(
    r"\s*(?:\s[-–—|]\s|\(|\bon\s|\b(?:published|updated|posted)\b|\s(?:at|@)\s*\d|\d"
    r"|\band (?:agencies|wire services)\b|\b(?:topics?|tags?|categories|filed under)\s*:)",
    re.IGNORECASE,
)
_BYLINE_PLACE = re.compile(r"\s+in\s+[A-Z]")


def byline_names(line: str) -> str:
    """The names a byline line of a text gives ("Jane Roe" of "By Jane Roe, Reuters" or
    "by Jane Roe on 8/09/2012 12:13 PM"; "Andrea Shalal, David Lawder and Jeff Mason";
    "Nicole Winfield" of AP's "By NICOLE WINFIELD Associated Press"), for
    ``clean_authors`` to split and judge."""
    names = _SCRIPT_ROLE.sub("", _SCRIPT_BY.sub("", _PAGE_BY.sub("", line.strip())))
    # a list of names runs on through its commas; the first part after a comma that is
    # no name (an outlet, a role: "Reuters", "Editor") ends it
    parts = names.split(",")
    kept = 1
    while kept < len(parts) and _names_part(parts[kept]):
        kept += 1
    names = ",".join(parts[:kept])
    for tail in (_BYLINE_TAIL, _BYLINE_PLACE):
        if m := tail.search(names):
            names = names[: m.start()]
    names = _without_trailing_outlet(names.strip())
    if names.replace(" and ", " ").isupper():  # AP's capitals: "NICOLE WINFIELD"
        names = " ".join(w if w == "and" else _capitalised(w) for w in names.split())
    return names


def name_alone(line: str) -> str | None:
    """The name a line gives that holds a name and nothing else ("Jane Smith", AP's
    "NICOLE WINFIELD"), when its words read as a person's: a known first name and
    capitalised words, no outlet or role; else None ("Photo Gallery", "Market Report")."""
    name = " ".join(line.split())
    if name.isupper():
        name = " ".join(_capitalised(w) for w in name.split())
    return name if _names_part(name) else None


def _names_part(part: str) -> bool:
    """Whether a part of a byline after a comma names people: a first name and more
    words, each a capitalised word or "and", and no known outlet or role ("David Lawder
    and Jeff Mason", not "Reuters", "Staff Writer", "Daily Herald")."""
    words = part.split()
    return (
        len(words) >= 2
        and _given_name(_capitalised(words[0]))
        and all(w == "and" or (NAME_WORD.fullmatch(w) and w[0].isupper()) for w in words)
        and known_outlet(part.strip()) is None
        and not _NOT_A_NAME.search(part.strip())
    )


def _given_name(word: str) -> bool:
    """A known first name, written in Latin letters or in another script with capitals
    ("Ольга", "Дмитро" read as "Olga", "Dmytro": the list is of Latin spellings)."""
    if is_given_name(word):
        return True
    return not word.isascii() and is_given_name(_latin(word))


def _latin(word: str) -> str:
    from anyascii import anyascii

    return anyascii(word).replace("'", "")  # the soft sign's mark: "Ol'ga" is "Olga"


def _without_trailing_outlet(names: str) -> str:
    """The names without a known outlet that follows them with no comma ("NICOLE
    WINFIELD Associated Press")."""
    words = names.split()
    for k in range(1, min(4, len(words) - 1) + 1):
        if known_outlet(" ".join(words[-k:])) is not None:
            return " ".join(words[:-k])
    return names


def _capitalised(word: str) -> str:
    """A word in capitals as a name is written: "O'NEILL" as "O'Neill", "AL-SHARAA" as
    "Al-Sharaa"."""
    return re.sub(r"[^\W\d_]+", lambda m: m.group(0).capitalize(), word)


def _page_bylines(entries: Iterable[str]) -> list[str]:
    """The names in a page's author fields: split, "By" removed, roles and agencies out."""
    names: list[str] = []
    for raw in entries:
        for part in _PAGE_SPLIT.split(_PAGE_BY.sub("", raw or "")):
            name = part.strip(" ,.-–—|")
            if not name or _NOT_A_NAME.search(name) or len(name) > 60:
                continue
            if len(name.split()) > 5:
                continue
            if name.lower() not in (n.lower() for n in names):
                names.append(name)
    return names


def clean_authors(authors: Iterable[str], *, site_name: str | None = None) -> list[str]:
    """Authors worth keeping: names, not "Staff", "Updated", dates, e-mail or site names.

    The one place authors are decided: ``authors`` are a page's author fields as it gives
    them (JSON-LD, meta tags). Each entry may hold several names ("Jane Doe and John
    Roe", "A | B"); the result is one name an entry, in order, without repeats.
    """
    site = squash(site_name or "")
    out: list[str] = []
    seen: set[str] = set()
    for entry in _page_bylines(authors):
        for part in _AUTHOR_SPLIT.split(entry or ""):
            name = _BY.sub("", part.strip(" \t\n-–—:.")).strip(" \t\n-–—:.")
            name = _AUTHOR_CODE.sub("", name)  # "Oliver Maksan (oma)": the desk's initials
            if name.isupper() and len(name) > 3:  # "JÖRG ZSCHOCHE"
                name = " ".join(_capitalised(w) for w in name.split())
            key = squash(name)
            if not key or key in seen or not _plausible_author(name, site):
                continue
            seen.add(key)
            out.append(name)
    return out


# A short code in brackets after an author's name: the initials a desk signs with
# ("Oliver Maksan (oma)", "Anna Berg [ab]").
_AUTHOR_CODE = re.compile(r"\s*[(\[][^\W\d_]{1,6}[)\]]$")


def _plausible_author(name: str, site: str) -> bool:
    if _HAS_DIGIT.search(name) or _URLISH.search(name):
        return False
    words = re.findall(r"[^\W\d_]+", name)
    if not words or len(words) > 5:
        return False
    lowered = [w.lower() for w in words]
    if any(w in _AUTHOR_JUNK_WORDS for w in lowered):
        return False
    if any(w in MONTHS or w in WEEKDAYS for w in lowered):
        return False
    key = squash(name)
    if site and (key == site or key in site or site in key):
        return False
    if key in squash_set(KNOWN_OUTLETS):
        return False
    # a name has a capital somewhere, or is written in a script without capitals (Chinese,
    # Japanese, Korean, Arabic); an all-lowercase string is a phrase
    return any(w[0].isupper() or not w[0].islower() for w in words)


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
    r"(?:[ \t]+[A-Za-z][\w&\-’']*){0,5})[ \t]+(?:contributed reporting|"
    r"contributed to this (?:report|story|article)|contributed(?=[ \t]*(?:[.;\n]|$))))"
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
# A sentence that says where the text itself was published first ("This article first
# appeared in the Harbour Gazette.", "It is republished here with permission from
# LearnVest.", "Reprinted with permission from Newsweek"): the text is a republication,
# and the outlet it names is where it came from (``republished``). The sentence must be
# about the text (it opens with it, or with the statement itself), not about another
# ("Valenza's article, originally published in Notes", "the study, first published in").
_THIS_TEXT = (
    r"(?:(?:This|The)[ \t]+(?:[\w-]+[ \t]+){0,2}?(?:article|story|post|column|piece|essay"
    r"|report|interview|op-ed|commentary|version|analysis|feature|review|blog)[ \t]+|It[ \t]+)?"
    r"(?:(?:was|is|has[ \t]+been)[ \t]+)?"
)
_REPUBLISHED = re.compile(
    r"[ \t]*[(\[]?[ \t]*(?:Note:[ \t]*)?"
    + _THIS_TEXT
    + r"(?:(?:[Ff]irst|[Oo]riginally)[ \t]+(?:appeared|published|ran|posted)[ \t]+(?:in|on|by|at)"
    r"|(?:[Rr]e-?published|[Rr]eprinted|[Rr]eproduced)[ \t]+(?:here[ \t]+)?"
    r"(?:with[ \t]+(?:the[ \t]+)?(?:kind[ \t]+)?permission[ \t]+)?(?:from|of|by))"
    r"[ \t]+(?P<who>(?:[Tt]he[ \t]+)?[A-Z](?:[\w&’'-]|\.(?=\w))*"
    r"(?:[ \t]+(?:of|and|the|[A-Z](?:[\w&’'-]|\.(?=\w))*)){0,5})",
    re.MULTILINE,
)
# The words of a republication sentence, looked for as they are (C's search, no regex).
_REPUBLISHED_VERBS = (
    "irst ",
    "riginally ",
    "epublished ",
    "e-published ",
    "eprinted ",
    "eproduced ",
)
# Where a note of republication stands: in the text's first or last characters (a line
# above the story or below it); the middle is not searched (it cost a tenth of the facts
# step where the whole body was).
_REPUBLISHED_HEAD, _REPUBLISHED_TAIL = 600, 1500
# What the capitals after "first published in" may be that is no outlet: a date, a
# language ("first published in French"), a place.
_NOT_AN_OUTLET = {w.lower() for w in (*MONTHS, *WEEKDAYS)}


def _republished_from(body: str) -> Iterable[tuple[str, str]]:
    """(outlet, sentence) of each republication sentence at the start or the end of the
    body. Its verb is looked for first (C's search), and the sentence read from its start
    only where one stands: most texts have none there."""
    tail = max(_REPUBLISHED_HEAD, len(body) - _REPUBLISHED_TAIL)
    cues = sorted(
        at
        for lo, hi in ((0, min(_REPUBLISHED_HEAD, tail)), (tail, len(body)))
        for verb in _REPUBLISHED_VERBS
        for at in _found(body, verb, lo, hi)
    )
    seen = -1
    for at in cues:
        start = max(body.rfind("\n", 0, at), body.rfind(". ", 0, at) + 1) + 1
        if start <= seen:
            continue
        m = _REPUBLISHED.match(body, start)
        if m is None:
            continue
        seen = start
        who = re.sub(r"(?:[ \t]+(?:of|and|the))+$", "", m.group("who")).rstrip(".")
        first = re.sub(r"^(?:[Tt]he[ \t]+)", "", who).split()[0].lower()
        if first in _NOT_AN_OUTLET or first in DEMONYMS or default_gazetteer().is_place(who):
            continue
        end = body.find("\n", m.end())
        yield who, body[start : end if end >= 0 else len(body)].strip()


def _found(text: str, word: str, lo: int, hi: int) -> Iterator[int]:
    """Where ``word`` starts in ``text[lo:hi]``."""
    at = text.find(word, lo, hi)
    while at >= 0:
        yield at
        at = text.find(word, at + 1, hi)


# "(With AFP)", "(With Reuters)": a wire credit only when it names a known outlet
_WITH_OUTLET = re.compile(
    r"^[ \t]*[(\[][ \t]*[Ww]ith[ \t]+(?P<who>[^()\[\]\n]{2,40}?)[ \t]*[)\]]\.?[ \t]*$",
    re.MULTILINE,
)


_NEWLINE = re.compile(r"\n")


def _line_starts(text: str) -> list[int]:
    """Where each line of ``text`` starts: the only places the credit-paragraph patterns
    (``^``, multiline) can match, so they are tried there alone (``matches_at``), not at
    every character (two and a half times faster)."""
    return [0, *(m.end() for m in _NEWLINE.finditer(text))]


def _credit_part(part: str, *, people_prefix: bool) -> str | None:
    """The outlet one piece of a credit names: a known outlet, the outlet of "CNN's Jane
    Doe" or "Associated Press writer Jane Doe", or (after "Via", "Source:") any name that
    is no person's; None for reporters and editors."""
    part = re.sub(r"\s+in\s+[A-Z][\w.\- ]*$", "", part.strip(" .,;:()[]"))  # "… in Kyiv"
    if not part:
        return None
    if (known := known_outlet(part)) is not None:
        return part.removeprefix("The ").removeprefix("the ") or known
    words = part.split()
    for n in range(min(4, len(words)), 0, -1):
        head = " ".join(words[:n])
        bare = POSSESSIVE.sub("", head)
        reporter = n < len(words) and words[n].lower() in REPORTER_WORDS
        if (bare != head or reporter) and known_outlet(bare) is not None:
            return bare.removeprefix("The ")
    if people_prefix or len(words) > 6 or not part[:1].isupper():
        return None
    if len(words) >= 2 and is_given_name(words[0]):
        return None  # "Jane Doe"
    return part


# Where a credit line lists another outlet: a comma (not the one before a company's legal
# form, "Acme Robotics, Inc."), a slash, "and", "&".
_CREDIT_SPLIT = re.compile(
    r"\s*(?:,(?!\s*(?i:" + "|".join(sorted(LEGAL_FORMS)) + r")\b)|/(?!RL)|\band\b|&)\s*"
)


def _credit_line_outlets(line: str) -> list[str]:
    out: list[str] = []
    for section in re.split(r"\s*;\s*", line.strip().strip("()[]").strip()):
        people = _PEOPLE_PREFIX.match(section) is not None
        rest = section
        while (stripped := _CREDIT_PREFIX.sub("", rest)) != rest:
            rest = stripped
        for part in _CREDIT_SPLIT.split(rest):
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
        key = squash(outlet)
        if key and key not in seen:
            seen.add(key)
            # a known outlet as it writes its name ("dpa", "Reuters"), else a capital first
            shown = (
                outlet
                if outlet in KNOWN_OUTLETS
                else known_outlet(outlet) or outlet[0].upper() + outlet[1:]
            )
            out.append(Credit(shown, text, method))

    for line in credits:
        for outlet in _credit_line_outlets(line):
            add(outlet, line, "credit_line")
    for text in (body, title):
        # the agency stands in brackets or between slashes: a text with none of them opens
        # with no such dateline, and is not matched (the pattern is slow to fail)
        if "(" not in text and "/" not in text and "（" not in text:
            continue
        m = WIRE_DATELINE_AGENCY.match(text)
        if m is None:
            continue
        who = m.group("who").strip()
        known = known_outlet(who)
        if (
            known is None
            and m.group("dash")
            and len(who.split()) <= 3
            and who[:1].isalpha()
            and not default_gazetteer().is_place(who)
            and not who.lower().startswith(("with", "via"))
        ):
            known = who  # "(Kyodo) —": a name in brackets before the dash is the agency
        if known is not None:
            add(who, m.group(0).strip(), "wire_dateline")
    chinese = CHINESE_DATELINE.match(body, len(body) - len(body.lstrip()))
    if chinese is not None and chinese.group("end") in ("电", "電"):  # a wire's dispatch
        lead = chinese.group("lead")  # the agency, then the place: "新华社柏林"
        agency = next((lead[:k] for k in range(len(lead), 1, -1) if known_outlet(lead[:k])), None)
        if agency is not None:
            add(agency, chinese.group(0).strip(), "wire_dateline")
    line_starts = _line_starts(body)
    for m in matches_at(_WITH_OUTLET, body, line_starts):
        if (found := known_outlet(m.group("who"))) is not None:
            add(m.group("who") if found else found, m.group(0).strip(), "credit_paragraph")
    for m in matches_at(_CREDIT_PARAGRAPH, body, line_starts):
        for name in _credit_line_outlets(m.group("line")):
            add(name, m.group("line"), "credit_paragraph")
    for outlet, sentence in _republished_from(body):
        add(outlet, sentence, "republished")
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
