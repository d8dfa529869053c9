"""Tests for newsroom.normalise: unicode repair and the plain-text article cleaner."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newsroom.normalise import CleanedText, clean_text, normalise_unicode

SEEDS = Path(__file__).resolve().parents[1] / "seeds"


def _seed(name: str) -> str:
    (path,) = SEEDS.glob(f"{name}_*.txt")
    return path.read_text(encoding="utf-8")


def _full_line(text: str, start: str) -> str:
    """The one line of *text* (normalised) that starts with *start*."""
    matches = [ln for ln in normalise_unicode(text).split("\n") if ln.startswith(start)]
    assert len(matches) == 1, (start, matches)
    return matches[0]


# Each seed: (title, article paragraphs in order given by their opening words, lines that
# must not be in the body, credits, dateline). Written by reading the seeds.
SEED_CASES: dict[str, tuple[str, list[str], list[str], tuple[str, ...], str | None]] = {
    "000": (
        "Putin Army Chief ‘Fainted’ After Angry Rant from Subordinate: Audio ‘Leak’",
        [
            "Russian President Vladimir Putin‘s top general,",
            "The VChK-OGPU Telegram channel, which has close ties",
            "Popov said in a voice message published by Russian lawmaker",
            "Russian sources, including the VChK-OGPU Telegram channel,",
            "“The officers of the 58th Army, not waiting for support",
            "It published a 23-second audio recording",
            "In the recording, Popov tells an unidentified individual:",
            "“If I were cowardly, then I would look into the eyes",
            "“I f***** [Gerasimov] up so bad",
            "Newsweek was unable to independently verify",
            "The Institute for the Study of War, a U.S.-based think tank,",
            "Gerasimov had also faced harsh criticism from the late",
            "Prigozhin had accused Gerasimov and Russia’s Defense Minister",
        ],
        [
            "Russian President Vladimir Putin, center, is seen with",  # photo caption
            "MIKHAIL SVETLOV/GETTY IMAGES",  # photo credit
            "One comment",
            "Prigo’s men are already busy inside RuSSia.",  # a reader's comment
            "Enter comments here:",
        ],
        (),
        None,
    ),
    "001": (
        "“Putin is an idiot, he wants to take kyiv but it is not possible”, the revealing "
        "audios of Russian soldiers in Ukraine",
        [
            "the american daily ‘The New York Times’ has brought to light",
            "“We are in Bucha. Our defense is deadlocked.",
            "Behind thousands of calls made between the military",
            "“Mom, this war is the worst decision our government has ever made.",
            "A soldier from the 331st Airborne Regiment reported",
            "Russian President Vladimir Putin announced last week",
        ],
        ["Sunday, February 25"],
        (),
        "Sunday, February 25",
    ),
    "002": (
        "Kremlin on high alert over possible coup against Putin: disgruntled generals have "
        "joined FSB, Russian expert warns",
        [
            "Several former generals and former KGB officials are preparing",
            "The group, known as “Siloviki”, believes",
            "The Russian president is “very concerned” that a coup is imminent",
            "“The Russian president has been preparing for a coup",
            "It became evident that the relationship between the FSB and Putin",
            "Russian analyst Alexey Muraviev is also convinced",
            "“I think this kind of false narrative was presented",
        ],
        ["Share this:", "Source: With Agencies", "With Agencies", "All comments."],
        ("With Agencies",),
        None,
    ),
    "003": (
        "They claim that Putin is carrying out a “purge” in the Russian Armed Forces",
        [
            "Russian President Vladimir Putin has ordered a deep “purge”",
            "Since Putin dismissed Defense Minister Sergei Shoigu in April,",
            "The confidential",  # subheading
            "Shoigu’s departure and protection",  # subheading
            "According to experts and former officials consulted,",
            "“At last, the FSB has sunk its teeth into the MoD",
            "Among those detained are veteran Deputy Defense Minister",
            "The future in Ukraine",  # subheading
            "While the Kremlin has denied it is a “campaign”",
            "Experts warn that this purge could have profound consequences",
            "Amid this turbulence, the future of General Gerasimov,",
        ],
        [
            "A Group of tanks lined up in front of Russian and Ukrainian flags.",  # caption
            "You may be interested:",
            "For Latest Updates Follow us on Google News",
            "NEXT The UN and the European Union",
        ],
        (),
        None,
    ),
    "004": (
        "Vladimir Putin’s Dwindling Supply Of Allies Is Descending Into ‘Civil War,’ "
        "According To Leaked Letters From A Whistleblower",
        [
            "Vladimir Putin’s disastrous war has torn Russia apart,",
            "The report seems like a natural progression",
            "“Believe me–that is far more terrifying.",
            "“Chaos, civil war, collapse–yes, it’s all ahead of us.",
            "This kind of talk actually seems tame",
        ],
        ["(Via Newsweek)"],
        ("Via Newsweek",),
        None,
    ),
}


@pytest.mark.parametrize("name", sorted(SEED_CASES))
def test_seed_title(name: str) -> None:
    title = SEED_CASES[name][0]
    assert clean_text(_seed(name)).title == title


@pytest.mark.parametrize("name", sorted(SEED_CASES))
def test_seed_body_is_exactly_the_article_paragraphs(name: str) -> None:
    text = _seed(name)
    _title, starts, _absent, _credits, _dateline = SEED_CASES[name]
    expected = [_full_line(text, start) for start in starts]
    assert clean_text(text).body.split("\n\n") == expected


@pytest.mark.parametrize("name", sorted(SEED_CASES))
def test_seed_boilerplate_not_in_body(name: str) -> None:
    title, _starts, absent, _credits, _dateline = SEED_CASES[name]
    result = clean_text(_seed(name))
    for fragment in absent:
        assert fragment not in result.body, fragment
    assert title not in result.body
    removed_lines = " ".join(line for _kind, line in result.removed)
    for fragment in absent:
        assert fragment in removed_lines, fragment


@pytest.mark.parametrize("name", sorted(SEED_CASES))
def test_seed_credits_and_dateline_are_metadata(name: str) -> None:
    _title, _starts, _absent, credits, dateline = SEED_CASES[name]
    result = clean_text(_seed(name))
    assert result.credits == credits
    assert result.dateline == dateline


def test_seed_removed_kinds() -> None:
    kinds = {line: kind for kind, line in clean_text(_seed("000")).removed}
    assert kinds["One comment"] == "comments"
    assert kinds["Enter comments here:"] == "comments"
    caption = _full_line(_seed("000"), "Russian President Vladimir Putin, center,")
    assert kinds[caption] == "caption"
    kinds = {line: kind for kind, line in clean_text(_seed("003")).removed}
    assert kinds["For Latest Updates Follow us on Google News"] == "share"
    assert kinds[_full_line(_seed("003"), "NEXT The UN")] == "teaser"
    assert kinds[_full_line(_seed("003"), "You may be interested:")] == "teaser"
    assert ("credit", "(Via Newsweek)") in clean_text(_seed("004")).removed
    assert ("dateline", "Sunday, February 25") in clean_text(_seed("001")).removed


# --------------------------------------------------------------------------- unicode


def test_mojibake_repaired_and_typographic_quotes_kept() -> None:
    assert normalise_unicode("Putinâ€™s war") == "Putin’s war"
    assert normalise_unicode("â€œQuoted,â€\x9d he said.") == "“Quoted,” he said."
    assert normalise_unicode("“curly” and ‘single’") == "“curly” and ‘single’"


def test_bom_zero_width_nbsp_and_controls() -> None:
    text = "\ufeffHello\u200b world\u00a0again\x07.\r\nNext\u2060 line   here.  \r\n"
    assert normalise_unicode(text) == "Hello world again.\nNext line here."


def test_direction_controls_go_and_direction_marks_stay() -> None:
    title = "المحادثات في جنيف"  # "the talks in Geneva"
    assert normalise_unicode(f"\u202b{title}\u202c") == title  # embedding
    assert normalise_unicode(f"\u2067{title}\u2069 (AP)") == f"{title} (AP)"  # isolate
    assert normalise_unicode("abc\u202edcba\u202c") == "abcdcba"  # override
    assert normalise_unicode(f"{title}\u200f 2024") == f"{title}\u200f 2024"  # RLM kept


def test_nfc_and_newlines() -> None:
    assert normalise_unicode("Cafe\u0301\rline\u2028two") == "Café\nline\ntwo"
    assert unicodedata.is_normalized("NFC", normalise_unicode("e\u0301"))


def test_paragraph_structure_kept() -> None:
    text = "First paragraph.\n\n\n\nSecond paragraph.\n   \nThird.\nSame block."
    assert normalise_unicode(text) == "First paragraph.\n\nSecond paragraph.\n\nThird.\nSame block."


def test_clean_text_repairs_mojibake_in_body() -> None:
    text = (
        "A headline about things\n\n"
        "Vladimir Putinâ€™s war has gone on for a long time, and the people of the "
        "country are tired of it, the report says.\n\n"
        "The second paragraph of the story adds more detail about what happened and why "
        "it matters to the people who live there.\n"
    )
    result = clean_text(text)
    assert result.title == "A headline about things"
    assert result.body.startswith("Vladimir Putin’s war")
    assert result.body.count("\n\n") == 1


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=200))
def test_normalise_unicode_is_idempotent(text: str) -> None:
    once = normalise_unicode(text)
    assert normalise_unicode(once) == once


_MOJIBAKE_PIECES = st.sampled_from(
    ["â€™", "â€œ", "Ã©", "\u00a0", "\u200b", "\ufeff", "\r\n", "\n\n\n", "  ", "\t", "é"]
)


@settings(max_examples=300)
@given(st.lists(st.one_of(_MOJIBAKE_PIECES, st.text(max_size=12)), max_size=30))
def test_normalise_unicode_is_idempotent_on_mojibake_like_text(pieces: list[str]) -> None:
    once = normalise_unicode("".join(pieces))
    assert normalise_unicode(once) == once


_SENTENCE = st.builds(
    lambda subject, verb, rest: f"{subject} {verb} {rest}.",
    st.sampled_from(["The minister", "A spokesperson for the city", "Residents", "The report"]),
    st.sampled_from(["said that", "warned that", "told reporters that", "argued that"]),
    st.sampled_from(
        [
            "the new rules would take effect at the end of the month",
            "there was no reason to believe the figures were wrong",
            "the decision had been made after weeks of talks with the unions",
            "they would continue to monitor the situation in the region",
        ]
    ),
)
_PARAGRAPH = st.lists(_SENTENCE, min_size=2, max_size=4).map(" ".join)


@settings(max_examples=60)
@given(st.lists(_PARAGRAPH, min_size=1, max_size=8, unique=True))
def test_clean_body_is_kept(paragraphs: list[str]) -> None:
    # (a paragraph repeated word for word is dropped as a duplicate, hence unique=True)
    body = "\n\n".join(paragraphs)
    result = clean_text(body)
    assert result.body == body


# --------------------------------------------------------------------------- boilerplate


@pytest.mark.parametrize(
    "text",
    [
        "We use cookies to improve your experience. By continuing to browse, you agree "
        "to our Cookie Policy.\nAccept all cookies\nManage settings",
        "Home\nNews\nSport\nBusiness\nOpinion\nLifestyle\nContact us\nPrivacy Policy",
        "Share this:\nFacebook\nTwitter\nWhatsApp\nEmail",
        "© 2024 Example Media Ltd. All rights reserved.\nTerms of Use\nPrivacy Policy",
        "Subscribe to our newsletter\nSign up\nLog in",
        "",
        "\n\n  \n",
    ],
)
def test_boilerplate_only_gives_empty_body(text: str) -> None:
    result = clean_text(text)
    assert result.body == ""
    assert isinstance(result, CleanedText)


def test_page_copy_chrome_around_article() -> None:
    article = [
        "The city council voted on Tuesday to close the old bridge to cars, ending a "
        "debate that has divided the town for more than a decade.",
        "The vote was seven to two. Supporters said the bridge, built in 1931, was no "
        "longer safe for heavy traffic and that repairs would cost more than a new one.",
        "Funding the repairs",
        "Opponents argued that closing the bridge would cut off the east side of town "
        "and hurt the shops that depend on passing trade.",
    ]
    page = "\n".join(
        [
            "Skip to main content",
            "Home",
            "News",
            "Sport",
            "Weather",
            "Council votes to close old bridge to cars",
            "By Jane Smith",
            "March 4, 2024",
            "Share this article",
            *article,
            "The old bridge seen from the river bank on Monday. (Photo: John Doe/Example News)",
            "Related stories",
            "New bus routes planned for the east side",
            "Shops on Main Street report a record summer",
            "3 comments",
            "Great news, it was about time somebody did something about that bridge.",
            "© 2024 Example News. All rights reserved.",
        ]
    )
    result = clean_text(page)
    assert result.title == "Council votes to close old bridge to cars"
    assert result.body.split("\n\n") == article
    assert result.dateline == "March 4, 2024"


@pytest.mark.parametrize(
    "lead",
    [
        "BOISE, Idaho (AP) — Idaho wildlife biologists are tracking a 4th elk herd hit by"
        " chronic wasting disease.",
        "TOPEKA, Kan. (AP) — Kansas grain elevators are reporting a 5th explosion linked to"
        " combustible wheat dust.",
    ],
)
def test_a_wire_lead_with_few_function_words_stays_in_the_body(lead: str) -> None:
    # The dateline's names crowd the lead sentence: judged by the sentence after it.
    rest = (
        "County officials said Monday the victim was one of two people who contracted the"
        " virus. The death occurred Saturday.\n\n"
        "Cases first appeared in the west of the state at the end of August. The virus has"
        " been reported in six counties.\n\nShare this article"
    )
    cleaned = clean_text(f"{lead}\n\n{rest}")
    assert cleaned.body.startswith(lead)
    assert "Share this" not in cleaned.body


_HARBOUR = (
    "The harbour board met on Tuesday to decide the fate of the old swing bridge. Engineers"
    " told the board that the bridge could not be repaired for less than the price of a new"
    " one. Residents who cross it every day asked for a ferry while the work goes on. The"
    " board agreed to put the question to the city council in the spring. A decision is"
    " expected before the summer season begins"
)


def test_a_layout_tables_story_cell_is_read_as_its_paragraph() -> None:
    """A page laid out in table cells, copied with its cells between pipes (as trafilatura
    and Markdown write tables), put its whole story in one row: the row ended in a pipe,
    not a sentence, and the page came out empty (no_article_text)."""
    page = "\n\n".join(
        [
            "| | Word Daily | About \\| Media \\| Search \\| Contact | |",
            f"| | Home Today Archives FAQ | | {_HARBOUR}, the chairman said. -J. Smith (1901) |",
            "| Help us continue to spread the word Donate |",
            "© 1994-2020 Word Daily",
        ]
    )
    cleaned = clean_text(page)
    assert cleaned.body.startswith("The harbour board met on Tuesday")
    assert "Home Today Archives FAQ" not in cleaned.body and "|" not in cleaned.body
    assert "Donate" not in cleaned.body


def test_a_data_tables_rows_keep_their_pipes() -> None:
    """Rows of a results table are data: short cells, kept as the rows they are."""
    rows = [
        "| Harbour FC | 12 | 3 |",
        "| City United | 9 | 6 |",
        "| Dock Rovers | 7 | 8 |",
        "| Bay Athletic | 2 | 13 |",
    ]
    page = "\n\n".join([_HARBOUR + ".", "Standings after the weekend:", "\n".join(rows)])
    assert clean_text(page).body.split("\n\n")[1:] == rows


def test_a_tables_row_is_never_the_title_and_stays_in_the_body() -> None:
    """A story with no headline and a table under it: the table's first row was taken for
    the title and left the body."""
    rows = ["| Harbour FC | 12 | 3 |", "| City United | 9 | 6 |", "| Dock Rovers | 7 | 8 |"]
    cleaned = clean_text("\n\n".join([_HARBOUR + ".", "\n".join(rows)]))
    assert cleaned.title == "", cleaned.title
    assert cleaned.body.split("\n\n")[1:] == rows, cleaned.body


def test_a_long_paragraph_whose_last_sentence_has_no_stop_is_prose() -> None:
    """A paragraph of several sentences closing on an attribution ("-J. Smith (1901)") or
    cut short is running text; it used to be dropped as a line that ends like no
    sentence."""
    paragraphs = [
        "Council closes the harbour bridge",
        _HARBOUR + ". " + _HARBOUR.replace("harbour board", "ferry company") + ".",
        _HARBOUR + ", the chairman wrote. -J. Smith, chairman (1901-1968)",
        "Share this story",
    ]
    body = clean_text("\n\n".join(paragraphs)).body
    assert paragraphs[2] in body and paragraphs[1] in body
    assert "Share this story" not in body


def test_a_correction_after_the_story_and_its_credit_line_stays_in_the_body() -> None:
    text = (
        "Court rules against Shell in competition case\n\n"
        "LONDON, March 3 (Reuters) - A court ruled against Shell on Tuesday in a long-running"
        " competition case brought by a group of independent fuel retailers in Britain.\n\n"
        "The judge said the company had abused its position in the market for years and"
        " ordered it to pay damages to be set at a later hearing.\n\n"
        "Reporting by Fatima Powell; Editing by Olaf Sunak\n"
        "Correction: an earlier version of this story misstated the figure.\n\n"
        "Most read\n\nCorrections\n\nContact us\n"
    )
    cleaned = clean_text(text)
    assert cleaned.body.endswith(
        "\n\nCorrection: an earlier version of this story misstated the figure."
    )
    assert "Corrections" not in cleaned.body.split("\n\n")  # a menu's label is no note
    assert cleaned.credits == ("Reporting by Fatima Powell; Editing by Olaf Sunak",)
    # and it is a note on this version as well, as the same line above the story is
    # (trial12: the article kept no editors_note)
    assert cleaned.notes == ("Correction: an earlier version of this story misstated the figure.",)


def test_news_that_names_subscriptions_cookies_or_registering_is_no_furniture() -> None:
    # a headline or a paragraph with a word of a site's furniture ("subscription",
    # "cookie", "register", "newsletter") was dropped as chrome, with the paragraph
    # after it: silently, the title and a quote lost
    story = [
        "LONDON, March 12 (Reuters) - Netflix will raise the price of its standard plan in"
        " Britain by one pound a month from April, the company said on Wednesday.",
        "The streaming company said the change would help fund more British productions.",
        "Subscription boxes of its snacks sold out in Britain, it added.",
        '"We are investing more in local stories than ever," said Anne Mensah, who runs'
        " its UK content.",
        "Cookie sales at the chain rose 8% in the period, the firm said.",
        "Voters must register by Friday to take part, and he did not consent to the change.",
        "Its newsletter business was sold last year to a rival publisher for $20 million.",
        "Sign up rates for its loyalty app doubled in the quarter, the company said.",
    ]
    headline = "Netflix raises subscription prices in Britain"
    cleaned = clean_text(f"{headline}\n\n" + "\n\n".join(story) + "\n")
    assert cleaned.title == headline
    assert cleaned.body == "\n\n".join(story)
    # the site's own lines that speak of the same things stay furniture
    chrome = [
        "Sign up for our newsletter",
        "Subscribe to The Times now!",
        "We use cookies to give you the best experience.",
        "Log in to your account",
        "Manage cookie preferences",
        "EMAIL STORY PRINT NEWSLETTER",
        "Copyright 2024 The Associated Press.",
        "To receive these entries once a month by e-mail, sign up for the newsletter.",
        "Log in or register for the club.",
    ]
    page = "\n\n".join([*chrome[:3], headline, *story, *chrome[3:]]) + "\n"
    cleaned = clean_text(page)
    assert cleaned.body == "\n\n".join(story)
    assert not any(line in cleaned.body for line in chrome)


def test_a_wires_long_credit_line_is_a_credit() -> None:
    # a credit line of several reporters, a writer and an editor was longer than a credit
    # line was read to be: dropped as chrome, in neither the credits nor the body
    credit = (
        "Reporting by Nidal al-Mughrabi in Cairo, Maayan Lubell in Jerusalem and Steve"
        " Holland in Washington; Writing by Angus McDowall; Editing by Peter Graff"
    )
    story = (
        "GAZA/CAIRO/JERUSALEM, Nov 27 (Reuters) - Israel and Hamas agreed on Monday to extend"
        " their truce in Gaza by two days, mediator Qatar said.\n\nThe extension was welcomed"
        " by the United States, whose envoy had pressed both sides for more time."
    )
    cleaned = clean_text(f"Israel and Hamas agree to extend truce\n\n{story}\n\n{credit}\n")
    assert cleaned.credits == (credit,)
    assert cleaned.body == story
