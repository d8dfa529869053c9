"""Titles where the page's metadata gives none worth having (issue 17): an HTML page whose
metadata title is missing or only the site's name gets the headline its page shows, chosen
by the learnt scorer (``newsroom.headline``); a page copy whose first line is the page's
title keeps that line as its title. Pages written here."""

from __future__ import annotations

from pathlib import Path

import pytest

from newsroom.engine import ingest_files
from newsroom.extract import extract_html, parse_html
from newsroom.headline import headline_candidates, names_site
from newsroom.normalise import clean_text
from readback import query as rows

HEADLINE = "Council shuts river bridge to cars after cracks found"
STORY = [
    "The city council voted on Tuesday night to close the old river bridge to cars from "
    "the first of May, after engineers found deep cracks in two of its three stone arches.",
    "The bridge, built in 1887, carries about nine thousand vehicles a day. Buses will be "
    "moved to the ring road, and a temporary footbridge will open next to it in June.",
    "Shop owners on the north bank said they feared losing trade while the bridge is shut. "
    "The council has promised a fund of two million pounds to help businesses nearby.",
    "Repairs are expected to take at least eighteen months, and the final cost will not be "
    "known until the arches have been surveyed from the water later this spring.",
]
SIDEBAR = (
    "<div class='sidebar'><h2>Most read</h2><ul><li><a href='/a'>Mayor opens new skate "
    "park in the west end</a></li><li><a href='/b'>Ferry fares to rise in the spring</a>"
    "</li></ul></div>"
)


def html_page(head: str, headline_markup: str) -> str:
    paragraphs = "".join(f"<p>{p}</p>" for p in STORY)
    return (
        f"<!DOCTYPE html><html><head><meta charset='utf-8'>{head}</head><body>"
        "<div class='nav'><a href='/'>The Riverside Courier</a> <a href='/news'>News</a> "
        "<a href='/sport'>Sport</a></div>"
        f"{SIDEBAR}<div class='story'>{headline_markup}<p class='date'>12 March 2019</p>"
        f"{paragraphs}</div><div class='footer'>All rights reserved</div></body></html>"
    )


def test_without_title_metadata_a_site_name_title_gives_way_to_the_h1() -> None:
    page = html_page("<title>The Riverside Courier</title>", f"<h1>{HEADLINE}</h1>")
    extracted = extract_html(page)
    assert extracted.title == HEADLINE
    assert extracted.title_method == "scored-heading"


SITE_TITLE = "<title>The Riverside Courier</title>"
TAGLINE_TITLE = "<title>Riverside Courier | Local news, sport and weather</title>"


@pytest.mark.parametrize(
    ("head", "headline_markup"),
    [
        (SITE_TITLE, f"<p><b>{HEADLINE}</b></p>"),
        (SITE_TITLE, f"<font size='4'>{HEADLINE}</font>"),
        (SITE_TITLE, f"<table><tr><td>{HEADLINE}</td></tr></table>"),
        (SITE_TITLE, f"<p>{HEADLINE}</p>"),
        (TAGLINE_TITLE, f"<h2>{HEADLINE}</h2>"),
        (TAGLINE_TITLE, f"<h3>{HEADLINE}</h3>"),
        (TAGLINE_TITLE, f"<span class='storytitle'>{HEADLINE}</span>"),
    ],
)
def test_an_old_site_whose_title_is_its_name_gets_the_line_over_its_story(
    head: str, headline_markup: str
) -> None:
    # the L3S-GN1 kind of page: no title metadata, a <title> that names the site (with
    # or without its tagline), the headline a plain, bold or sub-heading line over the story
    extracted = extract_html(html_page(head, headline_markup))
    assert extracted.title == HEADLINE
    assert extracted.title_method in ("scored-heading", "scored-line")


def test_a_candidate_that_is_only_the_site_name_is_none() -> None:
    tree = parse_html(html_page(SITE_TITLE, f"<p>{HEADLINE}</p>"))
    assert tree is not None
    lead = "\n".join(STORY)
    texts = {c.text for c in headline_candidates(tree, "The Riverside Courier", lead, None)}
    assert "The Riverside Courier" in texts
    named = headline_candidates(tree, "The Riverside Courier", lead, "Riverside Courier")
    assert "The Riverside Courier" not in {c.text for c in named}
    assert HEADLINE in {c.text for c in named}


