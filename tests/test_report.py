"""``newsroom report``: one self-contained HTML file, rendered in a real headless browser
(Debian's chromium) as a person would open it."""

from __future__ import annotations

import dataclasses
import re
import subprocess
from datetime import date, timedelta
from pathlib import Path

import pytest

from browser import chromium, render
from commands import newsroom
from newsroom.records import RunRecord
from newsroom.report import (
    UNDATED,
    UNDATED_COLOR,
    DayCount,
    ReportData,
    Rising,
    SpeakerQuotes,
    StoryRow,
    render_html,
)
from newsroom.warehouse import Warehouse
from newsroom.warehouse.report import STRAY_MOST
from readback import query
from test_search import CORPUS, NOW, _article

ROOT = Path(__file__).resolve().parents[1]
needs_chromium = pytest.mark.skipif(
    chromium() is None,
    reason="Debian's chromium is not installed (apt-get install -y chromium, as root, where"
    " apt reaches the Debian registry)",
)


def _newsroom(*args: str, config: Path | None = None) -> subprocess.CompletedProcess[str]:
    env = {"NEWSROOM_CONFIG": str(config)} if config is not None else None
    return newsroom(*args, cwd=ROOT, env=env, timeout=120)


@pytest.fixture
def warehouse(warehouse_path: Path) -> Path:
    run = RunRecord(run_id="r1", flow="test", started_at=NOW, seen=len(CORPUS))
    Warehouse(warehouse_path).load(run, [_article(*row) for row in CORPUS], [])
    return warehouse_path


@needs_chromium
def test_the_report_draws_its_charts_in_a_browser(warehouse: Path, tmp_path: Path) -> None:
    out = tmp_path / "report.html"
    made = _newsroom("report", "--warehouse", str(warehouse), "--out", str(out))
    assert made.returncode == 0, made.stderr
    page = render(out)

    assert page.problems == []
    assert page.requests == [out.as_uri()]  # nothing from the network, nothing beside it
    drawn = dict(page.series)
    # Articles per day by outlet: one series per outlet, a bar per day it published.
    outlets = ["bbc.example", "elpais.example", "ft.example", "marca.example", "reuters.example"]
    assert {o: drawn[o] for o in outlets} == dict.fromkeys(outlets, 1)
    assert drawn["stories"] == 1 + 5  # the line and a point for each of the 5 days
    # Rising: the people and places of the last 7 days (the budget story's, the
    # insurance story's) against the days before.
    assert drawn["person-recent"] >= 1 and drawn["place-recent"] >= 1
    assert page.screenshot.startswith(b"\x89PNG") and len(page.screenshot) > 20_000
    assert page.pdf.startswith(b"%PDF") and len(page.pdf) > 5_000
    html = out.read_text(encoding="utf-8")
    assert "Flood waters rise in Valencia" in html and "bbc.example, elpais.example" in html
    assert "Pedro Sanchez: 1 article (recent)" in html  # March 5: within 7 days of March 10
    assert "Pedro Sanchez: 0 articles (before)" in html


@needs_chromium
def test_a_topic_report_shows_the_topic_only(warehouse: Path, tmp_path: Path) -> None:
    config = tmp_path / "newsroom.toml"
    config.write_text('[[topics]]\nname = "floods"\nquery = "flood -insurance"\n', "utf-8")
    out = tmp_path / "floods.html"
    made = _newsroom(
        "report", "-w", str(warehouse), "--topic", "floods", "--out", str(out), config=config
    )
    assert made.returncode == 0, made.stderr
    assert "2 articles in 1 story" in made.stdout
    page = render(out)
    assert page.problems == []
    drawn = dict(page.series)
    assert {k: drawn.get(k) for k in ("elpais.example", "bbc.example", "ft.example")} == {
        "elpais.example": 1,
        "bbc.example": 1,
        "ft.example": None,
    }
    missing = _newsroom("report", "-w", str(warehouse), "--topic", "nope", config=config)
    assert missing.returncode == 2 and "declared: floods" in missing.stderr


def _days_on_the_axis(attention: list[DayCount]) -> list[str]:
    data = ReportData(
        topic=None,
        query=None,
        since=None,
        articles=len(attention),
        stories=len(attention),
        attention=attention,
        stories_per_day=[(c.day, 1) for c in attention],
        biggest=[],
        rising=[],
        speakers=[],
    )
    html = render_html(data, "now")
    return re.findall(r'text-anchor="middle">([^<]+)</text>', html)


