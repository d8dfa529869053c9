"""A year-less dateline in a text file: the year comes from evidence, never from the file's
modification time alone (issue 17)."""

from __future__ import annotations

import os
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from newsroom.engine import ingest_files
from newsroom.facts.dates import path_date, published_date, resolve_dateline
from newsroom.normalise import clean_text
from readback import query as rows

STORY = """Harbour council delays the bridge vote

November 20

The harbour council delayed its vote on the new bridge after residents of the east bank
asked for a second hearing on the cost of the project and its effect on the ferry line.

Councillors said the hearing would take place before the end of the month, and that the
engineers who drew the plans would answer questions from the public in the town hall.

The ferry operator said it would keep its winter timetable until the council decides.
"""


def _field(warehouse: Path, name: str) -> tuple[object, ...]:
    [row] = rows(
        warehouse,
        "SELECT value, method, confidence FROM article_fields WHERE field = " + f"'{name}'",
    )
    return row


def test_a_year_less_dateline_does_not_take_the_files_year(
    tmp_path: Path, warehouse_path: Path
) -> None:
    path = tmp_path / "story.txt"
    path.write_text(STORY, encoding="utf-8")
    now = datetime.now(UTC).timestamp()
    os.utime(path, (now, now))  # a file saved today: its mtime is no evidence of the year
    summary = ingest_files([str(path)], warehouse_path).summary
    assert (summary.new, summary.failed) == (1, 0)
    [(dateline, published)] = rows(warehouse_path, "SELECT dateline, published_at FROM articles")
    assert dateline == "November 20"
    assert published is None
    value, method, confidence = _field(warehouse_path, "published_at")
    assert (value, method) == ("--11-20", "dateline:no_year")
    assert isinstance(confidence, float) and confidence < 0.5


def test_the_body_naming_the_day_with_its_year_gives_the_year(
    tmp_path: Path, warehouse_path: Path
) -> None:
    path = tmp_path / "story.txt"
    text = STORY.replace(
        "The ferry operator said",
        "The vote had been due on November 20, 2019, the council's clerk said. The ferry"
        " operator said",
    )
    path.write_text(text, encoding="utf-8")
    ingest_files([str(path)], warehouse_path)
    [(published,)] = rows(warehouse_path, "SELECT published_at FROM articles")
    assert isinstance(published, datetime) and published.date() == date(2019, 11, 20)
    assert _field(warehouse_path, "published_at")[:2] == ("2019-11-20", "dateline+body_year")


def test_reference_alone_leaves_the_dateline_partial_but_a_weekday_resolves_it() -> None:
    reference = date(2026, 12, 4)
    partial = resolve_dateline("November 20", reference)
    assert partial is not None and partial.partial
    assert (partial.month, partial.day, partial.method) == (11, 20, "dateline:no_year")
    # Friday, November 20 fits 2026 only in the two years before the reference
    weekday = resolve_dateline("Friday, November 20", reference)
    assert weekday is not None and weekday.value == date(2026, 11, 20)
    # a body date of another day, with a year, is no evidence for this one
    other_day = published_date(
        "November 20", "It was signed on March 3, 2019 in the town hall.", reference
    )
    assert other_day is not None and other_day.partial


GERMAN_COPY = """Startseite
Politik
Stadtrat verschiebt die Abstimmung über die neue Brücke
Aktualisiert am 28.01.2020, 15:49 Uhr
Der Stadtrat hat die Abstimmung über die neue Brücke verschoben, nachdem Anwohner des
Ostufers eine zweite Anhörung zu den Kosten des Projekts verlangt hatten.
Die Anhörung soll noch vor Ende des Monats stattfinden, sagten die Ratsmitglieder. Die
Ingenieure, die die Pläne gezeichnet haben, werden im Rathaus Fragen der Bürger beantworten.
Der Fährbetreiber will seinen Winterfahrplan beibehalten, bis der Rat entschieden hat.
Teilen auf Facebook
"""


