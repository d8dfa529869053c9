"""Facts on the seeds and on short passages: dates, authors, credits, entities, quotes,
cited sources, amounts, provenance."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from newsroom.facts import (
    Entity,
    Facts,
    body_dates,
    byline_names,
    clean_authors,
    credit_outlets,
    extract_facts,
    find_amounts,
    find_entities,
    find_quotes,
    find_sources,
    resolve_dateline,
)
from newsroom.facts import credits as credit_search
from newsroom.facts import dates as date_search
from newsroom.facts import sources as source_search
from newsroom.normalise import clean_text

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
MARCH_2024 = datetime(2024, 3, 1, 12, tzinfo=UTC)


def seed_facts(prefix: str, reference: datetime | None = MARCH_2024) -> Facts:
    path = next(SEEDS.glob(f"{prefix}_*.txt"))
    cleaned = clean_text(path.read_text(encoding="utf-8"))
    return extract_facts(
        cleaned.title,
        cleaned.body,
        dateline=cleaned.dateline,
        credits=cleaned.credits,
        reference_date=reference,
    )


def entity(facts: Facts | list[Entity], name: str) -> Entity:
    entities = facts.entities if isinstance(facts, Facts) else facts
    found = [e for e in entities if e.name == name]
    assert found, f"{name!r} not in {[e.name for e in entities]}"
    return found[0]


def names(entities: list[Entity] | tuple[Entity, ...], kind: str) -> set[str]:
    return {e.name for e in entities if e.kind == kind}


# --- when -------------------------------------------------------------------------------


def test_seed_001_dateline_resolved_from_the_weekday() -> None:
    facts = seed_facts("001")
    published = facts.published
    assert published is not None
    assert published.value == date(2024, 2, 25)  # the only Sunday, February 25 in the window
    assert published.method == "dateline+weekday"
    assert 0.5 < published.confidence <= 1.0
    field = next(f for f in facts.fields if f.field == "published_at")
    assert (field.value, field.method) == ("2024-02-25", "dateline+weekday")


def test_seed_001_dateline_partial_without_a_reference() -> None:
    published = seed_facts("001", reference=None).published
    assert published is not None
    assert published.partial and published.year is None
    assert (published.month, published.day) == (2, 25)
    assert 0 < published.confidence < 0.9
    assert published.text == "Sunday, February 25"


def test_dateline_stays_partial_when_no_year_in_the_window_fits_the_weekday() -> None:
    # Feb 25 fell on a Tuesday in 2025 and a Wednesday in 2026: no Sunday in the window
    value = resolve_dateline("Sunday, February 25", datetime(2026, 11, 25, tzinfo=UTC))
    assert value is not None and value.partial
    assert (value.month, value.day) == (2, 25)
    assert value.method == "dateline:weekday_unresolved"


@pytest.mark.parametrize(
    ("language", "body"),
    [
        ("en", "The government announced on March 4 a new plan for farmers in the region."),
        ("fr", "Le gouvernement a annoncé le 4 mars un nouveau plan pour les agriculteurs."),
        ("es", "El Gobierno anunció el 4 de marzo un nuevo plan para los agricultores."),
    ],
)
def test_a_year_less_date_in_the_body_is_no_publication_date(language: str, body: str) -> None:
    # the year would come from when the file was seen: no evidence of when the story ran
    seen = datetime(2026, 12, 5, tzinfo=UTC)
    facts = extract_facts("Plan", body, language=language, reference_date=seen)
    assert facts.published is None
    assert not [f for f in facts.fields if f.field == "published_at"]
    # a date the body writes with its year still dates it, low
    dated = extract_facts("Plan", body + " On March 4, 2025, it began.", reference_date=seen)
    assert dated.published is not None and dated.published.value == date(2025, 3, 4)
    assert dated.published.method == "body_latest_date" and dated.published.confidence <= 0.3


def test_dateline_never_in_the_future() -> None:
    # Sunday, February 25 2029 would fit the weekday, but it is after the reference
    assert resolve_dateline("February 25, 2029", date(2026, 11, 25)) is None
    value = resolve_dateline("Sunday, February 25", date(2024, 2, 20))
    assert value is None or value.value is None or value.value <= date(2024, 2, 20)


def test_dateline_with_year_and_iso_and_other_languages() -> None:
    assert resolve_dateline("Monday, March 4, 2024").value == date(2024, 3, 4)  # type: ignore[union-attr]
    assert resolve_dateline("2024-03-04").value == date(2024, 3, 4)  # type: ignore[union-attr]
    assert resolve_dateline("4 March 2024").value == date(2024, 3, 4)  # type: ignore[union-attr]
    fr = resolve_dateline("25 février 2024", date(2024, 3, 1))
    assert fr is not None and fr.value == date(2024, 2, 25)
    assert fr.method == "dateline:dateparser"


def test_dateline_in_the_articles_language_and_impossible_ones() -> None:
    ru = resolve_dateline("12 марта 2024", date(2024, 3, 20), language="ru")
    assert ru is not None and ru.value == date(2024, 3, 12)
    # told the article is English, a French month name is no date
    assert resolve_dateline("25 février 2024", date(2024, 3, 1), language="en") is None
    # a language dateparser does not know: it tries them all
    xx = resolve_dateline("25 février 2024", date(2024, 3, 1), language="xx")
    assert xx is not None and xx.value == date(2024, 2, 25)
    # an English month with an impossible day states no date, in any language
    assert resolve_dateline("Saturday, May 57") is None
    assert resolve_dateline("June 45, 2019", language="de") is None


@pytest.mark.parametrize(
    ("opening", "published", "method"),
    [
        ("FRANKFURT, March 12, 2026 — The European Central Bank left rates unchanged.",
         date(2026, 3, 12), "opening_dateline"),
        ("LOS ANGELES, Aug. 4, 2025 (Reuters) - A fast-moving wildfire forced thousands out.",
         date(2025, 8, 4), "opening_dateline"),
        ("KYIV, Ukraine, March 3, 2025 — Drones hit the port overnight, officials said.",
         date(2025, 3, 3), "opening_dateline"),
        ("Berlin, 14. Januar 2026 – Die Bahn streicht wegen des Streiks die meisten Züge.",
         date(2026, 1, 14), "opening_dateline"),
    ],
)  # fmt: skip
def test_a_dateline_that_opens_the_first_paragraph_dates_the_story(
    opening: str, published: date, method: str
) -> None:
    # a text file's wire dateline sits inside its first paragraph, not on a line of its own
    body = f"{opening}\n\nOn March 1 the figures for January were published."
    language = "de" if opening.startswith("Berlin") else "en"
    facts = extract_facts("Headline", body, reference_date=date(2026, 12, 5), language=language)
    assert facts.published is not None
    assert (facts.published.value, facts.published.method) == (published, method)
    # without a year it stays partial, as any dateline does; a number after a comma and
    # before a dash that states no date is none
    partial = extract_facts("H", "LONDON, Nov 20 (Reuters) - Shares fell.", reference_date=None)
    assert partial.published is not None and partial.published.partial
    for text in ("Smith, 45 - the builder, was hurt.", "Room 12, floor 3 — quiet please."):
        assert extract_facts("H", text, reference_date=date(2026, 12, 5)).published is None


@pytest.mark.parametrize(
    ("line", "names"),
    [
        ("By Maria Lopez", "Maria Lopez"),
        ("by Bill McBride on 8/09/2012 12:13:00 PM", "Bill McBride"),
        ("By Nelson Jones Published 09 November 2012 13:50", "Nelson Jones"),
        ("By AHMED MOHAMED - Associated Press Writer --", "Ahmed Mohamed"),
        # AP's bylines: names in capitals, the agency after them with or without a comma
        ("By NICOLE WINFIELD Associated Press", "Nicole Winfield"),
        ("By FATIMA HUSSEIN and JOSH BOAK Associated Press", "Fatima Hussein and Josh Boak"),
        (
            "By ZEKE MILLER, VLADIMIR ISACHENKOV and JIM HEINTZ Associated Press",
            "Zeke Miller, Vladimir Isachenkov and Jim Heintz",
        ),
        # a list of names runs through its commas; an outlet or a role after one ends it
        (
            "By Andrea Shalal, David Lawder and Jeff Mason",
            "Andrea Shalal, David Lawder and Jeff Mason",
        ),
        ("By Jane Roe, Daily Herald", "Jane Roe"),
        ("By Jane Roe, Jack Straw, Reuters", "Jane Roe, Jack Straw"),
        ("By Peter J. Westwood, Editor, Burns Chronicle", "Peter J. Westwood"),
        ("By Belinda Tasker in London", "Belinda Tasker"),
        ("By Joanna Fay Leis (@JoannaFayL)", "Joanna Fay Leis"),
        ("By Laura Clout and agencies", "Laura Clout"),
        ("Par Sébastien Farcis", "Sébastien Farcis"),
        # a label, in Russian, Ukrainian or English (trial14 kept "Автор: Ольга Петрова")
        ("Автор: Ольга Петрова", "Ольга Петрова"),
        ("Авторка: Олена Коваленко", "Олена Коваленко"),
        ("Author: Jane Roe", "Jane Roe"),
        ("Author Message", "Author Message"),  # a page's button: no label without its colon
        # in scripts without capitals: a label before the name, Korean's role after it
        ("记者 王丽", "王丽"),
        ("文/李明", "李明"),
        ("김민수 기자 minsu@example.kr", "김민수"),
        ("بقلم أحمد منصور", "أحمد منصور"),
        ("By Jane Roe and John Doe", "Jane Roe and John Doe"),
        # a blog's: the name after a date or before the time, a reading time, topics
        ("Posted on March 14, 2024 by Jenny Marlowe", "Jenny Marlowe"),
        ("Written by Marco Bellini | 12 December 2022 | 6 min read", "Marco Bellini"),
        ("Posted by Alina Chau at 9:22 AM", "Alina Chau"),
        ("Written by Tim Ferriss Topics: Entrepreneurship", "Tim Ferriss"),
    ],
)
def test_the_names_of_a_text_files_byline(line: str, names: str) -> None:
    assert byline_names(line) == names


def test_body_dates_without_a_year_are_dates_but_no_publication_date() -> None:
    facts = seed_facts("000", reference=datetime(2023, 9, 10, tzinfo=UTC))
    # "on September 2", "August 23": the body's dates, read against the reference …
    dates = {d.text: d for d in facts.dates}
    assert {"September 2", "August 23"} <= set(dates)
    assert dates["September 2"].value == date(2023, 9, 2)
    assert dates["September 2"].method == "body+reference"
    # … but the reference is no evidence of the year the story ran: no publication date
    # from them (test_a_year_less_date_in_the_body_is_no_publication_date)
    assert facts.published is None


def test_body_relative_dates_need_a_reference() -> None:
    assert body_dates("He announced it last week.") == []
    (value,) = body_dates("He announced it last week.", date(2024, 3, 8))
    assert value.value == date(2024, 3, 1)
    assert value.confidence < 0.3


@pytest.mark.parametrize(
    "text",
    [
        "He announced it last week and yesterday; today, three days ago, not 3 days later.",
        "(3 days ago) 12345 days ago x3 days ago 5days ago a days ago A Day Ago",
        "LAST WEEK, Yesterday, TODAY: TodayToday lastlast week blast week yesteryesterday",
        "two  days ago, seven months ago today, 3 weeks ago ago, a week ago\nlast year",
        "fıve days ago, laſt week: a dotless i and a long s match under IGNORECASE",
        "İstanbul, 3 days ago: lower case moves the offsets after the capital İ",
        "١٢ days ago (Arabic-Indic digits are \\d too), 1٢ weeks ago",
        "",
    ],
)
def test_relative_phrases_found_where_the_pattern_finds_them(text: str) -> None:
    """``body_dates`` looks for "last week" and "three days ago" only where such a phrase
    can start; the matches are those of the pattern tried at every character."""
    found = [(m.span(), m.groupdict()) for m in date_search._relative_matches(text)]
    assert found == [(m.span(), m.groupdict()) for m in date_search._RELATIVE.finditer(text)]


@pytest.mark.parametrize(
    "text",
    [
        "ACCORDING TO the Institute for the Study of War, the front moved.",
        "Accordıng to Reuters (a dotless i), and accordİng to AP (a dotted capital I).",
        "According to data from MarketAxess, spreads widened.",
        "He told Sky News Australia nothing.",
    ],
)
def test_according_to_searched_wherever_it_can_match(text: str) -> None:
    """``find_sources`` leaves out the case-insensitive "according to" pattern only where
    it cannot match."""
    according = source_search._CITE_PATTERNS[0]
    assert according.search(text) is not None or "according" not in text.lower()
    if according.search(text) is not None:
        assert according in source_search._cite_patterns(text)


@pytest.mark.parametrize(
    "text",
    [
        "Body first.\n(With AFP)\nVia Newsweek\n  (with inputs from PTI)  \nReporting by Jane Doe",
        "(With Reuters)",
        "\n\n[With AP].\nSource: Press Association\nsources say",
        "",
    ],
)
def test_credit_lines_found_where_the_pattern_finds_them(text: str) -> None:
    """Credit paragraphs are tried at each line's start only; the matches are those of the
    pattern tried at every character."""
    for pattern in (credit_search._CREDIT_PARAGRAPH, credit_search._WITH_OUTLET):
        starts = credit_search._line_starts(text)
        found = [m.span() for m in credit_search.matches_at(pattern, text, starts)]
        assert found == [m.span() for m in pattern.finditer(text)]


# --- who wrote and who published --------------------------------------------------------


def test_clean_authors_rejects_junk() -> None:
    assert clean_authors(["By Staff | Updated"]) == []
    assert clean_authors(["By Jane Doe | Updated March 3, 2024"]) == ["Jane Doe"]
    assert clean_authors(["Jane Doe and John Roe", "jane doe"]) == ["Jane Doe", "John Roe"]
    assert clean_authors(["The Daily Planet"], site_name="The Daily Planet") == []
    assert clean_authors(["Reuters", "newsroom@example.com", "5 min read"]) == []
    assert clean_authors(["María José García"]) == ["María José García"]


def test_an_authors_desk_initials_and_capitals_are_dropped() -> None:
    # an analyst's trial: "Oliver Maksan (oma)" and "JÖRG ZSCHOCHE" as pages gave them
    found = clean_authors(["Oliver Maksan (oma)", "JÖRG ZSCHOCHE", "Anna Berg [ab]"])
    assert found == ["Oliver Maksan", "Jörg Zschoche", "Anna Berg"]


def test_seed_credits_are_outlets_not_authors_or_body() -> None:
    facts_004 = seed_facts("004")
    assert [c.outlet for c in facts_004.credits] == ["Newsweek"]
    assert facts_004.authors == ()
    facts_002 = seed_facts("002")
    assert [c.outlet for c in facts_002.credits] == ["Agencies"]
    path = next(SEEDS.glob("002_*.txt"))
    assert "Source: With Agencies" not in clean_text(path.read_text(encoding="utf-8")).body


def test_a_credited_company_keeps_its_legal_form_and_an_agency_its_spelling() -> None:
    # "SOURCE Acme Robotics, Inc." is one outlet, not "Acme Robotics" and "Inc"; dpa
    # writes its name in lower case
    assert [c.outlet for c in credit_outlets(["SOURCE Acme Robotics, Inc."])] == [
        "Acme Robotics, Inc"
    ]
    assert [c.outlet for c in credit_outlets(["(Reuters, AFP)"])] == ["Reuters", "AFP"]
    assert [c.outlet for c in credit_outlets([], "BERLIN (dpa) - Die Bahn streikt.")] == ["dpa"]


@pytest.mark.parametrize(
    ("opening", "agency"),
    [
        ("MADRID, 3 de marzo de 2026 (EFE).- Miles de viajeros.", "EFE"),
        ("БЕРЛИН, 3 марта /ТАСС/. Профсоюз машинистов начал забастовку.", "ТАСС"),
        ("БЕРЛІН, 3 березня /Укрінформ/. Через страйк машиністів.", "Укрінформ"),
        ("ベルリン、3月3日（ロイター） - ドイツの機関士労組は3日、ストに入った。", "ロイター"),
        ("برلين، 3 مارس (رويترز) - بدأت نقابة سائقي القطارات إضرابا.", "رويترز"),
        ("新华社柏林3月3日电（记者 王磊）德国火车司机工会举行罢工。", "新华社"),
    ],
)
def test_the_agency_of_a_wire_dateline_as_each_language_writes_it(
    opening: str, agency: str
) -> None:
    assert [c.outlet for c in credit_outlets([], opening)] == [agency]


def test_no_agency_from_figures_or_a_sentence_in_lower_case() -> None:
    assert credit_outlets([], "Updated 03/04/2025 - Shares rose.") == []
    assert credit_outlets([], "shares rose (in dollars) - the most since May.") == []


def test_body_credit_sentences() -> None:
    body = "The talks ended late.\n\nReuters contributed to this report."
    assert [c.outlet for c in credit_outlets((), body)] == ["Reuters"]
    assert [c.outlet for c in credit_outlets(["Additional reporting by AFP and AP"])] == [
        "AFP",
        "AP",
    ]


def test_wire_credits_top_and_bottom_of_a_story() -> None:
    def outlets(body: str, credits: tuple[str, ...] = (), title: str = "") -> list[str]:
        return [c.outlet for c in credit_outlets(credits, body, title)]

    assert outlets("OTTAWA (Reuters) — Talks stalled on Thursday.") == ["Reuters"]
    assert outlets("WASHINGTON (AP) — The Senate voted.") == ["AP"]
    assert outlets("MADRID, May 9 (Reuters) - The club said.") == ["Reuters"]
    # cities a slash joins are one dateline's place, not an agency between slashes
    assert outlets("LONDON/DUBAI, March 3 (Reuters) - Oil rose.") == ["Reuters"]
    assert outlets("NEW YORK/LONDON/TOKYO (AP) — Stocks fell.") == ["AP"]
    assert outlets("МОСКВА/КИЕВ, 3 марта (Рейтер) - Цены выросли.") == ["Рейтер"]
    assert outlets("Hong Kong (CNN Business) Markets fell.") == ["CNN Business"]
    assert outlets("(Kyodo) — A quake struck.") == ["Kyodo"]
    assert outlets("Markets fell.", title="TOKYO (AP) — Markets fell") == ["AP"]
    # a bracket that is no outlet, in the body's first words: no credit
    assert outlets("Residents (about 400 of them) left.") == []
    assert outlets("The vote failed.\n\n(With inputs from PTI)") == ["PTI"]
    assert outlets("The vote failed.\n\n(With AFP)") == ["AFP"]
    assert outlets("The vote failed.\n\n(With the help of friends)") == []
    assert outlets("The vote failed.\n\nSource: Press Association") == ["Press Association"]
    assert outlets("The vote failed.\n\nThe Associated Press contributed.") == ["Associated Press"]
    assert outlets("Power returned.\n\nCNN’s Jane Smith contributed reporting.") == ["CNN"]
    assert outlets("Power returned.\n\nJane Smith contributed reporting.") == []
    # a sentence about giving is no credit (an analyst's trial: the outlet "He has")
    body = "Power returned. He has contributed $1.45 million to Color of Change since 2020."
    assert outlets(body) == []
    assert outlets("Power returned.\n\nAFP in Paris contributed.\n\nMore soon.") == ["AFP"]
    # reporters and editors are no outlets
    body = "Shares rose.\n\nReporting by Anna Novak in Prague; Editing by Tom Baker"
    assert outlets(body) == []
    assert outlets("", ("Additional reporting by Jane Doe in Kyiv; Editing by Tom Baker",)) == []
    assert outlets("", ("Reporting by Reuters",)) == ["Reuters"]


def test_wire_story_through_the_cleaner() -> None:
    text = (
        "Talks stall in Ottawa\n\n"
        "OTTAWA (Reuters) — Canadian officials said on Thursday that talks with Washington "
        "on steel tariffs had stalled and would resume next month.\n\n"
        "The finance minister is due in Brussels next week to meet European counterparts.\n\n"
        "Reporting by Anna Novak in Prague; Editing by Tom Baker\n\n"
        "(With inputs from PTI)\n"
    )
    cleaned = clean_text(text)
    assert "Editing by" not in cleaned.body and "inputs from" not in cleaned.body
    facts = extract_facts(
        cleaned.title, cleaned.body, credits=cleaned.credits, authors=("Reuters",)
    )
    assert [(c.outlet, c.method) for c in facts.credits] == [
        ("PTI", "credit_line"),
        ("Reuters", "wire_dateline"),
    ]
    assert facts.authors == ()


def test_outlets_are_no_authors() -> None:
    assert clean_authors(["Associated Press", "Jane Doe, Reuters", "Al Jazeera"]) == ["Jane Doe"]


# --- entities ---------------------------------------------------------------------------


def test_seed_000_gerasimov_is_one_person_with_his_title_apart() -> None:
    facts = seed_facts("000")
    gerasimov = entity(facts, "Valery Gerasimov")
    assert gerasimov.kind == "person"
    assert gerasimov.count == 5  # the full name once and "Gerasimov" four times
    assert {m.text for m in gerasimov.mentions} == {"Valery Gerasimov", "Gerasimov"}
    assert gerasimov.titles == ("Chief of the General Staff",)
    assert not any("Gerasimov" in e.name and e is not gerasimov for e in facts.entities)
    assert not any("Chief" in e.name for e in facts.entities)
    popov = entity(facts, "Ivan Popov")
    assert "Major General" in popov.titles
    assert popov.first_offset == facts.entities[0].mentions[0].offset + 0 or popov.count >= 7


def test_seed_000_entities() -> None:
    facts = seed_facts("000")
    assert {
        "Vladimir Putin",
        "Valery Gerasimov",
        "Ivan Popov",
        "Andrei Gurulyov",
        "Yevgeny Prigozhin",
        "Sergei Shoigu",
    } <= names(facts.entities, "person")
    assert {"Institute for the Study of War", "Wagner Group", "Kremlin"} <= names(
        facts.entities, "org"
    )
    assert {"Ukraine", "Zaporizhia", "Russia", "Bakhmut"} <= names(facts.entities, "place")
    putin = entity(facts, "Vladimir Putin")
    assert putin.first_offset == 18 and putin.titles == ("President",)


def test_seed_003_surname_before_and_after_full_name() -> None:
    facts = seed_facts("003")
    assert entity(facts, "John Foreman").titles == ("Captain",)
    assert entity(facts, "Valery Gerasimov").count == 4
    assert entity(facts, "Sergei Shoigu").count == 4
    fsb = entity(facts, "Federal Security Service")  # "(FSB)" joins its acronym
    assert fsb.kind == "org" and fsb.count == 4


PASSAGES_ENTITIES = [
    (
        "Prime Minister Keir Starmer met German Chancellor Olaf Scholz in Berlin on Monday. "
        "Starmer later flew to Paris.",
        {"person": {"Keir Starmer", "Olaf Scholz"}, "place": {"Berlin", "Paris"}},
    ),
    (
        "Since the World Health Organization warned of the outbreak, officials in Brazil "
        "have closed schools, a spokesman for the Ministry of Health said.",
        {"org": {"World Health Organization", "Ministry of Health"}, "place": {"Brazil"}},
    ),
    (
        "Lieutenant General Mark Smith, who leads the 82nd Airborne Division, said the "
        "troops would leave Kabul. Smith did not say when.",
        {"person": {"Mark Smith"}, "org": {"82nd Airborne Division"}, "place": {"Kabul"}},
    ),
    # a press release's heading: a preposition opens no name
    (
        "About Acme Robotics\nAcme Robotics builds warehouse robots for retailers in Europe.",
        {"org": {"Acme Robotics"}, "place": {"Europe"}},
    ),
]


@pytest.mark.parametrize(("body", "expected"), PASSAGES_ENTITIES)
def test_passage_entities(body: str, expected: dict[str, set[str]]) -> None:
    found = find_entities(body)
    for kind, wanted in expected.items():
        assert names(found, kind) == wanted, kind


def test_title_words_are_not_people() -> None:
    found = find_entities(
        "The Supreme Commander spoke. Defense Minister Sergei Shoigu and the General Staff "
        "listened. Shoigu nodded."
    )
    assert names(found, "person") == {"Sergei Shoigu"}
    shoigu = entity(found, "Sergei Shoigu")
    assert shoigu.count == 2 and shoigu.titles == ("Defense Minister",)


# --- quotes -----------------------------------------------------------------------------


def test_seed_003_quote_by_captain_john_foreman() -> None:
    facts = seed_facts("003")
    quote = next(q for q in facts.quotes if q.text.startswith("At last, the FSB"))
    assert quote.speaker == "John Foreman"
    assert quote.method == "said_name"
    path = next(SEEDS.glob("003_*.txt"))
    body = clean_text(path.read_text(encoding="utf-8")).body
    assert body[quote.offset] == "“"
    last = next(q for q in facts.quotes if "will be removed" in q.text)
    assert (last.speaker, last.method) == ("John Foreman", "according_to")


def test_seed_000_multi_paragraph_quote_resolves_he_to_popov() -> None:
    facts = seed_facts("000")
    quote = next(q for q in facts.quotes if q.text.startswith("You and I"))
    assert "cowardice" in quote.text and "straightforward conversation" in quote.text
    assert quote.text.count("\n\n") == 2
    assert quote.speaker == "Ivan Popov" and quote.method == "pronoun"
    channel = next(q for q in facts.quotes if q.text.startswith("The officers of the 58th"))
    assert channel.speaker == "VChK-OGPU Telegram channel"
    # scare quotes ("fainted", "treason") are not quotations
    assert not any(q.text in ("fainted", "treason") for q in facts.quotes)


def test_seed_002_continued_quote_and_previous_speaker() -> None:
    facts = seed_facts("002")
    by_start = {q.text.split()[0]: q for q in facts.quotes}
    assert by_start["This"].speaker == "Andrei Soldatov"
    assert by_start["I"].speaker == "Alexey Muraviev"  # "he continued"


PASSAGES_QUOTES = [
    ('"We will not back down," said Mayor Anna Lee on Tuesday.', "Anna Lee"),
    ("Anna Lee spoke first. “We will not back down from this fight,” she said.", "Anna Lee"),
    ("Tom Park told reporters: “The bridge will reopen in June.”", "Tom Park"),
    ("“Nobody expected the vote to pass so easily,” one aide said.", "one aide"),
    ("“There is nothing more to say about it,” the minister added.", "the minister"),
    (
        "“Tests like this pay off,” Rosa Ibarra, an engineer at the Port Authority in Oakland,"
        " California, and one of the authors, said in a statement.",
        "Rosa Ibarra",
    ),
    ("“We're thrilled to be back on the road,” comments Ines Ferreira.", "Ines Ferreira"),
    # a period in an initial or an abbreviation ends no clause; the fullest name is kept
    ('"Justice has been served in this case," said U.S. Attorney Nealy Cox.', "Nealy Cox"),
    ("Mayor Anna Lee spoke. “We will rebuild the whole town,” said Dr. Lee.", "Anna Lee"),
    ('"It is a very good day for all of us," said J. Smith, the mayor.', "J. Smith"),
    # a group named by a plural noun
    ('"We got her, we got her now!" officers announced on their radios.', "officers"),
    ("“It will not happen again this year,” health officials said.", "health officials"),
    # a quotation inside a sentence that ends by naming its speaker
    (
        "Doctors should “take really detailed histories” of the patients, Jennifer Dempsey said.",
        "Jennifer Dempsey",
    ),
    (
        "It is bigger than the “phase one trade deal” announced in October, said Derek Scissors.",
        "Derek Scissors",
    ),
    # the subject before a description set off by commas, not a name inside it
    (
        "Nick Clegg, Meta's president of global affairs, said the decision"
        ' "sets a dangerous precedent for the industry."',
        "Nick Clegg",
    ),
    (
        "Andrea Jelinek, chair of the European Data Protection Board, said the fine was"
        ' "a strong signal to all companies."',
        "Andrea Jelinek",
    ),
    (
        "Priya Raman, an economist at the Urban Institute, told me on Tuesday that"
        ' "rents will double in five years."',
        "Priya Raman",
    ),
    # a description in lower case before the name; a name and an age
    ('"We will not let this stand any longer," said council member Linda Park.', "Linda Park"),
    (
        "“That has produced a strategy of cuts,” says veteran industry analyst Ken Doctor.",
        "Ken Doctor",
    ),
    (
        'Stig Onarheim runs the harbour office. "We have never seen a storm like it before,"'
        " Onarheim, 29, told Reuters.",
        "Stig Onarheim",
    ),
    # ... but the name between the commas when it is one
    (
        "Lembong's lawyer, Ari Yusuf Amir, said his client would"
        ' "reject every accusation in the strongest terms."',
        "Ari Yusuf Amir",
    ),
    # a sentence led by its speaker that opens the quotation with a colon, no speech verb
    (
        "David Hart, the union's regional secretary, was blunter:"
        ' "This is a disgrace and the workers deserve better."',
        "David Hart",
    ),
]


def test_a_colon_opens_a_quotation_for_the_person_leading_the_sentence_only() -> None:
    # the person named deep in the sentence is not its subject
    (quote,) = find_quotes(
        "Protesters outside the court waved banners at Tom Smith:"
        ' "Shame on the ministers who allowed this."'
    )
    assert quote.speaker is None


def test_a_verb_that_names_what_it_quotes_gives_its_subject_as_the_speaker() -> None:
    # "Paxton called the decision “…”": the quotation had no speaker (method none)
    text = (
        "Texas Attorney General Ken Paxton called the decision \u201ca victory for the rule"
        " of law in this state\u201d on Tuesday.\n\n"
        "Critics say the plans of Governor Ann Lee were called \u201ca gift to the richest"
        " families in the state\u201d by the opposition.\n\n"
        "Ann Lee spoke in the movie described as \u201ca tender and cruel comedy about"
        " power\u201d by its makers."
    )
    paxton, passive, participle = find_quotes(text)
    assert (paxton.speaker, paxton.method) == ("Ken Paxton", "sentence_subject")
    assert passive.speaker is None  # called by someone else: "were called"
    assert participle.speaker is None  # "the movie described as": no one's words


def test_no_group_speaker_from_an_adverb_in_s() -> None:
    (quote,) = find_quotes("“It will not happen again this year,” perhaps said nobody.")
    assert quote.speaker is None
    # a sentence that ended before the name: no speaker from it
    (quote,) = find_quotes("He called it “a disaster for all of us”. Then Tom Smith said no.")
    assert quote.speaker is None
    # a quotation that ends its sentence: the next sentence's source is not its speaker
    (quote,) = find_quotes(
        "Demand “has exceeded every forecast we made.” Shares rose 2%, Nikkei Asia reported."
    )
    assert quote.speaker is None


def test_a_quotations_text_ends_without_the_comma_before_its_attribution() -> None:
    (quote,) = find_quotes('"This is not the end of the story," said Anna Berg, the mayor.')
    assert quote.text == "This is not the end of the story"
    (quote,) = find_quotes('"Will it hold? Nobody knows," said Anna Berg.')
    assert quote.text == "Will it hold? Nobody knows"


@pytest.mark.parametrize(("body", "speaker"), PASSAGES_QUOTES)
def test_passage_quote_speakers(body: str, speaker: str) -> None:
    (quote,) = find_quotes(body)
    assert quote.speaker == speaker


def test_the_next_sentence_after_a_quotation_names_no_speaker() -> None:
    body = (
        "Mayor Anna Lee said the plan was “the best we could do with the money we had.” "
        "The Harbour Authority said the port would stay open."
    )
    (quote,) = find_quotes(body)
    assert quote.speaker == "Anna Lee"
    body = "“Why would anyone vote for that?” Lee asked."
    (quote,) = find_quotes("Mayor Anna Lee spoke. " + body)
    assert quote.speaker == "Anna Lee"


def test_more_speech_verbs_and_the_name_nearest_the_verb() -> None:
    body = "Governor Tom Reyes acknowledged that “the money will not last beyond next spring.”"
    assert [q.speaker for q in find_quotes(body)] == ["Tom Reyes"]
    body = (
        "Northwind Rail’s chief executive Maria Olsen told lawmakers that the company was "
        "“still short of drivers on every line.”"
    )
    assert [q.speaker for q in find_quotes(body)] == ["Maria Olsen"]


def test_he_said_after_another_persons_quote_with_a_name_between() -> None:
    body = (
        "“We played well for most of the night,” defenseman Carl Hagen said.\n\n"
        "Coach Peter Lind talked to his team afterwards.\n\n"
        "“You have nothing to be ashamed of tonight,” he said."
    )
    assert [q.speaker for q in find_quotes(body)] == ["Carl Hagen", "Peter Lind"]


def test_a_quotation_paragraph_that_names_no_one_takes_the_paragraph_before() -> None:
    # found on real articles: a quotation opening its own paragraph, named nowhere in it
    body = (
        "Asked if the fire was connected to another incident, Supt Anna Peters said it "
        "was possible.\n\n"
        "“That is also a possibility we will not rule out at this stage of the inquiry.”\n\n"
        "“The proportions were far higher than anyone expected them to be,” said Jane Fa, "
        "the study’s author.\n\n"
        "“We also learned that for each country the figures were different.”\n\n"
        "In a statement, the Interior Ministry said:\n\n"
        "“All border crossings will stay open through the holiday weekend.”\n\n"
        "“This is far too large for a quiet valley like ours,” said another resident."
    )
    quotes = find_quotes(body)
    assert [(q.speaker, q.method) for q in quotes] == [
        ("Anna Peters", "sentence_subject:paragraph_before"),
        ("Jane Fa", "said_name"),
        ("Jane Fa", "continuation:paragraph"),
        ("Interior Ministry", "sentence_subject:paragraph_before"),
        # its own paragraph says who spoke, in words that name no one: not Interior Ministry
        (None, "none"),
    ]


# --- cited sources ----------------------------------------------------------------------


def test_seed_000_cited_sources() -> None:
    sources = {s.name: s for s in seed_facts("000").sources}
    assert "Institute for the Study of War" in sources
    assert "VChK-OGPU Telegram channel" in sources
    assert "said" in sources["VChK-OGPU Telegram channel"].phrase


def test_seed_002_cited_sources() -> None:
    sources = {s.name for s in seed_facts("002").sources}
    assert {"Agentura", "Center for European Policy Analysis", "Sky News Australia"} <= sources
    assert "Andrei Soldatov" not in sources  # people are speakers, not sources


def test_according_to_an_institute() -> None:
    body = "Losses rose in May, according to the Institute for the Study of War, a think tank."
    (source,) = find_sources(body)
    assert source.name == "Institute for the Study of War"
    assert source.phrase.startswith("according to")


def test_more_ways_to_cite_a_source() -> None:
    def cited(body: str) -> set[str]:
        return {s.name for s in find_sources(body)}

    assert cited("Bond prices fell, according to data from Tradeweb.") == {"Tradeweb"}
    assert cited("Gunfire was heard near the airport, an AFP reporter said.") == {"AFP"}
    assert cited("The Boston Globe first reported the settlement.") == {"Boston Globe"}
    assert cited("The minister told the public broadcaster RTBF that talks would go on.") == {
        "RTBF"
    }
    assert cited("The leak was first reported by the Irish Times.") == {"Irish Times"}
    assert cited("Ofcom, the media regulator, said it would investigate.") == {"Ofcom"}
    assert cited("It followed a report in The Irish Times on Sunday.") == {"Irish Times"}
    # a company saying something, and members of parliament, are no cited sources
    assert cited("Northwind Rail said it would cut fares. The chief told MPs on Monday.") == set()


# --- amounts ----------------------------------------------------------------------------


def test_seed_amounts() -> None:
    seen = {(a.value, a.what) for f in ("000", "001", "002") for a in seed_facts(f).amounts}
    assert (600, "soldiers") in seen
    assert (150, "spies") in seen
    assert (23, "second") in seen
    assert (1000, "people") in seen


def test_amounts_skip_dates_years_and_ordinals() -> None:
    amounts = find_amounts(
        "On March 11, 2016, the 58th Army sent 2,500 troops and $3 million; 40% stayed."
    )
    assert [(a.value, a.what) for a in amounts] == [
        (2500, "troops"),
        (3_000_000, "USD"),
        (40, "percent"),
    ]


def test_the_number_of_an_index_or_an_aircraft_is_no_amount() -> None:
    amounts = find_amounts(
        "The S&P 500 dropped 2% and the Nasdaq 100 lost 3%, while the FTSE 100 rose. A Boeing"
        " 737 carried 150 passengers; Smith scored 30 points."
    )
    assert [(a.value, a.what) for a in amounts] == [
        (2, "percent"),
        (3, "percent"),
        (150, "passengers"),
        (30, "points"),
    ]


def test_provenance_fields() -> None:
    facts = seed_facts("004")
    fields = {(f.field, f.method) for f in facts.fields}
    assert ("credit_outlet", "credit_line") in fields
    assert ("language", "py3langid") in fields
    assert ("word_count", "regex_words") in fields
    assert all(0.0 <= f.confidence <= 1.0 for f in facts.fields)


def kinds(body: str) -> dict[str, set[str]]:
    out: dict[str, set[str]] = {"person": set(), "org": set(), "place": set()}
    for e in find_entities(body):
        out[e.kind].add(e.name)
    return out


def test_first_name_starts_the_person_and_what_precedes_it_is_the_title() -> None:
    found = find_entities(
        "Secretary of State Mike Pompeo met Public Ombudsman Nadia Cruz. "
        "American Kevin King was freed."
    )
    people = {e.name: e for e in found if e.kind == "person"}
    assert set(people) == {"Mike Pompeo", "Nadia Cruz", "Kevin King"}
    assert people["Mike Pompeo"].titles == ("Secretary of State",)
    assert people["Nadia Cruz"].titles == ("Public Ombudsman",)


def test_abbreviated_ranks_are_titles_not_names() -> None:
    # found on real articles: "Supt Audley Peters said" gave the person "Supt Audley Peters"
    found = find_entities(
        "Supt Audley Peters said the stall was a hotspot. Cllr Ann Cole and Det Insp Sarah "
        "Jones met Japan's defence minister Gen Nakatani."
    )
    people = {e.name: e for e in found if e.kind == "person"}
    assert set(people) == {"Audley Peters", "Ann Cole", "Sarah Jones", "Gen Nakatani"}
    assert people["Audley Peters"].titles == ("Supt",)


def test_pair_without_a_known_first_name_needs_a_person_cue() -> None:
    # "Home Depot" is no person; "Eyamba Sowers" is one because the text says "said Sowers"
    found = kinds(
        "Dow component Home Depot beat estimates. Eyamba Sowers liked the visit. "
        "“He has me thinking now,” said Sowers."
    )
    assert found["person"] == {"Eyamba Sowers"}
    assert "Home Depot" not in found["person"]


def test_a_place_in_a_datelines_capitals_is_the_place_the_story_names() -> None:
    # one entity, named as the text names it, so that articles with and without a
    # dateline count one London
    found = extract_facts("H", "LONDON, March 3 (Reuters) - Shares in London rose.").entities
    assert [(e.name, e.kind, e.count) for e in found if e.kind == "place"] == [
        ("London", "place", 2)
    ]
    (alone,) = [e for e in extract_facts("H", "KHASAVYURT, Russia -- Talks began.").entities
                if e.name.lower() == "khasavyurt"]  # fmt: skip
    assert alone.name == "Khasavyurt"
    # acronyms stay as written
    assert {e.name for e in extract_facts("H", "The UAE and NATO met.").entities} >= {"UAE"}


def test_places_by_head_word_caps_dateline_and_state_abbreviation() -> None:
    found = kinds(
        "SANTA FE, N.M. (AP) — The cat was seen near the Tibetan Plateau and on Wall "
        "Street. BERLIN -- It rained."
    )
    # a dateline's place in capitals is named as running text names it
    assert {"Santa Fe", "N.M.", "Tibetan Plateau", "Wall Street", "Berlin"} <= found["place"]
    assert not found["org"] & {"SANTA FE", "N.M.", "BERLIN"}


def test_shouted_headlines_are_not_entities() -> None:
    found = kinds("SCORES QUARANTINED\n\nA HUNTER who ate a rabbit fell ill in China.")
    assert found == {"person": set(), "org": set(), "place": {"China"}}


def test_organisations_joined_over_possessive_and_and() -> None:
    found = kinds(
        "A Bartholomew County Sheriff’s Department canine helped. Officials at the "
        "Michigan Department of Health and Human Services agreed."
    )
    assert found["org"] == {
        "Bartholomew County Sheriff’s Department",
        "Michigan Department of Health and Human Services",
    }
    assert not found["person"]


def test_lone_words_typed_as_organisations_by_context() -> None:
    found = kinds(
        "Shares of Alibaba rose. Investors liked Alibaba and Alibaba said little. "
        "Handelsblatt reported the cuts. Police arrested two men."
    )
    assert {"Alibaba", "Handelsblatt"} <= found["org"]
    assert "Police" not in found["org"]
    assert not found["person"]


def test_names_with_particles_foreign_articles_and_org_cues() -> None:
    found = find_entities(
        "Egyptian President Abdel Fattah el-Sisi met Yemeni envoy Hamid al-Masri in Cairo. "
        "The Commission on Maritime Safety said the ships were safe, La Stampa reported. "
        "Northwind Rail’s chief executive Maria Olsen told MPs the trains would run."
    )
    assert names(found, "person") == {"Abdel Fattah el-Sisi", "Hamid al-Masri", "Maria Olsen"}
    assert names(found, "org") == {"Commission on Maritime Safety", "La Stampa", "Northwind Rail"}
    assert names(found, "place") == {"Cairo"}
    # a foreign article starting a person's surname alone is still that person
    found = find_entities("Marine Le Pen spoke in Lyon. Le Pen said the vote was rigged.")
    assert entity(found, "Marine Le Pen").count == 2
    # a known outlet is no person, whatever its first word
    assert names(find_entities("The talks were shown live on Al Jazeera."), "org") == {"Al Jazeera"}


def test_long_names_with_particles_and_first_names_that_are_companies() -> None:
    found = find_entities(
        "The court acquitted Irineu Evangelista de Sousa. Economists at Warren Chase "
        "expect rates to fall. The utility Grace Electric said supply was normal."
    )
    assert names(found, "person") == {"Irineu Evangelista de Sousa"}
    assert names(found, "org") == {"Warren Chase", "Grace Electric"}


def test_a_place_named_for_its_club() -> None:
    found = find_entities(
        "Leeds manager Daniel Farke praised Belgian striker Jonas Vermeulen. The win lifts "
        "Leeds to third. Sporting Braga midfielder Tiago Costa was booked."
    )
    assert names(found, "org") == {"Leeds", "Sporting Braga"}
    assert names(found, "place") == set()


def test_outlets_that_report_hyphenated_titles_and_the_start_of_an_org() -> None:
    found = find_entities(
        "Secretary-General Amina Mohammed visited Lagos. Tempo Daily reported the visit. "
        "Hyundai Motor said sales rose; shares of Hyundai fell. Leeds beat Burnley 2-0."
    )
    assert names(found, "person") == {"Amina Mohammed"}
    assert entity(found, "Amina Mohammed").titles == ("Secretary-General",)
    assert {"Tempo Daily", "Hyundai Motor", "Burnley"} <= names(found, "org")
    assert entity(found, "Hyundai Motor").count == 2


def test_end_of_a_longer_name_is_the_same_person() -> None:
    found = find_entities(
        "Joel Eriksson Ek scored. Later Jack Eichel went after Eriksson Ek on the ice. "
        "“I just wasn’t ready for it,” Eriksson Ek said."
    )
    people = [e for e in found if e.kind == "person"]
    assert {e.name for e in people} == {"Joel Eriksson Ek", "Jack Eichel"}
    ek = next(e for e in people if e.name == "Joel Eriksson Ek")
    assert ek.count == 3


def test_places_in_titles_datelines_postal_codes_and_national_sides() -> None:
    found = find_entities(
        "Tucson – Teachers marched on Monday. Oregon Sen. Maria Delgado and former Vermont "
        "Gov. Peter Hale spoke, as did Ohio GOP Rep. Ann Kovacs. The tour opens in Eugene, "
        "OR, then plays Boise, ID for two nights. Officials in the UK said Peru beat Chile "
        "2-0 and Leeds beat Burnley 1-0."
    )
    assert names(found, "person") == {"Maria Delgado", "Peter Hale", "Ann Kovacs"}
    assert entity(found, "Maria Delgado").titles == ("Oregon Sen",)
    assert {"Tucson", "Oregon", "Vermont", "Ohio", "OR", "ID", "UK", "Peru", "Chile"} <= names(
        found, "place"
    )
    assert "Burnley" in names(found, "org")  # a club named for its town, by the score
    # a credential or a word after a comma is no state; a line's dash is no dateline's
    others = find_entities("Dr. Jane Smith, MD, a cardiologist, agreed. Right, OK, we see.")
    assert names(others, "place") == set()
    assert names(find_entities("Victoria\n- a list item"), "place") == set()


def test_teams_named_for_their_city() -> None:
    found = find_entities(
        "A late goal lifted the New York Islanders over the Pittsburgh Penguins. The "
        "Islanders trailed by two. Coach Georgia Williams said the Detroit Red Wings were next."
    )
    assert names(found, "org") == {"New York Islanders", "Pittsburgh Penguins", "Detroit Red Wings"}
    assert entity(found, "New York Islanders").count == 2
    assert names(found, "person") == {"Georgia Williams"}
    band = find_entities("Tickets for the Jonas Brothers went fast, said Nick Kemp.")
    assert (names(band, "org"), names(band, "person")) == ({"Jonas Brothers"}, {"Nick Kemp"})
    assert entity(band, "Jonas Brothers").titles == ()


def test_units_time_zones_and_formats_are_no_organisations() -> None:
    found = find_entities(
        "The plant adds 2 GW of PV capacity, the KEPCO grid said at 0900 GMT. The band's EP "
        "came out after a CT scan; NATO was not consulted."
    )
    assert names(found, "org") == {"KEPCO", "NATO"}


def test_facts_switch_off(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NEWSROOM_FACTS", "off")
    facts = extract_facts("T", "Valery Gerasimov met Putin in Moscow.", authors=["Jane Doe"])
    assert facts.entities == () and facts.fields == () and facts.authors == ("Jane Doe",)
    monkeypatch.setenv("NEWSROOM_FACTS", "on")
    assert extract_facts("T", "Valery Gerasimov met Putin in Moscow.").entities


def test_body_dates_in_the_articles_language() -> None:
    ref = date(2024, 4, 1)
    cases = {
        "de": ("Am 2. März 2024 sagte der Minister, am 15. Januar sei nichts geschehen.", 2),
        "fr": ("Le 12 mars 2024, le ministre a parlé ; le 1er février aussi.", 2),
        "es": ("El 12 de marzo de 2024 el gobierno anunció un plan.", 1),
        "ru": ("12 марта 2024 года министр заявил, что 3 января ничего не было.", 2),
        "uk": ("12 березня 2024 року уряд ухвалив рішення.", 1),
        "zh": ("2024年3月12日，郑州发生暴雨。3月5日也下了雨。", 2),
        "ja": ("2024年3月12日、東京で会見が開かれた。", 1),
        "ko": ("2024년 3월 12일 서울에서 회의가 열렸다.", 1),
        "ar": ("في 12 مارس 2024 قال الوزير إن الخطة جاهزة.", 1),
    }
    for language, (text, expected) in cases.items():
        found = [v for v in body_dates(text, ref, language) if v.method != "body:relative"]
        assert len(found) == expected, (language, found)
        assert found[0].value == date(2024, 3, 12 if language not in ("de",) else 2), language
    # figures, day first, where the language puts the day first; never in English
    numeric = body_dates("Veröffentlicht am 12.03.2024, 14:35 Uhr", ref, "de")
    assert [v.value for v in numeric] == [date(2024, 3, 12)]
    assert [v.value for v in body_dates("Publié le 12/03/2024", ref, "fr")] == [date(2024, 3, 12)]
    assert body_dates("Posted 12/03/2024", ref, "en") == []
    # told nothing of the language, only English forms are read
    assert body_dates("Am 2. März 2024 sagte der Minister.", ref) == []
    # a month name with no day next to it is no date ("mars" is also a planet)
    assert body_dates("La sonde a atteint Mars en 2024.", ref, "fr") == []


def test_a_german_article_is_dated_from_its_body() -> None:
    body = (
        "Die Regierung hat am 2. März 2024 ein neues Gesetz beschlossen. Der Minister sagte,"
        " das Gesetz werde die Steuern senken und die Wirtschaft stärken."
    )
    facts = extract_facts("Neues Gesetz", body, reference_date=date(2024, 4, 1), language="de")
    assert facts.published is not None
    assert facts.published.value == date(2024, 3, 2)
    assert facts.published.method == "body_latest_date"


def test_a_tail_word_that_tells_what_the_next_one_is_stays_out_of_the_name() -> None:
    # found on real articles: "according to the Associated Press news agency" gave the
    # organisation and the source "Associated Press news"
    body = (
        "About 25 bodies a week are buried on the island, according to the Associated "
        "Press news agency. Officials quoted the VChK-OGPU Telegram channel on Sunday."
    )
    facts = extract_facts("", body)
    assert {e.name for e in facts.entities if e.kind == "org"} == {
        "Associated Press",
        "VChK-OGPU Telegram channel",
    }
    assert [s.name for s in facts.sources] == ["Associated Press"]


def test_a_company_reporting_its_results_cites_no_source() -> None:
    """ "Home Depot reported third-quarter earnings" is the company's own news: it was
    counted among the sources the article cites. An outlet's report stays a source."""
    cases = {
        "Dow component Home Depot reported third-quarter earnings that topped estimates.": [],
        "Acme Corp reported a loss of $3 million on Tuesday, and its shares fell.": [],
        "Acme Corp reports record sales in Asia for the third year running.": [],
        "The Daily Planet reported that the mayor had resigned, citing two aides.": [
            "Daily Planet"
        ],
        "Reuters reported a rise in grain prices on Monday, citing traders.": ["Reuters"],
    }
    for text, sources in cases.items():
        assert [s.name for s in extract_facts("T", text).sources] == sources, text


