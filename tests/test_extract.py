"""Golden tests for HTML → article text + metadata, the trafilatura way: on small pages
written for these tests, the key sentences are in the body and the named page furniture
is not; metadata is read from JSON-LD and meta tags."""

from __future__ import annotations

import dataclasses
import itertools
import textwrap
from datetime import UTC, datetime

import lxml.html
import pytest
from ftfy.badness import is_bad

from newsroom.extract import (
    _MARK_PAIR,
    _PLAIN_MARKS,
    Extracted,
    _normalised,
    _trafilatura_paras,
    extract_html,
    parse_html,
)
from newsroom.facts import clean_authors
from newsroom.normalise import normalise_unicode

PARAGRAPHS = [
    "The city council voted on Tuesday night to close the old river bridge to cars from "
    "the first of May, after engineers found deep cracks in two of its three stone arches.",
    "The bridge, built in 1887, carries about nine thousand vehicles a day. Buses will be "
    "moved to the ring road, and a temporary footbridge will open next to it in June.",
    "“We did not take this decision lightly,” said the council leader, Maria Okonkwo. "
    "“But the report left us no choice, and the safety of people crossing comes first.”",
    "Shop owners on the north bank said they feared losing trade while the bridge is shut. "
    "The council has promised a fund of two million pounds to help businesses nearby.",
    "Repairs are expected to take at least eighteen months, and the final cost will not be "
    "known until the arches have been surveyed from the water later this spring.",
]

FURNITURE = {
    "share": "Share this article",
    "related": "Mayor opens new skate park in Riverside",
    "related blurb": "Here is everything you need to know about the new timetable",
    "comments": "I have driven over that bridge every day for thirty years",
    "caption": "The bridge seen from the east bank at dawn",
    "newsletter": "Sign up for our morning briefing",
    "cookie": "We use cookies to improve your experience",
    "footer": "All rights reserved",
    "nav": "Obituaries",
}

NEWS_PAGE = f"""<!DOCTYPE html>
<html lang="en-GB">
<head>
<meta charset="utf-8">
<title>Council shuts river bridge to cars | The Riverside Courier</title>
<meta property="og:title" content="Council shuts river bridge to cars after cracks found">
<meta property="og:site_name" content="The Riverside Courier">
<meta property="og:description" content="Engineers found deep cracks in the 1887 bridge.">
<meta property="article:tag" content="Transport">
<meta property="article:tag" content="Local politics">
<link rel="canonical" href="/news/2024/03/river-bridge-closed">
<script type="application/ld+json">
{{"@context": "https://schema.org", "@graph": [
  {{"@type": "WebSite", "name": "The Riverside Courier"}},
  {{"@type": "NewsArticle",
    "headline": "Council shuts river bridge to cars after cracks found",
    "author": [{{"@type": "Person", "name": "Jane Porter"}},
               {{"@type": "Person", "name": "Ahmed Rahman"}}],
    "datePublished": "2024-03-05T09:30:00+02:00",
    "dateModified": "2024-03-05T14:00:00Z",
    "publisher": {{"@type": "Organization", "name": "Riverside Courier Ltd"}},
    "keywords": "bridge, transport, council"}}
]}}
</script>
</head>
<body>
<div class="cookie-banner"><p>{FURNITURE["cookie"]} and to show you relevant ads.</p>
<button>Accept</button></div>
<header><nav><ul><li><a href="/news">News</a></li><li><a href="/sport">Sport</a></li>
<li><a href="/obituaries">{FURNITURE["nav"]}</a></li><li><a href="/jobs">Jobs</a></li></ul>
</nav></header>
<main>
<article>
<h1>Council shuts river bridge to cars after cracks found</h1>
<div class="byline">By <a href="/authors/jane-porter">Jane Porter</a> and Ahmed Rahman
<time datetime="2024-03-05T09:30:00+02:00">5 March 2024</time></div>
<div class="share-tools"><span>{FURNITURE["share"]}</span>
<a href="#">Facebook</a> <a href="#">Twitter</a> <a href="#">Email</a></div>
<figure><img src="/img/bridge.jpg" alt="">
<figcaption>{FURNITURE["caption"]}. (Photo: Tom O'Neill/Courier)</figcaption></figure>
<div class="article-body">
<p>{PARAGRAPHS[0]}</p>
<p>{PARAGRAPHS[1]}</p>
<div class="ad-slot">Advertisement</div>
<p>{PARAGRAPHS[2]}</p>
<p>{PARAGRAPHS[3]}</p>
<p>{PARAGRAPHS[4]}</p>
</div>
</article>
<div class="newsletter"><h3>{FURNITURE["newsletter"]}</h3>
<p>The day's top stories, delivered to your inbox every morning.</p>
<form><input type="email"><button>Sign up</button></form></div>
<aside class="related"><h2>Related stories</h2><ul>
<li><a href="/news/skate-park">{FURNITURE["related"]}</a>
<p>{FURNITURE["related blurb"]}.</p></li>
<li><a href="/news/buses">Bus routes to change from May as works begin</a></li>
<li><a href="/news/library">Library reopens after two-year renovation</a></li>
</ul></aside>
<section id="comments" class="comments"><h2>3 comments</h2><ol>
<li class="comment"><div class="comment-author">river_rat</div>
<p>{FURNITURE["comments"]} and never saw a crack. This is nonsense from the council.</p></li>
<li class="comment"><div class="comment-author">jb1970</div>
<p>Who is going to pay for all of this in the end? We are, of course, as always.</p></li>
</ol></section>
</main>
<footer><a href="/about">About us</a> <a href="/privacy">Privacy Policy</a>
<p>© 2024 The Riverside Courier. {FURNITURE["footer"]}.</p></footer>
</body>
</html>
"""