def test_a_date_printed_beside_words_above_the_story_dates_it(
    tmp_path: Path, warehouse_path: Path
) -> None:
    path = tmp_path / "seite.txt"
    path.write_text(GERMAN_COPY, encoding="utf-8")
    ingest_files([str(tmp_path)], warehouse_path)
    value, method, _ = _field(warehouse_path, "published_at")
    assert str(value).startswith("2020-01-28")
    assert method == "dateline"
    [(body,)] = rows(warehouse_path, "SELECT body FROM articles")
    assert "Aktualisiert" not in str(body) and "Ostufers" in str(body)


# A page copy whose masthead prints the day the page was seen ("Friday, April 22, 2022")
# above its menus, and the story's own date under its headline.
MASTHEAD_COPY = """Friday, April 22, 2022
Harbour Gazette
News
Sport
Business
Opinion
Subscribe
Harbour council delays the bridge vote
April 20, 2022
By Jane Roe
The harbour council delayed its vote on the new bridge after residents of the east bank
asked for a second hearing on the cost of the project and its effect on the ferry line.
Councillors said the hearing would take place before the end of the month, and that the
engineers who drew the plans would answer questions from the public in the town hall.
The ferry operator said it would keep its winter timetable until the council decides.
Share on Facebook
Most read
© 2022 Harbour Gazette
"""

# No date line above the story: its byline, among the story's first lines, carries it.
BYLINE_IN_STORY = """Harbour council delays the bridge vote
The harbour council delayed its vote on the new bridge after residents of the east bank
asked for a second hearing on the cost of the project and its effect on the ferry line.
By Jane Roe | October 19, 2019
Councillors said the hearing would take place before the end of the month, and that the
engineers who drew the plans would answer questions from the public in the town hall.
The ferry operator said it would keep its winter timetable until the council decides.
"""


# A Polish page: its date line names the month in words of a language the dateline
# patterns above do not list; dateparser's month tables do.
POLISH_COPY = """Strona główna
Kraj
Rada miasta przełożyła głosowanie w sprawie nowego mostu
Dodano: 30 kwietnia 2021, 11:55
Rada miasta przełożyła głosowanie w sprawie nowego mostu po tym, jak mieszkańcy
wschodniego brzegu zażądali drugiego wysłuchania w sprawie kosztów projektu.
Radni powiedzieli, że wysłuchanie odbędzie się przed końcem miesiąca, a inżynierowie,
którzy narysowali plany, odpowiedzą na pytania mieszkańców w ratuszu.
Przewoźnik promowy zapowiedział, że utrzyma zimowy rozkład rejsów, dopóki rada nie
podejmie decyzji w tej sprawie.
Udostępnij
"""


@pytest.mark.parametrize(
    ("copy", "published", "language"),
    [
        # the story's date by its headline, not the masthead's day at the page's top
        (MASTHEAD_COPY, "2022-04-20", "en"),
        # no date line above the story: a dated byline among its first lines
        (BYLINE_IN_STORY, "2019-10-19", "en"),
        # a month named in a language the dateline patterns do not list
        (POLISH_COPY, "2021-04-30", "pl"),
    ],
    ids=["masthead", "byline-in-story", "polish-month"],
)
def test_a_page_copys_date_line_dates_the_story(
    tmp_path: Path, warehouse_path: Path, copy: str, published: str, language: str
) -> None:
    (tmp_path / "page.txt").write_text(copy, encoding="utf-8")
    ingest_files([str(tmp_path)], warehouse_path)
    value, method, _ = _field(warehouse_path, "published_at")
    assert str(value).startswith(published)
    assert method == "dateline"
    assert rows(warehouse_path, "SELECT language FROM articles") == [(language,)]