def test_the_days_on_the_axis_name_their_year_when_the_view_spans_years() -> None:
    """An archive of several years (dated articles of 2012 beside ones first seen today)
    drew 'Sep 28 … Nov 29' with no year to tell 2012 from 2026."""
    years = _days_on_the_axis(
        [DayCount(date(2012, 11, 7), "file", 3), DayCount(date(2026, 12, 4), "file", 5)]
    )
    assert years[0] == "Nov 07 2012" and len(years) >= 10
    on_axis = [int(label[-4:]) for label in years]
    assert on_axis == sorted(on_axis) and on_axis[-1] >= 2025
    one_year = _days_on_the_axis(
        [DayCount(date(2026, 3, 1), "file", 3), DayCount(date(2026, 3, 20), "file", 5)]
    )
    assert one_year[:3] == ["Mar 01", "Mar 03", "Mar 05"]


def _one_story(
    title: str,
    outlet: str = "outlet",
    rising: list[Rising] | None = None,
    speakers: list[SpeakerQuotes] | None = None,
) -> ReportData:
    """A report of one story on one day."""
    return ReportData(
        topic=None,
        query=None,
        since=None,
        articles=1,
        stories=1,
        attention=[DayCount(date(2026, 1, 1), outlet, 1)],
        stories_per_day=[(date(2026, 1, 1), 1)],
        biggest=[StoryRow("s", title, 1, [outlet], date(2026, 1, 1))],
        rising=rising or [],
        speakers=speakers or [],
    )


def test_text_from_the_warehouse_is_escaped() -> None:
    hostile = '<script>alert("x")</script>'
    html = render_html(_one_story(hostile, outlet=hostile), "now")
    assert "<script" not in html and "&lt;script&gt;" in html


def test_one_article_is_counted_in_the_singular() -> None:
    # trial16: the report said "1 articles in 1 stories"
    html = render_html(_one_story("Bridge closes"), "now")
    assert "1 article in 1 story." in html and "1 articles" not in html


def test_text_in_a_right_to_left_script_keeps_its_own_direction() -> None:
    # an Arabic title of words and figures was laid out left to right in the page's
    # English direction ("3 11:42 الساعة 2024 مارس"): each text from the warehouse is
    # isolated with its direction taken from its own letters
    arabic = "3 مارس 2024 الساعة 11:42"
    data = _one_story(
        arabic,
        rising=[Rising("place", "القاهرة", 3, 1)],
        speakers=[SpeakerQuotes("أسامة ربيع", 2, 1, "تراجعت الإيرادات 50 بالمئة")],
    )
    html = render_html(data, "now")
    for text in (arabic, "أسامة ربيع", "تراجعت الإيرادات 50 بالمئة"):
        assert f"<bdi>{text}</bdi>" in html
    assert '<tspan class="name">القاهرة</tspan>' in html
    assert ".name { unicode-bidi: plaintext; }" in html


def test_undated_articles_are_drawn_apart_from_the_outlets_days(warehouse_path: Path) -> None:
    """An archive of undated files loaded today stood as one tall bar of its outlet on the
    run's day, and its people counted as 'rising' in the last seven days. Undated articles
    are one grey series of their own, named in a note, and left out of the rising entities
    while anything in view is dated."""
    dated = [_article(*row) for row in CORPUS]
    undated = [
        dataclasses.replace(
            _article(f"old-{i}", "archive.example", "en", date(2026, 3, 10), title, body),
            published_at=None,
        )
        for i, (title, body) in enumerate(
            [
                ("Ministers meet", "Olaf Scholz met Emmanuel Macron in Paris on Monday."),
                ("Talks go on", "Olaf Scholz spoke with Giorgia Meloni in Rome for hours."),
            ]
        )
    ]
    run = RunRecord(run_id="r1", flow="test", started_at=NOW, seen=len(dated) + 2)
    wh = Warehouse(warehouse_path)
    wh.load(run, dated + undated, [])

    data = wh.report()

    assert data.articles == len(dated) + 2 and data.undated == 2
    by_series: dict[str, int] = {}
    for c in data.attention:
        by_series[c.outlet] = by_series.get(c.outlet, 0) + c.articles
    assert by_series.pop(UNDATED) == 2 and "archive.example" not in by_series
    assert sum(by_series.values()) == len(dated)  # every dated article on its own day
    assert "Olaf Scholz" not in {r.entity for r in data.rising}
    [(loaded,)] = query(
        warehouse_path,
        "SELECT CAST(timezone('UTC', first_seen_at) AS DATE) FROM articles"
        " WHERE title = 'Ministers meet'",
    )
    days = {r.title: (r.first_day, r.dated) for r in data.biggest}
    assert days["Ministers meet"] == (loaded, False)  # the day loaded, said as such
    assert days["Flood waters rise in Valencia"] == (date(2026, 3, 1), True)
    html = render_html(data, "now")
    assert f"seen {loaded:%Y-%m-%d}" in html
    assert f"2 of {len(dated) + 2} articles have no publication date" in html
    assert f'data-series="{UNDATED}" fill="{UNDATED_COLOR}"' in html
    every_one_dated = dataclasses.replace(data, undated=0)
    assert "no publication date" not in render_html(every_one_dated, "now")


