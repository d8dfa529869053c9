"""The page-copy cleaner on whole-page copies: a table-like story keeps its rows, the title
is the headline and not the page's UI strings, and the shipped models fit the features
the cleaner computes (issue 17)."""

from __future__ import annotations

import json
import textwrap

import numpy as np

from newsroom.facts import extract_facts
from newsroom.line_model import TreeModel, step_model, tree_model
from newsroom.normalise import LINE_FEATURES, TITLE_FEATURES, _signed, clean_text, line_table

MENU = """Skip to main content
Home
News
Sport
Business
Search
Sign in
Subscribe
"""

FOOTER = """Most read
Council approves the new harbour bridge after a long debate
Police close the coast road after a landslide near the quarry
Privacy policy
Terms of use
© 2019 The Daily Test. All rights reserved.
"""

RESULTS = """Premier League results and standings
By Jane Doe, Sports Writer
LONDON (AP) — Manchester City moved three points clear at the top of the Premier League on \
Saturday after Raheem Sterling scored twice in a 3-1 win over Tottenham, while Liverpool \
were held at home by Everton and Arsenal lost at Chelsea.

Saturday's results:
Manchester City 3, Tottenham 1
Liverpool 0, Everton 0
Chelsea 2, Arsenal 1
Leicester 1, Wolverhampton 2
Southampton 1, Newcastle 1
Standings (played, points):
Manchester City 20 48
Liverpool 20 45
Chelsea 20 39
Tottenham 20 36
Wolverhampton 20 31
"""


def test_a_table_like_story_keeps_its_rows() -> None:
    cleaned = clean_text(MENU + "\n" + RESULTS + "\n" + FOOTER)
    rows = [
        "Manchester City 3, Tottenham 1",
        "Liverpool 0, Everton 0",
        "Chelsea 2, Arsenal 1",
        "Leicester 1, Wolverhampton 2",
        "Southampton 1, Newcastle 1",
        "Manchester City 20 48",
        "Liverpool 20 45",
        "Wolverhampton 20 31",
    ]
    for row in rows:
        assert row in cleaned.body, row
    assert "Manchester City moved three points clear" in cleaned.body
    assert "Privacy policy" not in cleaned.body and "Sign in" not in cleaned.body
    assert "Jane Doe" not in cleaned.body  # the byline
    # names that only the rows hold reach the facts
    entities = {e.name for e in extract_facts(cleaned.title, cleaned.body).entities}
    assert {"Newcastle", "Wolverhampton"} <= entities


UI_TOP = """Menu
Search
jane.doe@dailytest.example
0
Copy Link URLCopied!
Pocket
Privacy Overview
"""

STORY = """Harbour council delays the bridge vote after residents object
By Jane Doe
• 2 min read
The harbour council delayed its vote on the new bridge on Tuesday after residents of the \
east bank asked for a second hearing on the cost of the project and on the ferry line.
Councillors said the hearing on the harbour bridge would take place before the end of the \
month, and that the engineers who drew the plans would answer questions in the town hall.
The ferry operator said it would keep its winter timetable until the council decides on \
the bridge, and that fares would not change before the spring.
"""


def test_the_title_is_the_headline_not_a_ui_string_byline_or_address() -> None:
    cleaned = clean_text(UI_TOP + STORY + FOOTER)
    assert cleaned.title == "Harbour council delays the bridge vote after residents object"
    assert cleaned.body.startswith("The harbour council delayed its vote")
    assert "Copy Link" not in cleaned.body and "@" not in cleaned.body


def test_the_shipped_models_read_the_features_the_cleaner_computes() -> None:
    assert step_model("copy_lines").features == LINE_FEATURES
    assert step_model("copy_titles").features == TITLE_FEATURES
    assert tree_model("copy_title_trees").features == TITLE_FEATURES


def test_boosted_trees_run_every_row_down_every_tree() -> None:
    """Two trees of depth 2 and 1 (padded to three nodes): a row goes left when its
    value, as a 32-bit float, is at most the node's threshold, as scikit-learn decides."""
    leaf = np.inf
    model = TreeModel(
        features=("a", "b"),
        feature=np.array([[0, 1, 0], [1, 0, 0]]),
        cut=np.array([[0.5, 2.0, leaf], [10.0, leaf, leaf]]),
        left=np.array([[1, 1, 2], [1, 1, 2]]),
        right=np.array([[2, 1, 2], [2, 1, 2]]),
        value=np.array([[0.0, 1.0, -1.0], [0.0, 4.0, 8.0]]),
        depth=2,
        bias=0.25,
        rate=0.5,
        share=1.0,
    )
    # tree one: a <= 0.5 → node 1, a leaf here (1.0); else node 2 (-1.0); tree two:
    # b <= 10 → 4.0, else 8.0 (a value equal to the threshold goes left)
    rows = np.array([[0.5, 10.0], [0.6, 11.0], [-3.0, 0.0]])
    expected = 0.25 + 0.5 * np.array([1.0 + 4.0, -1.0 + 8.0, 1.0 + 4.0])
    assert np.allclose(model.log_odds(rows), expected)
    again = TreeModel.from_json(json.loads(json.dumps(model.to_json())))
    assert np.array_equal(again.log_odds(rows), model.log_odds(rows))


