"""Typing rules: one capitalised run → a title and a typed name, an organisation, a
place, an untyped name for the passes of ``facts.entities`` to settle, or nothing.

A run of one plain word (three runs in four: "The", "Putin", "FSB") goes through
``ONE_WORD_RULES``, every other run through ``RUN_RULES``; each list is tried in order and
the first rule that answers (a list of spans, empty for "no entity here") decides. Its
name is the span's ``method``. A rule that types a person hands the
words of the title before the name to ``TITLE_RULES`` ("FSB Director …", "New Jersey
Sen. …").
"""

from __future__ import annotations

import re
from collections.abc import Callable

from newsroom.datelines import MONTHS, WEEKDAYS
from newsroom.facts.cues import TEAM_PLURAL
from newsroom.facts.lexicon import (
    CONNECTORS,
    DEMONYMS,
    FOREIGN_ARTICLES,
    GEO_LEADS,
    GEO_TAILS,
    KNOWN_ORGS,
    LEADING_JUNK,
    LEGAL_FORMS,
    NOT_NAMES,
    ORG_HEADS,
    ORG_TAILS,
    PARTICLES,
    PARTIES,
    PARTY_MEMBERS,
    PERSON_NOUNS,
    PLACE_ACRONYMS,
    TITLE_WORDS,
    WEAK_TITLE_WORDS,
    is_acronym,
    is_given_name,
    mixed_case,
    name_like,
)
from newsroom.facts.places import Gazetteer
from newsroom.facts.records import EntityKind
from newsroom.facts.rules import Firing, Method, Span
from newsroom.facts.tokens import Tok

_TAIL_WORD = re.compile(r"\s+([a-z][\w\-]*)")
# The days of the week, written out: no part of a name beside them.
DAY_NAMES = frozenset(day for day in WEEKDAYS if day.endswith("day"))
# A month written out after a word that tells a time ("in March Kaczmarek cancelled the
# tender", "from January to June Comelf exported"): no part of the name after it. Not
# alone: "April", "June" and "May" are first names.
MONTH_NAMES = frozenset(m for m in MONTHS if len(m) > 3)
_TIME_BEFORE = re.compile(
    r"(?:\b(?:in|to|from|since|until|till|by|early|late|mid|last|next|this|of|during)"
    r"|\d)\s+$",
    re.IGNORECASE,
)