def test_dates_in_figures_as_other_languages_write_them() -> None:
    reference = datetime(2026, 1, 10, tzinfo=UTC)
    cases = {
        # a year of two figures before a time, the day first (Norwegian, German)
        ("Publisert: 31.07.24 kl. 11:31", "no"): date(2024, 7, 31),
        ("04.05.20 14:50", "de"): date(2020, 5, 4),  # not April 5 (dateparser, told English)
        # the year first, a slash or a point between (Japanese, Lithuanian, Korean)
        ("公開日：2025/01/22 17:00", "ja"): date(2025, 1, 22),
        ("Nuomonės2024.03.31 19:59", "lt"): date(2024, 3, 31),
        # the day first with spaces (Czech)
        ("31. 10. 2025 17:46", "cs"): date(2025, 10, 31),
    }
    for (line, language), expected in cases.items():
        found = resolve_dateline(line, reference, language=language)
        assert found is not None and found.value == expected, (line, found)
    # a version or a table number is no date
    assert resolve_dateline("version 1.2.24 released", reference, language="en") is None


def test_a_date_in_the_archives_folders_gives_the_dateline_its_year(
    tmp_path: Path, warehouse_path: Path
) -> None:
    # a year of archives filed by day: the folder states the year the dateline leaves out
    dated = tmp_path / "archive" / "2019" / "11" / "20" / "bridge.txt"
    dated.parent.mkdir(parents=True)
    dated.write_text(STORY, encoding="utf-8")
    # no dateline at all: the folder's date is the date, less sure
    undated = tmp_path / "archive" / "2019" / "11" / "21" / "ferry.txt"
    undated.parent.mkdir(parents=True)
    undated.write_text(
        STORY.replace("November 20\n", "").replace("bridge", "tunnel"), encoding="utf-8"
    )
    ingest_files([str(tmp_path / "archive")], warehouse_path)
    found = rows(
        warehouse_path,
        "SELECT a.source_uri, a.published_at, f.method FROM articles a JOIN article_fields f"
        " USING (article_id) WHERE f.field = 'published_at' ORDER BY a.source_uri",
    )
    assert [(uri.rsplit("/", 1)[-1], p.date(), m) for uri, p, m in found] == [
        ("bridge.txt", date(2019, 11, 20), "dateline+path_year"),
        ("ferry.txt", date(2019, 11, 21), "path_date"),
    ]


@pytest.mark.parametrize(
    ("location", "stated"),
    [
        ("/news/archive/2025/03/23/slug.txt", (2025, 3, 23)),
        ("/data/2025-03-23-rates.txt", (2025, 3, 23)),
        ("https://example.org/world/20250323/rates.html", (2025, 3, 23)),
        ("https://example.org/2025/03/rates-rise", (2025, 3, None)),
        ("https://example.org/2025/3/7/rates", (2025, 3, 7)),
        # no date: a number that holds figures like one, a query, an impossible month
        ("https://example.org/story/1202503231/rates", None),
        ("https://example.org/rates?day=2025-03-23", None),
        ("/data/2025/13/01/rates.txt", None),
        ("/data/202503/rates.txt", None),
    ],
)
def test_the_date_a_path_or_url_states(
    location: str, stated: tuple[int, int, int | None] | None
) -> None:
    assert path_date(location) == stated


