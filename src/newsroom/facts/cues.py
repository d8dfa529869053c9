"""Cues around a name: the words before and after it that say what it names.

Pure predicates over the body and a span's offsets, read by the entity rules
(``facts.classify``, ``facts.entities``).
"""

from __future__ import annotations

import re

from newsroom.facts.lexicon import (
    COMPANY_PAIR_BEFORE,
    COMPANY_WORD_BEFORE,
    PERSON_NOUNS,
    REGION_WORDS,
    SPEECH_VERBS,
    STATES_ABBR,
    STATES_DOTTED,
    STATES_POSTAL,
)
from newsroom.facts.places import Gazetteer
from newsroom.facts.rules import Span

_AFTER_WORD = re.compile(r"\s+([a-z]+)")
_SPEECH_AFTER = re.compile(r"['’‘]?s?\s+(?:" + SPEECH_VERBS + r")\b")
TEAM_PLURAL = re.compile(r"[^sui]s$")  # "Islanders", "Wings", "Blues"; not "Ross", "Davis"


def state_abbreviation(s: Span, body: str, gazetteer: Gazetteer) -> bool:
    """A US state as news style abbreviates it: "N.M.", "Eugene, Ore.", "Mountain View, CA"."""
    if s.name in STATES_DOTTED:
        return True
    after_city = body[max(0, s.start - 2) : s.start] == ", "
    if s.name in STATES_POSTAL and after_city and not body[s.end : s.end + 1].isalpha():
        # "Mountain View, CA for a show": a postal code after a city the gazetteer knows
        # (not "Jane Smith, MD, a cardiologist", "Right, OK, we will see")
        before = body[max(0, s.start - 42) : s.start - 2].split()
        return any(gazetteer.is_place(" ".join(before[-n:])) for n in (1, 2, 3) if len(before) >= n)
    return s.name in STATES_ABBR and body[s.end : s.end + 1] == "." and after_city


_AGE_OR_ROLE = re.compile(r",\s+(?:\d{1,3}\s*[,)]|(?:a|an|the|who|whose)\s)")
_HONORIFIC = re.compile(r"\b(?:Mr|Mrs|Ms|Dr|Sir|Dame)\.?\s+$")
# The word right before a name, in lower case: "said economist Tavneet Suri".
_WORD_BEFORE = re.compile(r"(?<![\w-])([a-z][a-z-]+) $")


def role_before(s: Span, body: str) -> bool:
    """A noun of what a person does, in lower case, right before the name: "economist
    Tavneet Suri", "by analyst Oyelola Adebayo", "striker Vinicius Junior"."""
    m = _WORD_BEFORE.search(body, max(0, s.start - 24), s.start)
    return m is not None and m.group(1) in PERSON_NOUNS


def person_cue(s: Span, body: str, singles_by_name: dict[str, list[Span]]) -> bool:
    """Whether the text treats a capitalised pair as a person: a speech verb, an age or a
    role after it, a role's noun before it, or its last word with a speech verb or an
    honorific elsewhere."""
    if speaker_context(s, body) or _AGE_OR_ROLE.match(body, s.end) or role_before(s, body):
        return True
    last = s.name.split()[-1]
    for other in singles_by_name.get(last, ()):
        if other.single and other.name == last:
            before = body[max(0, other.start - 6) : other.start]
            if speaker_context(other, body) or _HONORIFIC.search(before):
                return True
    return False


def place_by_context(s: Span, body: str) -> bool:
    """Words around the name make it a place: "Donetsk region", "the city of …"."""
    after = _AFTER_WORD.match(body, s.end, s.end + 20)
    if after and after.group(1) in REGION_WORDS:
        return True
    if s.single and _LIST_OF_REGIONS.match(body, s.end):
        return True  # "Barry, Berrien, Calhoun, Cass, Kalamazoo and Van Buren counties"
    before = body[max(0, s.start - 12) : s.start].lower()
    return before.endswith(_PLACE_BEFORE)


_DATELINE_DASH = re.compile(r",?[ \t]*(?:\([A-Za-z ]+\)[ \t]*)?(?:[–—]|--?)[ \t]")