class Run:
    """One capitalised run as the typing rules read it: the tokens without a leading
    article or sentence-opening function word and without trailing connectors, their
    words as written and lower-cased, and the body they are in. ``plain_single``: a
    one-word run the one-word rules settle (not shouted, no organisation's tail word
    such as "channel" after it)."""

    __slots__ = (
        "_name_start",
        "_shouted",
        "body",
        "gazetteer",
        "low",
        "plain_single",
        "toks",
        "trace",
        "words",
    )

    def __init__(
        self, run: list[Tok], body: str, gazetteer: Gazetteer, trace: list[Firing] | None
    ) -> None:
        self.body, self.gazetteer, self.trace = body, gazetteer, trace
        self._name_start = -1
        self._shouted: list[bool] | None = None
        if len(run) == 1:  # three runs in four: settled without the loops below
            tok = run[0]
            word = tok.text
            lowered = word.lower()
            tail_word = _TAIL_WORD.match(body, tok.end, tok.end + 40)
            self.plain_single = not (word.isupper() and len(word.replace(".", "")) >= 4) and not (
                tail_word and tail_word.group(1) in ORG_TAILS
            )
            if lowered in ("the", "a", "an") or lowered in CONNECTORS:
                self.toks, self.words, self.low = [], [], []
            else:
                self.toks, self.words, self.low = run, [word], [lowered]
            return
        self.plain_single = False
        words = [t.text for t in run]
        low = [w.lower() for w in words]
        # a leading "The", or a function word that starts the sentence ("Since Putin …")
        while low and (low[0] in ("the", "a", "an") or (low[0] in LEADING_JUNK and len(low) > 1)):
            run, words, low = run[1:], words[1:], low[1:]
        # a day named at either end: "Friday Mitchell said", "Foreign Minister Jose Miguel
        # Insulza Monday"
        while len(low) > 1 and low[0] in DAY_NAMES:
            run, words, low = run[1:], words[1:], low[1:]
        while len(low) > 1 and low[-1] in DAY_NAMES:
            run, words, low = run[:-1], words[:-1], low[:-1]
        if (
            len(low) > 1
            and low[0] in MONTH_NAMES
            and _TIME_BEFORE.search(body, max(0, run[0].start - 12), run[0].start)
        ):
            run, words, low = run[1:], words[1:], low[1:]
        while low and low[-1] in CONNECTORS:
            run, words, low = run[:-1], words[:-1], low[:-1]
        self.toks, self.words, self.low = run, words, low

    def span(
        self, a: int, b: int, kind: EntityKind | None, method: Method, title: str = ""
    ) -> Span:
        """Tokens a..b-1 as a span (the words as the body writes them)."""
        first, last = self.toks[a], self.toks[b - 1]
        name = self.body[first.start : last.end]
        return Span(
            name, first.start, last.end, title, kind, b - a == 1, first.sentence_start, method
        )

    def name_start(self) -> int:
        """Where the trailing name-like words start: no title words, organisation heads or
        connectors among them (a particle between name words is part of the name)."""
        if self._name_start < 0:
            low = self.low
            k = len(low)
            while k > 0:
                w = low[k - 1]
                particle = w in PARTICLES and k >= 2 and name_like(low[k - 2])
                if not name_like(w) and not particle:
                    break
                k -= 1
            self._name_start = k
        return self._name_start

    def has_title(self) -> bool:
        """A strong title word before the name ("President", not "Defense")."""
        return any(
            w in TITLE_WORDS and w not in WEAK_TITLE_WORDS for w in self.low[: self.name_start()]
        )


TypingRule = Callable[[Run], "list[Span] | None"]


def classify(
    run: list[Tok], body: str, gazetteer: Gazetteer, trace: list[Firing] | None = None
) -> list[Span]:
    """The spans one capitalised run holds, by the first typing rule that answers."""
    view = Run(run, body, gazetteer, trace)
    for method, rule in ONE_WORD_RULES if view.plain_single else RUN_RULES:
        spans = rule(view)
        if spans is not None:
            if trace is not None:
                trace.append(Firing(method, body[run[0].start : run[-1].end]))
            return spans
    raise AssertionError("the last typing rule always answers")  # pragma: no cover


# --- one-word runs (``ONE_WORD_RULES``: the run is one plain word, not shouted, with no
# organisation's tail word after it) ----------------------------------------------------


def drop_empty(run: Run) -> list[Span] | None:
    """Nothing but articles and connectors ("The", "Of"): no entity."""
    return [] if not run.toks else None


def place_acronym(run: Run) -> list[Span] | None:
    """A place's acronym alone: "in the UK", "U.S. officials"."""
    if run.words[0].replace(".", "") in PLACE_ACRONYMS:
        return [run.span(0, 1, "place", Method.PLACE_ACRONYM)]
    return None


def single_name(run: Run) -> list[Span] | None:
    """One word that can be a name ("Putin", "FSB"): untyped, for the passes."""
    if name_like(run.low[0]):
        return [run.span(0, 1, None, Method.SINGLE_NAME)]
    return None


def single_org_head(run: Run) -> list[Span] | None:
    """An organisation's head word alone inside a sentence: "the Ministry said"."""
    low = run.low[0]
    if (
        low in ORG_HEADS
        and low not in NOT_NAMES
        and low not in LEGAL_FORMS  # "Inc" alone names no company
        and not run.toks[0].sentence_start
    ):
        return [run.span(0, 1, "org", Method.SINGLE_ORG_HEAD)]
    return None