def test_a_path_date_must_agree_with_the_dateline_and_precede_the_reference() -> None:
    seen = datetime(2026, 12, 5, tzinfo=UTC)
    body = "SYDNEY, March 24 (AAP) - Shares fell on Monday."
    other_day = published_date(None, body, seen, location="/a/2025/03/23/x.txt")
    assert other_day is not None and other_day.partial
    # filed on the day or in the week after it: the year that puts the dateline there
    for folder, expected in (
        ("2025/03/24", date(2025, 3, 24)),
        ("2025/03/25", date(2025, 3, 24)),
        ("2025/03/31", date(2025, 3, 24)),
    ):
        filed = published_date(None, body, seen, location=f"/a/{folder}/x.txt")
        assert filed is not None and filed.value == expected, folder
        assert filed.method == "dateline+path_year"
    new_year = "SYDNEY, Dec 31 (AAP) - Fireworks lit up the harbour at midnight."
    filed = published_date(None, new_year, seen, location="/a/2025/01/01/x.txt")
    assert filed is not None and filed.value == date(2024, 12, 31)
    # a weekday between the place and the date is the date's, not a region's
    monday = published_date(None, "TOKYO, Monday, March 17 (Reuters) - Shares fell.", seen)
    assert monday is not None and monday.value == date(2025, 3, 17)
    # more than a week before the folder's date: no evidence of the year
    late = published_date(None, body, seen, location="/a/2025/04/01/x.txt")
    assert late is not None and late.partial
    same_month = published_date(None, body, seen, location="/a/2025/03/x.txt")
    assert same_month is not None and same_month.value == date(2025, 3, 24)
    assert published_date(None, "Shares fell.", seen, location="/a/2027/03/23/x.txt") is None


@pytest.mark.parametrize(
    ("opening", "language", "month_day", "year"),
    [
        ("BERLIN, 3. März (Reuters) – Die Lokführer streiken.", "de", (3, 3), None),
        ("BERLINO, 3 marzo (ANSA) - È cominciato lo sciopero.", "it", (3, 3), None),
        ("BERLIN, 3 mars (Reuters) - Les trains sont à quai.", "fr", (3, 3), None),
        ("MADRID, 3 de marzo de 2026 (EFE).- Miles de viajeros.", "es", (3, 3), 2026),
        ("МОСКВА, 3 марта 2026 года. Президент России заявил.", "ru", (3, 3), 2026),
        ("БЕРЛИН, 3 марта /ТАСС/. Профсоюз машинистов начал забастовку.", "ru", (3, 3), None),
        ("Київ, 4 березня 2026 року. Укрзалізниця призначила рейси.", "uk", (3, 4), 2026),
        (
            "ベルリン、3月3日（ロイター） - ドイツの機関士労組は3日、ストに入った。",
            "ja",
            (3, 3),
            None,
        ),
        ("برلين، 3 مارس (رويترز) - بدأت نقابة سائقي القطارات إضرابا.", "ar", (3, 3), None),
        ("新华社柏林3月3日电（记者 王磊）德国火车司机工会举行罢工。", "zh", (3, 3), None),
        ("央视新闻客户端2026年3月4日消息，多趟中欧班列滞留。", "zh", (3, 4), 2026),
    ],
)
def test_datelines_that_open_a_story_as_each_language_writes_them(
    opening: str, language: str, month_day: tuple[int, int], year: int | None
) -> None:
    found = published_date(None, opening, datetime(2026, 12, 5, tzinfo=UTC), language=language)
    assert found is not None and found.method.startswith("opening_dateline")
    assert ((found.month, found.day), found.year) == (month_day, year)


@pytest.mark.parametrize(
    ("opening", "language"),
    [
        # Arabic's "in" between place and date; the Syriac month names, alone or beside
        # the others; a mark of direction before the place
        ("القاهرة في 3 مارس 2024 - قال الفريق إن الإيرادات تراجعت.", "ar"),
        ("القاهرة، 3 آذار 2024 - قال الفريق إن الإيرادات تراجعت.", "ar"),
        ("القاهرة، 3 مارس آذار 2024 - قال الفريق إن الإيرادات تراجعت.", "ar"),
        ("\u200fالقاهرة، 3 مارس 2024 - قال الفريق إن الإيرادات تراجعت.", "ar"),
        # a date ended by its year and a full stop
        ("Lyon, le 3 mars 2024. La ville a annoncé un nouveau plan de transport.", "fr"),
        # a full date that opens the story, no place before it
        ("2024年3月3日　東京都内で記者会見が開かれた。", "ja"),
        ("2024年3月3日 14時35分\n\n3日午後2時20分ごろ、地震があった。", "ja"),
        ("2024년 3월 3일 - 서울시는 새 정책을 발표했다.", "ko"),
    ],
)
def test_openings_that_date_a_story_as_more_languages_write_them(
    opening: str, language: str
) -> None:
    # each gave no publication date (a body date at 0.3 at most)
    found = published_date(None, opening, datetime(2026, 12, 5, tzinfo=UTC), language=language)
    assert found is not None and found.value == date(2024, 3, 3), found
    assert found.method == "opening_dateline"