def test_with_nothing_dated_the_rising_entities_count_days_first_seen(
    warehouse_path: Path,
) -> None:
    """The seeds carry no year: with no dated article in view, the days first seen are all
    the report has, and it says so rather than showing nothing."""
    undated = [
        dataclasses.replace(
            _article("plain", "archive.example", "en", date(2026, 3, 10), "Ministers meet", body),
            published_at=None,
        )
        for body in ["Olaf Scholz met Emmanuel Macron in Paris on Monday."]
    ]
    run = RunRecord(run_id="r1", flow="test", started_at=NOW, seen=1)
    wh = Warehouse(warehouse_path)
    wh.load(run, undated, [])

    data = wh.report()

    assert data.undated == data.articles == 1
    assert "Olaf Scholz" in {r.entity for r in data.rising}
    assert "as no article in view is dated" in render_html(data, "now")


def test_a_quote_repeated_by_copies_of_a_story_counts_once(
    tmp_path: Path, warehouse_path: Path
) -> None:
    from newsroom.engine import ingest_files

    story = (
        "{title}\n\nFRANKFURT, March 12, 2026 — The European Central Bank left its key rate"
        " unchanged on Thursday, as inflation in the euro zone eased for a third month.\n\n"
        "“We will remain data-dependent,” said Christine Lagarde, the bank's president."
        " “The job is not done yet,” Lagarde added.\n\n"
        "Economists had expected the decision after last week's figures on prices.\n"
    )
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text(story.format(title="ECB holds rates"), encoding="utf-8")
    (folder / "b.txt").write_text(story.format(title="Lagarde signals patience"), "utf-8")
    ingest_files([str(folder)], warehouse_path)
    [(stories,)] = query(warehouse_path, "SELECT count(DISTINCT story_id) FROM articles")
    assert stories == 1  # two copies of one story
    [(quotes,)] = query(
        warehouse_path, "SELECT count(*) FROM quotes WHERE speaker = 'Christine Lagarde'"
    )
    assert quotes == 4  # each copy holds both
    [lagarde] = [s for s in Warehouse(warehouse_path).report().speakers if "Lagarde" in s.speaker]
    assert (lagarde.quotes, lagarde.stories) == (2, 1)


def test_until_ends_the_view_and_the_rising_window_with_it(warehouse_path: Path) -> None:
    """An archive with one stray page dated months after the rest had its rising window
    end at that page, and an empty 'Rising' section (a trial of a year of archives):
    ``--until`` ends the view, and the seven days before it are the window."""
    march = [
        _article(f"m{i}", "wire.example", "en", date(2025, 3, 3 + i), title, body)
        for i, (title, body) in enumerate(
            [
                ("Ministers meet", "Olaf Scholz met Emmanuel Macron in Paris on Monday."),
                ("Talks go on", "Olaf Scholz spoke with Giorgia Meloni in Rome for hours."),
            ]
        )
    ]
    stray = _article("s", "blog.example", "en", date(2025, 9, 1), "Autumn", "It rained all day.")
    wh = Warehouse(warehouse_path)
    wh.load(RunRecord(run_id="r1", flow="test", started_at=NOW, seen=3), [*march, stray], [])

    everything = wh.report()
    assert everything.articles == 3 and "Olaf Scholz" not in {r.entity for r in everything.rising}
    month = wh.report(since=date(2025, 3, 1), until=date(2025, 3, 31))
    assert month.articles == 2 and month.until == date(2025, 3, 31)
    assert "Olaf Scholz" in {r.entity for r in month.rising}
    assert "2025-03-01 to 2025-03-31" in render_html(month, "now")
    assert "until 2025-03-31" in render_html(dataclasses.replace(month, since=None), "now")

    made = _newsroom(
        "report", "--until", "2025-03-31", "-o", str(warehouse_path.parent / "r.html"),
        "-w", str(warehouse_path),
    )  # fmt: skip
    assert made.returncode == 0, made.stderr
    assert "2 articles" in made.stdout
    bad = _newsroom("report", "--until", "March", "-w", str(warehouse_path))
    assert bad.returncode == 2 and "--until" in bad.stderr