def test_a_country_is_filed_under_one_name_whatever_name_the_text_gives_it() -> None:
    from newsroom.facts.places import country_name

    for written in ("U.S.", "USA", "United States of America", "the United States"):
        assert country_name(written) == "United States"
    assert country_name("Britain") == "United Kingdom"
    assert country_name("Russian Federation") == "Russia"
    assert country_name("Islamic Republic of Iran") == "Iran"  # ISO's "Iran, Islamic Republic of"
    assert country_name("the Netherlands") == "Netherlands"
    assert country_name("Burma") == "Myanmar"  # a current country's name wins over a former one's
    assert country_name("USSR") == country_name("Soviet Union") == "Soviet Union"
    assert country_name("Vereinigte Staaten", "de") == "United States"
    assert country_name("USA", "de") == "United States"  # English names in any language
    assert country_name("Moscow") is None and country_name("Georgia") == "Georgia"
    # trial19: the initials Russian and Ukrainian news use, a name whose accents an outlet
    # dropped, and a country another's CLDR name holds in brackets as its sovereign
    # ("Виргинские о-ва (Великобритания)") were filed under no country
    assert country_name("США", "ru") == country_name("США", "uk") == "United States"
    assert country_name("РФ", "ru") == "Russia" and country_name("ФРГ", "ru") == "Germany"
    assert country_name("Etats-Unis", "fr") == country_name("États-Unis", "fr")
    assert country_name("Великобритания", "ru") == "United Kingdom"
    assert country_name("Мьянма", "ru") == country_name("Бирма", "ru") == "Myanmar"
    assert country_name("Британія", "uk") == "United Kingdom"
    # a German adjective declined in the sentence (trial20: "in den Vereinigten Staaten")
    assert country_name("Vereinigten Staaten", "de") == "United States"
    assert country_name("Vereinigten Königreich", "de") == "United Kingdom"
    facts = extract_facts("", "Officials from the Russian Federation met U.S. envoys in Geneva.")
    filed = {e.name: (e.kind, e.canonical) for e in facts.entities}
    assert filed["Russian Federation"] == ("place", "Russia")  # no organisation ("Federation")
    assert filed["U.S."] == ("place", "United States")
    assert filed["Geneva"] == ("place", None)