def drop_single(run: Run) -> list[Span] | None:
    """Any other word alone: a title ("President"), a demonym, a common noun that
    starts a sentence ("Police arrested …")."""
    return []


# --- every other run (``RUN_RULES``) ----------------------------------------------------


def _shouted(run: Run) -> list[bool]:
    """Which words are ALL-CAPS and longer than an acronym."""
    if run._shouted is None:
        run._shouted = [w.isupper() and len(w.replace(".", "")) >= 4 for w in run.words]
    return run._shouted


def shouted_place(run: Run) -> list[Span] | None:
    """Capitals that the gazetteer knows: a dateline city ("BERLIN --", "SANTA FE")."""
    if any(_shouted(run)):
        toks = run.toks
        written = run.body[toks[0].start : toks[-1].end]
        if run.gazetteer.is_place(written.title()):
            return [
                Span(
                    written,
                    toks[0].start,
                    toks[-1].end,
                    "",
                    "place",
                    len(toks) == 1,
                    toks[0].sentence_start,
                    Method.SHOUTED_PLACE,
                )
            ]
    return None


def drop_shouted(run: Run) -> list[Span] | None:
    """A shouted headline: "SCORES QUARANTINED", "A HUNTER who"."""
    shouted = _shouted(run)
    if any(shouted) and (
        sum(shouted) >= 2
        or any(
            s and len(w) >= 6 and w not in KNOWN_ORGS
            for s, w in zip(shouted, run.words, strict=True)
        )
    ):
        return []
    return None


def org_tail(run: Run) -> list[Span] | None:
    """A name before an organisation's tail word: "the VChK-OGPU Telegram channel" (the
    tail word is part of the name)."""
    toks, low, body = run.toks, run.low, run.body
    tail_word = _TAIL_WORD.match(body[toks[-1].end : toks[-1].end + 40])
    if tail_word is None or tail_word.group(1) not in ORG_TAILS:
        return None
    if low[0] in NOT_NAMES or low[-1] in DEMONYMS:
        return None  # "an October news conference", "Russian news agencies"
    tail = tail_word.group(1)
    start, end = toks[0].start, toks[-1].end
    sentence_start = toks[0].sentence_start
    following = _TAIL_WORD.match(body, end + tail_word.end())
    if following and following.group(1) in ORG_TAILS:
        # "the Associated Press news agency": the first tail word tells what the second
        # is, and the name is the capitalised words alone
        name = body[start:end]
        return [Span(name, start, end, "", "org", False, sentence_start, Method.ORG_TAIL)]
    name = body[start:end] + " " + tail
    return [
        Span(name, start, end + 1 + len(tail), "", "org", False, sentence_start, Method.ORG_TAIL)
    ]


def of_split(run: Run) -> list[Span] | None:
    """A person of an organisation or place: "Captain Maria Lopez of the Los Angeles Fire
    Department" is two runs, typed each on its own."""
    low, words = run.low, run.words
    if "of" not in low:
        return None
    i = low.index("of")
    left, right = low[:i], low[i + 1 :]
    named = len(left) >= 2 and is_given_name(words[0])  # "Ingrid Fernandez of …"
    if (
        left
        and right
        and name_like(left[-1])
        and (any(w in TITLE_WORDS and w not in WEAK_TITLE_WORDS for w in left) or named)
        and (
            any(w in ORG_HEADS for w in right)
            or run.gazetteer.is_place(" ".join(words[i + 1 :]).removeprefix("the "))
            or (named and right[0] not in CONNECTORS)  # "… of Shell", "… of Acme"
        )
    ):
        return classify(run.toks[:i], run.body, run.gazetteer, run.trace) + classify(
            run.toks[i + 1 :], run.body, run.gazetteer, run.trace
        )
    if (
        len(left) == 1
        and right
        and run.toks[0].sentence_start
        and _CROWD.fullmatch(left[0])
        and left[0] not in ORG_HEADS
        and not run.gazetteer.is_place(left[0])
    ):
        # "Shares of Acme Inc rose", "Residents of Kyiv said": a sentence opened by a
        # plural noun names what comes after "of"
        return classify(run.toks[i + 1 :], run.body, run.gazetteer, run.trace)
    return None