SITE_ONLY_PAGE = "The Daily Test\n" + UI_TOP + "World\nSport\n" + STORY + FOOTER
HEADLINE = "Harbour council delays the bridge vote after residents object"


def test_title_candidates_read_the_byline_below_and_the_name_in_the_copyright_notice() -> None:
    table = line_table(SITE_ONLY_PAGE, titles=True)
    assert table.title_features is not None
    rows = dict(zip(table.title_candidates, table.title_features, strict=True))

    def feature(candidate: str, name: str) -> float:
        return float(rows[candidate][TITLE_FEATURES.index(name)])

    # the headline sits right above "By Jane Doe"; the site's name line does not
    assert feature(HEADLINE, "byline_below") == 1.0
    assert feature("The Daily Test", "byline_below") == 0.0
    # "© 2019 The Daily Test. All rights reserved.": the title line is only the owner's
    # name; the headline shares only "the" with it, a word of the body's every line
    assert feature("The Daily Test", "copyright_share") == 1.0
    assert feature(HEADLINE, "copyright_share") == 0.0
    # headline-like lines between a candidate and the story: none ("• 2 min read" is a
    # reading time, furniture)
    assert feature(HEADLINE, "headlines_to_block") == 0.0
    assert feature("The Daily Test", "headlines_to_block") > feature("Sport", "headlines_to_block")


def test_a_title_line_naming_only_the_site_gives_way_to_the_headline() -> None:
    cleaned = clean_text(SITE_ONLY_PAGE)
    assert cleaned.title == HEADLINE
    assert cleaned.body.startswith("The harbour council delayed its vote")
    assert "The Daily Test" not in cleaned.body


def test_a_title_line_loses_the_site_name_the_page_repeats() -> None:
    page = (
        "Bridge vote delayed | The Daily Test\n\nThe Daily Test\n"
        + UI_TOP
        + STORY.replace("Harbour council delays the bridge vote after residents object", "")
        + FOOTER
    )
    cleaned = clean_text(page)
    assert cleaned.title == "Bridge vote delayed"
    assert cleaned.body.startswith("The harbour council delayed its vote")


GERMAN_STORY = (
    "Die Delegierten der Partei haben am Samstag in Luzern eine neue Volksinitiative"
    " beschlossen. Sie verlangt, dass die Zuwanderung in die Schweiz begrenzt wird.\n\n"
    "Mit 310 zu 0 Stimmen hiessen die Delegierten den Antrag der Parteispitze gut. Der"
    " Präsident sprach von einem «politischen Widerstand», der nun nötig sei.\n\n"
    "Die Unterschriftensammlung beginnt im Herbst. Die Partei rechnet damit, die nötigen"
    " Unterschriften innerhalb eines Jahres zu sammeln.\n"
)


def test_a_quotation_in_guillemets_does_not_split_the_title() -> None:
    # "»" also separates a page's title from its site's name ("Site » Title"), but the
    # one that closes a «…» (or opens a »…«) quotation is part of the headline
    for headline in (
        "Präsident ruft zum «politischen Widerstand» gegen die Asylpolitik auf",
        "Präsident ruft zum »politischen Widerstand« gegen die Asylpolitik auf",
    ):
        cleaned = clean_text(f"{headline}\n\n{GERMAN_STORY}")
        assert cleaned.title == headline, cleaned.title
    # a site's name before a bare "»" that the page prints again is still cut off
    page = f"Der Bund » Präsident ruft zum Widerstand auf\n\nDer Bund\n{GERMAN_STORY}"
    cleaned = clean_text(f"{page}\n© 2024 Der Bund\n")
    assert cleaned.title == "Präsident ruft zum Widerstand auf", cleaned.title


def test_a_title_line_loses_a_host_name_or_the_copyright_owner_at_its_ends() -> None:
    # the name is printed nowhere else: a host name, or the owner the notice names
    story = UI_TOP + STORY.replace(HEADLINE, "") + FOOTER
    for line, title in (
        ("Bridge vote delayed again - dailytest.co.uk", "Bridge vote delayed again"),
        ("Daily Test: Bridge vote delayed again", "Bridge vote delayed again"),
        ("Bridge vote delayed | World | www.dailytest.com", "Bridge vote delayed | World"),
    ):
        assert clean_text(line + "\n\n" + story).title == title


STANDINGS = """Team P W D L Pts
Rovers 20 14 3 3 45
Ashford 20 13 4 3 43
City 20 11 5 4 38
"""

STANDINGS_STORY = """Rovers go top after win at Ashford
Rovers moved to the top of the table on Saturday after a 2-0 win at Ashford, with goals in \
each half from their two strikers, and Ashford drop to second place after their first home \
defeat of the season.
The manager said the win was the best performance of the season and that the squad would \
now rest before the cup tie.
"""


