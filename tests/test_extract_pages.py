"""HTML pages that lost text or told the wrong provenance (issue 17), on pages written here.

Each page is built like those found in the public extraction corpora: an old layout
table holding the story without rows, a vertical tab left in the text, an HTML comment at
the start of a table cell; and metadata whose source must be recorded as it was found.
"""

from __future__ import annotations

import hashlib

from newsroom.article import Article
from newsroom.extract import extract_html
from newsroom.facts import clean_authors
from newsroom.pipeline import to_article
from newsroom.records import RawDocument

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


def page(body: str, head: str = "<title>Bridge to close</title>", html_attrs: str = "") -> str:
    return (
        f"<!DOCTYPE html><html{html_attrs}><head><meta charset='utf-8'>{head}</head><body>"
        "<div class='nav'><a href='/'>Home</a> <a href='/news'>News</a></div>"
        f"{body}<div class='footer'>All rights reserved</div></body></html>"
    )


def assert_whole_story(body: str) -> None:
    for paragraph in STORY:
        assert paragraph in body, paragraph[:40]


# ---- text that was lost


def test_a_table_holding_paragraphs_without_rows_keeps_them() -> None:
    # trafilatura returns such a table as it is, and rows were all that was read of it
    html = page("<table>" + "".join(f"<p>{p}</p>" for p in STORY) + "</table>")
    assert_whole_story(extract_html(html).body)


def test_a_vertical_tab_in_the_text_does_not_empty_the_body() -> None:
    with_tabs = [p.replace(" arches", "\x0b arches") for p in STORY]
    html = page("<article>" + "".join(f"<p>{p}</p>" for p in with_tabs) + "</article>")
    extracted = extract_html(html)
    assert_whole_story(extracted.body)
    assert "\x0b" not in extracted.body


def test_a_comment_at_the_start_of_a_cell_loses_no_paragraph() -> None:
    cell = "<!-- story body -->" + "<br><br>".join(STORY) + "<!-- end of story -->"
    html = page(f"<table><tr><td>{cell}</td></tr></table>")
    body = extract_html(html).body
    assert_whole_story(body)
    assert "story body" not in body


# ---- metadata: what was found, and how

ENGLISH_BODY = "<article>" + "".join(f"<p>{p}</p>" for p in STORY) + "</article>"


def test_a_declaration_the_text_agrees_with_names_both() -> None:
    extracted = extract_html(page(ENGLISH_BODY, html_attrs=' lang="en-GB"'))
    assert (extracted.language, extracted.language_method) == ("en", "py3langid+html_lang")
    assert extracted.language_confidence > 0.99
    from_meta = page(ENGLISH_BODY, head="<meta http-equiv='content-language' content='en'>")
    assert extract_html(from_meta).language_method == "py3langid+meta_tag"


def test_a_page_that_declares_nothing_has_its_language_detected() -> None:
    extracted = extract_html(page(ENGLISH_BODY))
    assert (extracted.language, extracted.language_method) == ("en", "py3langid")


def test_an_english_story_on_a_page_declared_german_is_english_by_detection() -> None:
    extracted = extract_html(page(ENGLISH_BODY, html_attrs=' lang="de"'))
    assert (extracted.language, extracted.language_method) == ("en", "py3langid")


SHORT_GERMAN = (
    "<article><p>Die Polizei hat am Montag in Berlin zwei Verdächtige festgenommen.</p></article>"
)


def test_a_short_german_story_on_a_page_declared_english_is_german() -> None:
    # one sentence: the text still outweighs a wrong template declaration
    extracted = extract_html(page(SHORT_GERMAN, html_attrs=' lang="en"'))
    assert (extracted.language, extracted.language_method) == ("de", "py3langid")
    assert 0.5 < extracted.language_confidence <= 1.0


def test_a_few_words_leave_the_declaration_standing_and_say_so() -> None:
    # a name and a number are no evidence against what the page declares
    few_words = page("<article><p>Apple iPhone 16</p></article>", html_attrs=' lang="de"')
    extracted = extract_html(few_words)
    assert (extracted.language, extracted.language_method) == ("de", "html_lang")


def test_a_german_story_declared_german_names_text_and_declaration() -> None:
    german = (
        "<article><p>Der Stadtrat hat am Dienstagabend beschlossen, die alte Brücke über den "
        "Fluss ab dem ersten Mai für Autos zu sperren, nachdem Ingenieure tiefe Risse in "
        "zwei ihrer drei Steinbögen gefunden hatten.</p><p>Die Brücke wurde im Jahr 1887 "
        "gebaut und trägt jeden Tag etwa neuntausend Fahrzeuge. Die Busse werden auf die "
        "Ringstraße verlegt, und im Juni öffnet daneben eine provisorische Fußgängerbrücke."
        "</p></article>"
    )
    extracted = extract_html(page(german, html_attrs=' lang="de"'))
    assert (extracted.language, extracted.language_method) == ("de", "py3langid+html_lang")


def _article(html: str, uri: str = "file:///pages/bridge.html") -> Article:
    data = html.encode()
    doc = RawDocument(
        uri,
        "file",
        data,
        hashlib.sha256(data).hexdigest(),
        len(data),
        None,
    )
    article = to_article(doc)
    assert isinstance(article, Article)
    return article