URL = "https://www.riverside-courier.example/news/2024/03/river-bridge-closed?utm=x"


def test_news_page_body_has_the_article_and_no_furniture() -> None:
    result = extract_html(NEWS_PAGE, url=URL)
    for paragraph in PARAGRAPHS:
        assert paragraph in result.body
    for name, text in FURNITURE.items():
        assert text not in result.body, name
    assert result.body.split("\n\n") == PARAGRAPHS
    assert result.title not in result.body
    assert result.method.startswith("trafilatura")


def test_news_page_metadata_from_json_ld_and_meta_tags() -> None:
    result = extract_html(NEWS_PAGE, url=URL)
    assert result.title == "Council shuts river bridge to cars after cracks found"
    assert clean_authors(result.authors) == ["Jane Porter", "Ahmed Rahman"]
    assert result.published_at == datetime(2024, 3, 5, 7, 30, tzinfo=UTC)
    assert result.updated_at == datetime(2024, 3, 5, 14, 0, tzinfo=UTC)
    assert result.site_name == "The Riverside Courier"
    assert result.description == "Engineers found deep cracks in the 1887 bridge."
    assert result.language == "en"
    assert result.tags == ("bridge", "transport", "council")
    # a relative canonical link is made absolute against the page URL
    assert result.canonical_url == (
        "https://www.riverside-courier.example/news/2024/03/river-bridge-closed"
    )


META_ONLY_PAGE = """<html><head>
<title>Striker's late goal sends City through - Northern Sport Daily</title>
<meta name="author" content="By Sofia Rossi and Daniel Weber">
<meta property="article:published_time" content="2023-11-19T21:45:00-05:00">
<meta property="og:url" content="https://sport.example.org/football/city-rovers">
<meta name="keywords" content="football, cup">
</head><body>
<div class="post"><h1>Striker's late goal sends City through</h1>
<div class="entry-content">
<p>A goal in the 88th minute from substitute Danny Okafor gave City a 2-1 win over Rovers
on Wednesday night and a place in the last eight of the cup competition.</p>
<p>Rovers had taken the lead just before half-time when their captain headed in from a
corner, and they defended well for most of the second half of the game.</p>
<p><strong>Read more:</strong> <a href="/football/other">Rovers manager sacked after
cup exit</a></p>
<p>City equalised with twenty minutes left through a penalty, awarded after a long check
by the video referee, and Okafor then turned in a low cross at the near post.</p>
</div></div></body></html>"""


def test_metadata_from_meta_tags_alone() -> None:
    result = extract_html(META_ONLY_PAGE)
    assert result.authors == ("By Sofia Rossi and Daniel Weber",)  # as the page gives it
    assert clean_authors(result.authors) == ["Sofia Rossi", "Daniel Weber"]  # the one decision
    assert result.published_at == datetime(2023, 11, 20, 2, 45, tzinfo=UTC)
    assert result.canonical_url == "https://sport.example.org/football/city-rovers"
    assert "Striker's late goal sends City through" in result.title
    assert result.tags == ("football", "cup")
    assert "88th minute" in result.body
    assert "near post" in result.body
    assert "Rovers manager sacked" not in result.body  # an inline teaser link


