"""The words the rules read (data files under ``facts/words/``) and small tests on words.

Every list here is read once per process through ``newsroom.wordlists``; the files say
what each list is for. The tests (``name_like``, ``is_acronym``, ``is_given_name``, …)
are pure functions, memoised where the same words come back in every article.
"""

from __future__ import annotations

import re
from functools import cache, lru_cache

from newsroom.datelines import MONTHS, WEEKDAYS
from newsroom.facts.given_names import given_names
from newsroom.wordlists import word_lines, word_set

# --- names and what stands around them ---------------------------------------------------
TITLE_WORDS = word_set("title_words")
WEAK_TITLE_WORDS = word_set("weak_title_words")
ORG_HEADS = word_set("org_heads")
GEO_TAILS = word_set("geo_tails")
GEO_LEADS = word_set("geo_leads")
ORG_TAILS = word_set("org_tails")
LEGAL_FORMS = word_set("legal_forms")  # a company name's last word: "Inc", "AG"
KNOWN_ORGS = word_set("known_orgs")
KNOWN_OUTLETS = word_set("known_outlets")
OUTLET_FIRST_WORDS = frozenset(n.split()[0].lower() for n in KNOWN_OUTLETS if " " in n)


def _company_key(name: str) -> str:
    return name.lower().replace("’", "'")


# Listed companies' names (``words/companies.txt``, from bench/make_company_names.py), in
# lower case with plain apostrophes: those that are no English word too ("Nvidia",
# "Goldman Sachs"; not "Target" or "Shell", which the tagger alone may read as companies).
_LISTED_COMPANIES = frozenset(
    _company_key(name) for name in word_lines("companies") if not name.endswith(" ~")
)


def is_listed_company(name: str) -> bool:
    """Whether ``name`` is a listed company's (any case, either apostrophe)."""
    return _company_key(name) in _LISTED_COMPANIES


DEMONYMS = word_set("demonyms")
REGION_WORDS = word_set("region_words")
_NOT_NAMES = word_set("not_names")
# the list writes "we've"; a text may write "we’ve"
NOT_NAMES = (
    _NOT_NAMES
    | frozenset(w.replace("'", "’") for w in _NOT_NAMES)
    | frozenset(MONTHS)
    | frozenset(WEEKDAYS)
)
PARTICLES = word_set("name_particles")
CONNECTORS = frozenset({"of", "for", "the"}) | PARTICLES
JOINERS = CONNECTORS | {"and"}
ABBREVIATIONS = word_set("abbreviations")
FOREIGN_ARTICLES = word_set("foreign_articles")
LEADING_JUNK = word_set("leading_junk")
PLACE_ACRONYMS = word_set("place_acronyms")
ENGLISH_PLACE_WORDS = word_set("english_place_words")
PARTIES = word_set("parties")
PARTY_MEMBERS = word_set("party_members")
# US states as news style abbreviates them ("Ore", "N.Y.") → their postal codes
STATE_CODES: dict[str, str] = dict(map(str.split, word_lines("us_states_abbreviated")))
STATES_DOTTED = frozenset(a for a in STATE_CODES if "." in a)  # "N.Y.": a place anywhere
STATES_ABBR = frozenset(a for a in STATE_CODES if "." not in a)  # "Ore": after "City, "
STATES_POSTAL = word_set("us_states_postal")
COMPANY_WORD_BEFORE = word_set("company_words_before")
COMPANY_PAIR_BEFORE = frozenset(
    (first, second) for first, second in map(str.split, word_lines("company_phrases_before"))
)
CLUB_WORDS = word_lines("club_words")
REPORTER_WORDS = word_set("reporter_words")
PERSON_NOUNS = word_set("person_nouns")  # "economist", "striker": lower case before a name
# A regex alternation of the verbs that report speech, in the file's order.
SPEECH_VERBS = "|".join(word_lines("speech_verbs"))
SMALL_NUMBERS = {word: int(value) for word, value in map(str.split, word_lines("number_words"))}

POSSESSIVE = re.compile(r"['’‘]s$|s['’‘]$")
_ROMAN = re.compile(r"X{0,3}(?:IX|IV|V?I{0,3})")


