"""What ``newsroom.facts`` finds: frozen records, each with the method that produced it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Literal

EntityKind = Literal["person", "org", "place"]

# The method of a name that only a teaser holds (a link to another story, which the
# cleaner takes out of the body): not a rule of ``find_entities`` (``rules.Method``) but
# the mark ``extract_facts`` gives such names; the rule that typed it is not kept.
TEASER = "teaser"
# The method the warehouse gives a lone speaker's mention ("Putin said …", a guessed
# organisation: ``rules.Method.LONE_SPEAKER``) when its other articles name a person of
# that surname in full ("Vladimir Putin"): a decision across articles, not a rule of one.
WAREHOUSE_SURNAME = "warehouse_surname"


@dataclass(frozen=True, slots=True)
class Mention:
    """One place an entity is named: the words as written, where, and the rule that typed
    these words (a name of ``facts.rules.Method``)."""

    text: str
    offset: int
    method: str = ""
    confidence: float = 1.0  # the tagger's marginal probability, when it saw these words


@dataclass(frozen=True, slots=True)
class Entity:
    """A person, organisation or place, with every mention of it in the body.

    ``method`` names the rule that decided the kind: the rule that typed the mention
    whose words are the entity's name (``mentions.method`` in the warehouse).
    """

    name: str
    kind: EntityKind
    count: int
    first_offset: int  # into the body; into the teasers' text for a teaser's name
    mentions: tuple[Mention, ...]
    titles: tuple[str, ...] = ()  # "Chief of the General Staff", "Major General", …
    method: str = ""
    confidence: float = 1.0  # of the mention that decided the kind
    # the name the warehouse files it under across articles and languages, where the
    # article's own differs or may ("U.S." → "United States"); None: its own name
    canonical: str | None = None

    @property
    def body_offset(self) -> int | None:
        """Where the body first names it; None when only a teaser does (method
        ``teaser``: a link to another story, which the cleaner took out of the body)."""
        return None if self.method == TEASER else self.first_offset

    @property
    def forms(self) -> tuple[str, ...]:
        """Every form the article used for the entity, in order ("WTO", "Trump")."""
        return tuple(dict.fromkeys(m.text for m in self.mentions))


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