def test_a_us_state_news_style_abbreviates_is_filed_under_its_name() -> None:
    # a trial's topics listed "Ariz" and "Calif" among their places: kept as written, the
    # abbreviation never met the state's own name across articles
    facts = extract_facts("Fires", (
        "PHOENIX, Ariz. (AP) — Wildfires forced families from their homes on Tuesday. A"
        " second fire near San Diego, Calif., burned 2,000 acres, and crews came from"
        " Albany, N.Y., and from Mountain View, CA to help. Miss Lee said La Paz was calm."
    ))  # fmt: skip
    filed = {e.name: (e.kind, e.canonical) for e in facts.entities}
    assert filed["Ariz"] == ("place", "Arizona")
    assert filed["Calif"] == ("place", "California")
    assert filed["N.Y."] == ("place", "New York")
    assert filed["CA"] == ("place", "California")
    # the same letters where no rule read a state are not filed as one
    assert all(canonical not in ("Mississippi", "Louisiana") for _, canonical in filed.values())


def test_and_inside_an_organisations_name_and_between_two() -> None:
    found = {(e.name, e.kind) for e in extract_facts("H", (
        "The Food and Drug Administration approved it. The Independent Electoral and"
        " Boundaries Commission counted the votes. The Centers for Disease Control and"
        " Prevention said cases rose. The Department of Housing and Urban Development"
        " acted. The Bill and Melinda Gates Foundation gave money. The British Retail"
        " Consortium said sales fell. The Department of Justice and FBI agents searched the"
        " house. Acme Holdings and Apple Inc rose. The Ministry of Trade, Industry and"
        " Energy said exports rose. The Minister of Justice spoke."
    )).entities}  # fmt: skip
    assert {
        ("Food and Drug Administration", "org"),
        ("Independent Electoral and Boundaries Commission", "org"),
        ("Centers for Disease Control and Prevention", "org"),
        ("Department of Housing and Urban Development", "org"),
        ("Bill and Melinda Gates Foundation", "org"),
        ("British Retail Consortium", "org"),
        ("Department of Justice", "org"),
        ("FBI", "org"),
        ("Acme Holdings", "org"),
        ("Apple Inc", "org"),
    } <= found, sorted(found)
    names = {name for name, _ in found}
    assert not names & {"Urban Development", "Industry and Energy", "Minister of Justice"}
    assert not any(" and " in n for n in names if n.startswith(("Acme", "Department of J")))