SPLIT_PAGE = """<html><head><title>Instagram data</title></head><body>
<article><h1>What Instagram tells a business account</h1>
<div class="body__container article__body"><p>{}</p><p>{}</p></div>
<div class="ad">Advertisement</div>
<div class="body__container article__body"><p>{}</p><p>{}</p></div>
<div class="body__container article__body"><p>{}</p></div>
</article>
<div class="story"><h1>The next story, loaded below by infinite scroll</h1>
<time datetime="2024-01-01">1 Jan</time>
<div class="body__container article__body"><p>This paragraph belongs to another story
entirely, one that
the page loaded under the first as the reader scrolled down to the end of it.</p></div>
</div>
</body></html>""".format(*PARAGRAPHS)


def test_body_split_in_sibling_chunks_is_kept_whole_without_the_next_story() -> None:
    result = extract_html(SPLIT_PAGE)
    for paragraph in PARAGRAPHS:
        assert paragraph in result.body
    assert result.body.index(PARAGRAPHS[0]) < result.body.index(PARAGRAPHS[4])
    assert "another story entirely" not in result.body


P = PARAGRAPHS
# A layout that repeats the body's grid row around ad rails: trafilatura alone keeps only
# the first row.
GRID_PAGE = f"""<html><head><title>Bridge</title></head><body><main><article>
<h1>What the bridge closure means</h1><div class="article__chunks">
<div class="grid grid-items-2"><div class="grid--item body body__container article__body">
<p>{P[0]}</p><p>{P[1]}</p><p>{P[2]}</p></div>
<div class="grid--item grid-layout__aside"><div class="ad">Advertisement</div></div></div>
<div class="grid grid-items-2"><div class="grid--item body body__container article__body">
<p>{P[3]}</p></div><div class="grid--item grid-layout__aside"></div></div>
<div class="grid grid-items-2"><div class="grid--item body body__container article__body">
<p>{P[4]}</p></div></div>
</div></article></main></body></html>"""


def test_body_rows_that_trafilatura_misses_are_added_in_order() -> None:
    result = extract_html(GRID_PAGE)
    assert result.body.split("\n\n") == PARAGRAPHS
    assert result.method == "trafilatura-balanced+chunks"


@pytest.mark.parametrize(
    "html",
    [
        "",
        "   ",
        "<html></html>",
        "<html><body><nav><a href='/'>Home</a> <a href='/news'>News</a></nav></body></html>",
        "<html><body><div class='cookie-banner'>We use cookies. <button>Accept</button></div>"
        "<ul class='menu'><li><a href='/a'>World</a></li><li><a href='/b'>Sport</a></li></ul>"
        "<footer>© 2024 Example Media. All rights reserved.</footer></body></html>",
        "<?xml version='1.0' encoding='utf-8'?><html><body></body></html>",
        "\x00\x01<html><body><p>\ufffd</p></body></html>",
    ],
)
def test_a_page_without_an_article_gives_an_empty_body(html: str) -> None:
    result = extract_html(html, url="https://example.org/")
    assert isinstance(result, Extracted)
    assert result.body == ""
    assert result.published_at is None


def test_extracted_is_frozen() -> None:
    result = extract_html(META_ONLY_PAGE)
    with pytest.raises(dataclasses.FrozenInstanceError):
        result.title = "x"  # type: ignore[misc]


def test_the_body_step_leaves_the_page_tree_as_it_was_for_the_steps_after_it() -> None:
    # trafilatura cleans a copy of the tree it is given: the extractor makes none of its
    # own, and the sibling-chunk, link and headline steps read the page as it was parsed
    tree = parse_html(NEWS_PAGE)
    assert tree is not None
    before = lxml.html.tostring(tree)
    paras = _trafilatura_paras(tree, URL, "balanced")
    assert any(PARAGRAPHS[0] in p.text for p in paras)
    assert lxml.html.tostring(tree) == before


def test_every_element_of_the_page_tree_is_an_html_element() -> None:
    # the parser picks the class in C; every element, a form's too, still has lxml.html's
    # methods (text_content, which the metadata and trafilatura read), and the body of a
    # page with a form comes out as before
    page = NEWS_PAGE.replace(
        "</body>", '<form action="/s"><label>Search <input name="q"></label></form></body>'
    )
    tree = parse_html(page)
    assert tree is not None
    assert all(isinstance(el, lxml.html.HtmlElement) for el in tree.iter())
    assert tree.find(".//label").text_content().strip() == "Search"
    assert PARAGRAPHS[0] in extract_html(page, url=URL).body