def test_an_og_title_that_is_only_the_site_name_gives_way_to_the_h1() -> None:
    head = (
        "<title>The Riverside Courier</title>"
        "<meta property='og:site_name' content='The Riverside Courier'>"
        "<meta property='og:title' content='The Riverside Courier'>"
    )
    extracted = extract_html(html_page(head, f"<h1>{HEADLINE}</h1>"))
    assert extracted.title == HEADLINE
    assert extracted.title_method == "scored-heading"


def test_an_og_title_that_names_the_story_is_kept() -> None:
    head = (
        "<meta property='og:site_name' content='The Riverside Courier'>"
        "<meta property='og:title' content='River bridge closed to cars'>"
    )
    extracted = extract_html(html_page(head, f"<h1>{HEADLINE}</h1>"))
    assert extracted.title == "River bridge closed to cars"
    assert extracted.title_method == "og:title"


def test_names_site_tells_a_site_name_from_a_headline() -> None:
    assert names_site("The Riverside Courier", "Riverside Courier")
    assert names_site("  ", None)
    assert not names_site(HEADLINE, "The Riverside Courier")
    assert not names_site("The Riverside Courier", None)


COPY_TOP = """Skip to main content
The Riverside Courier
News
Sport
Sign in
Most read
Mayor opens new skate park in the west end
Ferry fares to rise in the spring
12 March 2019
By Jane Doe
jane.doe@courier.example
Share
"""
COPY_FOOTER = """Privacy policy
Terms of use
© 2019 The Riverside Courier. All rights reserved.
"""


def test_a_page_copy_whose_first_line_is_the_title_keeps_it() -> None:
    copy = HEADLINE + "\n" + COPY_TOP + "\n\n".join(STORY) + "\n" + COPY_FOOTER
    cleaned = clean_text(copy)
    assert cleaned.title == HEADLINE
    assert cleaned.body.startswith("The city council voted on Tuesday night")


def test_every_title_keeps_what_picked_it_in_the_warehouse(
    tmp_path: Path, warehouse_path: Path
) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    og = "<meta property='og:title' content='River bridge closed to cars'>"
    (folder / "meta.html").write_text(html_page(og, f"<h1>{HEADLINE}</h1>"), encoding="utf-8")
    scored = html_page("<title>The Riverside Courier</title>", f"<h1>{HEADLINE} again</h1>")
    (folder / "scored.html").write_text(scored, encoding="utf-8")
    copy = HEADLINE + "\n" + COPY_TOP + "\n\n".join(STORY)
    (folder / "copy.txt").write_text(copy + "\n" + COPY_FOOTER, encoding="utf-8")
    ingest_files([str(folder)], warehouse_path)
    found = rows(
        warehouse_path,
        "SELECT regexp_extract(a.source_uri, '[^/]+$'), f.value, f.method, f.confidence"
        " FROM article_fields f JOIN articles a USING (article_id)"
        " WHERE f.field = 'title' ORDER BY 1",
    )
    assert found == [
        ("copy.txt", HEADLINE, "copy_titles", 0.6),
        ("meta.html", "River bridge closed to cars", "og:title", 0.9),
        ("scored.html", f"{HEADLINE} again", "scored-heading", 0.6),
    ]


# A title as the page stores it carries the site's name, a section or a breadcrumb around
# the headline: the reader of a story list sees that junk (issue 17, htitles8).
SITE_NAME = "<meta property='og:site_name' content='The Riverside Courier'>"