def test_local_office_titles_stay_apart_from_the_name() -> None:
    found = {e.name: e for e in extract_facts("H", (
        "Ventura County Sheriff Jim Fryhoff said deputies were evacuating homes."
        " Detective Sarah Lund and Pastor John Smith were there."
    )).entities if e.kind == "person"}  # fmt: skip
    assert set(found) == {"Jim Fryhoff", "Sarah Lund", "John Smith"}
    assert any("Sheriff" in t for t in found["Jim Fryhoff"].titles)


def test_a_quote_after_another_persons_is_not_theirs_when_a_new_speaker_is_named() -> None:
    body = (
        '"The players showed real character today," Arsenal manager Mikel Arteta said after'
        ' the match. Chelsea coach Enzo Maresca said his side had "deserved at least a'
        ' point."'
    )
    speakers = [(q.text[:12], q.speaker) for q in extract_facts("H", body).quotes]
    assert speakers == [("The players ", "Mikel Arteta"), ("deserved at ", "Enzo Maresca")]


def test_a_city_written_without_its_accents_is_the_city() -> None:
    # English news writes "Sao Paulo", "Bogota", "Krakow": the gazetteer knows them so
    found = extract_facts("H", (
        "SAO PAULO, March 3 (Reuters) - Brazil's central bank held rates. Economists in"
        " Sao Paulo and Bogota expected it. He flew to Krakow on Monday. Shell data show."
        " Shares fell."
    )).entities  # fmt: skip
    places = {e.name for e in found if e.kind == "place"}
    assert {"Sao Paulo", "Bogota", "Krakow", "Brazil"} <= places, places
    assert not any(". " in e.name for e in found)  # no name runs over a sentence's end
    # a dateline alone in capitals: the gazetteer's word, not an acronym's
    (alone,) = extract_facts("H", "SAO PAULO -- Talks resumed on Monday.").entities
    assert (alone.name, alone.kind) == ("Sao Paulo", "place")