def test_a_pages_time_of_publication_is_kept_and_a_day_alone_says_so(
    tmp_path: Path, warehouse_path: Path
) -> None:
    # an analyst's trial: "which copy came first" could not be told, since every
    # published_at field held a day alone, and a page whose <time> tag gave the day won
    # over its JSON-LD's time (stored as midnight)
    story = "<p>The council met on Monday and voted to close the library on the hill.</p>"
    pages = {
        "timed.html": (
            "<meta property='article:published_time' content='2024-08-22T12:00:00+02:00'>"
        ),
        "day.html": "<meta property='article:published_time' content='2024-08-22'>",
        # a day first, then the same day with its time further down the list
        "both.html": (
            "<meta property='article:published_time' content='2024-08-22'>"
            "<meta name='pubdate' content='2024-08-22T06:15:00Z'>"
        ),
    }
    folder = tmp_path / "in"
    folder.mkdir()
    for i, (name, meta) in enumerate(pages.items()):
        body = story.replace("Monday", ["Monday", "Tuesday", "Friday"][i])
        html = f"<html><head>{meta}</head><body>{body}</body></html>"
        (folder / name).write_text(html, encoding="utf-8")
    ingest_files([str(folder)], warehouse_path)
    found = rows(
        warehouse_path,
        "SELECT regexp_extract(a.source_uri, '[^/]+$'), f.value, a.published_at"
        " FROM article_fields f JOIN articles a USING (article_id)"
        " WHERE f.field = 'published_at' ORDER BY 1",
    )
    assert [(name, value) for name, value, _ in found] == [
        ("both.html", "2024-08-22T06:15:00+00:00"),
        ("day.html", "2024-08-22"),
        ("timed.html", "2024-08-22T10:00:00+00:00"),
    ]
    assert found[1][2] == datetime(2024, 8, 22, tzinfo=UTC)  # the day's midnight, UTC


EPOCH_STORY = STORY.replace("November 20", "By admin\n\n1 January 1970")


def test_an_epoch_date_line_is_no_date_and_the_next_source_gives_it(
    tmp_path: Path, warehouse_path: Path
) -> None:
    """A trial's saved page had "1 January 1970" under its byline, a CMS's placeholder
    for no date (the Unix epoch): it was stored as published_at by the method 'dateline'
    with confidence 0.9. It is no date: the date in the archive's path gives it, and a
    file without one has none."""
    filed = tmp_path / "archive" / "2025" / "11" / "19" / "story.txt"
    filed.parent.mkdir(parents=True)
    filed.write_text(EPOCH_STORY, encoding="utf-8")
    loose = tmp_path / "loose" / "story.txt"
    loose.parent.mkdir()
    loose.write_text(EPOCH_STORY.replace("harbour council", "river council"), encoding="utf-8")
    summary = ingest_files([str(filed), str(loose)], warehouse_path).summary
    assert (summary.new, summary.failed) == (2, 0)
    found = rows(
        warehouse_path,
        "SELECT a.source_uri, a.published_at, f.value, f.method FROM articles a"
        " LEFT JOIN article_fields f ON f.article_id = a.article_id AND f.field = 'published_at'",
    )
    assert sorted(found, key=lambda r: str(r[0])) == [
        (filed.as_uri(), datetime(2025, 11, 19, tzinfo=UTC), "2025-11-19", "path_date"),
        (loose.as_uri(), None, None, None),
    ]