@pytest.mark.parametrize(
    "og_title",
    [
        f"{HEADLINE} | The Riverside Courier",
        f"{HEADLINE} - Riverside Courier",
        f"The Riverside Courier: {HEADLINE}",
        f"The Riverside Courier » {HEADLINE}",
        f"{HEADLINE} | riversidecourier.com",
        # a date after the site's name (a trial's "Frühburgunder | DW | 10.06.2013")
        f"{HEADLINE} | Riverside Courier | 10.06.2013",
        f"{HEADLINE} - 3 March 2024 - The Riverside Courier",
    ],
)
def test_an_og_title_keeps_its_headline_without_the_site_name(og_title: str) -> None:
    head = (
        f"<meta property='og:title' content='{og_title}'>{SITE_NAME}"
        "<link rel='canonical' href='https://www.riversidecourier.com/news/bridge'>"
    )
    extracted = extract_html(html_page(head, f"<h1>{HEADLINE}</h1>"))
    assert extracted.title == HEADLINE
    assert extracted.title_method == "og:title"


def test_an_og_title_whose_parts_name_no_site_is_kept_whole() -> None:
    og_title = "Budget vote - what it means for the river bridge"
    head = f"<meta property='og:title' content='{og_title}'>{SITE_NAME}"
    assert extract_html(html_page(head, f"<h1>{og_title}</h1>")).title == og_title


def test_a_title_tag_picked_as_headline_loses_its_site_part() -> None:
    headline = "Old stone arches give way at last"  # words the story's lead does not use
    extracted = extract_html(html_page(f"<title>{headline} - Riverside Courier</title>", ""))
    assert extracted.title_method == "scored-title-tag"
    assert extracted.title == headline


@pytest.mark.parametrize(
    "line",
    [
        f"You are in &gt; Riverside &gt; News &gt; {HEADLINE}",
        f"• {HEADLINE}",
        f"» {HEADLINE} «",
    ],
)
def test_a_line_picked_as_headline_loses_its_breadcrumb_and_marks(line: str) -> None:
    extracted = extract_html(html_page(SITE_TITLE, f"<p><b>{line}</b></p>"))
    assert extracted.title_method == "scored-line"
    assert extracted.title == HEADLINE


def test_a_heading_keeps_its_own_dash() -> None:
    heading = "Sir Edmund Hillary - the mountaineering legend"
    extracted = extract_html(html_page(SITE_TITLE, f"<h1>{heading}</h1>"))
    assert extracted.title == heading


_DHAKA_BODY = (
    "Dhaka stocks edged up on sharply higher volume as engineering and cash shares gained"
    " amid buying by both small and institutional investors, brokers said on Monday.\n\n"
    "The Dhaka Stock Exchange all-share price index rose 8.05 points or 0.7 percent to"
    " 1,156.79 on a turnover of 146.2 million taka, the highest in three weeks.\n\n"
    "Brokers said the stocks recovered early losses as institutional investors returned to"
    " the market after the central bank cut its lending rate."
)


def test_a_wire_headline_that_ends_with_a_full_stop_is_the_title() -> None:
    headline = "Dhaka stocks end up on gains by engineering, banks."
    cleaned = clean_text(f"{headline}\n\n{_DHAKA_BODY}")
    assert cleaned.title == headline
    assert not cleaned.body.startswith("Dhaka stocks end up")
    # with its dateline on a line of its own below it, the headline stays the title
    dated = clean_text(f"{headline}\n\nDHAKA 1996-08-26\n\n{_DHAKA_BODY}")
    assert dated.title == headline


def test_a_single_spaced_wire_headline_over_its_byline_or_date_line_is_the_title() -> None:
    """Reuters copy as a text file, one paragraph a line: the headline ends with a full
    stop and has no blank line under it, but a byline or a date line follows it (a
    trial of a year of such archives got the byline or a sign-off as the title)."""
    body = _DHAKA_BODY.replace("\n\n", "\n")
    for headline, header in (
        ("Slovak women visited Dutroux, police say.", "Peter Laca"),
        ("Britain says death of its citizen will sour ties.", "DHAKA 1996-08-22"),
        ("Kevorkian attends third suicide in week.", "PONTIAC, Mich.\n1996-08-22"),
        ("U.S. says Iraqi Kurds agree ceasefire.", "WASHINGTON 1996-08-23"),
    ):
        cleaned = clean_text(f"{headline}\n{header}\n{body}")
        assert cleaned.title == headline
        assert headline not in cleaned.body and "Dhaka stocks edged up" in cleaned.body
    with_byline = clean_text(f"Slovak women visited Dutroux, police say.\nPeter Laca\n{body}")
    assert with_byline.name_lines == ("Peter Laca",)
    # a one-sentence lead over the rest of the story stays the story's
    lead = "Police arrested two men after a robbery in the city centre."
    assert clean_text(f"{lead}\n{body}").title != lead