def test_a_person_of_an_organisation_is_the_person_whatever_the_organisation() -> None:
    # "of" after a first name and a surname: the person, apart from what follows
    found = {(e.name, e.kind) for e in extract_facts("H", (
        "Analysts were cautious, said Ingrid Fernandez of Shell. Mary Barra of General"
        " Motors spoke too."
    )).entities}  # fmt: skip
    assert {("Ingrid Fernandez", "person"), ("Mary Barra", "person")} <= found, found
    assert not any(" of " in name for name, _ in found)


def test_an_opening_adverb_and_a_company_saying_something_cite_no_source() -> None:
    """trial16: "Originally published by …" cited a source named "Originally" (an
    organisation, for the word before "published"), and "Boeing said" cited Boeing,
    though a company saying something is no cited source."""
    facts = extract_facts(
        "Bees avoid treated fields",
        "Originally published by The Conversation. The study found that most bees avoid"
        " treated fields.\n\nInitially reported by Reuters, the finding was later confirmed."
        "\n\nBoeing said on Tuesday it would fund more research. The Kremlin said nothing.",
    )
    names = {e.name for e in facts.entities}
    assert not names & {"Originally", "Initially"}
    cited = {s.name for s in facts.sources}
    assert "Originally" not in cited and "Boeing" not in cited
    assert {"Reuters", "Kremlin"} <= cited