@pytest.mark.parametrize("cut", ["", "</tit", "ntById('font');"])
def test_a_page_whose_title_is_never_closed_keeps_its_body(cut: str) -> None:
    # a truncated or spliced capture (several L3S-GN1 pages): without its </title> the
    # parser reads the whole document as the title's text, and the body came out empty
    opened = "<title>Council shuts river bridge to cars | The Riverside Courier"
    page = NEWS_PAGE.replace(opened + "</title>", opened + cut)
    assert "</title>" not in page
    result = extract_html(page, url=URL)
    for paragraph in PARAGRAPHS:
        assert paragraph in result.body
    assert result.title.startswith("Council shuts river bridge to cars")


GALLERY_CAPTION = (
    "A boy poses with a painting at the harbour festival in Riverside on Saturday. Visitors "
    "were invited to touch the pictures, sit on them and even put their heads inside. "
    "(Photo: Tom O'Neill/Courier)"
)


def test_a_photo_story_keeps_its_caption_as_its_text() -> None:
    # a gallery page's only text is a caption: dropped as one, the body came out empty
    page = f"""<html><head><title>Painting you can sit in | The Riverside Courier</title>
<meta property="og:title" content="Painting you can sit in"></head><body>
<nav><a href="/news">News</a> <a href="/sport">Sport</a></nav><article>
<h1>Painting you can sit in</h1><img src="/img/festival.jpg" alt="">
<p>{GALLERY_CAPTION}</p></article>
<footer><p>© 2024 The Riverside Courier. All rights reserved.</p></footer></body></html>"""
    assert extract_html(page, url=URL).body == GALLERY_CAPTION
    # with a story beside it, a caption is still left out
    assert "Photo: Tom" not in extract_html(NEWS_PAGE, url=URL).body


def _shifted(text: str) -> str:
    """Every letter one on (z to a), as some paywalls print a story for a script to undo."""

    def shift(ch: str) -> str:
        if "a" <= ch <= "z":
            return chr((ord(ch) - 97 + 1) % 26 + 97)
        if "A" <= ch <= "Z":
            return chr((ord(ch) - 65 + 1) % 26 + 65)
        return {".": "/", ",": "-"}.get(ch, ch)

    return "".join(map(shift, text))


def test_paragraphs_in_no_language_are_left_out_and_tables_and_names_stay() -> None:
    lead = (
        "Zum zweiten Mal sind die Imbisswagen in die Stadt gekommen, und die Besucher konnten"
        " sich am Wochenende durch die Küchen aller Kontinente probieren."
    )
    locked = [
        "Schon bei der ersten Ausgabe im vergangenen Jahr haben sich viele Menschen durch"
        " das Angebot gegessen, der Musik gelauscht und das warme Wetter genossen.",
        "Unter den Segeln sind Tische und Bänke aufgebaut, doch viele Plätze bleiben frei,"
        " weil es in der Sonne zu heiß ist und die meisten Besucher den Schatten suchen.",
    ]
    table = "Barcelona 10 8 1 1 25 8 25 Real Madrid 10 7 2 1 22 9 23 Atletico 10 6 2 2 18 10 20"
    lineup = (
        "Neuer – Kimmich, Rüdiger, Tah, Mittelstädt – Andrich, Kroos – Musiala, Gündogan,"
        " Wirtz – Havertz"
    )
    paragraphs = "".join(f"<p>{_shifted(p)}</p>" for p in locked)
    page = f"""<html lang="de"><head><title>Imbisswagen in der Stadt</title></head><body>
<article><h1>Imbisswagen in der Stadt</h1><p>{lead}</p>{paragraphs}
<p>{table}</p><p>{lineup}</p></article></body></html>"""
    body = extract_html(page, url=URL).body
    assert lead in body
    assert _shifted(locked[0])[:30] not in body and _shifted(locked[1])[:30] not in body
    assert table in body and lineup in body


def test_text_of_plain_characters_is_mojibake_to_ftfy_only_where_two_marks_meet() -> None:
    # ``_normalised`` skips the repair of a paragraph of printable ASCII and typographic
    # marks unless two marks meet: every string of up to three such characters that
    # ftfy's heuristic reads as mojibake has two marks side by side (its patterns are
    # three characters at most over these), so a newer ftfy that reads more fails here.
    alphabet = [chr(c) for c in range(32, 127)] + ["\n", *_PLAIN_MARKS]
    missed = [
        s
        for n in (1, 2, 3)
        for s in map("".join, itertools.product(alphabet, repeat=n))
        if is_bad(s) and not _MARK_PAIR.search(s)
    ]
    assert missed == []
    assert is_bad("£©") and _MARK_PAIR.search("£©")  # the heuristic does read some pairs


