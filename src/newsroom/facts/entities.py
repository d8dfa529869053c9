"""People, organisations and places a body names: the passes, in order, and the grouping.

``ENTITY_PASSES`` runs in order over every span of one body (a ``Passage``): the first
types each capitalised run (``facts.classify.ONE_WORD_RULES``, ``RUN_RULES``), one types
the spans left untyped by ``UNTYPED_RULES`` (the first rule that answers decides), and the others
settle what only the whole article shows ("Toyota" after "Toyota Motor", "Leeds" the
club, "Gerasimov" after "Valery Gerasimov"). Each pass and rule is named
(``facts.rules.Method``): the name of the rule that typed a span is its ``method``.
Finally the spans group into entities, a surname with its full name and an acronym with
the name it abbreviates.

Chosen by measurement against spaCy's small English model, see ``bench/facts_eval.py``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import cache
from itertools import pairwise
from typing import cast

from newsroom.facts.classify import ONE_WORD_RULES, RUN_RULES, TITLE_RULES, classify
from newsroom.facts.cues import (
    APPOSITIVE_ORG,
    CLUB_AFTER,
    DEMONYM_LIKE,
    PLURAL_ACRONYM,
    REPORTED_AFTER,
    SCORE,
    SCORE_AFTER,
    TEAM_PLURAL,
    company_before,
    dateline_place,
    org_context,
    person_cue,
    place_by_context,
    speaker_context,
    speaks_after,
    state_abbreviation,
)
from newsroom.facts.gazetteer import COUNTRY
from newsroom.facts.lexicon import (
    CLUB_WORDS,
    CONNECTORS,
    DEMONYMS,
    ENGLISH_PLACE_WORDS,
    KNOWN_ORGS,
    KNOWN_OUTLETS,
    OUTLET_FIRST_WORDS,
    PARTIES,
    PLACE_ACRONYMS,
    TITLE_WORDS,
    is_acronym,
    is_given_name,
    is_listed_company,
    known_outlet,
    mixed_case,
    never_alone,
    org_key,
    person_key,
)
from newsroom.facts.places import Gazetteer, country_name, default_gazetteer
from newsroom.facts.records import Entity, EntityKind, Mention
from newsroom.facts.rules import ACRONYM_METHODS, Firing, Keep, Method, Span
from newsroom.facts.tagger import Tagged, Tagging, tag
from newsroom.facts.tokens import sequences, tokens


@dataclass(slots=True)
class Passage:
    """One body as the passes see it: its spans, typed or not, and where to record
    which rule decided what (``trace``, for tests and ``bench/facts_eval.py``)."""

    body: str
    gazetteer: Gazetteer
    trace: list[Firing] | None = None
    spans: list[Span] = field(default_factory=list)

    def retype(
        self,
        s: Span,
        kind: EntityKind,
        method: Method,
        *,
        title: str | None = None,
        alias_of: str | None = None,
    ) -> None:
        """Give a span its kind, the rule that decided it and, when the rule says so, a new
        title or the longer name it stands for."""
        s.kind, s.method = kind, method
        if title is not None:
            s.title = title
        if alias_of is not None:
            s.alias_of = alias_of
        if self.trace is not None:
            self.trace.append(Firing(method, s.name))

    def fired(self, method: Method, text: str) -> None:
        if self.trace is not None:
            self.trace.append(Firing(method, text))

    def population(self, name: str) -> int:
        return self.gazetteer.population(name.lower())


def find_entities(
    body: str,
    *,
    gazetteer: Gazetteer | None = None,
    trace: list[Firing] | None = None,
    tagger: bool = True,
) -> list[Entity]:
    """People, organisations and places the body names, with counts and first offsets.

    Surnames alone resolve to the full name the article uses ("Gerasimov" → "Valery
    Gerasimov"); titles before a name are kept apart in ``Entity.titles``. ``gazetteer``
    replaces the place table (``facts.places``); ``trace`` collects every rule's
    decisions, in order. ``tagger=False`` leaves out the statistical tagger (the rules
    alone, for comparison).
    """
    passage = Passage(body, gazetteer or default_gazetteer(), trace)
    for method, run_pass in ENTITY_PASSES:
        if tagger or method not in TAGGER_PASSES:
            run_pass(passage)
    return group(passage)


def rule_spans(body: str, gazetteer: Gazetteer | None = None) -> list[Span]:
    """The spans as the rules leave them when the tagger reads them (the passes before
    it): what ``bench/train_tagger.py`` trains on."""
    passage = Passage(body, gazetteer or default_gazetteer())
    for method, run_pass in ENTITY_PASSES:
        if method in TAGGER_PASSES:
            break
        run_pass(passage)
    return passage.spans


# --- spans left untyped: the first rule that answers decides ----------------------------


@dataclass(slots=True)
class Untyped:
    """What the rules for untyped spans read besides the span."""

    passage: Passage
    body: str
    gazetteer: Gazetteer
    mid_sentence: set[str]  # names seen away from the start of a sentence
    singles_by_name: dict[str, list[Span]]


# A rule's answer: a kind, ``Keep.UNTYPED`` (leave it, ask no other rule) or None (next).
Verdict = EntityKind | Keep | None
UntypedRule = Callable[[Span, Untyped], Verdict]


def state_abbreviation_rule(s: Span, u: Untyped) -> Verdict:
    """A US state's abbreviation: "Eugene, OR", "N.M." (before the word lists)."""
    return "place" if s.single and state_abbreviation(s, u.body, u.gazetteer) else None


def not_a_name(s: Span, u: Untyped) -> Verdict:
    """A word that never names anything alone ("Mom", "GMT", "Monday", "II", "PhD")."""
    return Keep.UNTYPED if s.single and never_alone(s.name) else None


def acronym(s: Span, u: Untyped) -> Verdict:
    """An acronym that is no place's: "FSB", "NATO"."""
    if is_acronym(s.name) and s.name.replace(".", "") not in PLACE_ACRONYMS:
        return "org"
    return None


def reported_word(s: Span, u: Untyped) -> Verdict:
    """One word before "reported" or "wrote": an outlet ("Marca reported"), unless the
    word is part of a longer name the article uses ("Maria" after "Maria Lopez")."""
    if (
        s.single
        and REPORTED_AFTER.match(u.body, s.end)
        and u.gazetteer.population(s.name.lower()) < 1_000_000
        and not place_by_context(s, u.body)
    ):
        if any(not o.single and s.name in o.name.split() for o in u.passage.spans):
            return Keep.UNTYPED
        return "org"
    return None


def person_word(s: Span, u: Untyped) -> Verdict:
    """One word the words after it make a person, before the gazetteer reads it: "Obama
    himself", "the Obama administration" (a president's; not a big place's, "the Kyiv
    administration", nor a party's, "the Labour administration")."""
    if not s.single:
        return None
    if _REFLEXIVE_AFTER.match(u.body, s.end):
        return "person"
    if (
        _ADMINISTRATION_AFTER.match(u.body, s.end)
        and u.body[max(0, s.start - 4) : s.start].lower() in ("the ", "an ")
        and u.gazetteer.population(s.name.lower()) < 1_000_000
        and s.name.lower() not in PARTIES  # "the Labour administration"
        and s.name not in KNOWN_ORGS
    ):
        return "person"
    return None


_REFLEXIVE_AFTER = re.compile(r",?\s+(?:himself|herself)\b")
_ADMINISTRATION_AFTER = re.compile(r"\s+administration\b")


def gazetteer_place(s: Span, u: Untyped) -> Verdict:
    """A place the gazetteer knows ("Bakhmut"), or the words around it say so ("Donetsk
    region"); a small place's name that only starts sentences is left alone."""
    body = u.body
    if not ((u.gazetteer.is_place(s.name) and not mixed_case(s.name)) or place_by_context(s, body)):
        return None
    if (
        s.single
        and s.sentence_start
        and s.name not in u.mid_sentence
        and u.gazetteer.population(s.name.lower()) < 1_000_000
        and not place_by_context(s, body)
        and not dateline_place(s, body)
    ):
        return Keep.UNTYPED
    return "place"


def known_name(s: Span, u: Untyped) -> Verdict:
    """A known organisation or outlet: "Kremlin", "Reuters"."""
    return "org" if s.name in KNOWN_ORGS or s.name in KNOWN_OUTLETS else None


def listed_company(s: Span, u: Untyped) -> Verdict:
    """A listed company ("Walmart", "Goldman Sachs"); not a final word: the tagger, which
    read the same list, may say it is a person or a place here, and a surname of the
    article's people stays the person's (``one_kind``)."""
    return "org" if is_listed_company(s.name) else None


def acronym_inside(s: Span, u: Untyped) -> Verdict:
    """Capitals inside a word ("MoD") or an acronym among the words ("BBC Radio")."""
    if (s.single and mixed_case(s.name)) or (
        not s.single and any(is_acronym(w) for w in s.name.split())
    ):
        return "org"
    return None


def reported_name(s: Span, u: Untyped) -> Verdict:
    """A name before "reported": an outlet ("Nikkei Asia reported"); people are said to
    say, not to report."""
    if (
        not s.single
        and REPORTED_AFTER.match(u.body, s.end)
        and not is_given_name(s.name.split()[0])
    ):
        return "org"
    return None


def named_after_country(s: Span, u: Untyped) -> Verdict:
    """A name of two to four words that ends in a country's name (or a nation's of the
    United Kingdom) and starts with no first name: an organisation named after its country
    ("Forestry England said", "Statistics Canada", "Air France"), not a person whatever
    the verb after it. On CoNLL-2003's train and dev splits, 62 such names are
    organisations and 3 people, each with a first name ("Neil Jordan"); the places so
    named ("Northern Ireland", "Papua New Guinea") are the gazetteer's, read before this
    rule, and a direction's ("Western Ukraine") is left to the rules after it."""
    words = s.name.split()
    if (
        s.single
        or len(words) > 4
        or words[0].lower() in _PLACE_QUALIFIERS
        or is_given_name(words[0])
        or not (words[-1] in _NATIONS or country_name(words[-1]))
    ):
        return None
    return "org"


# Words before a country's name that make a place of it: "Western Ukraine", "Greater Syria".
_PLACE_QUALIFIERS = frozenset(
    f"{w}{end}"
    for w in ("north", "south", "east", "west", "northeast", "northwest", "southeast", "southwest")
    for end in ("", "ern")
) | {"central", "greater", "new", "old", "mainland", "rural", "upper", "lower", "inner", "outer"}
# The nations of the United Kingdom, which are no countries of ``country_name``'s (a
# state's name, "Washington", is a surname as often: "MaliVai Washington").
_NATIONS = frozenset({"England", "Scotland", "Wales"})


def person_cue_rule(s: Span, u: Untyped) -> Verdict:
    """A name without a first name we know ("Eyamba Sowers"): a person when the text
    treats it as one ("said Sowers", "Sowers, 45,", "Mr. Sowers")."""
    if not s.single and len(s.name.split()) <= 4 and person_cue(s, u.body, u.singles_by_name):
        return "person"
    return None


def org_cue(s: Span, u: Untyped) -> Verdict:
    """A name an organisation's words surround: "Thames Water's chief executive", "Red
    Electrica, the grid operator,"."""
    if not s.single and (org_context(s, u.body) or APPOSITIVE_ORG.match(u.body, s.end)):
        return "org"
    return None


# --- the passes -------------------------------------------------------------------------


def type_runs(p: Passage) -> None:
    """Every capitalised run through the typing rules (``facts.classify``)."""
    for run in sequences(tokens(p.body), p.body):
        spans = classify(run, p.body, p.gazetteer, p.trace)
        if p.trace is not None:
            p.trace.extend(Firing(Method.TYPE_RUNS, s.name) for s in spans)
        p.spans.extend(spans)


def drop_plural_acronyms(p: Passage) -> None:
    """ "MPs", "CEOs": people, no organisation."""
    kept = []
    for s in p.spans:
        if s.single and s.name[-1] == "s" and PLURAL_ACRONYM.fullmatch(s.name):
            p.fired(Method.DROP_PLURAL_ACRONYMS, s.name)
        else:
            kept.append(s)
    p.spans = kept


def type_untyped(p: Passage) -> None:
    """The spans the typing rules left untyped, through ``UNTYPED_RULES``."""
    singles_by_name: dict[str, list[Span]] = {}
    for s in p.spans:
        if s.single:
            singles_by_name.setdefault(s.name, []).append(s)
    mid_sentence = {s.name for s in p.spans if not s.sentence_start}
    u = Untyped(p, p.body, p.gazetteer, mid_sentence, singles_by_name)
    trace = p.trace
    for s in p.spans:
        if s.kind is not None:
            continue
        if trace is not None:
            trace.append(Firing(Method.TYPE_UNTYPED, s.name))
        for method, rule in UNTYPED_RULES:
            verdict = rule(s, u)
            if verdict is None:
                continue
            if verdict is Keep.UNTYPED:
                p.fired(method, s.name)
            else:
                p.retype(s, verdict, method)
            break


def known_outlet_pass(p: Passage) -> None:
    """A known outlet is an organisation, whatever its first word ("Al Jazeera")."""
    for s in p.spans:
        if (
            s.kind != "org"
            and not s.single
            and s.name.split(maxsplit=1)[0].lower() in OUTLET_FIRST_WORDS
            and known_outlet(s.name) is not None
        ):
            p.retype(s, "org", Method.KNOWN_OUTLET, title="")


def start_of_org(p: Passage) -> None:
    """A word that starts an organisation's name the article uses is that organisation
    ("Toyota" after "Toyota Motor"), unless a person's name uses it too."""
    org_first = {s.name.split()[0]: s.name for s in p.spans if s.kind == "org" and not s.single}
    if not org_first:
        return
    person_words = {
        w for s in p.spans if s.kind == "person" and not s.single for w in s.name.split()
    }
    for s in p.spans:
        if (
            s.single
            and s.kind in (None, "place")
            and s.name in org_first
            and s.name not in person_words
            and p.population(s.name) < 1_000_000
            and (s.kind is None or not place_by_context(s, p.body))  # "Berrien County"
        ):
            p.retype(s, "org", Method.START_OF_ORG, alias_of=org_first[s.name])


def club(p: Passage) -> None:
    """A place's name used for its club ("Leeds manager …", "beat Fulham 3-1"): the club
    wherever the article names it."""
    body = p.body
    if not (any(w in body for w in CLUB_WORDS) or SCORE.search(body) is not None):
        return
    clubs = {
        s.name
        for s in p.spans
        if s.kind in ("place", "org", None)
        and s.name.lower() not in DEMONYMS  # "Belgian striker …"
        and not (s.kind is None and DEMONYM_LIKE.search(s.name))
        and not never_alone(s.name)
        and p.population(s.name) < COUNTRY  # national sides stay places
        and (CLUB_AFTER.match(body, s.end) or SCORE_AFTER.match(body, s.end))
    }
    for s in p.spans:
        if s.name in clubs and s.kind in ("place", None):
            p.retype(s, "org", Method.CLUB)


def company_not_person(p: Passage) -> None:
    """First names that are a company's ("Morgan Stanley", "Red Bull"): what precedes it
    says so ("analysts at …", "the carmaker …", "shares of …"); "the" before a plural is
    a band or a team ("the Doobie Brothers"), not a person."""
    body = p.body
    for s in p.spans:
        if s.kind != "person" or s.single:
            continue
        if (not s.title and company_before(body, s.start)) or (
            body[max(0, s.start - 4) : s.start].lower() == "the "
            and TEAM_PLURAL.search(s.name.rsplit(maxsplit=1)[-1]) is not None
        ):
            p.retype(s, "org", Method.COMPANY_NOT_PERSON, title="")


def end_of_name(p: Passage) -> None:
    """The end of a person's longer name is that person ("Eriksson Ek" after "Joel
    Eriksson Ek", "Le Pen" after "Marine Le Pen"), with or without a cue of its own."""
    full_people = [person_key(s.name) for s in p.spans if s.kind == "person" and not s.single]
    for s in p.spans:
        if (s.kind is None or s.method is Method.FOREIGN_ARTICLE) and not s.single:
            key = " " + person_key(s.name)
            if any(k.endswith(key) for k in full_people):
                p.retype(s, "person", Method.END_OF_NAME)


def _people(spans: list[Span]) -> dict[str, list[Span]]:
    """Full names of people (key: ``person_key``) → their spans, in order."""
    people: dict[str, list[Span]] = {}
    for s in spans:
        if s.kind == "person" and not s.single:
            people.setdefault(person_key(s.name), []).append(s)
    return people


def _name_parts(people: dict[str, list[Span]]) -> tuple[dict[str, str], dict[str, str]]:
    """Surnames and first names (lowercase) → the key of the first person with them."""
    surname_of: dict[str, str] = {}
    given_of: dict[str, str] = {}
    for key, group in sorted(people.items(), key=lambda kv: kv[1][0].start):
        parts = group[0].name.split()
        surname_of.setdefault(parts[-1].lower(), key)
        given_of.setdefault(parts[0].lower(), key)
    return surname_of, given_of


def surname(p: Passage) -> None:
    """A surname alone is the person the article names in full ("Gerasimov")."""
    surname_of, _ = _name_parts(_people(p.spans))
    for s in p.spans:
        if (
            s.single
            and s.name.lower() in surname_of
            and (
                s.kind in (None, "person", "place")
                or (s.method in ACRONYM_METHODS and not is_acronym(s.name))  # "DeSantis"
            )
        ):
            p.retype(s, "person", Method.SURNAME)


def speech_verb(p: Passage) -> None:
    """A lone untyped word a speech verb goes with, when the sentence tells its kind: a
    person when it is a first name or the sentence goes on about "he" or "she" ("Merkel
    told reporters she was confident"), an organisation when it goes on about "it"
    ("Unilever said its sales rose")."""
    for s in _lone_speakers(p):
        # the pronoun speaks of the name only when the name speaks (not "told X that he")
        pronoun = _PRONOUN_AFTER.match(p.body, s.end) if speaks_after(s, p.body) else None
        if is_given_name(s.name) or (
            pronoun is not None and pronoun.group(1).lower() not in ("it", "its")
        ):
            p.retype(s, "person", Method.SPEECH_VERB)
        elif pronoun is not None:
            p.retype(s, "org", Method.SPEECH_VERB)


def lone_speaker(p: Passage) -> None:
    """A lone untyped word a speech verb goes with and nothing else tells of: an outlet or
    a company ("Handelsblatt reported", "Unilever said") more often than a person the
    article never names in full, a guess that the warehouse revisits when its other
    articles name a person of that surname in full ("Putin said" beside "Vladimir Putin":
    ``warehouse.load``, method ``warehouse_surname``)."""
    for s in _lone_speakers(p):
        p.retype(s, "org", Method.LONE_SPEAKER)


def _lone_speakers(p: Passage) -> Iterator[Span]:
    """The lone untyped words a speech verb goes with (``speech_verb``, ``lone_speaker``)."""
    for s in p.spans:
        if s.single and s.kind is None and not never_alone(s.name) and speaker_context(s, p.body):
            yield s


# The first personal pronoun after a speaker, in the same sentence: "said he would",
# "told reporters she was", "said its profit".
_PRONOUN_AFTER = re.compile(r"[^.!?\n]{0,60}?\b(he|she|his|her|him|it|its)\b", re.IGNORECASE)


def org_word(p: Passage) -> None:
    """Single words nothing typed yet: organisations by the words around them ("shares
    of Alibaba", "Ruptly's", "a WeWork spokesperson") or by recurring mid-sentence."""
    body = p.body
    mid_counts: dict[str, int] = {}
    for s in p.spans:
        if s.single and s.kind is None and not s.sentence_start:
            mid_counts[s.name] = mid_counts.get(s.name, 0) + 1
    org_words = {
        s.name
        for s in p.spans
        if s.single
        and s.kind is None
        and not never_alone(s.name)
        and not is_given_name(s.name)
        and not DEMONYM_LIKE.search(s.name)
        and (
            mid_counts.get(s.name, 0) >= 2
            or org_context(s, body)
            or APPOSITIVE_ORG.match(body, s.end)
        )
    }
    for s in p.spans:
        if s.single and s.kind is None and s.name in org_words:
            p.retype(s, "org", Method.ORG_WORD)


def team_name(p: Passage) -> None:
    """A team's name without its city ("the Islanders") is the team."""
    team_of = {s.name.split()[-1]: s.name for s in p.spans if s.method is Method.TEAM}
    for s in p.spans:
        if s.single and s.name in team_of and s.kind in (None, "org"):
            p.retype(s, "org", Method.TEAM_NAME, alias_of=team_of[s.name])


# What joins two names of one kind: "and" or "or", after a comma or not.
_COORDINATION = re.compile(r",?\s+(?:and|or)\s+(?:the\s+)?")
# The rules whose kind a name joined to theirs takes: not the guesses from a speech verb.
_GUESSES = frozenset({Method.SPEECH_VERB, Method.LONE_SPEAKER, Method.REPORTED_WORD})


def coordinated(p: Passage) -> None:
    """A name of several words the rules could not type, joined by "and" or "or" to an
    organisation they typed: an organisation too ("Economists at Deutsche Bank and
    Goldman Sachs"); names joined so are of one kind far more often than not. Not beside
    a place: a company is named beside its country ("Russia and Gazprom Neft")."""
    spans = sorted(p.spans, key=lambda s: s.start)
    for a, b in pairwise(spans):
        if (a.kind is None) == (b.kind is None):
            continue
        typed, other = (a, b) if a.kind is not None else (b, a)
        if (
            other.single
            or typed.kind != "org"
            or typed.method in _GUESSES
            or not _COORDINATION.fullmatch(p.body, a.end, b.start)
        ):
            continue
        p.retype(other, typed.kind, Method.COORDINATED)


# Where the tagger's word is final (chosen on CoNLL-2003 dev and the hand-labelled sets,
# ``bench/conll_eval.py``, ``bench/facts_eval.py``): it gives a kind to a span of its own
# bounds that the rules left untyped, or drops a typed span it finds no name in, when at
# least this sure; its own bounds replace the rules' when every name it found there is
# this sure; it adds a name no rule saw from this confidence on.
RETYPE_CONFIDENCE = 0.95
DROP_CONFIDENCE = 0.95
BOUNDS_CONFIDENCE = 0.97
NEW_NAME_CONFIDENCE = 0.7
# Where the rules typed a span and the tagger found a name of the same bounds, both saw
# the name and only its kind is in question: the tagger's most likely label decides (its
# features hold the rule's kind and name, so it has weighed the rule with the rest).
KIND_CONFIDENCE = 0.5
# A name of several words the rules could not type (no first name they know: "Shivnarine
# Chanderpaul", "Sun Jun") is a person when the tagger says so this sure: the kind the
# rules would give it if they knew the first name.
PERSON_CONFIDENCE = 0.8
# Rules whose kind only the tagger's surest word changes (``RETYPE_CONFIDENCE``): they read
# a cue of today's news otherwise than the 1996 wire the tagger learnt from. A place in
# capitals the gazetteer knows opens a dateline ("BRUSSELS (Reuters) -"; the wire wrote a
# date after it, and the tagger reads the agency as a sign of an organisation), and a lone
# word a speech verb goes with is an outlet or a company ("Unilever said") more often than
# a person the article never names in full (on the wire, a person). A name led by a
# foreign article is a newspaper, a party or a club ("A columnist for De Telegraaf"): the
# wire has few (49 in the training split), and the tagger reads the words around instead.
# A lone word before "reported" or "wrote" is an outlet in the same way ("Marca reported").
# A listed company's name ("Walmart", "Nvidia") is a company most times today's news
# writes it, and the tagger learnt from the wire of 1996, which knew few of them.
SURE_ONLY_RULES = frozenset(
    {
        Method.LISTED_COMPANY,
        Method.SHOUTED_PLACE,
        Method.SPEECH_VERB,
        Method.LONE_SPEAKER,
        Method.REPORTED_WORD,
        Method.FOREIGN_ARTICLE,
        Method.COORDINATED,
    }
)
# In a table or a headline (``_TableLines``) the tagger decides from this confidence on.
TABLE_CONFIDENCE = 0.5
# Rules whose kind the tagger never changes: the curated lists of organisations and
# outlets, organisation words in the name ("Ministry", "Institute", "Inc.") and the cues
# the rules read further away than the tagger's two words ("Northwind Rail's chief
# executive", "analysts at Morgan Stanley"); a tagger trained on 1996 sports wire reads
# "Kremlin" as a place and "Agence France-Presse" as a person.
FIRM = frozenset(
    {
        Method.KNOWN_NAME,
        Method.KNOWN_OUTLET,
        Method.ORG_HEAD,
        Method.ORG_TAIL,
        Method.ORG_CUE,
        Method.PERSON_CUE,
        Method.PERSON_WORD,
        Method.COMPANY_NOT_PERSON,
    }
)


def crf_tagger(p: Passage) -> None:
    """The statistical tagger (``facts.tagger``) reads the words and the rules' spans, and
    settles where names are and of which kind where it is sure enough (``_settle``); it
    adds the names no rule saw. Every span it saw carries its confidence."""
    tagging = tag(p.body, p.gazetteer, p.spans)
    used: set[tuple[int, int]] = set()  # the tagger's names a kept span overlaps
    tables = _TableLines(p.body)
    kept: list[Span] = []
    bounds: set[tuple[int, int]] = set()  # two firm spans may take one longer name
    for s in p.spans:
        if _settle(p, s, tagging, used, tables) and (s.start, s.end) not in bounds:
            bounds.add((s.start, s.end))
            kept.append(s)
    for t in tagging.names:
        if t.kind is None or (t.start, t.end) in used or t.confidence < NEW_NAME_CONFIDENCE:
            continue
        if _shouted(p.body, t):
            continue
        name = p.body[t.start : t.end]
        if " " not in name and never_alone(name):
            continue  # "Inc", "II": no name alone, whatever the context suggests
        kind = cast(EntityKind, t.kind)
        kept.append(Span(name, t.start, t.end, "", kind, " " not in name, False, Method.TAGGER))
        kept[-1].confidence = t.confidence
        p.fired(Method.TAGGER, name)
    kept.sort(key=lambda s: s.start)
    p.spans = kept


def _shouted(body: str, t: Tagged) -> bool:
    """Capitals for emphasis: a name of long all-capital words in a line that is not all
    capitals ("A HUNTER who ate a rabbit"); the rules drop those, and a new name needs
    more ("LONDON 1996-08-30" in a capitals line and "NATO" stay names)."""
    name = body[t.start : t.end]
    if not (name.isupper() and any(len(w) > 5 for w in name.split())):
        return False
    line_start = body.rfind("\n", 0, t.start) + 1
    line_end = body.find("\n", t.end)
    line = body[line_start : line_end if line_end >= 0 else len(body)]
    return line.upper() != line


# A number's first digit, written digit first (the engine jumps from digit to digit).
_TABLE_NUMBER = re.compile(r"\d(?<![\w.]\d)")


class _TableLines:
    """Which lines hold results or standings (a number every third word or more) or
    capitals only (headlines): there the rules' cues fail and the tagger's word is final.
    A line is read when a span in it first asks, not before: lines with no span the
    tagger could overrule are never read."""

    __slots__ = ("body", "known")

    def __init__(self, body: str) -> None:
        self.body = body
        self.known: dict[int, bool] = {}

    def holds(self, offset: int) -> bool:
        """Whether the line with the character at ``offset`` is such a line."""
        start = self.body.rfind("\n", 0, offset) + 1
        found = self.known.get(start)
        if found is None:
            end = self.body.find("\n", start)
            line = self.body[start : end if end >= 0 else len(self.body)]
            found = self.known[start] = bool(line) and (
                line.upper() == line or len(_TABLE_NUMBER.findall(line)) * 3 >= len(line.split())
            )
        return found


def _settle(
    p: Passage, s: Span, tagging: Tagging, used: set[tuple[int, int]], tables: _TableLines
) -> bool:
    """Whether a span of the rules stays, and its kind, by what the tagger found there:
    the same bounds (retyped when the tagger is sure, or untyped when it says MISC), other
    bounds (the tagger's when it is sure of all, unless they take in the title the rules
    split off), or no name (dropped when it is sure)."""
    overlapping = tagging.overlapping(s.start, s.end)
    if s.method in FIRM and s.kind is not None:
        if len(overlapping) == 1 and _longer_name(s, overlapping[0]):
            _take_bounds(p, s, overlapping[0])
        used.update((t.start, t.end) for t in overlapping)
        return True
    same = next((t for t in overlapping if (t.start, t.end) == (s.start, s.end)), None)
    if same is not None:
        used.add((same.start, same.end))
        if same.kind == s.kind or same.confidence < _sure(_retype_bar(s, same), s, tables):
            s.confidence = same.confidence if same.kind == s.kind else 1 - same.confidence
        elif same.kind is None:
            s.kind, s.confidence = None, same.confidence
            p.fired(Method.TAGGER, s.name)
        else:
            p.retype(s, cast(EntityKind, same.kind), Method.TAGGER)
            s.confidence = same.confidence
        return True
    if s.kind is None:
        return False
    if overlapping:
        if _title_in_a_name(s, overlapping):
            p.fired(Method.TAGGER, s.name)  # "General Data Protection Regulation": no title
            return False
        titled = _titled(s) and any(t.start < s.start for t in overlapping)  # "Mayor Anna Lee"
        if not titled and min(t.confidence for t in overlapping) >= _sure(
            BOUNDS_CONFIDENCE, s, tables
        ):
            p.fired(Method.TAGGER, s.name)  # the tagger's bounds replace the rule's
            return False
        used.update((t.start, t.end) for t in overlapping)
        return True
    outside = tagging.outside_of(s.start, s.end)
    if outside is None:
        return True
    if outside >= _sure(DROP_CONFIDENCE, s, tables):
        p.fired(Method.TAGGER, s.name)  # no name here, the tagger says
        return False
    s.confidence = 1 - outside
    return True


def _retype_bar(s: Span, same: Tagged) -> float:
    """How sure the tagger must be to change the kind of a span whose bounds it found too,
    by what the rules know of it: a kind the rules gave (``KIND_CONFIDENCE``, but
    ``RETYPE_CONFIDENCE`` for ``SURE_ONLY_RULES``), or none (``RETYPE_CONFIDENCE``, and
    ``PERSON_CONFIDENCE`` for a person's name of several words)."""
    if s.kind is not None:
        return RETYPE_CONFIDENCE if s.method in SURE_ONLY_RULES else KIND_CONFIDENCE
    if same.kind == "person" and not s.single:
        return PERSON_CONFIDENCE
    return RETYPE_CONFIDENCE


def _longer_name(s: Span, t: Tagged) -> bool:
    """Whether the tagger's name ``t`` is a longer name of the span's kind that holds the
    span ("Organisation for Security" in "Organisation for Security and Cooperation in
    Europe"), and the tagger is sure of it: a rule's kind is firm, its bounds are not."""
    return (
        t.kind == s.kind
        and t.start <= s.start
        and s.end <= t.end
        and (t.start, t.end) != (s.start, s.end)
        and t.confidence >= BOUNDS_CONFIDENCE
    )


def _take_bounds(p: Passage, s: Span, t: Tagged) -> None:
    """The span becomes the tagger's longer name, of the kind the rule gave it."""
    s.start, s.end = t.start, t.end
    s.name = p.body[t.start : t.end]
    s.single = " " not in s.name
    p.retype(s, cast(EntityKind, s.kind), Method.TAGGER)
    s.confidence = t.confidence


def _titled(s: Span) -> bool:
    """Whether the words the rules split off before a person's name hold a title word
    ("Mayor Anna Lee"), and not only words before a first name ("Boston Red Sox",
    "New York Newsdesk")."""
    return any(w.lower().rstrip(".") in TITLE_WORDS for w in s.title.split())


def _title_in_a_name(s: Span, overlapping: list[Tagged]) -> bool:
    """Whether the words the rules split off before a person's name as a title are the
    first words of another kind of name the tagger reads through them all, more sure than
    not ("General Data Protection Regulation", "General Motors"): a title heads a person's
    name, and the tagger, which learnt names without their titles, reads the words as one
    name (not when its name starts inside the title: "Chief of the General Staff
    Gerasimov")."""
    return (
        s.kind == "person"
        and bool(s.title)
        and any(
            t.kind != "person"
            and t.start <= s.start - len(s.title) - 1  # the whole of the split-off words
            and t.end >= s.end
            and t.confidence >= KIND_CONFIDENCE
            for t in overlapping
        )
    )


def _sure(confidence: float, s: Span, tables: _TableLines) -> float:
    """How sure the tagger must be to overrule the span: ``confidence``, or less in a line
    of a table or of capitals (``TABLE_CONFIDENCE``); the line is read only when asked."""
    return min(confidence, TABLE_CONFIDENCE) if tables.holds(s.start) else confidence


# A place's name written in lower case is a place's ("he wants to take kyiv") when the
# gazetteer gives it this many people or more (a country, a US state, a continent, an
# alias the gazetteer adds, a city of ten million) and no English dictionary has it as a
# word in lower case ("turkey", "china": ``words/english_place_words.txt``, written by
# ``bench/make_place_words.py``); less sure than a capitalised name.
LOWERCASE_PLACE_POPULATION = 10**7
LOWERCASE_PLACE_CONFIDENCE = 0.6
# What may stand before and after a word between spaces: "(kyiv)", "kyiv’s", "‘kyiv,’".
_OPENERS = ("", "(", "‘", "“", '"', "'")
_CLOSERS = ("", ",", ".", ";", ":", "!", "?", ")", "’", "”", '"', "'", "'s", "’s", "),", ").")


@cache
def lowercase_place_names(
    gazetteer: Gazetteer, excluded: frozenset[str] = ENGLISH_PLACE_WORDS
) -> frozenset[str]:
    """The big places' names, in lower case, of letters only, less the ``excluded``."""
    return frozenset(
        name
        for name, population in gazetteer.populations.items()
        if population >= LOWERCASE_PLACE_POPULATION
        and len(name) >= 4
        and name.isalpha()
        and name not in excluded
    )


@cache
def _lowercase_place_chunks(gazetteer: Gazetteer) -> dict[str, str]:
    """The text between two spaces that can hold such a name ("kyiv,", "(kyiv)") → the
    name: a document's chunks are looked up at once, without a pass over its words."""
    return {
        opener + name + closer: name
        for name in lowercase_place_names(gazetteer)
        for opener in _OPENERS
        for closer in _CLOSERS
    }


def lowercase_place(p: Passage) -> None:
    """Places written in lower case (``LOWERCASE_PLACE_POPULATION``): a whole word, not
    part of an address, a handle or a hyphenated word."""
    chunks = _lowercase_place_chunks(p.gazetteer)
    found = {chunks[c] for c in chunks.keys() & p.body.split()}
    for word in sorted(found):
        for m in re.finditer(r"(?<![\w@#/.\-'’])" + word + r"(?![\w@/\-'’]|\.\w)", p.body):
            # named as places are written ("kyiv" is the place Kyiv); the mention keeps
            # the text's own form
            name = word.title()
            span = Span(name, m.start(), m.end(), "", "place", True, False, Method.LOWERCASE_PLACE)
            span.confidence = LOWERCASE_PLACE_CONFIDENCE
            p.spans.append(span)
            p.fired(Method.LOWERCASE_PLACE, word)
    if found:
        p.spans.sort(key=lambda s: s.start)


def one_kind(p: Passage) -> None:
    """One kind per name in an article: the kind its mentions give it with the most
    confidence in all; a lone word that is the surname of a person the article names in
    full is that person ("Trump" after "Donald Trump"). But a city's or a country's name
    in a line of results or standings (``_TableLines``) names its team there ("Chicago 5
    Milwaukee 3") and may name the place in the story: an organisation there and a place
    elsewhere are two entities, each kept."""
    surnames, _ = _name_parts(_people(p.spans))
    weight: dict[str, dict[EntityKind, float]] = {}
    for s in p.spans:
        if s.kind is not None:
            kinds = weight.setdefault(s.name, {})
            kinds[s.kind] = kinds.get(s.kind, 0.0) + s.confidence
    tables = _TableLines(p.body)
    for s in p.spans:
        if s.kind is None:
            continue
        if s.single and s.name.lower() in surnames:
            best: EntityKind = "person"
        else:
            kinds = weight[s.name]
            best = max(kinds, key=lambda k: kinds[k])
        if best == s.kind or ({best, s.kind} == _TEAM_OR_PLACE and tables.holds(s.start)):
            continue
        p.retype(s, best, Method.ONE_KIND)


_TEAM_OR_PLACE: frozenset[EntityKind] = frozenset({"org", "place"})


# --- the registries: the order is the rules' precedence --------------------------------

# (No rule asks for demonyms: the typing rules leave only name-like words untyped, and no
# name-like word is a demonym.)
UNTYPED_RULES: tuple[tuple[Method, UntypedRule], ...] = (
    (Method.STATE_ABBREVIATION, state_abbreviation_rule),
    (Method.NOT_A_NAME, not_a_name),
    (Method.ACRONYM, acronym),
    (Method.REPORTED_WORD, reported_word),
    (Method.PERSON_WORD, person_word),
    (Method.GAZETTEER, gazetteer_place),
    (Method.KNOWN_NAME, known_name),
    (Method.LISTED_COMPANY, listed_company),
    (Method.ACRONYM_INSIDE, acronym_inside),
    (Method.REPORTED_NAME, reported_name),
    (Method.NAMED_AFTER_COUNTRY, named_after_country),
    (Method.PERSON_CUE, person_cue_rule),
    (Method.ORG_CUE, org_cue),
)
ENTITY_PASSES: tuple[tuple[Method, Callable[[Passage], None]], ...] = (
    (Method.TYPE_RUNS, type_runs),
    (Method.DROP_PLURAL_ACRONYMS, drop_plural_acronyms),
    (Method.TYPE_UNTYPED, type_untyped),
    (Method.KNOWN_OUTLET, known_outlet_pass),
    (Method.START_OF_ORG, start_of_org),
    (Method.CLUB, club),
    (Method.COMPANY_NOT_PERSON, company_not_person),
    (Method.END_OF_NAME, end_of_name),
    (Method.SURNAME, surname),
    (Method.SPEECH_VERB, speech_verb),
    (Method.LONE_SPEAKER, lone_speaker),
    (Method.ORG_WORD, org_word),
    (Method.TEAM_NAME, team_name),
    (Method.COORDINATED, coordinated),
    (Method.TAGGER, crf_tagger),
    (Method.LOWERCASE_PLACE, lowercase_place),
    (Method.ONE_KIND, one_kind),
)
# The passes that need the tagger (``find_entities(…, tagger=False)`` leaves them out).
TAGGER_PASSES = frozenset({Method.TAGGER})
# Every registry, in the order a span meets them (for tests and benchmarks).
REGISTRIES: tuple[tuple[str, tuple[Method, ...]], ...] = (
    ("ENTITY_PASSES", tuple(m for m, _ in ENTITY_PASSES)),
    ("ONE_WORD_RULES", tuple(m for m, _ in ONE_WORD_RULES)),
    ("RUN_RULES", tuple(m for m, _ in RUN_RULES)),
    ("TITLE_RULES", tuple(m for m, _ in TITLE_RULES)),
    ("UNTYPED_RULES", tuple(m for m, _ in UNTYPED_RULES)),
)


# --- entities: spans grouped by what they name ------------------------------------------

_ACRONYM_AFTER = re.compile(r"\s*\((?P<acr>[A-Z][A-Za-z.\-]{1,9})\)")


def _aliases(p: Passage) -> dict[str, str]:
    """Other names of an organisation → its name: "FSB" after "Federal Security Service
    (FSB)", the initials of a longer name, and the names passes linked ("Toyota")."""
    alias: dict[str, str] = {}
    for s in p.spans:
        if s.kind == "org" and not s.single:
            m = _ACRONYM_AFTER.match(p.body[s.end : s.end + 14])
            if m:
                alias[m.group("acr")] = s.name
            initials = "".join(
                w[0] for w in s.name.split() if w[:1].isupper() and w.lower() not in CONNECTORS
            )
            if len(initials) >= 2:
                alias.setdefault(initials, s.name)
    for s in p.spans:
        if s.alias_of is not None:
            alias[s.name] = s.alias_of  # "Toyota" is "Toyota Motor", "Islanders" the team
    return alias


def _in_capitals(name: str) -> bool:
    """A name written in capitals that is no acronym: a wire dateline's place ("LONDON",
    "ST. JOSEPH"), more than three letters."""
    return name.isupper() and sum(ch.isalpha() for ch in name) > 3


def _plainer(name: str, than: str) -> bool:
    """Whether *name* writes an entity as running text does where *than* does not: a
    capital where *than* has none ("Kyiv", "kyiv"), or small letters where *than* is in
    capitals ("London", "LONDON")."""
    return (than.islower() and not name.islower()) or (_in_capitals(than) and not name.isupper())


def group(p: Passage) -> list[Entity]:
    """The typed spans as entities: a person's mentions under the full name the article
    uses, an organisation's under its longest name; the method of an entity is the one
    of the mention whose words are its name."""
    body = p.body
    alias = _aliases(p)
    people = _people(p.spans)
    surname_of, given_of = _name_parts(people)
    groups: dict[tuple[EntityKind, str], list[Span]] = {}
    names: dict[tuple[EntityKind, str], str] = {}
    for s in p.spans:
        if s.kind is None:
            continue
        if s.kind == "person":
            key_name = (
                surname_of.get(s.name.lower()) or given_of.get(s.name.lower())
                if s.single
                else person_key(s.name)
            )
            if key_name is None or not s.single:
                key_name = person_key(s.name)
                # "Ten Hag" after "Erik ten Hag", "Eriksson Ek" after "Joel Eriksson Ek":
                # the end of a longer name
                longer = [k for k in people if k.endswith(" " + key_name)]
                if len(longer) == 1:
                    key_name = longer[0]
            canonical = people[key_name][0].name if key_name in people else s.name
        elif s.kind == "org" and s.name in alias:
            canonical = alias[s.name]
            key_name = org_key(canonical)
        else:
            canonical = s.name
            key_name = org_key(s.name) if s.kind == "org" else s.name.lower()
        gkey = (s.kind, key_name)
        groups.setdefault(gkey, []).append(s)
        if _plainer(canonical, names.setdefault(gkey, canonical)):
            names[gkey] = canonical  # "Kyiv" names the place, not "kyiv" or "KYIV" before it

    entities: list[Entity] = []
    for (kind, key), spans in groups.items():
        spans.sort(key=lambda s: s.start)
        titles: list[str] = []
        for s in spans:
            if s.title and s.title not in titles:
                titles.append(s.title)
        name = names[(kind, key)]
        if kind == "place" and _in_capitals(name):
            name = name.title()  # "LOS ANGELES, Aug. 4 (Reuters) -": the place is Los Angeles
        decided = spans[0]
        for s in spans:
            if s.name == name:
                decided = s
                break
        entities.append(
            Entity(
                name=name,
                kind=kind,
                count=len(spans),
                first_offset=spans[0].start,
                mentions=tuple(
                    Mention(body[s.start : s.end], s.start, s.method.value, round(s.confidence, 3))
                    for s in spans
                ),
                titles=tuple(titles),
                method=decided.method.value,
                confidence=round(decided.confidence, 3),  # no float noise in the warehouse
            )
        )
    entities.sort(key=lambda e: (e.first_offset, e.name))
    return entities