# A plural common noun ("Shares", "Residents", "Thousands"): lower-case letters ending in s,
# not "ss" ("Congress").
_CROWD = re.compile(r"[a-z]{3,}[^s]s")


def place_name(run: Run) -> list[Span] | None:
    """A known place as a whole: "United States", "Santa Fe"."""
    if len(run.toks) > 1:
        whole = run.body[run.toks[0].start : run.toks[-1].end]
        if run.gazetteer.is_place(whole) and not mixed_case(whole):
            return [run.span(0, len(run.toks), "place", Method.PLACE_NAME)]
    return None


def geo_word(run: Run) -> list[Span] | None:
    """A place by its head word: "Tibetan Plateau", "Wall Street", "Lake Victoria", and
    the head word before "of" and a name: "Strait of Hormuz", "Gulf of Mexico", "Isle of
    Wight"."""
    low = run.low
    if (
        len(low) > 1
        and not any(w in ORG_HEADS for w in low)
        and (
            low[-1] in GEO_TAILS
            or (low[0] in GEO_LEADS and name_like(low[1]))
            or (
                len(low) == 3  # not "Isle of Wight Fire (and Rescue Service)"
                and (low[0] in GEO_TAILS or low[0] in GEO_LEADS)
                and low[1] == "of"
                and name_like(low[2])
            )
        )
    ):
        return [run.span(0, len(low), "place", Method.GEO_WORD)]
    return None


def party_members(run: Run) -> list[Span] | None:
    """The members of a party as a group, after a place, a chamber or a demonym: "Virginia
    Democrats", "House Republicans", "Scottish Conservatives". An organisation, the way
    the rules read "Senate Republicans", and never a person, even after a word that is
    also a first name ("Virginia", "Georgia")."""
    if len(run.low) >= 2 and run.low[-1] in PARTY_MEMBERS:
        return [run.span(0, len(run.low), "org", Method.PARTY_MEMBERS)]
    return None


def team(run: Run) -> list[Span] | None:
    """A city or state, then a plural: "New York Islanders", "Detroit Red Wings"; not
    when the place is also a first name ("Georgia Williams")."""
    low, words = run.low, run.words
    if len(low) >= 2 and TEAM_PLURAL.search(low[-1]) and not is_given_name(words[0]):
        for n in range(min(3, len(low) - 1), 0, -1):
            if run.gazetteer.population(" ".join(low[:n])) >= 100_000 and all(map(name_like, low)):
                return [run.span(0, len(low), "org", Method.TEAM)]
    return None


def foreign_article(run: Run) -> list[Span] | None:
    """A name led by a foreign article: "El Pais", "De Telegraaf", "La Stampa" (a
    newspaper, party or club; "Le Pen" after "Marine Le Pen" is settled later)."""
    words = run.words
    if 2 <= len(words) <= 4 and words[0] in FOREIGN_ARTICLES and not is_given_name(words[1]):
        return [run.span(0, len(words), "org", Method.FOREIGN_ARTICLE)]
    return None


