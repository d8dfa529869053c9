"""Topics watched on every run: topic_stats after runs, the spike event through a real
Prefect API, the topic artifacts linked from the summary, the example automation."""

from __future__ import annotations

import asyncio
import shutil
import time
from pathlib import Path
from typing import Any

import pytest
import yaml

from newsroom.config import ConfigError, declared_topics
from newsroom.engine import ingest_files
from newsroom.topics import Spike, Topic, judge_spike
from readback import query

ROOT = Path(__file__).resolve().parents[1]
SEEDS = sorted((ROOT / "seeds").glob("*.txt"))
PUTIN = Topic("putin", "putin", spike_factor=1.5)
COUP = Topic("coup", '"coup" OR purge', people=("Vladimir Putin",))  # factor 3 by default


def _stats(warehouse: Path) -> list[tuple[Any, ...]]:
    return query(
        warehouse,
        "SELECT topic, since IS NULL, articles, stories, new_articles, new_stories,"
        ' grown_stories, recent_average, spiked FROM topic_stats ORDER BY "at", topic',
    )


def test_topic_stats_after_runs(tmp_path: Path) -> None:
    inbox, warehouse = tmp_path / "inbox", tmp_path / "wh" / "newsroom.duckdb"
    inbox.mkdir()
    for seed in SEEDS[:2]:
        shutil.copy(seed, inbox)
    first = ingest_files([str(inbox)], warehouse, topics=[PUTIN, COUP])
    assert [u.new_stories for u in first.topics] == [2, 0]
    for seed in SEEDS[2:]:
        shutil.copy(seed, inbox)
    shutil.copy(SEEDS[0], inbox / "copy-of-the-first.txt")  # its story gains a copy
    second = ingest_files([str(inbox)], warehouse, topics=[PUTIN, COUP])
    third = ingest_files([str(inbox)], warehouse, topics=[PUTIN, COUP])  # nothing new

    # Every seed names Putin; "coup" is in seed 2, "purge" in seed 3, both from run 2.
    assert _stats(warehouse) == [
        ("coup", True, 0, 0, 0, 0, 0, None, False),
        ("putin", True, 2, 2, 2, 2, 0, None, False),  # a first update never spikes
        ("coup", False, 2, 2, 2, 2, 0, 0.0, False),  # its first stories: 2 < 3 x one story
        ("putin", False, 6, 5, 4, 3, 1, 2.0, True),  # 3 >= 1.5 x 2
        ("coup", False, 2, 2, 0, 0, 0, 1.0, False),  # 2 and 0 new stories
        ("putin", False, 6, 5, 0, 0, 0, 2.5, False),
    ]
    runs = [first.record.run_id, second.record.run_id, third.record.run_id]
    periods = query(
        warehouse,
        'SELECT run_id, since, "at" FROM topic_stats WHERE topic = \'putin\' ORDER BY "at"',
    )
    assert [p[0] for p in periods] == runs
    assert periods[1][1] == periods[0][2] and periods[2][1] == periods[1][2]

    (grown,) = [s for s in second.topics[0].changes if s.change == "grown"]
    assert (grown.copies, grown.copies_added) == (2, 1)
    assert grown.title.startswith("Putin Army Chief")
    assert query(
        warehouse,
        "SELECT count(*) FILTER (WHERE change = 'new'), count(*) FILTER (WHERE change = 'grown')"
        f" FROM topic_stories WHERE topic = 'putin' AND run_id = '{runs[1]}'",
    ) == [(3, 1)]
    putin_in = query(
        warehouse,
        "SELECT t.run_id, t.mentions, t.mentions_before FROM topic_entities t"
        " JOIN topic_stats s USING (topic, run_id)"
        " WHERE t.topic = 'putin' AND t.entity = 'Vladimir Putin' ORDER BY s.\"at\"",
    )
    assert putin_in == [(runs[0], 2, 0), (runs[1], 4, 2)]  # run 3 mentions it nowhere new