def test_a_one_sentence_lead_is_no_headline() -> None:
    lead = "Police arrested two men after a robbery in the city centre."
    rest = (
        "The men, aged 24 and 31, were detained on Monday night, a police spokesman said."
        " Officers were called to a jewellery shop at about 9 p.m. after reports of a"
        " break-in.\n\nBoth men remain in custody and will appear before magistrates on"
        " Wednesday, the spokesman added."
    )
    cleaned = clean_text(f"{lead}\n\n{rest}")
    assert cleaned.body.startswith(lead)
    assert cleaned.title != lead


def test_a_wire_headline_loses_its_version_marks_and_its_story_is_listed_without_them(
    tmp_path: Path, warehouse_path: Path
) -> None:
    # the wires mark each version of a story before its headline ("UPDATE 2-"): the copies
    # fold into one story, whose title came out as "UPDATE 2-Council shuts …"
    folder = tmp_path / "in"
    folder.mkdir()
    body = "\n\n".join(STORY)
    (folder / "first.txt").write_text(f"{HEADLINE}\n\n{body}\n", encoding="utf-8")
    more = body + "\n\nThe council will meet again on Thursday to set the date of the works."
    (folder / "update.txt").write_text(f"RPT-UPDATE 2-{HEADLINE}\n\n{more}\n", encoding="utf-8")
    og = f"<meta property='og:title' content='CORRECTED-{HEADLINE} again'>"
    (folder / "page.html").write_text(html_page(og, f"<h1>{HEADLINE} again</h1>"), "utf-8")
    # a site's own mark of an updated page ("UPDATED: …" named a story in a trial)
    og = f"<meta property='og:title' content='UPDATED: {HEADLINE} once more'>"
    (folder / "updated.html").write_text(html_page(og, f"<h1>{HEADLINE}</h1>"), "utf-8")
    (folder / "genre.txt").write_text(
        "ANALYSIS-Why the old bridges of the north are cracking\n\n"
        "Engineers say the stone arches of the region were never built for the loads of "
        "modern traffic, and that inspections have been too rare for decades.\n\n"
        "A survey of forty bridges found cracks in a quarter of them, most of them small, "
        "but six so deep that the engineers advised closing them to lorries at once.\n",
        encoding="utf-8",
    )
    ingest_files([str(folder)], warehouse_path)
    titles = dict(
        rows(warehouse_path, "SELECT regexp_extract(source_uri, '[^/]+$'), title FROM articles")
    )
    assert titles["update.txt"] == titles["first.txt"] == HEADLINE
    assert titles["page.html"] == f"{HEADLINE} again"
    assert titles["updated.html"] == f"{HEADLINE} once more"
    # a genre or a desk is the story's own and stays
    assert titles["genre.txt"] == "ANALYSIS-Why the old bridges of the north are cracking"
    story_titles = {t for (t,) in rows(warehouse_path, "SELECT title FROM stories")}
    assert not any(t.startswith(("RPT-", "UPDATE", "CORRECTED")) for t in story_titles)
    # (the story's copy is a page, read with its structure, before the text files)
    assert story_titles & {f"{HEADLINE} again", f"{HEADLINE} once more"}, story_titles


def test_a_wire_story_with_summary_bullets_keeps_its_headline() -> None:
    # wire copy puts bullets between the headline and the lead: the first bullet was taken
    # for the title ("* Saudi Arabia extends …"), the version marks weighing against the
    # headline, and the story was listed under it
    story = "\n\n".join(STORY)
    for headline in (HEADLINE, f"UPDATE 1-{HEADLINE}", f"RPT-UPDATE 2-{HEADLINE}"):
        text = (
            f"{headline}\n\n* Engineers found deep cracks in two stone arches\n"
            "* Shop owners fear losing trade while it is shut\n\n"
            f"(Adds shop owners' comment)\n\nRIVERTON, March 3 (Reuters) - {story}\n"
        )
        assert clean_text(text).title == HEADLINE, headline