def test_a_weekday_that_disagrees_with_the_date_of_the_path_yields_to_it() -> None:
    """trial11: "Tuesday, November 18" filed under archive/2026/11/18/ was dated 2025-11-18
    at 0.9 by its weekday (the writer's weekday was wrong for 2026); the path writes the
    year out. Its year wins, and the confidence says the two disagree. Where they agree,
    or the path names another day, the weekday's date stands."""
    line = "Tuesday, November 18"  # the cleaner's dateline line
    body = "LONDON -- Marine insurers were told on Tuesday to check every policy."
    seen = date(2026, 12, 7)
    filed = published_date(line, body, seen, location="/a/archive/2026/11/18/insurers.txt")
    assert filed is not None and filed.value == date(2026, 11, 18), filed
    assert filed.method == "dateline+path_year:weekday_disagrees", filed
    assert filed.confidence < 0.9
    agreeing = published_date(line, body, seen, location="/a/archive/2025/11/18/insurers.txt")
    assert agreeing is not None and agreeing.value == date(2025, 11, 18)
    assert agreeing.method == "dateline+weekday" and agreeing.confidence == 0.9
    elsewhere = published_date(line, body, seen, location="/a/archive/2026/03/02/insurers.txt")
    assert elsewhere is not None and elsewhere.value == date(2025, 11, 18), elsewhere


def test_a_year_less_dateline_takes_its_year_from_a_dated_copy_of_its_story(
    tmp_path: Path, warehouse_path: Path
) -> None:
    """trial11: a week of wire copies in text files ("BRUSSELS, Nov 17 (Reuters) -") had no
    date while a copy of their story, a web page, said 2026-11-17: half of a topic's
    articles were undated. A copy in the run or in the warehouse that is dated gives
    the year that puts the dateline on its day or in the week before it."""
    paragraphs = STORY.split("\n\n")[2:]
    page = (
        '<html><head><meta property="article:published_time" content="2026-11-21T09:00:00Z">'
        "<title>Harbour council delays the bridge vote</title></head><body><article>"
        "<h1>Harbour council delays the bridge vote</h1>"
        + "".join(f"<p>{p}</p>" for p in paragraphs)
        + "</article></body></html>"
    )
    folder = tmp_path / "run1"
    folder.mkdir()
    (folder / "page.html").write_text(page, encoding="utf-8")
    (folder / "wire.txt").write_text(STORY, encoding="utf-8")
    later = tmp_path / "run2"
    later.mkdir()
    (later / "partner.txt").write_text(STORY.replace("November 20", "Nov 20"), encoding="utf-8")
    ingest_files([str(folder)], warehouse_path)
    ingest_files([str(later)], warehouse_path)
    found = rows(
        warehouse_path,
        "SELECT regexp_extract(a.source_uri, '[^/]+$'), a.published_at, f.method, a.story_id"
        " FROM articles a JOIN article_fields f USING (article_id)"
        " WHERE f.field = 'published_at' ORDER BY 1",
    )
    assert len({story for *_, story in found}) == 1, found  # one story
    dated = {name: (published.date() if published else None, m) for name, published, m, _ in found}
    assert dated == {
        "page.html": (date(2026, 11, 21), "html_metadata"),  # the next day
        "partner.txt": (date(2026, 11, 20), "dateline+story_year"),  # the warehouse's copy
        "wire.txt": (date(2026, 11, 20), "dateline+story_year"),  # the run's copy
    }, dated


UKRAINIAN_PARAGRAPHS = [
    "Міська рада відклала голосування щодо нового мосту після того, як мешканці східного"
    " берега попросили про друге слухання щодо вартості проєкту.",
    "Депутати сказали, що слухання відбудеться до кінця місяця, а інженери, які готували"
    " план, відповідатимуть на запитання мешканців у ратуші.",
    "Поромний перевізник заявив, що зберігатиме зимовий розклад, доки рада не ухвалить рішення.",
]