def test_a_table_header_above_the_story_is_not_its_title_and_its_rows_stay() -> None:
    # the user trial: a standings table printed above the story gave its header as title
    page = (
        "Rovers go top after win at Ashford | The Daily Test\n"
        + MENU
        + STANDINGS
        + STANDINGS_STORY
        + STANDINGS
        + "United 20 10 4 6 34\n"
        + FOOTER
    )
    cleaned = clean_text(page)
    assert cleaned.title == "Rovers go top after win at Ashford"
    assert cleaned.body.startswith("Rovers moved to the top of the table")
    for row in ("Team P W D L Pts", "Ashford 20 13 4 3 43", "United 20 10 4 6 34"):
        assert row in cleaned.body, row


def test_the_headline_after_a_long_menu_or_the_title_line_without_the_site() -> None:
    # the headline over the story repeats the title line's first part, after a long menu;
    # without it, the title line is the title, less the site's name the footer repeats
    menu = "".join(f"Section {n}\n" for n in range(60))
    page = (
        "Harbour council delays the bridge vote - Local News - The Daily Test\n"
        + menu
        + STORY
        + FOOTER
    )
    cleaned = clean_text(page)
    assert cleaned.title == "Harbour council delays the bridge vote after residents object"
    page = page.replace("Harbour council delays the bridge vote after residents object\n", "")
    title = clean_text(page).title
    assert title.startswith("Harbour council delays the bridge vote")
    assert "The Daily Test" not in title


LIST_ITEMS = (
    "Trains on most intercity lines will not run between 6am and midnight on Monday",
    "Local services in the north will run once an hour",
    "Tickets bought for Monday can be used on Tuesday or refunded without a fee",
    "Replacement buses will serve commuter routes",
    "Airport express trains are not affected because a different union staffs them",
    "Further strikes are planned for the next two weekends",
    "The operators will publish an updated timetable on Sunday evening",
)
LIST_LEAD = (
    "Rail workers across the country will walk out on Monday after talks with the "
    "operators broke down late on Friday, the union said. Here is what travellers need "
    "to know before they set off."
)
LIST_CLOSE = (
    "The union's general secretary said members had been left with no choice. "
    '"We have tried every other option," she said.'
)


def test_a_list_story_keeps_its_items_between_paragraphs_or_closing_it() -> None:
    # the user trial: a story of seven bulleted items kept only its first paragraph (the
    # items were read as furniture, cutting the story in two)
    items = "\n".join(LIST_ITEMS)
    story = f"Seven things to know about the rail strike\n\n{LIST_LEAD}\n\n{items}\n\n"
    cleaned = clean_text(MENU + "\n" + story + LIST_CLOSE + "\n\n" + FOOTER)
    assert cleaned.body.split("\n\n") == [LIST_LEAD, *LIST_ITEMS, LIST_CLOSE]
    # marked items that close the story stay too; the related links under their own
    # heading after it do not
    marked = "\n".join(f"• {item}" for item in LIST_ITEMS)
    related = "Related stories\n" + "\n".join(
        f"{headline} as the strike goes on" for headline in ("Fares rise", "Buses fill up")
    )
    cleaned = clean_text(story.replace(items, marked) + "Share this article\n" + related)
    assert cleaned.body.split("\n\n") == [LIST_LEAD, *(f"• {i}" for i in LIST_ITEMS)]


def test_a_hard_wrapped_paragraph_is_still_one_paragraph() -> None:
    paragraph = " ".join([LIST_LEAD, LIST_CLOSE] * 3)
    for width in (60, 72, 80):
        wrapped = textwrap.fill(paragraph, width)
        assert clean_text(f"Rail strike\n\n{wrapped}\n").body == paragraph, width
    # a dash the wrap put at a line's start does not make the paragraph a list
    dashed = paragraph.replace("the union said.", "the union said — and")
    wrapped = next(
        text
        for text in (textwrap.fill(dashed, width) for width in range(50, 100))
        if any(line.startswith("— ") for line in text.split("\n"))
    )
    assert clean_text(f"Rail strike\n\n{wrapped}\n").body == dashed
    # German lines start with capitals (its nouns) and are still one paragraph
    german = [
        "Bundeskanzler Olaf Scholz ist am Montag nach Paris gereist, um mit dem französischen",
        "Präsidenten Emmanuel Macron über die Hilfe für die Ukraine zu sprechen. Laut einem",
        "Sprecher der Bundesregierung ging es auch um neue Lieferungen der Bundeswehr.",
    ]
    body = clean_text("Scholz trifft Macron in Paris\n\n" + "\n".join(german) + "\n").body
    assert body == " ".join(german)


STORM = [
    "A storm flooded 1,200 homes in Lisbon on Tuesday, the city's mayor Carlos Moedas said. "
    "Firefighters rescued 87 people and 14 were taken to hospital, according to the "
    "Portuguese civil protection agency ANEPC.",
    "The storm brought 96 millimetres of rain in six hours, the most since 1967, the "
    "weather service IPMA said. Prime Minister Luis Montenegro will visit the city on "
    "Wednesday.",
    "Schools in the city will stay closed until Friday, the mayor added.",
]