_POST_NOMINALS = word_set("post_nominals")


# An adverb opening a sentence ("Originally published by …", "Initially reported …",
# "Reportedly, …"): by its suffix, in a word of seven letters or more (not "Ally"; no
# name of that length ends so: "Connolly", "Beverly", "Hartley" do not).
_ADVERB = re.compile(
    r"[A-Z][a-z]{2,}(?:ally|ately|ously|ively|ently|antly|edly|ingly|fully|lessly)"
)


@lru_cache(maxsize=1 << 14)
def never_alone(word: str) -> bool:
    """A word that names nothing on its own: one of ``NOT_NAMES`` ("Mom", "Many"), an
    adverb ("Originally", ``_ADVERB``), a Roman numeral ("II", "IV"), a degree after a
    name ("PhD", "Ph.D") or a company's legal form ("Inc", "LLC"; not a two-letter
    capital pair, which may be a state: "CO")
    (memoised: five passes ask it of every lone word, and the same names recur)."""
    low = word.lower()
    bare = word.replace(".", "")
    return (
        low in NOT_NAMES
        or _ADVERB.fullmatch(word) is not None
        or (len(bare) >= 2 and bare.isupper() and _ROMAN.fullmatch(bare) is not None)
        or bare in _POST_NOMINALS
        or (bare.lower() in LEGAL_FORMS and not (word.isupper() and len(word) <= 2))
    )


def name_like(word: str) -> bool:
    """A lower-cased word that can be part of a name: no title word, organisation head,
    connector or demonym."""
    return not (word in TITLE_WORDS or word in ORG_HEADS or word in CONNECTORS or word in DEMONYMS)


@lru_cache(maxsize=1 << 14)
def is_acronym(text: str) -> bool:
    """ "FSB", "U.S.", "AFL-CIO": capitals only, not a Roman numeral (memoised: the rules
    ask it of the same names again and again)."""
    letters = text.replace(".", "").replace("-", "")
    return (
        len(letters) >= 2
        and letters.isupper()
        and letters.isalpha()
        and not _ROMAN.fullmatch(letters)  # "Schedule IV", "Henry VIII"
    )


@lru_cache(maxsize=1 << 14)
def mixed_case(name: str) -> bool:
    """ "MoD", "FBi": capitals inside a word make an acronym, not a place."""
    return any(
        sum(map(str.isupper, w)) >= 2 and w.replace(".", "") not in PLACE_ACRONYMS
        for w in name.split()
    )


@cache
def is_given_name(word: str) -> bool:
    """A first name in gender-guesser's list (about 40,000 names from many countries),
    not one of the capitalised words news uses for other things ("May", "King", "Sky")."""
    low = word.lower()
    if (
        len(word) < 2
        or not word[:1].isupper()
        or (word.isupper() and len(word) > 2)
        or low in TITLE_WORDS
        or low in ORG_HEADS
        or low in NOT_NAMES
        or low in DEMONYMS
    ):
        return False
    first = re.split(r"[-‐]", word)[0]
    return first.lower() in given_names()


def squash(text: str) -> str:
    """Lower case without anything but letters and digits: a key to compare names by."""
    return re.sub(r"[\W_]+", "", text.lower())


@cache
def squash_set(names: frozenset[str]) -> frozenset[str]:
    return frozenset(squash(n) for n in names)


@cache
def _outlet_index() -> dict[str, str]:
    """Squashed name of a known outlet → the name as the list writes it."""
    return {squash(name): name for name in KNOWN_OUTLETS}


@lru_cache(maxsize=1 << 14)
def known_outlet(name: str) -> str | None:
    """The known outlet a name is ("The Associated Press", "CNN Business"), or None."""
    name = re.sub(r"^the\s+", "", name.strip(" .,;:()[]"), flags=re.IGNORECASE)
    return _outlet_index().get(squash(name))


def person_key(name: str) -> str:
    return " ".join(name.lower().split())


@lru_cache(maxsize=1 << 14)
def org_key(name: str) -> str:
    """An organisation's name compared without case, spacing and a leading "the"
    (memoised: grouping and sources ask it of every mention)."""
    return re.sub(r"^the\s+", "", " ".join(name.lower().split()))