def test_a_single_spaced_wire_story_keeps_its_headline_over_an_editors_note() -> None:
    # one paragraph a line, no blank lines: the note "(Adds …)" was taken for the title
    # when the headline ends with a full stop, and the headline was lost
    story = "\n".join(STORY)
    for headline in (f"{HEADLINE}.", HEADLINE, f"UPDATE 2-{HEADLINE}."):
        for dateline in ("RIVERTON, March 3 (Reuters) - ", "RIVERTON/HOLLIS, March 3 (Reuters) - "):
            text = (
                f"{headline}\n(Adds shop owners' comment in paragraph 4)\n"
                f"By Jane Smith\n{dateline}{story}\n"
            )
            cleaned = clean_text(text)
            assert cleaned.title == headline.removeprefix("UPDATE 2-"), (headline, dateline)
            assert cleaned.body.startswith(dateline), (headline, dateline)
    # a note in brackets alone is no title either
    note = "(Adds shop owners' comment)"
    assert clean_text(f"{note}\n\nRIVERTON, March 3 (Reuters) - {story}\n").title != note


def test_a_wires_note_to_editors_is_a_field_not_the_storys_first_paragraph(
    tmp_path: Path, warehouse_path: Path
) -> None:
    # "(Corrects time … in paragraph 2 …)" stayed as the body's first paragraph, the
    # byline under it was lost, and nothing recorded what the version corrected
    note = "(Corrects time of the vote in paragraph 2 to 9:45 a.m. from 7:35 a.m.)"
    story = "\n\n".join(STORY)
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "corrected.txt").write_text(
        f"CORRECTED-{HEADLINE}\n\n{note}\n\nBy Jane Smith\n\n"
        f"RIVERTON, March 3 (Reuters) - {story}\n",
        encoding="utf-8",
    )
    ingest_files([str(folder)], warehouse_path)
    ((title, body),) = rows(warehouse_path, "SELECT title, body FROM articles")
    assert title == HEADLINE
    assert body.startswith("RIVERTON, March 3 (Reuters) - ") and "Corrects" not in body
    fields = dict(rows(warehouse_path, "SELECT field, value FROM article_fields"))
    assert fields["editors_note"] == note
    assert fields["author"] == "Jane Smith"


def test_a_corrected_copy_is_its_storys_canonical_copy(
    tmp_path: Path, warehouse_path: Path
) -> None:
    # the original and its corrected re-issue were both current and the story showed the
    # copy with more words: the uncorrected one, whose paragraph 2 the correction fixed
    folder = tmp_path / "in"
    folder.mkdir()
    wrong = "voted on Tuesday night"
    assert wrong in STORY[0]
    original = [STORY[0].replace(wrong, "voted late on Tuesday night"), *STORY[1:]]
    (folder / "a_original.txt").write_text(
        f"{HEADLINE}\n\nRIVERTON, March 3 (Reuters) - " + "\n\n".join(original) + "\n",
        encoding="utf-8",
    )
    (folder / "b_corrected.txt").write_text(
        f"CORRECTED-{HEADLINE}\n\n(Corrects day of the vote in paragraph 1)\n\n"
        "RIVERTON, March 3 (Reuters) - " + "\n\n".join(STORY) + "\n",
        encoding="utf-8",
    )
    ingest_files([str(folder)], warehouse_path)
    copies = rows(
        warehouse_path,
        "SELECT source_uri, is_canonical, word_count FROM articles ORDER BY source_uri",
    )
    assert len({r[0] for r in copies}) == 2
    assert len(rows(warehouse_path, "SELECT DISTINCT story_id FROM articles")) == 1
    (original_row, corrected_row) = copies
    assert original_row[2] > corrected_row[2]  # the original has more words …
    assert corrected_row[1] and not original_row[1]  # … the correction is the story's copy