def test_a_text_wrapped_at_one_width_keeps_its_short_paragraphs() -> None:
    # a paragraph of two lines, or one whose first line happens to end a sentence, was
    # read as separate lines that are no sentences, and dropped with the rest as chrome
    for width in (72, 80, 88):
        wrapped = "\n\n".join(textwrap.fill(p, width) for p in STORM)
        cleaned = clean_text(f"Storm floods 1,200 homes in Lisbon\n\n{wrapped}\n")
        assert cleaned.body.split("\n\n") == STORM, width


def test_a_short_closing_sentence_stays_and_the_page_after_it_goes() -> None:
    # "Schools stay closed until Friday." is too short to read as prose by itself: it
    # was dropped as chrome after the story's last paragraph
    closing = "Schools stay closed until Friday."
    footer = ["Share this article", "Privacy Policy. Terms of Use."]
    text = "\n\n".join(["Storm floods homes in Lisbon", *STORM[:2], closing, *footer])
    assert clean_text(text + "\n").body.split("\n\n") == [*STORM[:2], closing]


def test_letters_signed_after_their_last_sentence_are_all_kept() -> None:
    # trial15: a letters page lost every paragraph that ended in its writer's name, and
    # the second letter whole, dropped as chrome; a title line's "? - Site" or a
    # Norwegian headline's ": – Quote" is still no paragraph
    letters = [
        "To the editor: I was saddened to read that the Main Street café is closing. For 20"
        " years it was the town’s living room — a place where everyone knew your name.",
        "It’s a shame the city couldn’t find a way to help. — Eleanor Price, Springfield",
        "To the editor: The council’s budget ignores the pension problem. Voters will"
        " remember in November. — Daniel Cho, Chatham",
        "We need more buses on the number 4 route after six. -- Maria Lopez, Riverside",
    ]
    text = "\n\n".join(["Letters: Readers weigh in on the café closure", *letters])
    assert clean_text(text + "\n").body.split("\n\n") == letters
    assert not _signed("Wie groß ist Evergrande, Chinas Immobilienriese? - Business Insider")
    assert not _signed("Ruud klar for Laver Cup: – Et privilegium")


def test_a_wrapped_text_keeps_its_list_items_apart() -> None:
    items = [
        "- Lisbon: 1,200 homes flooded, 87 people rescued by firefighters",
        "- Porto: 300 homes flooded, roads closed along the river banks",
        "- Faro: power cut to 4,000 homes overnight, restored on Wednesday",
    ]
    lead = textwrap.fill(STORM[0] + " The worst hit places, the agency said, were these.", 80)
    text = "\n\n".join(
        ["Storm floods 1,200 homes in Lisbon", lead, "\n".join(items), textwrap.fill(STORM[1], 80)]
    )
    body = clean_text(text + "\n").body
    for item in items:
        assert item in body.split("\n\n")


LISBON_WRAPPED = """Storm floods 1,200 homes in Lisbon

A storm flooded 1,200 homes in Lisbon on Tuesday, the city's mayor Carlos Moedas said.
Firefighters rescued 87 people and 14 were taken to hospital, according to the
Portuguese civil protection agency ANEPC.

The storm brought 96 millimetres of rain in six hours, the most since 1967, the weather
service IPMA said. Prime Minister Luis Montenegro will visit the city on Wednesday.
"""


def test_the_users_wrapped_storm_story_keeps_its_body() -> None:
    # the text the user reported, as they had it: only its first line was kept
    assert clean_text(LISBON_WRAPPED).body.split("\n\n") == STORM[:2]


STORM_MORE = [
    "The civil protection agency said the Tagus rose by more than two metres overnight in "
    "the lower part of the city, where the water reached the first floor of some houses.",
    "Train services between Lisbon and Cascais were suspended on Tuesday afternoon and the "
    "operator said they would resume on Thursday morning if the line could be repaired.",
]


def test_a_wrapped_story_among_a_pages_menu_lines_is_rejoined() -> None:
    # a page's copy wrapped at one width: the short menu and footer lines between the
    # paragraphs' full lines are no reason to read the text as unwrapped (before, the
    # whole text had to be 80 % full lines, and the story lost its wrapped paragraphs)
    # (at 72 columns this small copy's two footer teasers, 59 and 61 long, sit among
    # the story's full lines and the text is read as unwrapped: a known limit)
    for width in (60, 80, 88):
        story = "\n".join(textwrap.fill(p, width) for p in STORM + STORM_MORE)
        copy = MENU + "Storm floods 1,200 homes in Lisbon\n" + story + "\n" + FOOTER
        body = clean_text(copy).body
        # a full line that ends a sentence may end a paragraph here: the story's lines
        # are kept whole, its sentences in order, wherever the breaks fall
        assert " ".join(body.split()) == " ".join(STORM + STORM_MORE), width
        assert "Privacy policy" not in body, width