@pytest.mark.parametrize(
    "line",
    [
        "8 січня, 17:46",
        "Віктор Волокіта — 8 січня, 17:46",
        "Віктор Волокіта 8 січня о 17:46",
        "Jane Smith 8 January, 17:46",
    ],
)
def test_a_year_less_date_line_in_any_language_takes_its_year_from_the_page(
    tmp_path: Path, warehouse_path: Path, line: str
) -> None:
    # trial18: the select-all copies of a Ukrainian and a Russian page print the author
    # and the day without its year over the story; their saved pages, in the same story,
    # were dated, the copies not (Russian alone, without the name, was read).
    page = (
        '<html lang="uk"><head><meta property="article:published_time"'
        ' content="2026-01-08T15:46:00Z"><title>Рада відклала голосування</title></head>'
        "<body><article><h1>Рада відклала голосування</h1>"
        + "".join(f"<p>{p}</p>" for p in UKRAINIAN_PARAGRAPHS)
        + "</article></body></html>"
    )
    (tmp_path / "page.html").write_text(page, encoding="utf-8")
    copy = ["Рада відклала голосування", line, *UKRAINIAN_PARAGRAPHS]
    (tmp_path / "copy.txt").write_text("\n\n".join(copy), encoding="utf-8")
    ingest_files([str(tmp_path)], warehouse_path)
    found = rows(
        warehouse_path,
        "SELECT a.published_at, a.dateline, f.method, a.story_id FROM articles a"
        " JOIN article_fields f ON f.article_id = a.article_id AND f.field = 'published_at'"
        " WHERE a.source_uri LIKE '%copy.txt'",
    )
    [(published, dateline, method, _)] = found
    assert dateline == line
    assert published is not None and published.date() == date(2026, 1, 8), found
    assert method.endswith("+story_year"), method


def test_a_byline_with_a_day_and_a_time_is_the_copys_date_line() -> None:
    story = "\n\n".join(
        [
            "Переговоры продолжатся",
            "Карина Гасимова 8 января, 17:46",
            "Президент заявил в четверг, что переговоры с партнерами о поставках продолжатся"
            " в ближайшие недели после консультаций с правительством и военными.",
            "По его словам, решение примут в ближайшее время после обсуждения с экспертами.",
        ]
    )
    cleaned = clean_text(story)
    assert cleaned.dateline == "Карина Гасимова 8 января, 17:46"
    assert cleaned.body.startswith("Президент заявил")
    # a day and a word that names no month, then a time, is no date line
    assert clean_text(story.replace("8 января, 17:46", "8 часов, 17:46")).dateline is None


def test_a_sentence_of_the_story_that_names_a_date_is_no_date_line() -> None:
    # trial19: a text of one sentence a line, its fifth about what will happen on a day
    # ("Первый аппарат будет установлен … 8 ноября 2013 года."), was dated by that day at
    # 0.9; a short line that labels a date stays the date line
    lines = [
        "В городском парке откроют новый каток.",
        "Кататься на нем жители смогут бесплатно по выходным.",
        "Каток зальют на месте старой спортивной площадки у пруда.",
        "Работы оплатит районная администрация из своего бюджета.",
        "Первый сеанс пройдет на площадке у пруда 8 ноября 2013 года.",
        "На открытие пригласили известных фигуристов и детские команды.",
    ]
    assert clean_text("\n".join(lines)).dateline is None
    labelled = [*lines[:2], "Опубликовано: 8 ноября 2013 года.", *lines[2:]]
    assert clean_text("\n".join(labelled)).dateline == "Опубликовано: 8 ноября 2013 года."
    english = [
        "The council will open a new ice rink in the park.",
        "Residents will skate there for free at weekends.",
        "The first session will be held at the rink by the pond on 8 November 2013.",
        "Figure skaters and children's teams were invited to the opening.",
    ]
    assert clean_text("\n".join(english)).dateline is None