def test_a_few_articles_dated_long_after_the_rest_do_not_end_the_rising_window(
    warehouse_path: Path,
) -> None:
    """A trial's year of archives held one page misdated years ahead: the rising window
    ended on its day, with nothing else in it, and the report did not say which days it
    counted. A few articles alone after weeks with none are left out of the window, and
    the report names the window and what it left out; a new source's first day after an
    archive, more than a few articles, stays in."""
    names = ["Olaf Scholz", "Emmanuel Macron", "Giorgia Meloni", "Pedro Sanchez"]
    archive = [
        _article(
            f"a{i}", "wire.example", "en", date(2019, 1, 1) + timedelta(days=i % 365),
            f"Ministers meet {i}", f"{names[i % 4]} met ministers in Brussels on Monday {i}.",
        )
        for i in range(600)
    ]  # fmt: skip
    stray = _article("s", "blog.example", "en", date(2024, 5, 1), "Spring", "Jane Doe spoke.")
    wh = Warehouse(warehouse_path)
    wh.load(RunRecord(run_id="r1", flow="test", started_at=NOW, seen=601), [*archive, stray], [])

    data = wh.report()
    window = (data.rising_until, data.stray, data.stray_from)
    assert window == (date(2019, 12, 31), 1, date(2024, 5, 1))
    assert {"Olaf Scholz", "Pedro Sanchez"} <= {r.entity for r in data.rising}
    assert "Jane Doe" not in {r.entity for r in data.rising}
    html = render_html(data, "now")
    assert "Articles of the 7 days to 2019-12-31, against the 7 days before." in html
    assert "Left out: 1 article dated 2024-05-01 or later, which stands alone" in html
    # looked at alone, they are the window
    alone = wh.report(since=date(2024, 5, 1))
    assert (alone.rising_until, alone.stray) == (date(2024, 5, 1), 0)

    # a new source's first day: more than a few articles, counted
    live = [
        _article(f"l{i}", "live.example", "en", date(2024, 5, 1), f"Live {i}", "Jane Doe spoke.")
        for i in range(STRAY_MOST + 1)
    ]
    wh.load(RunRecord(run_id="r2", flow="test", started_at=NOW, seen=len(live)), live, [])
    data = wh.report()
    assert (data.rising_until, data.stray) == (date(2024, 5, 1), 0)
    assert "Jane Doe" in {r.entity for r in data.rising}
    assert "Left out" not in render_html(data, "now")


def test_the_stories_line_falls_to_none_on_days_without_stories() -> None:
    """A trial's archive had a seven-month gap: the stories line was drawn straight across
    it, as if stories had gone on. It goes through every day of the axis."""
    attention = [DayCount(date(2025, 1, 1), "file", 4), DayCount(date(2025, 8, 1), "file", 2)]
    data = ReportData(
        topic=None, query=None, since=None, articles=6, stories=5, attention=attention,
        stories_per_day=[(date(2025, 1, 1), 3), (date(2025, 8, 1), 2)],
        biggest=[], rising=[], speakers=[],
    )  # fmt: skip
    html = render_html(data, "now")
    [points] = re.findall(r'data-series="stories"><polyline points="([^"]+)"', html)
    heights = [float(p.split(",")[1]) for p in points.split()]
    days = (date(2025, 8, 1) - date(2025, 1, 1)).days + 1
    assert len(heights) == days  # every day
    assert heights.count(max(heights)) == days - 2  # none on the days between (the axis)


def test_a_story_without_a_title_is_named_by_its_first_words(warehouse_path: Path) -> None:
    # trial19: 141 stories of text files whose first line is the story's first sentence
    # (no headline) stood in the biggest stories as an empty cell
    untitled = dataclasses.replace(
        _article(
            "untitled",
            "archive.example",
            "en",
            date(2026, 3, 10),
            "",
            "The harbour board voted on Tuesday to build a new ferry terminal beside the old"
            " pier, after two years of debate.\n\nWork starts in spring.",
        ),
        title="",
    )
    run = RunRecord(run_id="r1", flow="test", started_at=NOW, seen=1)
    wh = Warehouse(warehouse_path)
    wh.load(run, [untitled], [])
    [row] = wh.report().biggest
    assert (row.title, row.lead) == (
        "",
        "The harbour board voted on Tuesday to build a new ferry terminal",
    )
    html = render_html(wh.report(), "now")
    assert 'class="untitled"' in html and "new ferry terminal…" in html