def test_a_republished_copy_is_not_the_storys_copy_though_it_has_more_words(
    tmp_path: Path, warehouse_path: Path
) -> None:
    """A trial's partner outlet ran a story a paper published first, with "This article
    first appeared in the Harbour Gazette." at its end: those words made it the longer
    copy, and the story's canonical copy, over the paper's own. The sentence names where
    the text came from (``credit_outlet``, method ``republished``), and a republication
    comes after the copies that are none."""
    story = (
        "Harbour bridge to close for repairs\n\n"
        "The harbour bridge will close to cars from June, the city council said on Tuesday,"
        " after engineers found corrosion in two of its main supports during an inspection"
        " last month.\n\n"
        "Council leader Mark Evans said the work would take six months and cost 12 million"
        " pounds, paid from the city's road budget.\n\n"
        "Ferries will run every ten minutes while the bridge is shut, the council said.\n"
    )
    (tmp_path / "gazette").mkdir()
    (tmp_path / "partner").mkdir()
    (tmp_path / "gazette" / "bridge.txt").write_text(story, encoding="utf-8")
    (tmp_path / "partner" / "bridge.txt").write_text(
        story + "\nThis article first appeared in the Harbour Gazette.\n", encoding="utf-8"
    )
    ingest_files([str(tmp_path / "gazette")], warehouse_path, outlet="Harbour Gazette")
    ingest_files([str(tmp_path / "partner")], warehouse_path, outlet="Coastal Daily")
    copies = rows(
        warehouse_path,
        "SELECT o.outlet, a.is_canonical, a.word_count FROM articles a"
        " JOIN article_outlets o USING (article_id) ORDER BY o.outlet",
    )
    assert len(rows(warehouse_path, "SELECT DISTINCT story_id FROM articles")) == 1
    (partner, gazette) = copies
    assert partner[0] == "Coastal Daily" and partner[2] > gazette[2]  # the longer copy …
    assert gazette[1] and not partner[1]  # … is not the story's
    assert rows(
        warehouse_path,
        "SELECT value, method FROM article_fields WHERE field = 'credit_outlet'",
    ) == [("Harbour Gazette", "republished")]


def test_of_two_copies_alike_in_words_and_date_the_one_seen_first_is_the_storys(
    tmp_path: Path, warehouse_path: Path
) -> None:
    """A trial saved a page it had fetched: words and publication time tied, so the
    source URI decided, and "file:" sorts before "http:": the copy loaded 13 minutes
    later became the story's. The one seen first is."""
    story = (
        "Harbour bridge to close for repairs\n\n"
        "LONDON, March 3, 2026 - The harbour bridge will close to cars from June, the city"
        " council said on Tuesday, after engineers found corrosion in two of its main"
        " supports.\n\nFerries will run every ten minutes while the bridge is shut.\n"
    )
    for name in ("z_first.txt", "a_later.txt"):  # the later one sorts first
        folder = tmp_path / name.removesuffix(".txt")
        folder.mkdir()
        (folder / name).write_text(story, encoding="utf-8")
        ingest_files([str(folder)], warehouse_path)
    copies = rows(
        warehouse_path,
        "SELECT source_uri, is_canonical, word_count, published_at FROM articles"
        " ORDER BY first_seen_at",
    )
    assert len(copies) == 2 and copies[0][2:] == copies[1][2:]  # alike in words and date
    assert copies[0][0].endswith("z_first.txt") and copies[0][1] and not copies[1][1]