def test_short_one_line_items_in_a_wrapped_text_stay_lines() -> None:
    # items without a mark, each on its line: none is full at the text's width, so none
    # runs on into the next
    items = ["Avenida da Liberdade", "Rua Augusta", "Praca do Comercio", "Cais do Sodre"]
    lead = textwrap.fill(STORM[0] + " Police closed these streets until Thursday:", 80)
    text = "\n\n".join(
        ["Storm floods 1,200 homes in Lisbon", lead, "\n".join(items), textwrap.fill(STORM[1], 80)]
    )
    lines = line_table(text + "\n").lines
    for item in items:
        assert item in lines


def test_menus_on_one_line_and_a_blogs_like_button_are_furniture() -> None:
    # the user trial: "Français | Contact Us | Help" opened extracted bodies, and a page
    # copy was titled "LikeLiked by 6 people"
    from newsroom.normalise import line_kind

    for line in ("Français | Contact Us | Help", "Home · News · Sport", "LikeLiked by 6 people",
                 "Like Loading...", "Liked by 1 person"):  # fmt: skip
        assert line_kind(line) == "chrome", line
    for line in (
        "Bridge vote delayed | News | The Daily Test",  # a title line: its story has words
        "Like many others, she was liked by 3 people.",
        "I like this plan, he said.",
    ):
        assert line_kind(line) is None, line
    page = "LikeLiked by 6 people\n" + UI_TOP + STORY + "Like this:\nLike Loading...\n" + FOOTER
    cleaned = clean_text(page)
    assert cleaned.title == "Harbour council delays the bridge vote after residents object"
    assert "Like" not in cleaned.body


def test_a_blogs_archive_of_months_is_no_table_of_the_story() -> None:
    story = (
        "The harbour council delayed its vote on the new bridge after residents of the east"
        " bank asked for a second hearing on the cost of the project."
    )
    months = [f"{month} {year}" for year in (2012, 2011) for month in (
        "December", "November", "October", "September", "August", "July", "June", "May",
        "April", "March", "February", "January")]  # fmt: skip
    copy = "\n".join(
        ["The Harbour Blog", "Bridge vote delayed", story, "Archives", *months, "Search"]
    )
    cleaned = clean_text(copy)
    assert story in cleaned.body
    assert "November 2011" not in cleaned.body


def test_a_row_of_share_buttons_is_no_story_however_it_is_punctuated() -> None:
    story = "Lindsay Lohan's latest look featured a lot of lipstick, her stylist said on Monday."
    copy = "\n".join(
        ["Celebrity Photos", "Home", "Photos", "Lohan goes heavy on make-up", story,
         "Like It. Tweet It. Digg It.", "Share | Email | Print", "More galleries", "Privacy"]
    )  # fmt: skip
    body = clean_text(copy).body
    assert story in body
    assert "Tweet" not in body and "Email" not in body


def test_paragraphs_a_label_separates_again_and_again_are_one_story() -> None:
    # a newspaper site prints "Article content" (an ad slot's label) between every two
    # paragraphs, and an ad slot or a related link now and then; a subscription pitch of
    # four full sentences sits above the story
    pitch = [
        "Exclusive articles from our columnists and reporters, every day of the week.",
        "Unlimited online access to the Harbour Times and its sister papers.",
        "The ePaper, an electronic replica of the print edition to read on any device.",
        "Daily puzzles, including the crossword and the weekend quiz.",
    ]
    story = [
        f"The harbour council met on {day} to weigh the cost of the new bridge, which has"
        f" grown by a third since the plan was approved in {year}."
        for day in ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday")
        for year in (2019, 2020)
    ]
    lines = [*MENU.splitlines(), "Bridge costs rise by a third", "Subscribe now", *pitch]
    lines += ["Register to read more", "Create an account", "Email address", "Password"]
    lines += ["Continue", "or", "View more offers", "Sign in", "Print subscribers"]
    for n, paragraph in enumerate(story):
        lines += ["Article content", paragraph]
        if n % 4 == 3:
            lines += ["Article content", "Advertisement", "Story continues below"]
            lines += ["Ferry fares to rise in spring", "Trending"]
    lines += ["Article content", "Share this article", *FOOTER.splitlines()]
    body = clean_text("\n".join(lines)).body
    assert all(paragraph in body for paragraph in story)
    assert "Exclusive articles" not in body and "Article content" not in body