def test_an_edited_article_is_no_new_story_of_its_topic(tmp_path: Path) -> None:
    # a scheduled-runs trial: an edit to an article loaded runs before ("changed 1, new
    # stories 0") counted as a new story of the topic, and its story as a copy added
    inbox, warehouse = tmp_path / "inbox", tmp_path / "wh" / "newsroom.duckdb"
    inbox.mkdir()
    shutil.copy(SEEDS[0], inbox / "first.txt")
    ingest_files([str(inbox)], warehouse, topics=[PUTIN])
    edited = inbox / "first.txt"
    edited.write_text(edited.read_text(encoding="utf-8").replace("angry rant", "furious rant"))
    again = ingest_files([str(inbox)], warehouse, topics=[PUTIN])
    assert again.summary.changed == 1
    (update,) = again.topics
    assert (update.new_stories, update.grown_stories, tuple(update.changes)) == (0, 0, ())


_WORDS = [
    "harbour",
    "council",
    "budget",
    "river",
    "bridge",
    "school",
    "teacher",
    "market",
    "farmer",
    "village",
    "mayor",
    "museum",
    "railway",
    "station",
    "tunnel",
    "hospital",
    "nurse",
    "library",
    "garden",
    "festival",
    "orchestra",
    "stadium",
    "airport",
    "pilot",
    "ferry",
    "island",
    "mountain",
    "forest",
    "lake",
    "winter",
    "summer",
    "election",
    "court",
    "judge",
    "factory",
    "worker",
    "union",
    "strike",
    "bakery",
    "bread",
    "cheese",
    "wine",
    "vineyard",
    "tourist",
    "hotel",
    "castle",
]


def _coup_stories(folder: Path, first: int, count: int) -> None:
    """``count`` distinct stories that mention a coup, each its own file."""
    import random

    folder.mkdir(exist_ok=True)
    for n in range(first, first + count):
        pick = random.Random(n)
        sentences = [
            " ".join(pick.choice(_WORDS) for _ in range(12)).capitalize() + "." for _ in range(8)
        ]
        (folder / f"coup-{n}.txt").write_text(
            f"Coup rumours number {n} reach the {pick.choice(_WORDS)}\n\n"
            f"Officials denied any coup plot on day {n}. " + " ".join(sentences) + "\n",
            encoding="utf-8",
        )


def test_runs_that_load_nothing_count_as_zero_and_the_spike_says_its_rule(
    tmp_path: Path,
) -> None:
    """A scheduled-runs trial: runs that loaded nothing left a topic's recent_average
    NULL; its first burst, 16 new stories, was no spike, and the next run's 4 were,
    "against a recent average of 16.0" (they had passed spike_above)."""
    from flows.common import topic_markdown

    topic = Topic("coup", "coup", spike_above=3, spike_factor=3.0)
    inbox, warehouse = tmp_path / "inbox", tmp_path / "wh" / "newsroom.duckdb"
    inbox.mkdir()
    shutil.copy(SEEDS[0], inbox)  # no story of the topic
    first = ingest_files([str(inbox)], warehouse, topics=[topic]).topics[0]
    assert (first.recent_average, first.spiked, first.spike_rule) == (None, False, None)
    quiet = ingest_files([str(inbox)], warehouse, topics=[topic]).topics[0]  # loads nothing
    assert (quiet.recent_average, quiet.spiked) == (0.0, False)
    _coup_stories(inbox, 0, 16)
    burst = ingest_files([str(inbox)], warehouse, topics=[topic]).topics[0]
    assert (burst.new_stories, burst.recent_average, burst.spiked) == (16, 0.0, True)
    assert burst.spike_rule == "first_stories"
    assert "first stories of this topic: 16 new stories" in topic_markdown(burst)
    _coup_stories(inbox, 16, 4)
    after = ingest_files([str(inbox)], warehouse, topics=[topic]).topics[0]
    assert (after.new_stories, after.spiked, after.spike_rule) == (4, True, "spike_above")
    assert after.recent_average == pytest.approx(16 / 3)  # 0, 0 and 16 new stories
    assert "4 new stories, over spike_above 3" in topic_markdown(after)
    assert "16.0" not in topic_markdown(after)
    assert query(warehouse, 'SELECT recent_average, spiked FROM topic_stats ORDER BY "at"') == [
        (None, False),
        (0.0, False),
        (0.0, True),
        (pytest.approx(16 / 3), True),
    ]
    # the rule and the reason are kept with each update, for SQL (they were in the
    # artifact and the event alone)
    kept = query(warehouse, 'SELECT spike_rule, spike_reason FROM topic_stats ORDER BY "at"')
    assert [rule for rule, _ in kept] == [None, None, "first_stories", "spike_above"]
    assert kept[1][1] == "0 new stories against a recent average of 0.0"
    assert kept[2][1] == "first stories of this topic: 16 new stories"
    assert kept[3][1] == "4 new stories, over spike_above 3"