def dateline_place(s: Span, body: str) -> bool:
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
DEMONYM_LIKE = re.compile(r"(?:ans?|ese|ish|ists?|isms?)$")
_ORG_BEFORE = re.compile(
    r"(?:\b(?i:rival|company|firm|carmaker|retailer|giant|group|club|side|startup|"
    r"broadcaster|newspaper|outlet|channel|agency|website|magazine|band|shares of|stake in|"
    r"told|joined|"
    r"signed for|sign for|executives? at|analysts? at|spokes(?:man|woman|person) for)"
    r"|\bthe)\s+$"
)
_ORG_AFTER = re.compile(
    r"(?:['’]s)?\s+(?:spokes(?:man|woman|person)|shares?|stock|declined|founder|chief|"
    r"executives?|board|headquarters|employees|staff|customers|users|subscribers|"
    r"players?|manager|coach|fans|goalie|defenseman|captain|midfielder|striker|defender|"
    r"goalkeeper|winger|boss|supporters|teammates?|songs?|albums?|concerts?)\b"
)


def company_before(body: str, start: int) -> bool:
    """What precedes a name says it is a company's: "the carmaker …", "shares of …"."""
    words = body[max(0, start - 30) : start].lower().split()
    if not words or body[start - 1 : start] != " ":
        return False
    return words[-1] in COMPANY_WORD_BEFORE or tuple(words[-2:]) in COMPANY_PAIR_BEFORE


# A score ("3-1"): the first digit first and the word boundary before it checked behind it,
# so that the regex engine jumps from digit to digit.
SCORE = re.compile(r"\d(?<!\w\d)\d?[-–]\d{1,2}\b")
SCORE_AFTER = re.compile(r"\s+\d{1,2}[-–]\d{1,2}\b(?![-–]\d)")  # "beat Fulham 3-1"
CLUB_AFTER = re.compile(
    r"['’]?s?\s+(?:manager|head coach|coach|midfielder|striker|defender|goalkeeper|winger|"
    r"forward|boss|supporters|fans|captain|squad|teammates?)\b"
)
PLURAL_ACRONYM = re.compile(r"[A-Z]{2,}s")  # "MPs", "CEOs": people, no organisation
REPORTED_AFTER = re.compile(
    r"\s+(?:first\s+|also\s+|earlier\s+)?(?:reported|reports|wrote|writes|published)\b"
)
# ", the industry regulator,", ", a state-owned company,": what an organisation is
APPOSITIVE_ORG = re.compile(
    r"['’]?s?,\s+(?:the|a|an|its)\s+(?:[\w\-]+\s+){0,3}(?:regulator|watchdog|agency|company|"
    r"firm|group|organi[sz]ation|broadcaster|newspaper|carrier|airline|bank|lender|insurer|"
    r"retailer|charity|operator|utility|union|party|ministry|network|maker|manufacturer|"
    r"developer|producer|supplier|club|team|publisher|outlet|daily|startup|conglomerate)\b"
)


def org_context(s: Span, body: str) -> bool:
    """Words around the name make it an organisation's: "rival …", "…'s chief executive",
    "the investigative website ‘Agentura’" (a quote may open the name), "that Scorpions
    song" (a band's work)."""
    before = body[max(0, s.start - 30) : s.start].removesuffix("‘").removesuffix("“")
    if _ORG_BEFORE.search(before) and not before.endswith(("the ", "The ")):
        return True
    if before.endswith(("the ", "The ")) and s.name.endswith("s") and not s.sentence_start:
        return True  # "the Sabres", "the Taliban" is known
    return bool(_ORG_AFTER.match(body, s.end))


def speaks_after(s: Span, body: str) -> bool:
    """A speech verb right after the name: the name is the speaker ("Merkel told")."""
    return _SPEECH_AFTER.match(body, s.end, s.end + 30) is not None


def speaker_context(s: Span, body: str) -> bool:
    """A speech verb after the name ("… said") or before it ("according to …")."""
    if speaks_after(s, body):
        return True
    # "… according to X", "… said X", "… told X" (string tests: a regex search over the
    # window for every name costs more)
    before = body[max(0, s.start - 30) : s.start]
    stripped = before.rstrip()
    return len(stripped) < len(before) and stripped.endswith(("according to", "said", "told"))
