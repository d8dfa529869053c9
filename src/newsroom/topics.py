"""Topics watched on every run: a search query (and entities) declared in newsroom.toml.

Each run that publishes updates every topic (``newsroom.warehouse.topics``): the stories
new since the topic's last update, the stories that gained copies or outlets, and the
people, organisations and places most mentioned and quoted in this period against the
one before. A topic spikes when its new stories pass ``spike_above``, or reach
``spike_factor`` times its recent average (the mean of its last ``SPIKE_WINDOW``
updates by runs that loaded articles, one story at least), counted from the update at
which it first had a story: until then it has nothing to compare with, and never spikes
(nor do the stories it first has).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

SPIKE_WINDOW = 5  # updates the recent average is taken over


@dataclass(frozen=True, slots=True)
class Topic:
    name: str
    query: str  # newsroom search syntax: words, "phrases", AND, OR, NOT
    people: tuple[str, ...] = ()  # every one must be mentioned
    orgs: tuple[str, ...] = ()
    places: tuple[str, ...] = ()
    spike_above: int | None = None  # new stories over this many: a spike
    spike_factor: float | None = 3.0  # or this many times the recent average


@dataclass(frozen=True, slots=True)
class TopicStory:
    """A story of the topic that is new, or gained copies, in this period."""

    story_id: str
    title: str
    change: str  # 'new' | 'grown'
    copies: int
    copies_added: int
    outlets: tuple[str, ...]
    outlets_added: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class TopicEntity:
    """A person, organisation or place in the topic's articles: articles mentioning it and
    quotes it is the speaker of, in this period and the one before."""

    kind: str
    entity: str
    mentions: int
    mentions_before: int
    quotes: int
    quotes_before: int


@dataclass(frozen=True, slots=True)
class TopicUpdate:
    """One topic after one run (a row of ``topic_stats`` and its details)."""

    topic: str
    query: str
    run_id: str
    at: datetime
    since: datetime | None  # the topic's previous update; None the first time
    articles: int  # matching current articles, all told
    stories: int
    new_articles: int
    new_stories: int
    grown_stories: int
    recent_average: float | None
    spiked: bool
    changes: tuple[TopicStory, ...] = field(default_factory=tuple)
    entities: tuple[TopicEntity, ...] = field(default_factory=tuple)


def is_spike(topic: Topic, new_stories: int, recent: list[int]) -> tuple[float | None, bool]:
    """The recent average of new stories (None with no earlier update) and whether
    ``new_stories`` is a spike against it."""
    if not recent:
        return None, False
    average = sum(recent) / len(recent)
    over = topic.spike_above is not None and new_stories > topic.spike_above
    # A quiet topic (an average under one story) is measured against one story.
    multiple = topic.spike_factor is not None and new_stories >= topic.spike_factor * max(
        average, 1.0
    )
    return average, over or multiple