@pytest.mark.parametrize(
    "paragraph",
    [
        "It’s “news” – a £5 fee • 3 min…",  # marks apart: already normal
        "Itâ€™s here",  # mojibake: repaired
        "Caf\u00e9 and cafe\u0301",  # a decomposed accent: NFC
        "Fish &amp; chips &#8211; and AT&T",  # character references: decoded
        "A line\twith a tab\u00a0and\u200bjoins",  # spaces and invisibles
        "“A quote.’” £©",  # marks side by side: asked of ftfy
        "Ã©tÃ© £©",
    ],
)
def test_a_paragraph_is_normalised_as_the_whole_repair_would(paragraph: str) -> None:
    assert _normalised(paragraph) == normalise_unicode(paragraph)


def test_a_paragraph_wrapped_in_the_pages_source_is_one_line_of_the_body() -> None:
    # a browser shows a line break in the source as a space: only <br> breaks a line
    wrapped = [textwrap.fill(p, 60) for p in PARAGRAPHS]
    assert all("\n" in w for w in wrapped)
    body_html = "\n".join(f"<p>{w}</p>" for w in wrapped[:4])
    body_html += f"\n<p>{wrapped[4]}<br>Reporting by Jane Porter</p>"
    page = NEWS_PAGE.replace(NEWS_PAGE[NEWS_PAGE.index("<div class=\"article-body\">") :
                                       NEWS_PAGE.index("</article>")],
                             f'<div class="article-body">\n{body_html}\n</div>\n')  # fmt: skip
    body = extract_html(page).body
    for paragraph in PARAGRAPHS[:4]:
        assert paragraph in body.split("\n")
    assert f"{PARAGRAPHS[4]}\nReporting by Jane Porter" in body


def test_a_page_that_is_only_its_menu_has_no_article_text() -> None:
    # found by an analyst's trial: "<nav>Home | News</nav>" was loaded as an article of two
    # words (trafilatura falls back on the menu), where the same text as a file was refused
    for html in (
        "<html><body><nav>Home | News</nav></body></html>",
        "<html><body><nav><ul><li><a href='/'>Home</a></li><li><a href='/n'>News</a></li>"
        "</ul></nav></body></html>",
    ):
        assert extract_html(html, url="http://127.0.0.1/empty/page").body == "", html
    # a short story beside its menu keeps its text
    story = (
        "<html><body><nav><a href='/'>Home</a> | <a href='/n'>News</a></nav>"
        "<p>The council met on Monday and voted to close the library.</p></body></html>"
    )
    assert extract_html(story).body == "The council met on Monday and voted to close the library."


def test_json_ld_wrapped_for_xhtml_parsers_is_read() -> None:
    # found by an analyst's trial: a page's JSON-LD inside "//<![CDATA[ … //]]>" failed to
    # parse, so its date-only <time> tag gave midnight instead of the article's 12:00 +02:00
    html = (
        "<html><head><script type='application/ld+json'>\n//<![CDATA[\n"
        '{"@context": "https://schema.org", "@graph": [{"@type": "NewsArticle",'
        ' "headline": "Gefangen", "datePublished": "2024-08-22T12:00:00+02:00"}]}'
        "\n//]]>\n</script></head><body><time datetime='2024-08-22'>22.08.2024</time>"
        "<p>Liat Atzili was taken from the kibbutz on the seventh of October.</p></body></html>"
    )
    found = extract_html(html)
    assert found.published_at == datetime(2024, 8, 22, 10, tzinfo=UTC), found.published_at
    commented = html.replace("//<![CDATA[", "<!--").replace("//]]>", "-->")
    assert extract_html(commented).published_at == datetime(2024, 8, 22, 10, tzinfo=UTC)