def test_a_cookie_notice_in_prose_is_chrome_and_a_story_about_cookies_is_not() -> None:
    story = [
        "The regulator fined the advertising firm on Tuesday for setting tracking cookies on"
        " the browsers of millions of visitors without their consent, the largest such fine"
        " this year.",
        "Officials said the firm's third-party cookies followed readers from site to site,"
        " and that its notice told them nothing about the personal data it kept.",
        "The baker on the corner said her oat cookies sold out by nine, as they do every"
        " Saturday, and that she would not change the recipe.",
    ]
    notice = [
        "When you visit our website, we store cookies on your browser to collect information"
        " about you, your preferences or your device, mostly to make the site work as you"
        " expect it to.",
        "These cookies may be set through our site by our advertising partners to build a"
        " profile of your interests and show you relevant adverts on other sites; if you do"
        " not allow them you will see less targeted advertising.",
    ]
    copy = "\n".join(
        [*MENU.splitlines(), "Regulator fines ad firm over cookies", *story, "Share",
         "Privacy Preference Centre", notice[0], notice[1], "Allow all", "Targeting Cookies",
         notice[1], notice[0], "Confirm my choices", *FOOTER.splitlines()]
    )  # fmt: skip
    body = clean_text(copy).body
    assert all(paragraph in body for paragraph in story)
    assert not any(paragraph in body for paragraph in notice)


def test_a_long_page_run_together_that_names_cookies_is_no_cookie_notice() -> None:
    from newsroom.normalise import line_kind

    notice = (
        "We use cookies to improve your experience on our website. By browsing this website,"
        " you agree to our use of cookies and to the privacy notice of the site."
    )
    assert line_kind(notice) == "chrome"
    # a shop's whole terms in one paragraph, cookies named at the end
    terms = (
        "Our promise to you: we answer every order within a day, we ship the same week, and"
        " we take back what you do not want. "
        * 12
        + "Our site uses cookies to keep your basket between visits."
    )
    assert line_kind(terms) is None
    # a story that names cookies late, in a long paragraph
    story = (
        "We met the baker at six, and she told us you can tell a good loaf by its crust."
        " She has run the shop on the square for thirty years and knows every customer by"
        " name, and she says the site of the old mill next door will be flats by spring."
        " The rye is her father's recipe, the spelt her own, and the queue on Saturdays"
        " reaches the corner. Her oat cookies sell out by nine."
    )
    assert line_kind(story) is None


def test_a_photo_credit_alone_on_its_line_is_a_caption() -> None:
    from newsroom.normalise import line_kind

    for credit in (
        "Noel Celis/AFP via Getty Images",
        "Saul Loeb / AFP - Getty Images",
        "Long Wei/Costfoto/Barcroft Media via Getty Images",
        "Ahmad Al-Rubaye/AFP",
    ):
        assert line_kind(credit) == "caption", credit
    # slashes in prose, menus or a platform's name are no photo credit
    for line in (
        "He said 24/7 was AP style",
        "Images via youtube/twitter",
        "News Blogs jobs/resumes contractors store",
    ):
        assert line_kind(line) != "caption", line


def test_reading_times_and_comment_prompts_are_furniture_in_any_language() -> None:
    from newsroom.normalise import line_kind

    for line in ("4 minute read", "• 2 min read", "3 Minuten Lesezeit", "Lesedauer: 4 Minuten",
                 "Temps de lecture : 3 min", "Reading time: 5 minutes"):  # fmt: skip
        assert line_kind(line) == "chrome", line
    for line in (
        "Please read our Comment Policy before commenting.",
        "Du musst dich einloggen, um einen Kommentar abzugeben.",
        "Join our commenting forum",
        "Sign in to comment",
    ):
        assert line_kind(line) == "comments", line
    for line in ("The company declined to comment on the report.", "He read for 4 minutes"):
        assert line_kind(line) is None, line


def test_the_story_ends_at_a_section_of_other_stories() -> None:
    story = [
        f"Die Stadt will die Brücke über den Hafen bis {year} sanieren, sagte die"
        f" Bürgermeisterin am Montag, und die Kosten seien seit dem Beschluss um ein Drittel"
        f" gestiegen, weil Stahl und Beton teurer geworden sind."
        for year in (2027, 2028, 2029)
    ]
    cards = []
    for n, town in enumerate(["Kiel", "Lübeck", "Husum"]):
        cards += [
            f"Neue Fähre für {town} kommt später",
            f"Die Reederei hat die Auslieferung der neuen Fähre für {town} um {n + 2} Monate"
            " verschoben, weil die Werft auf Bauteile wartet, die aus Asien kommen.",
        ]
    lines = [*MENU.splitlines(), "Brücke wird teurer", *story, "Das könnte Sie auch interessieren"]
    body = clean_text("\n".join([*lines, *cards, *FOOTER.splitlines()])).body
    assert all(paragraph in body for paragraph in story)
    assert "Fähre" not in body
    # a box of links inside the story does not end it
    inline = [*MENU.splitlines(), "Brücke wird teurer", story[0], "Related links"]
    inline += ["Harbour authority website", story[1], story[2], *FOOTER.splitlines()]
    body = clean_text("\n".join(inline)).body
    assert all(paragraph in body for paragraph in story)