def given_name(run: Run) -> list[Span] | None:
    """A person from the first given name on: "Secretary of State Mike Pompeo", "Public
    Ombudsman Nadia Cruz", "American Kevin King"; what precedes it is a title."""
    low, words = run.low, run.words

    def name_tail(i: int) -> bool:
        return all(
            w in PARTICLES
            or (name_like(w) and w not in NOT_NAMES)
            or (j == len(low) - 1 and w in TITLE_WORDS)  # "Kevin King"
            for j, w in enumerate(low[i + 1 :], start=i + 1)
        )

    # a first name right after "and" is no person's inside one run: the run is a name
    # joined by "and" ("Department of Housing and Urban Development")
    given = next(
        (
            i
            for i in range(len(low) - 1)
            if is_given_name(words[i]) and name_tail(i) and not (i and low[i - 1] == "and")
        ),
        None,
    )
    if given is None:
        return None
    a = 0
    while a < given and (low[a] in DEMONYMS or low[a] in CONNECTORS):
        a += 1
    # a name with a particle ("da Silva", "van der Berg", "bin Salman") is long: up to
    # two name-like words before the known first name belong to it ("Luiz Inacio
    # Lula da Silva"), not to a title
    if any(w in PARTICLES for w in low[given + 1 :]):
        j = given
        while (
            j > a
            and given - j < 2
            and name_like(low[j - 1])
            and low[j - 1] not in NOT_NAMES
            and not (j - 1 == a and run.toks[a].sentence_start and low[a] in PERSON_NOUNS)
            and not is_acronym(words[j - 1])
        ):
            j -= 1
        given = j
    # the words before the name are its title ("Public Ombudsman"; no list holds
    # every role), unless one word merely starts the sentence ("Later Jack Eichel …")
    junk_start = run.toks[0].sentence_start and given - a == 1 and low[a] not in TITLE_WORDS
    title = "" if junk_start else " ".join(words[a:given])
    person = run.span(given, len(low), "person", Method.GIVEN_NAME, title=title)
    return [person, *title_entities(run, a, given)]


def drop_common_noun(run: Run) -> list[Span] | None:
    """An organisation's head word that starts a sentence: "Police arrested six people",
    "Authorities in …"."""
    if len(run.low) == 1 and run.low[0] in ORG_HEADS and run.toks[0].sentence_start:
        return []
    return None


def org_head(run: Run) -> list[Span] | None:
    """An organisation by a head word: "Federal Security Service", "Russian Armed Forces"
    (whole, demonym included)."""
    low = run.low
    if len(low) == 1 and low[0] in NOT_NAMES:  # "The TV commercials": a thing, not a name
        return None
    k = run.name_start()
    has_org = any(w in ORG_HEADS for w in low)
    if k == len(low):
        # the whole run is title words, org heads, connectors or demonyms: an organisation
        # when a head word ends it, or one leads it ("Department of Justice"; "Minister
        # of Justice" is a title), or it holds one and no strong title ends it
        strong_title_last = low[-1] in TITLE_WORDS and low[-1] not in WEAK_TITLE_WORDS
        first = next((w for w in low if w != "the" and w not in DEMONYMS), low[0])
        led = first in ORG_HEADS and first not in TITLE_WORDS
        if not (low[-1] in ORG_HEADS or led or (has_org and not strong_title_last)):
            return None
    elif not has_org or (k > 0 and run.has_title()):
        return None
    return [run.span(0, len(low), "org", Method.ORG_HEAD)]


def drop_title_alone(run: Run) -> list[Span] | None:
    """A title alone ("Supreme Commander") or a demonym ("Russian")."""
    return [] if run.name_start() == len(run.low) else None


def title_person(run: Run) -> list[Span] | None:
    """Title words, then a name: "Chief of the General Staff Valery Gerasimov" (the
    title kept apart), "Lt. Col. Smith"."""
    low, words = run.low, run.words
    k = run.name_start()
    if k == 0 or not run.has_title():
        return None
    a = 0
    while a < k and (low[a] in DEMONYMS or low[a] in CONNECTORS):
        a += 1
    title = " ".join(words[a:k]) if a < k else ""
    person = run.span(k, len(low), "person", Method.TITLE_PERSON, title=title)
    return [person, *title_entities(run, a, k)]


def qualified_place(run: Run) -> list[Span] | None:
    """A place after words that are no name: "Eastern Europe", "Russian-occupied Crimea"
    (the gazetteer knows the whole)."""
    if run.name_start() > 0 and run.gazetteer.is_place(" ".join(run.words)):
        return [run.span(0, len(run.low), "place", Method.QUALIFIED_PLACE)]
    return None