def test_a_topics_backlog_is_no_news_of_its_first_update(tmp_path: Path) -> None:
    """A topic declared over a warehouse that already has its stories: they are no spike,
    and no part of the average the next updates are judged by."""
    inbox, warehouse = tmp_path / "inbox", tmp_path / "wh" / "newsroom.duckdb"
    _coup_stories(inbox, 0, 6)
    ingest_files([str(inbox)], warehouse)
    topic = Topic("coup", "coup", spike_factor=2.0)
    backlog = ingest_files([str(inbox)], warehouse, topics=[topic]).topics[0]
    assert (backlog.new_stories, backlog.recent_average, backlog.spiked) == (6, None, False)
    assert "first update" in backlog.spike_reason
    _coup_stories(inbox, 6, 2)
    second = ingest_files([str(inbox)], warehouse, topics=[topic]).topics[0]
    assert (second.new_stories, second.recent_average, second.spiked) == (2, None, False)
    quiet = ingest_files([str(inbox)], warehouse, topics=[topic]).topics[0]
    assert (quiet.recent_average, quiet.spiked) == (2.0, False)
    _coup_stories(inbox, 8, 3)
    third = ingest_files([str(inbox)], warehouse, topics=[topic]).topics[0]
    assert (third.new_stories, third.recent_average, third.spiked) == (3, 1.0, True)
    assert third.spike_rule == "spike_factor"
    assert third.spike_reason == "3 new stories against a recent average of 1.0 (spike_factor 2)"


def test_the_spike_rules() -> None:
    topic = Topic("t", "x", spike_above=10, spike_factor=3.0)
    first = judge_spike(topic, 50, [], first_update=True)
    assert (first.average, first.rule) == (None, None)  # a backlog: nothing to compare with
    # (trial16 read "its 5 stories already loaded are nothing to compare with" as garbled)
    assert first.reason == (
        "the topic's first update: no earlier update to compare its 50 stories with"
        " (a spike is judged from the next update on)"
    )
    assert judge_spike(topic, 3, [0], had_stories=False).rule == "first_stories"
    assert judge_spike(topic, 2, [0], had_stories=False).rule is None  # under 3 x one story
    assert judge_spike(topic, 1, [0, 0]).reason == "1 new story against a recent average of 0.0"
    assert judge_spike(topic, 11, []) == Spike(
        None, "spike_above", "11 new stories, over spike_above 10"
    )
    assert judge_spike(topic, 11, [20, 20]).rule == "spike_above"  # over the threshold
    assert judge_spike(topic, 6, [2, 2]) == Spike(
        2.0, "spike_factor", "6 new stories against a recent average of 2.0 (spike_factor 3)"
    )
    assert judge_spike(topic, 5, [2, 2]) == Spike(
        2.0, None, "5 new stories against a recent average of 2.0"
    )
    assert judge_spike(topic, 3, [0, 0]).rule == "spike_factor"  # a quiet topic: one story
    assert judge_spike(Topic("t", "x", spike_factor=None), 9, [1]).rule is None


def test_topics_are_read_from_newsroom_toml(tmp_path: Path) -> None:
    config = tmp_path / "newsroom.toml"
    config.write_text(
        '[[topics]]\nname = "war"\nquery = \'ukraine -football\'\npeople = ["Vladimir Putin"]\n'
        "spike_above = 4\n",
        encoding="utf-8",
    )
    assert declared_topics(tmp_path) == (
        Topic("war", "ukraine -football", people=("Vladimir Putin",), spike_above=4),
    )
    config.write_text('[[topics]]\nname = "war"\nquery = \'"ukraine\'\n', encoding="utf-8")
    with pytest.raises(ConfigError, match="unclosed quote"):
        declared_topics(tmp_path)