TANKAN = """Japan's big manufacturers' mood improves for third straight quarter - tankan

TOKYO, Dec 15 (Reuters) - Japanese big manufacturers' business confidence improved for a \
third straight quarter in the three months to December, a central bank survey showed on \
Monday, keeping the Bank of Japan on track to raise interest rates this week.

Category\tSept\tDec\tForecast
Big manufacturers\t14\t15\t15
Big non-manufacturers\t34\t34\t35
Small manufacturers\t1\t1\t0

"The tankan confirms that the economy is resilient enough to withstand a rate hike," said \
Mari Iwashita, chief market economist at Daiwa Securities.

Reporting by Leika Kihara; Editing by Sam Holmes
"""

WIRE_RESULTS = """SOCCER-English Premier League results and standings

LONDON, Feb 22 (Reuters) - Results and standings from the English Premier League matches \
on Saturday

Results:
Liverpool               4 Chelsea                 0
Aston Villa             0 Newcastle United        0
Arsenal                 4 Bournemouth             1

Standings (tabulated under played, won, drawn, lost, goals for, goals against, points):
 1 Aston Villa              26 20  0  6  45  37  60
 2 Nottingham Forest        26 19  0  7  35  31  57
 3 Fulham                   26 16  2  8  30  21  50
 4 Chelsea                  26 16  1  9  60  31  49

Compiled by Reuters Sports Desk
"""


def test_a_short_story_keeps_the_table_between_its_lead_and_its_quote() -> None:
    # the table broke the story in two: the lead and the table were dropped as chrome,
    # the quote alone was the body and "tankan" the title
    cleaned = clean_text(TANKAN)
    assert cleaned.title.startswith("Japan's big manufacturers' mood improves")
    assert cleaned.body.startswith("TOKYO, Dec 15 (Reuters) - Japanese big manufacturers'")
    for row in ("Category Sept Dec Forecast", "Big non-manufacturers 34 34 35"):
        assert row in cleaned.body
    assert cleaned.body.endswith("chief market economist at Daiwa Securities.")


def test_a_wire_story_of_results_keeps_its_lead_and_every_table() -> None:
    # the lead and the results were dropped, the standings alone kept, and a result row
    # was the title
    cleaned = clean_text(WIRE_RESULTS)
    assert cleaned.body.startswith("LONDON, Feb 22 (Reuters) - Results and standings")
    for row in ("Liverpool 4 Chelsea 0", "Arsenal 4 Bournemouth 1", "4 Chelsea 26 16 1 9 60 31 49"):
        assert row in cleaned.body
    assert "results and standings" in cleaned.title
    assert "Compiled by" not in cleaned.body


WIRE_STANDINGS = """BASEBALL - MAJOR LEAGUE STANDINGS AFTER FRIDAY'S GAMES.
CHICAGO 2024-07-12
Major League Baseball
standings after games played on Friday (tabulate under won,
lost, winning percentage and games behind):
AMERICAN LEAGUE
EASTERN DIVISION
W L PCT GB
NEW YORK 58 34 .630 -
BALTIMORE 55 37 .598 3
BOSTON 49 43 .533 9
CENTRAL DIVISION
CLEVELAND 56 35 .615 -
MINNESOTA 51 40 .560 5
KANSAS CITY 50 43 .538 7
"""

WIRE_TENNIS = """TENNIS - FRIDAY'S RESULTS FROM THE CITY OPEN.
WASHINGTON 2024-07-12
Results of second round matches on Friday at the City Open (prefix number denotes seeding):
Women's singles
1 - Ana Roda (Spain) beat Mia Holm (Denmark) 6-2 6-4
Lena Ostrova (Ukraine) beat 4 - Kim Sato (Japan) 7-5 6-3
Men's singles
2 - Tom Reyes (Mexico) beat Jan Berg (Norway) 6-1 6-2
Men's doubles
Paul Kern (Austria) / Luis Vaz (Portugal) beat Ivo Lind (Sweden) / Ben Cole 6-4 7-6
"""


def test_a_wire_table_story_keeps_rows_under_labels_and_rows_a_few_at_a_time() -> None:
    """Wire results and standings as text files (a trial of a year of archives: 70 of 867
    stories kept under a quarter of their words): the standings under a league's and a
    division's name and a header row, three lines from the lead; results one or two at a
    time between the events' names. The headline over its date line is the title."""
    standings = clean_text(WIRE_STANDINGS)
    assert "MAJOR LEAGUE STANDINGS AFTER" in standings.title
    for row in ("NEW YORK 58 34 .630 -", "BOSTON 49 43 .533 9", "KANSAS CITY 50 43 .538 7"):
        assert row in standings.body
    assert "EASTERN DIVISION" in standings.body
    tennis = clean_text(WIRE_TENNIS)
    for row in (
        "1 - Ana Roda (Spain) beat Mia Holm (Denmark) 6-2 6-4",
        "2 - Tom Reyes (Mexico) beat Jan Berg (Norway) 6-1 6-2",
        "Paul Kern (Austria) / Luis Vaz (Portugal) beat Ivo Lind (Sweden) / Ben Cole 6-4 7-6",
    ):
        assert row in tennis.body


