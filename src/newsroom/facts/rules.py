"""The names of the entity rules, the candidate spans they type, and what a trace holds.

Every rule and pass of ``facts.classify`` and ``facts.entities`` is a function registered
under one of these names in an ordered registry (``ONE_WORD_RULES``, ``RUN_RULES``, ``TITLE_RULES``,
``UNTYPED_RULES``, ``ENTITY_PASSES``). The name of the rule that typed a span is the
span's ``method``, and becomes ``Mention.method`` and ``Entity.method`` (the
``mentions.method`` column of the warehouse). Rules talk to later rules through these
typed values, never through strings.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum, StrEnum

from newsroom.facts.records import EntityKind


class Method(StrEnum):
    """One name per registered rule. Rules that drop words or only split a run name no
    entity; the others can be an entity's method."""

    # typing rules (facts.classify.ONE_WORD_RULES, RUN_RULES), one capitalised run at a time
    DROP_EMPTY = "drop_empty"
    PLACE_ACRONYM = "place_acronym"
    SINGLE_NAME = "single_name"
    SINGLE_ORG_HEAD = "single_org_head"
    DROP_SINGLE = "drop_single"
    SHOUTED_PLACE = "shouted_place"
    DROP_SHOUTED = "drop_shouted"
    ORG_TAIL = "org_tail"
    OF_SPLIT = "of_split"
    PLACE_NAME = "place_name"
    GEO_WORD = "geo_word"
    PARTY_MEMBERS = "party_members"
    TEAM = "team"
    FOREIGN_ARTICLE = "foreign_article"
    GIVEN_NAME = "given_name"
    DROP_COMMON_NOUN = "drop_common_noun"
    ORG_HEAD = "org_head"
    DROP_TITLE_ALONE = "drop_title_alone"
    TITLE_PERSON = "title_person"
    QUALIFIED_PLACE = "qualified_place"
    NAME = "name"
    # title rules (facts.classify.TITLE_RULES): places and acronyms inside a title
    TITLE_PLACE = "title_place"
    TITLE_ACRONYM = "title_acronym"
    # rules for the spans the typing rules left untyped (facts.entities.UNTYPED_RULES)
    STATE_ABBREVIATION = "state_abbreviation"
    NOT_A_NAME = "not_a_name"
    ACRONYM = "acronym"
    REPORTED_WORD = "reported_word"
    PERSON_WORD = "person_word"
    GAZETTEER = "gazetteer"
    KNOWN_NAME = "known_name"
    LISTED_COMPANY = "listed_company"
    ACRONYM_INSIDE = "acronym_inside"
    REPORTED_NAME = "reported_name"
    NAMED_AFTER_COUNTRY = "named_after_country"
    PERSON_CUE = "person_cue"
    ORG_CUE = "org_cue"
    # passes over every span of the body (facts.entities.ENTITY_PASSES)
    TYPE_RUNS = "type_runs"
    DROP_PLURAL_ACRONYMS = "drop_plural_acronyms"
    TYPE_UNTYPED = "type_untyped"
    KNOWN_OUTLET = "known_outlet"
    START_OF_ORG = "start_of_org"
    CLUB = "club"
    COMPANY_NOT_PERSON = "company_not_person"
    END_OF_NAME = "end_of_name"
    SURNAME = "surname"
    SPEECH_VERB = "speech_verb"
    LONE_SPEAKER = "lone_speaker"
    ORG_WORD = "org_word"
    TEAM_NAME = "team_name"
    COORDINATED = "coordinated"
    # the statistical tagger (facts.tagger) over every word and the rules' spans
    TAGGER = "crf_tagger"
    LOWERCASE_PLACE = "lowercase_place"
    ONE_KIND = "one_kind"


# The rules whose span is an acronym: a surname the article uses outranks them only
# when the word is no acronym after all ("DeSantis").
ACRONYM_METHODS = frozenset(
    {Method.PLACE_ACRONYM, Method.TITLE_ACRONYM, Method.ACRONYM, Method.ACRONYM_INSIDE}
)


@dataclass(slots=True)
class Span:
    """A capitalised sequence split into title and name, typed or not yet."""

    name: str
    start: int
    end: int
    title: str
    kind: EntityKind | None
    single: bool  # one token
    sentence_start: bool
    method: Method  # the rule that typed it (or left it untyped)
    alias_of: str | None = None  # the longer name this one stands for ("Toyota Motor")
    confidence: float = 1.0  # the tagger's, when it saw the span (else the rules': sure)


class Keep(Enum):
    """An untyped-span rule's verdict that the span stays untyped (no later rule asks)."""

    UNTYPED = "untyped"


@dataclass(frozen=True, slots=True)
class Firing:
    """One decision of a rule: its name and the words it decided (``find_entities(…,
    trace=[])``)."""

    rule: Method
    text: str