def test_the_language_field_names_the_method_that_gave_it() -> None:
    def language_field(html: str) -> tuple[str, str, float]:
        facts = _article(html).facts
        assert facts is not None
        [field] = [f for f in facts.fields if f.field == "language"]
        return field.value, field.method, field.confidence

    declared = language_field(page(ENGLISH_BODY, html_attrs=' lang="en"'))
    assert declared[:2] == ("en", "py3langid+html_lang")
    assert language_field(page(ENGLISH_BODY))[:2] == ("en", "py3langid")
    wrong_declaration = page(SHORT_GERMAN, html_attrs=' lang="en"')
    wrong = language_field(wrong_declaration)
    assert wrong[:2] == ("de", "py3langid")
    # the confidence is the detection's, not a fixed figure
    assert wrong[2] == round(extract_html(wrong_declaration).language_confidence, 3)


def test_an_analysis_label_before_the_byline_keeps_the_author() -> None:
    head = (
        "<title>Bridge to close</title>"
        "<meta name='author' content='Analysis by Stephen Collinson, CNN'>"
    )
    extracted = extract_html(page(ENGLISH_BODY, head=head))
    assert clean_authors(extracted.authors) == ["Stephen Collinson"]


def test_a_byline_element_gives_the_author_when_the_metadata_has_none() -> None:
    body = "<p class='byline'>By Jane Porter</p>" + ENGLISH_BODY
    body += "<div class='comments'><span class='comment-author'>Bob Smith</span></div>"
    extracted = extract_html(page(body))
    assert clean_authors(extracted.authors) == ["Jane Porter"]


def test_a_site_name_is_never_a_url() -> None:
    head = (
        "<meta property='og:site_name' content='https://www.riverside-courier.example/'>"
        "<meta name='application-name' content='The Riverside Courier'>"
    )
    assert extract_html(page(ENGLISH_BODY, head=head)).site_name == "The Riverside Courier"
    only_url = "<meta property='og:site_name' content='www.riverside-courier.example'>"
    assert extract_html(page(ENGLISH_BODY, head=only_url)).site_name is None


def test_without_title_metadata_the_headline_is_the_heading_the_title_repeats() -> None:
    body = (
        "<div class='sidebar'><h2>Most read</h2><h2>Mayor opens new skate park</h2></div>"
        "<div class='story'><h1>Council shuts river bridge to cars after cracks found</h1>"
        f"{ENGLISH_BODY}</div>"
    )
    head = "<title>Council shuts river bridge to cars after cracks found | Courier</title>"
    extracted = extract_html(page(body, head=head))
    assert extracted.title == "Council shuts river bridge to cars after cracks found"


def test_an_unclosed_title_element_gives_its_first_line_only() -> None:
    head = "<title>Bridge to close\n<script src='/a.js'></script>"
    extracted = extract_html(page(ENGLISH_BODY, head=head))
    assert extracted.title == "Bridge to close"


def test_a_short_page_is_read_block_by_block_not_run_together() -> None:
    # on a page of one paragraph trafilatura falls back to text in one piece: the headline,
    # the share buttons and the story ran together in one paragraph ("Un sismo … sur de
    # Chile Facebook X WhatsApp SANTIAGO, 3 mar (Reuters) - …"), the dateline unread
    lead = (
        "SANTIAGO, 3 mar (Reuters) - Un sismo de magnitud 5,2 sacudió el domingo la región"
        " de La Araucanía, en el sur de Chile, sin que se reportaran daños ni víctimas,"
        " informó el Servicio Sismológico Nacional."
    )
    html = (
        "<html><head><meta charset='utf-8'><title>Un sismo sacude el sur de Chile | News</title>"
        "</head><body><header><nav><ul><li><a href='/0'>Inicio</a></li>"
        "<li><a href='/1'>Economía</a></li></ul></nav></header>"
        "<div class='cookie'><p>Utilizamos cookies propias y de terceros para mejorar nuestros"
        " servicios. Aceptar</p></div>"
        "<main><article><h1>Un sismo sacude el sur de Chile</h1>"
        "<div class='share'><a href='#'>Facebook</a> <a href='#'>X</a>"
        f" <a href='#'>WhatsApp</a></div><div><p>{lead}</p></div></article></main>"
        "<footer><p>© 2024</p></footer></body></html>"
    )
    found = extract_html(html)
    assert found.body == lead
    assert found.title == "Un sismo sacude el sur de Chile"


def test_an_epoch_date_on_a_page_is_no_date_and_the_next_source_gives_it() -> None:
    """The Unix epoch (1 January 1970, 1970-01-01T00:00:00) is a CMS's placeholder for no
    date: from the page's metadata or from a dateline opening its text, the page's date
    comes from the next source, not from it."""

    def published(html: str, uri: str) -> tuple[str | None, list[tuple[str, str]]]:
        article = _article(html, uri)
        fields = [(f.value, f.method) for f in article.facts.fields if f.field == "published_at"]
        return (article.published_at.date().isoformat() if article.published_at else None), fields

    story = "".join(f"<p>{p}</p>" for p in STORY[1:])
    opening = f"<article><h1>Bridge to close</h1><p>LONDON, 1 January 1970 - {STORY[0]}</p>{story}"
    filed = "file:///pages/2025/11/19/bridge.html"
    assert published(page(opening + "</article>"), filed) == (
        "2025-11-19",
        [("2025-11-19", "path_date")],
    )
    assert published(page(opening + "</article>"), "file:///pages/bridge.html") == (None, [])
    epoch_meta = (
        "<title>Bridge to close</title>"
        "<meta property='article:published_time' content='1970-01-01T00:00:00Z'>"
        "<meta name='dc.date' content='2024-03-05'>"
    )
    body = f"<article><h1>Bridge to close</h1>{''.join(f'<p>{p}</p>' for p in STORY)}</article>"
    assert published(page(body, epoch_meta), filed) == (
        "2024-03-05",
        [("2024-03-05", "html_metadata")],
    )