IAB_PROMPT = [
    "We value your privacy",
    "We and our 842 partners store and/or access information on a device, such as cookies,"
    " and process personal data, such as unique identifiers and standard information sent"
    " by a device for personalised advertising and content, advertising and content"
    " measurement, audience research and services development.",
    "With your permission we and our partners may use precise geolocation data and"
    " identification through device scanning. You may click to consent to our and our 842"
    " partners' processing as described above.",
    "Accept all",
    "Reject all",
    "More options",
]
GERMAN_PROMPT = [
    "Datenschutzeinstellungen",
    "Wir verwenden Cookies und ähnliche Technologien, um Ihnen ein optimales"
    " Nutzungserlebnis zu bieten. Mit Klick auf „Akzeptieren und weiter“ willigen Sie in"
    " die Verarbeitung Ihrer Daten durch uns und unsere 172 Partner ein.",
    "Akzeptieren und weiter",
    "Einstellungen",
]


def test_a_consent_prompt_between_the_headline_and_the_story_is_the_pages() -> None:
    """A trial's page copy held the IAB consent prompt under its menu: its notice names no
    reader ("We and our 842 partners store and/or access information on a device"), so
    it stayed in the body with its buttons, and the title was "Subscribe - $1 for 6
    months"; a German prompt ("Wir verwenden Cookies … Akzeptieren und weiter") stayed
    too. The prompt is known by its buttons, and the notice over them by its topic."""
    story = [
        "The city council voted on Tuesday to close the old harbour bridge to cars from June,"
        " after engineers found corrosion in two of its main supports during an inspection.",
        "Cyclists and pedestrians will still be able to cross while repairs go ahead, the"
        " council said, and a temporary ferry will run every twenty minutes at the peak.",
        "Local businesses on the south bank warned that the closure could cost them"
        " customers, and asked the council to waive parking fees nearby.",
    ]
    for prompt in (IAB_PROMPT, GERMAN_PROMPT):
        copy = "\n".join(
            [*MENU.splitlines(), "Subscribe - $1 for 6 months", *prompt,
             "Council closes harbour bridge to cars", *story, *FOOTER.splitlines()]
        )  # fmt: skip
        cleaned = clean_text(copy)
        assert all(paragraph in cleaned.body for paragraph in story), cleaned.body
        assert not any(line in cleaned.body for line in prompt[1:]), cleaned.body
        assert cleaned.title == "Council closes harbour bridge to cars", cleaned.title


def test_one_answer_alone_under_no_notice_is_no_consent_prompt() -> None:
    """A button's word alone on its line, under no notice and with no other button, takes
    none of the lines around it (the story's paragraphs about consent stay)."""
    from newsroom.normalise import _consent_prompts, _read_lines

    lines = _read_lines(
        "The clinic asks every patient for consent before the procedure, the nurse said.\n"
        "Accept\n"
        "The count starts at eight in the town hall, and the result is due by midnight."
    )
    before = [ln.kind for ln in lines]
    _consent_prompts(lines)
    assert [ln.kind for ln in lines] == before
    assert before[0] is None and before[2] is None


# An Italian page copy (trial18, a Corriere page): the story, the site's copyright
# notice, then the dialogs a paywall opens over the page, in sentences of the page's
# language, which the main block had run on into.
ITALIAN_STORY = [
    "Il consiglio rinvia il voto sul ponte del porto",
    "di Giulia Rossi",
    *(
        f"Nel giorno {day} dell'udienza il consiglio comunale si è riunito di nuovo e i"
        " consiglieri hanno detto che gli ingegneri che hanno disegnato il progetto"
        " risponderanno alle domande dei residenti sul costo dei lavori, sulla linea dei"
        " traghetti e sull'orario invernale, prima del voto in municipio."
        for day in ("due", "tre", "quattro", "cinque")
    ),
]
NOTICE = "Copyright 2024 © Example Media S.p.a. Tutti i diritti sono riservati | Pubblicità"
DIALOGS = [
    "Questo messaggio verrà visualizzato su un altro dispositivo e tu potrai continuare a"
    " leggere le notizie da qui, mentre l'altro dispositivo rimarrà collegato a questo"
    " account secondo il tuo piano di abbonamento e potrai accedere su tutti i dispositivi.",
    "Se sei abbonato con un altro account accedi con le tue credenziali, e se siete in due"
    " o più a usare lo stesso abbonamento passa all'offerta Family e condividi"
    " l'abbonamento con altre due persone della tua famiglia.",
]


def test_the_story_ends_at_the_sites_copyright_notice_below_it() -> None:
    cleaned = clean_text("\n".join([*ITALIAN_STORY, NOTICE, *DIALOGS]))
    assert cleaned.body.endswith("prima del voto in municipio."), cleaned.body[-300:]
    # a notice with more of the story after it than before opens the story: kept
    opened = clean_text("\n".join([*ITALIAN_STORY[:3], NOTICE, *ITALIAN_STORY[3:]]))
    assert opened.body.count("Nel giorno") == 4