def test_a_site_name_written_as_a_slug_is_spelt_as_its_publisher_and_a_handle_is_no_name() -> None:
    # found by an analyst's trial: outlets "nationalpost" and "theprovince" beside the
    # names their pages' publishers give, and one site's story under "tazgezwitscher"
    # (its Twitter handle) beside "taz.de"
    story = "<p>The council met on Monday and voted to close the library on the hill.</p>"
    for slug, publisher in (("nationalpost", "National Post"), ("theprovince", "The Province")):
        html = (
            f"<html><head><meta property='og:site_name' content='{slug}'>"
            "<script type='application/ld+json'>"
            f'{{"@type": "NewsArticle", "publisher": {{"name": "{publisher}"}}}}'
            f"</script></head><body>{story}</body></html>"
        )
        assert extract_html(html).site_name == publisher
    handle = (
        "<html><head><meta name='twitter:site' content='@tazgezwitscher'></head>"
        f"<body>{story}</body></html>"
    )
    assert extract_html(handle).site_name is None
    # a name that is no slug of the publisher's stays as the page wrote it
    other = (
        "<html><head><meta property='og:site_name' content='dailynews'>"
        "<script type='application/ld+json'>"
        '{"@type": "NewsArticle", "publisher": {"name": "Tribune Media"}}'
        f"</script></head><body>{story}</body></html>"
    )
    assert extract_html(other).site_name == "dailynews"


def test_a_pages_correction_note_is_kept_apart_from_its_body() -> None:
    story = (
        "<p>The council met on Monday and voted to close the library on the hill.</p>"
        "<p>Residents said they would appeal the decision at the next meeting.</p>"
    )
    note = "Correction: An earlier version of this story misstated the day of the vote."
    found = extract_html(f"<html><body><article>{story}<p>{note}</p></article></body></html>")
    assert found.notes == (note,)
    assert "Correction" not in found.body and found.body.startswith("The council met")


def test_a_page_of_thousands_of_paragraphs_is_read_in_time_linear_in_its_size() -> None:
    """A trial's 8 MB page of 18,000 paragraphs spent 19 s looking each paragraph up in the
    joined text trafilatura took (its length, a paragraph). A paragraph taken whole is a
    set's lookup; a part of the text is searched for only in a text of ordinary length."""
    from newsroom.extract import _Para, _Taken

    words = [
        "the",
        "council",
        "said",
        "the",
        "bridge",
        "would",
        "reopen",
        "in",
        "june",
        "after",
        "repairs",
    ]
    short = [_Para(" ".join(words[i:] + words[:i]), "p") for i in range(5)]
    taken = _Taken(short)
    assert short[2].key in taken  # whole
    assert " ".join(short[3].key.split()[2:6]) in taken  # a part, in a text of normal length
    assert "a paragraph it never took" not in taken
    many = [_Para(f"paragraph {n} " + " ".join(words), "p") for n in range(40_000)]
    taken = _Taken(many)
    assert len(taken.text) > _Taken.SEARCHED_UP_TO and not taken.searched
    assert many[12_345].key in taken  # whole: still found
    assert " ".join(many[12_345].key.split()[:3]) not in taken  # a part: not searched for


def _titled_page(og_title: str, title_tag: str, heading: str, paragraphs: list[str]) -> str:
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    return (
        f'<html><head><meta property="og:title" content="{og_title}">'
        f'<meta property="og:site_name" content="NFL.com"><title>{title_tag}</title></head>'
        f"<body><article><h1>{heading}</h1>{body}</article></body></html>"
    )


def test_a_metadata_title_that_describes_the_site_yields_to_the_pages_headline() -> None:
    """trial16: every post of the NFL's blog had the og:title "Official Blog of the
    National Football League", and was stored under it, while its <title> and <h1> agree
    on the post's headline, which the story's lead backs."""
    story = [
        "Without a doubt, Jermichael Finley has been one of the season's biggest"
        " disappointments for fantasy football owners, with few targets in Green Bay.",
        "The Packers said on Monday they want the tight end more involved in the offence"
        " after the bye week, and coach Mike McCarthy promised more passes his way.",
    ]
    headline = "NFL fantasy football: Jermichael Finley could see more targets"
    page = _titled_page(
        "Official Blog of the National Football League", f"{headline} - NFL.com", headline, story
    )
    assert extract_html(page).title == headline
    # A short social headline that the lead backs stays the title, though the page's
    # <title> and heading give a longer one
    couple = [
        "An American couple has packed for their Olympic trip to London, where Scott and"
        " Kathy Cleveland will watch the games after winning tickets in a draw.",
        "The couple said the trip was the first they had taken abroad in twenty years.",
    ]
    long_headline = "Scott and Kathy Cleveland are coming to the Olympics"
    page = _titled_page(
        "US couple pack for Olympic trip", f"BBC News - {long_headline}", long_headline, couple
    )
    assert extract_html(page).title == "US couple pack for Olympic trip"