def name(run: Run) -> list[Span] | None:
    """Name-like words the rules above could not type ("Eyamba Sowers", "Kremlin"): left
    untyped for the passes of ``facts.entities``."""
    return [run.span(run.name_start(), len(run.low), None, Method.NAME)]


# --- the words of a title -----------------------------------------------------------------

TitleRule = Callable[[Run, int, int], "tuple[list[Span], int]"]


def title_entities(run: Run, a: int, b: int) -> list[Span]:
    """Places and organisations among a title's words (tokens a..b-1), by
    ``TITLE_RULES`` in order: each takes what it types and hands on the rest."""
    found: list[Span] = []
    for method, rule in TITLE_RULES:
        spans, a = rule(run, a, b)
        if spans and run.trace is not None:
            run.trace.extend(Firing(method, s.name) for s in spans)
        found += spans
    return found


def title_place(run: Run, a: int, b: int) -> tuple[list[Span], int]:
    """A place that leads a title before a title word, a party or an acronym: "New
    Jersey Sen. …", "Kentucky GOP Gov. …"."""
    low, words = run.low, run.words
    for n in range(min(3, b - a - 1), 0, -1):
        following = low[a + n]
        if (following in TITLE_WORDS or following in PARTIES or is_acronym(words[a + n])) and all(
            name_like(w) for w in low[a : a + n]
        ):
            name = " ".join(words[a : a + n])
            if run.gazetteer.population(name.lower()) >= 100_000 and not mixed_case(name):
                return [run.span(a, a + n, "place", Method.TITLE_PLACE)], a + n
    return [], a


def title_acronym(run: Run, a: int, b: int) -> tuple[list[Span], int]:
    """Acronyms among a title's words are places or organisations all the same: "FSB
    Director …", "N.M. Governor …"."""
    found = []
    for i in range(a, b):
        if run.words[i].replace(".", "") in PLACE_ACRONYMS:
            found.append(run.span(i, i + 1, "place", Method.TITLE_ACRONYM))
        elif is_acronym(run.words[i]) and run.low[i] not in DEMONYMS:
            found.append(run.span(i, i + 1, "org", Method.TITLE_ACRONYM))
    return found, b


# --- the registries: the order is the rules' precedence --------------------------------

# A run of one plain word goes through ONE_WORD_RULES, every other run through RUN_RULES;
# each list is tried in order and the first rule that answers decides.
ONE_WORD_RULES: tuple[tuple[Method, TypingRule], ...] = (
    (Method.DROP_EMPTY, drop_empty),
    (Method.PLACE_ACRONYM, place_acronym),
    (Method.SINGLE_NAME, single_name),
    (Method.SINGLE_ORG_HEAD, single_org_head),
    (Method.DROP_SINGLE, drop_single),
)
RUN_RULES: tuple[tuple[Method, TypingRule], ...] = (
    (Method.DROP_EMPTY, drop_empty),
    (Method.SHOUTED_PLACE, shouted_place),
    (Method.DROP_SHOUTED, drop_shouted),
    (Method.ORG_TAIL, org_tail),
    (Method.OF_SPLIT, of_split),
    (Method.PLACE_NAME, place_name),
    (Method.GEO_WORD, geo_word),
    (Method.PARTY_MEMBERS, party_members),
    (Method.TEAM, team),
    (Method.FOREIGN_ARTICLE, foreign_article),
    (Method.GIVEN_NAME, given_name),
    (Method.DROP_COMMON_NOUN, drop_common_noun),
    (Method.ORG_HEAD, org_head),
    (Method.DROP_TITLE_ALONE, drop_title_alone),
    (Method.TITLE_PERSON, title_person),
    (Method.QUALIFIED_PLACE, qualified_place),
    (Method.NAME, name),
)
TITLE_RULES: tuple[tuple[Method, TitleRule], ...] = (
    (Method.TITLE_PLACE, title_place),
    (Method.TITLE_ACRONYM, title_acronym),
)