@pytest.mark.slow
@pytest.mark.usefixtures("prefect_api")
def test_a_spike_is_an_event_and_topics_are_artifacts_linked_from_the_summary(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from prefect.artifacts import Artifact
    from prefect.client.orchestration import get_client

    from flows.ingest_files import ingest_files as flow

    config = tmp_path / "newsroom.toml"
    config.write_text(
        '[[topics]]\nname = "putin_watch"\nquery = "putin"\nspike_factor = 1.5\n', encoding="utf-8"
    )
    monkeypatch.setenv("NEWSROOM_CONFIG", str(config))
    inbox, warehouse = tmp_path / "inbox", tmp_path / "wh" / "newsroom.duckdb"
    inbox.mkdir()
    for seed in SEEDS[:2]:
        shutil.copy(seed, inbox)
    flow(paths=[str(inbox)], warehouse=str(warehouse))
    for seed in SEEDS[2:]:
        shutil.copy(seed, inbox)
    second = flow(paths=[str(inbox)], warehouse=str(warehouse))

    artifact = Artifact.get("topic-putin-watch")
    assert artifact is not None
    assert "3 new stories" in str(artifact.data) and "**Spike**" in str(artifact.data)
    # a run into another warehouse writes the same key: the artifact says which it is
    assert f"Warehouse: `{warehouse}`" in str(artifact.data)
    summary = Artifact.get("ingest-files-summary")
    assert summary is not None and "## Topics" in str(summary.data)
    assert f"/artifacts/artifact/{artifact.id}" in str(summary.data)

    events = _events_named("newsroom.topic.spiked")
    assert len(events) == 1  # the first run has nothing to compare with
    (event,) = events
    assert event["resource"]["prefect.resource.id"] == "newsroom.topic.putin_watch"
    assert event["payload"]["run_id"] == second.run_id
    assert event["payload"]["new_stories"] == 3
    assert event["payload"]["rule"] == "spike_factor"
    reason = "3 new stories against a recent average of 2.0 (spike_factor 1.5)"
    assert event["payload"]["reason"] == reason
    assert "**Spike**: 3 new stories against a recent average of 2.0" in str(artifact.data)

    # The documented automation is one the API accepts, notifying through a real block.
    from prefect.blocks.notifications import CustomWebhookNotificationBlock
    from prefect.events.schemas.automations import AutomationCore

    block_id = CustomWebhookNotificationBlock(name="t", url="http://127.0.0.1:9/").save(
        "newsroom-test-alerts", overwrite=True
    )
    example = yaml.safe_load((ROOT / "docs/automations/topic-spike.yaml").read_text("utf-8"))
    (automation,) = example["automations"]
    automation["actions"][0]["block_document_id"] = str(block_id)
    with get_client(sync_client=True) as client:
        made = client.create_automation(AutomationCore.model_validate(automation))
        read = client.read_automation(made)
    assert read is not None and read.trigger.expect == {"newsroom.topic.spiked"}  # type: ignore[union-attr]


def _events_named(name: str, wait: float = 60.0) -> list[dict[str, Any]]:
    """Events of ``name`` as the Prefect API has them (emitted events arrive a moment
    after the flow ends)."""
    from prefect.client.orchestration import get_client

    async def read() -> list[dict[str, Any]]:
        async with get_client() as client:
            response = await client._client.post(
                "/events/filter", json={"filter": {"event": {"name": [name]}}, "limit": 50}
            )
            response.raise_for_status()
            return list(response.json()["events"])

    deadline = time.monotonic() + wait
    while True:
        found = asyncio.run(read())
        if found or time.monotonic() > deadline:
            return found
        time.sleep(0.5)


def test_a_lake_follows_its_topics_run_by_run(lake_url: str, tmp_path: Path) -> None:
    from newsroom.warehouse import Warehouse

    inbox = tmp_path / "inbox"
    inbox.mkdir()
    shutil.copy(SEEDS[0], inbox)
    first = ingest_files([str(inbox)], lake_url, topics=[PUTIN])
    for seed in SEEDS[1:3]:
        shutil.copy(seed, inbox)
    second = ingest_files([str(inbox)], lake_url, topics=[PUTIN])
    assert [u.new_stories for u in first.topics + second.topics] == [1, 2]
    assert Warehouse(lake_url).query(
        "SELECT articles, new_stories FROM topic_stats WHERE topic = 'putin' ORDER BY \"at\""
    ) == [(1, 1), (3, 2)]