def test_a_text_files_standfirst_is_its_description_and_a_wire_lead_is_no_title(
    tmp_path: Path, warehouse_path: Path
) -> None:
    # found by an analyst's trial: every text file's description was empty, the line
    # under the headline that sums the story up was dropped with the page's furniture,
    # and a copy whose first paragraph opened with a wire dateline had that paragraph as
    # its title, the headline gone
    headline = "Brett Belchetz: The Canadian Medical Association is the real threat to care"
    standfirst = (
        "A draft policy by the CMA essentially calls for an end to private workplace"
        " coverage for virtual health care"
    )
    story = (
        "Under the proposed policy, the CMA would advise that virtual care be considered an"
        " insured benefit under provincial and territorial health care plans, and it would"
        " ask the government to reinterpret the Canada Health Act.\n\n"
        "These measures could jeopardize existing workplace virtual care coverage and other"
        " methods Canadians use to reach care the public system does not support today.\n\n"
        "In the past, workplace benefits focused on paramedical services like physiotherapy"
        " and massage therapy. That was before the health-care system plunged into crisis.\n"
    )
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "plain.txt").write_text(f"{headline}\n\n{standfirst}\n\n{story}", encoding="utf-8")
    wire = f"{headline}\n\nLONDON (Reuters) - {standfirst}\n\n{story}"
    (folder / "wire.txt").write_text(wire, encoding="utf-8")
    cleaned = clean_text(f"{headline}\n\n{standfirst}\n\n{story}")
    assert cleaned.standfirst == standfirst and cleaned.title == headline
    assert clean_text(wire).title == headline
    ingest_files([str(folder)], warehouse_path)
    assert rows(
        warehouse_path,
        "SELECT regexp_extract(source_uri, '[^/]+$'), title, description FROM articles"
        " WHERE source_uri LIKE '%plain.txt'",
    ) == [("plain.txt", headline, standfirst)]
    assert rows(warehouse_path, "SELECT title FROM articles WHERE source_uri LIKE '%wire.txt'") == [
        (headline,)
    ]
    # an editor's note of a new version is no standfirst
    note = clean_text(
        f"{headline}\n\nUPDATE: This article has been updated with new figures.\n\n{story}"
    )
    assert note.standfirst is None


def test_a_pages_note_on_its_new_version_is_an_editors_note(
    tmp_path: Path, warehouse_path: Path
) -> None:
    # an analyst's trial: "UPDATE: This article has been updated with new figures." added
    # to a file's second version left no trace; a live blog's "UPDATE: Police said …" is
    # the story, and stays
    note = "UPDATE: This article has been updated with new figures."
    story = "\n\n".join(STORY)
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "updated.txt").write_text(f"{HEADLINE}\n\n{note}\n\n{story}\n", encoding="utf-8")
    live = f"{HEADLINE}\n\n{story}\n\nUPDATE: Police said two people were hurt in the crash.\n"
    (folder / "live.txt").write_text(live, encoding="utf-8")
    ingest_files([str(folder)], warehouse_path)
    found = rows(
        warehouse_path,
        "SELECT regexp_extract(a.source_uri, '[^/]+$'), a.body, f.value FROM articles a"
        " LEFT JOIN article_fields f ON f.article_id = a.article_id"
        " AND f.field = 'editors_note' ORDER BY 1",
    )
    (live_name, live_body, live_note), (name, body, kept) = found
    assert (name, kept) == ("updated.txt", note) and "UPDATE" not in body
    assert live_name == "live.txt" and live_note is None
    assert live_body.endswith("UPDATE: Police said two people were hurt in the crash.")
    # its provenance: the page's own note, not a wire's note to editors
    methods = rows(warehouse_path, "SELECT method FROM article_fields WHERE field = 'editors_note'")
    assert methods == [("correction_note",)], methods


def test_a_chinese_or_japanese_title_loses_the_site_name_after_a_full_width_mark() -> None:
    # an analyst's trial: "…ペアで４組｜日刊ゲンダイDIGITAL", "…：東京新聞デジタル"
    story = (
        "<p>"
        + "南海トラフ地震の臨時情報について、気象庁は基準に達しなかったと発表した。" * 3
        + "</p>"
    )
    for headline, mark, site in (
        ("南海トラフ、一時調査 巨大地震、基準達せず", "：", "中日新聞Web"),
        ("一ツ橋ホール【夜の部】ペアで４組", "｜", "日刊ゲンダイDIGITAL"),
    ):
        head = (
            f"<meta property='og:title' content='{headline}{mark}{site}'>"
            f"<meta property='og:site_name' content='{site}'>"
        )
        found = extract_html(f"<html><head>{head}</head><body>{story}</body></html>")
        assert found.title == headline, found.title
    # a full-width colon inside the headline stays
    head = (
        "<meta property='og:title' content='首相：増税せず'>"
        "<meta property='og:site_name' content='中日新聞Web'>"
    )
    page = f"<html><head>{head}</head><body>{story}</body></html>"
    assert extract_html(page).title == "首相：増税せず"
