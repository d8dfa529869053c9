"""Topics watched on every run: a search query (and entities) declared in newsroom.toml.

Each run that publishes updates every topic (``newsroom.warehouse.topics``): the stories
new since the topic's last update, the stories that gained copies or outlets, and the
people, organisations and places most mentioned and quoted in this period against the
one before.

Whether the new stories are a spike is decided by the first of these rules that fires
(``judge_spike``; its name and a sentence saying why go in the artifact and the event):

- the topic's first update never spikes: it has nothing to compare with (and when
  earlier runs had loaded articles, its stories are a backlog, no one period's news:
  no part of any later average either);
- ``first_stories``: a topic that had no story gets ``spike_factor`` stories or more;
- ``spike_above``: more new stories than ``spike_above``;
- ``spike_factor``: ``spike_factor`` times the recent average or more (a quiet topic, one
  under a story a run, is measured against one story).

The recent average is the mean new stories of the topic's last ``SPIKE_WINDOW`` updates:
every run counts, a run that loaded nothing as zero new stories. Only the first update
has no average (and the second, when the first was a backlog).
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
    spike_rule: str | None = None  # the rule that fired (``judge_spike``); None: no spike
    spike_reason: str = ""  # why it spiked, or why it could not


@dataclass(frozen=True, slots=True)
class Spike:
    """A topic's new stories judged: the recent average (None: nothing to compare with),
    the rule that fired (None: no spike) and a sentence saying why."""

    average: float | None
    rule: str | None
    reason: str = ""

    @property
    def spiked(self) -> bool:
        return self.rule is not None


def _new_stories(n: int) -> str:
    return f"{n} new {'story' if n == 1 else 'stories'}"


def judge_spike(
    topic: Topic,
    new_stories: int,
    recent: list[int],
    *,
    first_update: bool = False,
    had_stories: bool = True,
) -> Spike:
    """Whether ``new_stories`` is a spike, by the first rule that fires (module
    docstring). ``recent``: the new stories of the updates the average is taken over;
    ``had_stories``: whether the topic had a story before this update."""
    if first_update:
        return Spike(
            None,
            None,
            f"the topic's first update: no earlier update to compare its {new_stories}"
            f" {'story' if new_stories == 1 else 'stories'} with (a spike is judged from the"
            " next update on)",
        )
    average = sum(recent) / len(recent) if recent else None
    factor, above = topic.spike_factor, topic.spike_above
    if not had_stories and factor is not None and new_stories >= factor:
        return Spike(
            average, "first_stories", f"first stories of this topic: {_new_stories(new_stories)}"
        )
    if above is not None and new_stories > above:
        return Spike(
            average, "spike_above", f"{_new_stories(new_stories)}, over spike_above {above}"
        )
    if average is None:
        return Spike(None, None, "no earlier update of the topic's own news to compare with")
    compared = f"{_new_stories(new_stories)} against a recent average of {average:.1f}"
    # A quiet topic (an average under one story) is measured against one story.
    if factor is not None and new_stories >= factor * max(average, 1.0):
        return Spike(average, "spike_factor", f"{compared} (spike_factor {factor:g})")
    return Spike(average, None, compared)
