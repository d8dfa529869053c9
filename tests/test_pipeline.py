"""The stages end to end without Prefect: the engine in-process, which the flow must match."""

from __future__ import annotations

import hashlib
import json
import os
import random
import shutil
from datetime import UTC, datetime
from pathlib import Path

import duckdb
import ftfy.bad_codecs  # noqa: F401  (registers sloppy-windows-1252)
import pytest

from bad_inputs import EXPECTED, MAX_BYTES, make_bad_inputs
from http_server import STORY, serve
from newsroom.article import MAX_ARTICLE_WORDS
from newsroom.engine import ingest_files, ingest_urls, reprocess
from newsroom.records import RunSummary
from newsroom.sources.http import FetchSettings
from newsroom.warehouse import Warehouse
from newsroom.warehouse.admin import warehouse_status
from newsroom.warehouse.runs import work_path
from readback import query as rows


def test_every_bad_input_becomes_an_error_row_and_the_good_one_loads(
    tmp_path: Path, warehouse_path: Path
) -> None:
    paths = make_bad_inputs(tmp_path / "in")
    summary = ingest_files(paths, warehouse_path, max_bytes=MAX_BYTES).summary

    errors = {
        Path(uri).name: (stage, error)
        for uri, stage, error in rows(
            warehouse_path, "SELECT source_uri, stage, error FROM ingest_errors"
        )
    }
    expected_errors = {name: outcome for name, outcome in EXPECTED.items() if outcome}
    assert errors == expected_errors
    assert [r[0] for r in rows(warehouse_path, "SELECT source_uri FROM articles")] == [
        (tmp_path / "in" / "good.txt").as_uri()
    ]
    assert summary.new == 1
    assert summary.failed == len(expected_errors)
    assert summary.seen == len(EXPECTED)
    details = rows(warehouse_path, "SELECT detail FROM ingest_errors")
    assert all(d[0] for d in details), "every error says why"


def test_seeds_load_idempotently_and_a_changed_file_is_a_new_version(
    seeds: Path, warehouse_path: Path
) -> None:
    def ingest() -> RunSummary:
        return ingest_files([str(seeds)], warehouse_path).summary

    first = ingest()
    assert (first.seen, first.new, first.failed) == (5, 5, 0)
    again = ingest()
    assert (again.new, again.changed, again.unchanged, again.duplicates) == (0, 0, 5, 0)
    assert rows(warehouse_path, "SELECT count(*) FROM article_versions") == [(5,)]

    target = next(iter(sorted(seeds.glob("004_*.txt"))))
    target.write_text(  # an edit of its text (bytes alone make no version)
        target.read_text(encoding="utf-8").replace("financially speaking", "in money terms"),
        encoding="utf-8",
    )
    third = ingest()
    assert (third.new, third.changed, third.unchanged) == (0, 1, 4)
    assert rows(warehouse_path, "SELECT count(*) FROM articles") == [(5,)]
    assert rows(
        warehouse_path,
        "SELECT count(*) FROM article_versions WHERE superseded_at IS NOT NULL",
    ) == [(1,)]

    copy = seeds / "copy-of-000.txt"
    shutil.copy(next(iter(sorted(seeds.glob("000_*.txt")))), copy)
    fourth = ingest()
    assert (fourth.new, fourth.duplicates) == (1, 1)


def test_an_edited_copy_of_a_story_is_a_changed_file_not_a_duplicate(
    seeds: Path, warehouse_path: Path
) -> None:
    first = next(iter(sorted(seeds.glob("000_*.txt"))))
    shutil.copy(first, seeds / "copy-of-000.txt")
    loaded = ingest_files([str(seeds)], warehouse_path).summary
    assert (loaded.new, loaded.new_stories, loaded.duplicates) == (6, 5, 1)
    copy = seeds / "copy-of-000.txt"
    copy.write_text(
        copy.read_text(encoding="utf-8").replace("angry rant", "furious rant"), encoding="utf-8"
    )
    edited = ingest_files([str(seeds)], warehouse_path).summary
    # the new version keeps its story: no new story, and no copy of a known one either
    assert (edited.new, edited.changed, edited.new_stories, edited.duplicates) == (0, 1, 0, 0)
    assert rows(warehouse_path, "SELECT count(DISTINCT story_id) FROM articles") == [(5,)]


def test_every_encoding_of_one_article_loads_to_the_same_text(
    tmp_path: Path, warehouse_path: Path
) -> None:
    text = (
        "Putin’s army chief “fainted” after an angry rant\n\n"
        "Russia’s top general, Valery Gerasimov, “fainted” after hearing an angry rant from "
        "a subordinate, according to an alleged audio leak published on Saturday.\n\n"
        "The Defence Ministry in Moscow declined to comment on the recording, which could "
        "not be verified independently – and the café near the ministry stayed closed.\n"
    )
    folder = tmp_path / "enc"
    folder.mkdir()
    (folder / "utf8.txt").write_bytes(text.encode("utf-8"))
    (folder / "utf8bom.txt").write_bytes(text.encode("utf-8-sig"))
    (folder / "utf16.txt").write_bytes(text.encode("utf-16"))
    (folder / "cp1252.txt").write_bytes(text.encode("cp1252"))
    # Mojibake: UTF-8 bytes once wrongly decoded as cp1252 (as browsers do, bytes that
    # cp1252 leaves undefined pass through) and saved again as UTF-8.
    mangled = text.encode("utf-8").decode("sloppy-windows-1252")
    (folder / "mojibake.txt").write_bytes(mangled.encode("utf-8"))
    assert "Putinâ€™s" in (folder / "mojibake.txt").read_text(encoding="utf-8")

    summary = ingest_files([str(folder)], warehouse_path).summary
    assert (summary.new, summary.duplicates, summary.failed) == (5, 4, 0)
    found = rows(warehouse_path, "SELECT DISTINCT title, body FROM articles")
    assert len(found) == 1
    title, body = found[0]
    assert title == "Putin’s army chief “fainted” after an angry rant"
    assert "Russia’s top general, Valery Gerasimov, “fainted”" in str(body)
    assert "â€" not in str(body)
    encodings = dict(
        rows(warehouse_path, "SELECT regexp_extract(source_uri, '[^/]+$'), encoding FROM articles")
    )
    assert encodings["cp1252.txt"] == "cp1252"
    assert encodings["utf16.txt"].startswith("utf-16")


def test_an_html_file_is_extracted_not_cleaned_as_text(
    tmp_path: Path, warehouse_path: Path
) -> None:
    from http_server import STORY, article_html

    page = tmp_path / "saved-page.html"
    page.write_text(article_html("Council closes the harbour bridge", STORY), encoding="utf-8")
    summary = ingest_files([str(page)], warehouse_path).summary
    assert (summary.new, summary.failed) == (1, 0)
    [(title, body, site, method)] = rows(
        warehouse_path, "SELECT title, body, site_name, extraction_method FROM articles"
    )
    assert title == "Council closes the harbour bridge"
    assert str(body).startswith("The city council voted on Tuesday")
    assert "<p>" not in str(body) and "All rights reserved" not in str(body)
    assert site == "The Daily Test" and method


def test_a_page_that_opens_with_kilobytes_of_blank_lines_is_extracted(
    tmp_path: Path, warehouse_path: Path
) -> None:
    """trial19: a ColdFusion page opened with over 4 KB of blank lines before its first tag: it
    was read as text, its markup in the body and "&nbsp;&nbsp;&nbsp;Wed, Jan 16, 2008 <img
    src=…>" its dateline."""
    from http_server import STORY, article_html

    page = tmp_path / "page.html"
    page.write_text(
        "\n\t\n  " * 2000 + article_html("Council closes the harbour bridge", STORY),
        encoding="utf-8",
    )
    ingest_files([str(page)], warehouse_path)
    [(title, body, method)] = rows(
        warehouse_path, "SELECT title, body, extraction_method FROM articles"
    )
    assert title == "Council closes the harbour bridge" and method is not None
    assert "<p>" not in str(body) and str(body).startswith("The city council voted")


def test_an_xhtml_page_and_a_page_fragment_are_extracted_not_cleaned_as_text(
    tmp_path: Path, warehouse_path: Path
) -> None:
    """An XHTML page keeps its XML declaration above the doctype, and a crawler's dump
    may start at a <div> under a comment: both were cleaned as text, markup and all
    (35 of 646 HTML files of an archive kept '<a href=...>' lines in their bodies)."""
    from http_server import STORY, article_html

    page = article_html("Council closes the harbour bridge", STORY)
    xhtml = '<?xml version="1.0" encoding="UTF-8"?>\n' + page.replace(
        "<!doctype html>", '<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN">'
    )
    (tmp_path / "xhtml.html").write_text(xhtml, encoding="utf-8")
    fragment = page[page.index("<nav>") : page.index("</body>")]
    (tmp_path / "fragment.html").write_text("<!-- saved -->\n" + fragment, encoding="utf-8")
    (tmp_path / "text.txt").write_text(
        "Tags in a story\n\nThe <div> element, the council's web team explained on Tuesday,"
        " holds the parts of a page together, and its <p> tags mark the paragraphs.\n",
        encoding="utf-8",
    )
    summary = ingest_files([str(tmp_path)], warehouse_path).summary
    assert (summary.new, summary.failed) == (3, 0)
    found = rows(
        warehouse_path,
        "SELECT regexp_extract(source_uri, '[^/]+$'), body, extraction_method FROM articles"
        " ORDER BY 1",
    )
    assert [(name, method is not None) for name, _, method in found] == [
        ("fragment.html", True),
        ("text.txt", False),
        ("xhtml.html", True),
    ]
    for name, body, _ in found[::2]:
        assert str(body).startswith("The city council voted on Tuesday"), name
        assert "<" not in str(body) and "All rights reserved" not in str(body), name
    assert "<div>" in str(found[1][1])


def test_unmodified_files_are_not_read_again(seeds: Path, warehouse_path: Path) -> None:
    import os

    def ingest() -> RunSummary:
        return ingest_files([str(seeds)], warehouse_path).summary

    ingest()
    target = sorted(seeds.glob("002_*.txt"))[0]
    stat = target.stat()
    stored = f"SELECT raw_sha256 FROM articles WHERE source_uri = '{target.as_uri()}'"
    before = rows(warehouse_path, stored)
    # Same size and modification time, other bytes: the quick check trusts size + mtime,
    # so the file is not read (were it read, its version would take the new bytes' hash).
    data = bytearray(target.read_bytes())
    data[-3:-1] = b"!!"
    target.write_bytes(bytes(data))
    os.utime(target, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert ingest().unchanged == 5
    assert rows(warehouse_path, stored) == before
    # Touched: read again (its version takes the new hash), and new text makes a version
    os.utime(target, None)
    again = ingest()
    assert rows(warehouse_path, stored) == [(hashlib.sha256(data).hexdigest(),)]
    assert again.changed + again.unchanged == 5


def test_one_article_under_two_addresses_counts_once_and_every_response_is_counted(
    warehouse_path: Path,
) -> None:
    """Two URLs whose pages name one canonical address are one document; the second is
    unchanged, in the fetch and in a reprocess of the archive, even in another batch."""
    with serve() as (base, _):
        fetched = ingest_urls(
            [f"{base}/alias/1", f"{base}/alias/2"],
            warehouse_path,
            settings=FetchSettings(allow_private=True, host_delay=0),
            batch_size=1,
        ).summary
    assert (fetched.seen, fetched.new, fetched.unchanged) == (2, 1, 1)
    redone = reprocess(warehouse_path, batch_size=1).summary
    assert redone.seen == 2
    assert (redone.new, redone.changed, redone.unchanged, redone.failed) == (0, 0, 2, 0)


def test_a_reprocess_counts_a_page_that_still_fails_as_failed_before(
    warehouse_path: Path,
) -> None:
    """trial16: every reprocess recorded the same archived pages' failures again and
    exited 3, where fetch and ingest count an unchanged failure as failed before."""
    with serve() as (base, state):
        state.pages["menu"] = "<html><body><nav><a href='/'>Home</a></nav></body></html>"
        fetched = ingest_urls(
            [f"{base}/story/good", f"{base}/story/menu"],
            warehouse_path,
            settings=FetchSettings(allow_private=True, host_delay=0),
        ).summary
    assert (fetched.new, fetched.failed) == (1, 1)
    for _ in range(2):
        redone = reprocess(warehouse_path).summary
        assert (redone.unchanged, redone.failed, redone.failed_before) == (1, 0, 1)
        assert not redone.every_one_failed
    assert rows(warehouse_path, "SELECT count(*) FROM ingest_errors") == [(1,)]
    assert Warehouse(warehouse_path).failing_count() == 1  # still to mend


def test_files_carry_the_outlet_named_for_them_unless_a_page_names_its_own(
    seeds: Path, tmp_path: Path, warehouse_path: Path
) -> None:
    """Every file's outlet was 'file': an archive of one outlet's stories could not be told
    from another's. ``--outlet`` names it, with the method 'given'; a saved page that
    names its own site keeps that, and a run without ``--outlet`` still says 'file'."""
    from http_server import STORY, article_html

    archive = tmp_path / "archive"
    archive.mkdir()
    shutil.copy(sorted(seeds.iterdir())[0], archive / "story.txt")
    page = article_html("Council closes the harbour bridge", STORY)
    (archive / "saved.html").write_text(page, encoding="utf-8")
    bare = page.replace('<meta property="og:site_name" content="The Daily Test">', "")
    assert bare != page
    (archive / "bare.html").write_text(bare.replace("harbour", "river"), encoding="utf-8")
    other = tmp_path / "other"
    other.mkdir()
    shutil.copy(sorted(seeds.iterdir())[1], other / "plain.txt")
    # a saved page that names no site but its address: its host, as a fetch of it would
    # (trial17: such pages fell into the outlet 'file')
    addressed = bare.replace(
        "<head>", '<head><link rel="canonical" href="https://www.coastal-news.example/a/1">'
    )
    (other / "addressed.html").write_text(addressed.replace("harbour", "ferry"), "utf-8")

    assert ingest_files([str(archive)], warehouse_path, outlet="Harbour Gazette").summary.new == 3
    assert ingest_files([str(other)], warehouse_path).summary.new == 2

    outlets = dict(
        rows(
            warehouse_path,
            "SELECT regexp_extract(source_uri, '[^/]+$'), outlet"
            " FROM articles JOIN article_outlets USING (article_id)",
        )
    )
    assert outlets == {
        "story.txt": "Harbour Gazette",
        "bare.html": "Harbour Gazette",
        "saved.html": "The Daily Test",
        "plain.txt": "file",
        "addressed.html": "coastal-news.example",
    }
    methods = rows(
        warehouse_path,
        "SELECT value, method, confidence FROM article_fields WHERE field = 'site_name'"
        " ORDER BY value",
    )
    assert methods == [
        ("Harbour Gazette", "given", 1.0),
        ("Harbour Gazette", "given", 1.0),
        ("The Daily Test", "html_metadata", 0.9),
        ("coastal-news.example", "page_url_host", 0.7),
    ]
    runs = rows(warehouse_path, "SELECT parameters FROM runs ORDER BY started_at")
    first, second = (json.loads(str(parameters)) for (parameters,) in runs)
    assert first["outlet"] == "Harbour Gazette" and "outlet" not in second


def test_a_page_served_as_plain_text_is_an_article_cleaned_as_a_text_file(
    warehouse_path: Path,
) -> None:
    """A wire's .txt or an archive served as text/plain was refused as an unsupported
    content type: it is an article, its charset honoured, its boilerplate cleaned like a
    text file's; a binary file served as text/plain is still refused."""
    story = (
        "Storm floods homes in Lisbon\n\n"
        "Home | World | Sport | Weather\n\n"
        "A storm flooded 1,200 homes in Lisbon on Tuesday, the city's mayor Carlos Moedas "
        "said. Firefighters rescued 87 people and 14 were taken to hospital, according to "
        "the Portuguese civil protection agency.\n\n"
        "The storm brought 96 millimetres of rain in six hours, the most since 1967, the "
        "weather service said. The prime minister will visit the city on Wednesday.\n"
    )
    russian = "Шторм в Лиссабоне\n\nВо вторник шторм затопил 1 200 домов в Лиссабоне, " \
        "сообщил мэр города. Пожарные спасли 87 человек, сообщает агентство.\n"  # fmt: skip
    with serve() as (base, state):
        state.texts["storm.txt"] = (story.encode(), "text/plain; charset=utf-8")
        state.texts["shtorm.txt"] = (russian.encode("cp1251"), "text/plain; charset=windows-1251")
        state.texts["photo.txt"] = (b"\x89PNG\r\n\x1a\n" + bytes(300), "text/plain")
        summary = ingest_urls(
            [f"{base}/text/storm.txt", f"{base}/text/shtorm.txt", f"{base}/text/photo.txt"],
            warehouse_path,
            settings=FetchSettings(allow_private=True, host_delay=0),
        ).summary
    assert (summary.new, summary.failed) == (2, 1)
    articles = dict(
        rows(warehouse_path, "SELECT regexp_extract(source_uri, '[^/]+$'), body FROM articles")
    )
    assert articles["storm.txt"].startswith("A storm flooded 1,200 homes in Lisbon")
    assert "Home | World" not in articles["storm.txt"]
    assert "затопил 1 200 домов" in articles["shtorm.txt"]
    [(uri, stage)] = rows(warehouse_path, "SELECT source_uri, stage FROM ingest_errors")
    assert uri.endswith("/photo.txt") and stage == "decode"


def test_a_japanese_page_without_a_heading_takes_its_title_from_the_title_tag(
    warehouse_path: Path,
) -> None:
    """A Shift-JIS (or EUC-JP) page whose headline is only in its <title> was stored with
    its first paragraph as the title. Not the decoding: the headline scorer counted a run
    of Japanese as one word, so the <title> shared no word with the lead and had too few
    words to be a headline. Runs of scripts written without spaces now give character
    pairs."""
    headline = "東京で大雨、交通機関に乱れ"
    paragraphs = "".join(
        f"<p>{p}</p>"
        for p in (
            "気象庁によると、東京都心では五日未明から激しい雨が降り、"
            "午前六時までの一時間に五十ミリの雨量を観測した。",
            "JR東日本は山手線の一部区間で運転を見合わせ、通勤客ら約二万人に影響が出た。"
            "同社は午前九時ごろに運転を再開したと発表した。",
            "都内では道路の冠水が相次ぎ、警視庁は住民に不要不急の外出を控えるよう呼びかけている。",
        )
    )
    with serve() as (base, state):
        for name, encoding in (("sjis", "shift_jis"), ("eucjp", "euc_jp")):
            page = (
                f'<html lang="ja"><head><meta charset="{encoding}">'
                f"<title>{headline}｜毎朝新聞</title></head>"
                f'<body><div id="main">{paragraphs}</div></body></html>'
            )
            state.texts[name] = (page.encode(encoding), "text/html")
        summary = ingest_urls(
            [f"{base}/text/sjis", f"{base}/text/eucjp"],
            warehouse_path,
            settings=FetchSettings(allow_private=True, host_delay=0),
        ).summary
    assert summary.new == 2
    titles = rows(warehouse_path, "SELECT title FROM articles")
    assert [title for (title,) in titles] == [f"{headline}｜毎朝新聞"] * 2


def test_a_sitemap_run_again_fetches_only_the_pages_changed_since(warehouse_path: Path) -> None:
    """A sitemap fetched again requested every page again, one request start a second by
    default (2,000 pages: 33 minutes to learn that nothing changed). A page whose
    <lastmod> is before its last fetch that made an article is not fetched again; one
    changed since, without <lastmod>, or asked for by name, is."""
    urlset = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        "<url><loc>{base}/story/old</loc><lastmod>2020-01-01</lastmod></url>"
        "<url><loc>{base}/story/later</loc><lastmod>2999-01-01T00:00:00Z</lastmod></url>"
        "<url><loc>{base}/story/undated</loc></url>"
        "</urlset>"
    )
    settings = FetchSettings(allow_private=True, host_delay=0)
    with serve() as (base, state):
        state.texts["sitemap.xml"] = (urlset.format(base=base).encode(), "application/xml")
        first = ingest_urls(
            sitemaps=[f"{base}/text/sitemap.xml"], warehouse=warehouse_path, settings=settings
        ).summary
        again = ingest_urls(
            sitemaps=[f"{base}/text/sitemap.xml"], warehouse=warehouse_path, settings=settings
        ).summary
        hits = {name: state.hits[f"/story/{name}"] for name in ("old", "later", "undated")}
        ingest_urls(  # a URL asked for by name is fetched, whatever the sitemap says
            [f"{base}/story/old"],
            warehouse_path,
            sitemaps=[f"{base}/text/sitemap.xml"],
            settings=settings,
        )
        by_name = state.hits["/story/old"]
        # a site that leaves <lastmod> stale when it edits a page: every page asked for
        ignoring = ingest_urls(
            sitemaps=[f"{base}/text/sitemap.xml"],
            warehouse=warehouse_path,
            settings=settings,
            trust_lastmod=False,
        ).summary
        asked_again = state.hits["/story/old"]
    assert (first.seen, first.new) == (3, 3)
    assert (again.seen, again.new, again.unchanged, again.failed) == (3, 0, 3, 0)
    assert hits == {"old": 1, "later": 2, "undated": 2}
    assert by_name == 2
    assert asked_again == 3
    assert (ignoring.seen, ignoring.new, ignoring.failed) == (3, 0, 0)


def test_a_sitemaps_pages_that_failed_for_good_are_not_asked_for_again(
    warehouse_path: Path,
) -> None:
    """A sitemap listing a dead page asked for it on every run, and every run failed
    (exit 3) and recorded it again (87 identical error rows a run in a trial): a page
    gone (404), refused by robots.txt or of a type no article is in is not asked for again
    and counts as failed before, as an unchanged file that failed does; a server error
    passes and is asked for again; so is a page its sitemap says changed since, one asked
    for by name, every one with retry_failed, and each again a week on."""
    pages = ("story/good", "gone", "private/page", "image.png", "error500")
    urlset = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        + "".join(f"<url><loc>{{base}}/{page}</loc></url>" for page in pages)
        + "</urlset>"
    )
    settings = FetchSettings(allow_private=True, host_delay=0, retries=0)
    with serve() as (base, state):
        state.texts["sitemap.xml"] = (urlset.format(base=base).encode(), "application/xml")

        def run(**options: object) -> RunSummary:
            return ingest_urls(
                sitemaps=[f"{base}/text/sitemap.xml"],
                warehouse=warehouse_path,
                settings=settings,
                **options,  # type: ignore[arg-type]
            ).summary

        first = run()
        again = run()
        asked = {page: state.hits[f"/{page}"] for page in pages}
        by_name = ingest_urls([f"{base}/gone"], warehouse_path, settings=settings).summary
        retried = run(retry_failed=True)
        asked_at_last = {page: state.hits[f"/{page}"] for page in pages}
        # a week on, a page that failed for good is asked for again (gone for a moment)
        for path in (warehouse_path, work_path(warehouse_path)):
            con = duckdb.connect(str(path))
            con.execute("""UPDATE ingest_errors SET "at" = "at" - INTERVAL 8 DAY""")
            con.close()
        later = run()
    assert (first.seen, first.new, first.failed, first.failed_before) == (5, 1, 4, 0)
    # the 404, robots.txt's refusal and the image: failed before; the 500 is asked again
    assert (again.seen, again.unchanged, again.failed, again.failed_before) == (5, 1, 1, 3)
    assert asked == {"story/good": 2, "gone": 1, "private/page": 0, "image.png": 1, "error500": 2}
    assert by_name.failed == 1  # asked for by name: asked
    assert retried.failed == 4 and retried.failed_before == 0
    assert asked_at_last["gone"] == 3 and asked_at_last["image.png"] == 2
    assert later.failed_before == 0 and later.failed == 4


def folder_with_a_seed(tmp_path: Path, seeds: Path) -> Path:
    """A folder to ingest, holding the first seed article."""
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(next(seeds.glob("000_*.txt")), folder)
    return folder


def test_a_file_saved_again_with_the_same_text_is_no_new_version(
    tmp_path: Path, warehouse_path: Path
) -> None:
    """Other line endings or another encoding, the same title and body: unchanged, and the
    current version takes the new bytes' hash so that the next run skips the file at
    once (trial15: a line-ending change made a version identical to the one before)."""
    folder = tmp_path / "in"
    folder.mkdir()
    story = folder / "story.txt"
    text = "\n\n".join(
        [
            "Harbour bridge to close for repairs",
            "By Anna Berg",
            "The harbour bridge will close for six weeks from Monday while engineers replace"
            " its worn bearings, the city council said on Thursday.",
            "Buses will run on the old ferry road instead, and the council said it expected"
            " delays of up to twenty minutes at the busiest times of the day.",
            "The repairs will cost about 4 million euros, paid from the road budget.",
        ]
    )
    story.write_text(text + "\n", encoding="utf-8")

    def ingest() -> RunSummary:
        return ingest_files([str(folder)], warehouse_path).summary

    assert ingest().new == 1
    story.write_bytes(text.replace("\n", "\r\n").encode("utf-8"))
    resaved = ingest()
    assert (resaved.changed, resaved.unchanged) == (0, 1)
    versions = "SELECT raw_sha256, raw_size FROM article_versions"
    crlf = story.read_bytes()
    assert rows(warehouse_path, versions) == [(hashlib.sha256(crlf).hexdigest(), len(crlf))]
    assert (ingest().unchanged, ingest().changed) == (1, 0)
    story.write_text(text.replace("six weeks", "eight weeks") + "\n", encoding="utf-8")
    assert ingest().changed == 1  # an update
    # a byline corrected: the body is the same, what the cleaner read of the text is not
    updated = text.replace("six weeks", "eight weeks")
    story.write_text(updated.replace("Anna Berg", "Anna Berg and Tom Lund") + "\n", "utf-8")
    assert ingest().changed == 1
    authors = "SELECT authors FROM articles"
    assert rows(warehouse_path, authors) == [(["Anna Berg", "Tom Lund"],)]


def test_a_file_that_failed_is_read_again_only_once_it_changes(
    seeds: Path, tmp_path: Path, warehouse_path: Path
) -> None:
    folder = folder_with_a_seed(tmp_path, seeds)
    bad = folder / "bad.txt"
    bad.write_bytes(bytes(range(256)) * 12)  # binary: fails at decode
    (folder / "empty.txt").write_bytes(b"")  # fails at read

    def ingest(**options: bool) -> RunSummary:
        return ingest_files([str(folder)], warehouse_path, **options).summary

    first = ingest()
    assert (first.new, first.failed, first.failed_before) == (1, 2, 0)
    # Unchanged: not read again, no new error row, and the run says how many it skipped
    second = ingest()
    assert (second.unchanged, second.failed, second.failed_before) == (1, 0, 2)
    assert rows(warehouse_path, "SELECT count(*) FROM ingest_errors") == [(2,)]
    assert rows(warehouse_path, "SELECT failed, failed_before FROM runs ORDER BY started_at") == [
        (2, 0),
        (0, 2),
    ]
    assert warehouse_status(warehouse_path).runs[0]["failed_before"] == 2  # newsroom status
    # Changed: read again (and it fails again, a new row)
    bad.write_bytes(bytes(range(256)) * 13)
    third = ingest()
    assert (third.failed, third.failed_before) == (1, 1)
    # Fixed: loaded, and no longer counted as failing
    bad.write_text(
        "A title\n\nA paragraph that is long enough to count as the body of an article,"
        " with a verb and a full stop at the end of it.\n",
        encoding="utf-8",
    )
    fourth = ingest()
    assert (fourth.new, fourth.failed, fourth.failed_before) == (1, 0, 1)
    # Asked to: every file that failed before is read again
    fifth = ingest(retry_failed=True)
    assert (fifth.unchanged, fifth.failed, fifth.failed_before) == (2, 1, 0)


def test_a_file_gone_from_its_folder_keeps_its_article_and_is_no_longer_failing(
    seeds: Path, tmp_path: Path, warehouse_path: Path
) -> None:
    """A file deleted from a folder a run walks: the run counts it gone and records it in
    ``gone_files``; what it loaded stays, and an error of its no longer waits to be
    mended (it had stayed in ``errors --failing`` and ``status`` for good)."""
    folder = folder_with_a_seed(tmp_path, seeds)
    second_seed = sorted(seeds.glob("*.txt"))[1]
    shutil.copy(second_seed, folder)
    bad = folder / "bad.txt"
    bad.write_bytes(bytes(range(256)) * 12)  # binary: fails at decode
    store = Warehouse(warehouse_path)

    def ingest() -> RunSummary:
        return ingest_files([str(folder)], warehouse_path).summary

    first = ingest()
    assert (first.new, first.failed, first.gone) == (2, 1, 0)
    assert store.failing_count() == 1 and warehouse_status(warehouse_path).failing == 1
    bad.unlink()
    (folder / second_seed.name).unlink()
    second = ingest()
    assert (second.unchanged, second.failed, second.failed_before, second.gone) == (1, 0, 0, 2)
    assert store.failing_count() == 0 and store.failing(None) == []
    assert rows(warehouse_path, "SELECT count(*) FROM articles") == [(2,)]  # kept
    assert sorted(u for (u,) in rows(warehouse_path, "SELECT source_uri FROM gone_files")) == [
        (folder / second_seed.name).as_uri(),
        (folder / "bad.txt").as_uri(),
    ]
    assert rows(warehouse_path, "SELECT gone FROM runs ORDER BY started_at") == [(0,), (2,)]
    status = warehouse_status(warehouse_path)  # newsroom status
    assert (status.runs[0]["gone"], status.failing, status.errors) == (2, 0, 1)
    assert ingest().gone == 0  # found gone once, not again each run
    # Back as it was: an unchanged file that failed before, failing again
    bad.write_bytes(bytes(range(256)) * 12)
    back = ingest()
    assert (back.failed, back.failed_before, back.gone) == (0, 1, 0)
    assert [r.source_uri for _, r in store.failing(None)] == [bad.as_uri()]
    assert rows(warehouse_path, "SELECT source_uri FROM gone_files") == [
        ((folder / second_seed.name).as_uri(),)
    ]


def test_a_renamed_files_new_path_leads_its_story(
    seeds: Path, tmp_path: Path, warehouse_path: Path
) -> None:
    """A rename is one article at a new path: the file there supersedes the old path's
    article, so its story leads with the new path and holds one copy, not two, and the
    run counts it moved, not new, a copy and gone (trial15: every renamed or moved file's
    story was led by its path that no longer exists; then it counted two copies)."""
    folder = folder_with_a_seed(tmp_path, seeds)
    old = next(folder.glob("*.txt"))
    ingest_files([str(folder)], warehouse_path)
    seen = "SELECT first_seen_at FROM stories"
    first_seen = rows(warehouse_path, seen)
    new = old.rename(folder / "renamed.txt")
    outcome = ingest_files([str(folder)], warehouse_path)
    summary = outcome.summary
    counts = (summary.new, summary.duplicates, summary.gone, summary.moved)
    assert counts == (0, 0, 0, 1)
    # trial17: a move is no news: first seen when the file was first loaded (the topics
    # had counted moved stories new and spiked), and no new copy in the run's artifact
    assert rows(warehouse_path, seen) == first_seen
    assert rows(warehouse_path, "SELECT first_seen_at FROM articles") == first_seen
    assert outcome.digest.copies == []
    current = "SELECT source_uri, is_canonical FROM articles"
    assert rows(warehouse_path, current) == [(new.as_uri(), True)]
    assert rows(warehouse_path, "SELECT copies FROM stories") == [(1,)]
    assert rows(warehouse_path, "SELECT source_uri, moved_to FROM gone_files") == [
        (old.as_uri(), new.as_uri())
    ]
    assert rows(warehouse_path, "SELECT gone, moved FROM runs ORDER BY started_at") == [
        (0, 0),
        (0, 1),
    ]
    assert warehouse_status(warehouse_path).runs[0]["moved"] == 1  # newsroom status
    history = "SELECT source_uri, superseded_by IS NOT NULL FROM article_versions ORDER BY 1"
    assert rows(warehouse_path, history) == [(old.as_uri(), True), (new.as_uri(), False)]

    new.rename(old)  # back again: the first path leads again, alone
    back = ingest_files([str(folder)], warehouse_path).summary
    assert (back.new, back.duplicates, back.gone, back.moved) == (0, 0, 0, 1)
    assert rows(warehouse_path, current) == [(old.as_uri(), True)]
    assert rows(warehouse_path, "SELECT source_uri, moved_to FROM gone_files") == [
        (new.as_uri(), old.as_uri())
    ]

    copy = folder / "copy.txt"  # a copy beside it is a copy, not a move
    shutil.copy(old, copy)
    beside = ingest_files([str(folder)], warehouse_path).summary
    assert (beside.new, beside.duplicates, beside.moved) == (1, 1, 0)
    assert rows(warehouse_path, "SELECT copies FROM stories") == [(2,)]

    # moved out of the folders read, then back a run later under another name: found
    # again, not a copy of itself (trial17)
    away = tmp_path / "away.txt"
    copy.rename(away)
    assert ingest_files([str(folder)], warehouse_path).summary.gone == 1
    returned = away.rename(folder / "returned.txt")
    again = ingest_files([str(folder)], warehouse_path).summary
    assert (again.new, again.duplicates, again.gone, again.moved) == (0, 0, 0, 1)
    assert rows(warehouse_path, "SELECT copies FROM stories") == [(2,)]
    moved_to = "SELECT moved_to FROM gone_files WHERE source_uri = ?"
    assert rows(warehouse_path, moved_to.replace("?", f"'{copy.as_uri()}'")) == [
        (returned.as_uri(),)
    ]


def test_a_move_seen_over_two_runs_is_a_move(
    seeds: Path, tmp_path: Path, warehouse_path: Path
) -> None:
    """trial19: a file moved to a later month's folder, that folder ingested alone (the
    new path loaded, the old one not looked at), then the whole archive: the old path was
    counted gone, its article stayed current beside the new one, and gone_files named no
    new path. The new path's article, first seen after the old one and holding its bytes in
    its story, is where the file went."""
    archive = tmp_path / "archive"
    may, september = archive / "2025" / "05", archive / "2025" / "09"
    may.mkdir(parents=True)
    september.mkdir(parents=True)
    old = may / "wire.txt"
    shutil.copy(next(seeds.glob("001_*.txt")), old)
    shutil.copy(next(seeds.glob("002_*.txt")), september / "other.txt")
    ingest_files([str(archive)], warehouse_path)
    new = old.rename(september / "wire.txt")
    first = ingest_files([str(september)], warehouse_path).summary
    assert (first.new, first.duplicates) == (1, 1)  # the old path not looked at: a new copy
    summary = ingest_files([str(archive)], warehouse_path).summary
    # counted new and a copy by the run that loaded it, not undone by this one (trial20:
    # this run said new -1, duplicates -1)
    assert (summary.new, summary.duplicates, summary.gone, summary.moved) == (0, 0, 0, 1)
    assert rows(warehouse_path, "SELECT min(new), min(duplicates) FROM runs") == [(0, 0)]
    assert rows(warehouse_path, "SELECT source_uri, moved_to FROM gone_files") == [
        (old.as_uri(), new.as_uri())
    ]
    current = "SELECT source_uri FROM articles WHERE source_uri LIKE '%wire.txt'"
    assert rows(warehouse_path, current) == [(new.as_uri(),)]
    assert rows(warehouse_path, "SELECT count(*) FROM stories") == [(2,)]


def test_a_file_moved_to_a_later_folder_keeps_its_publication_date(
    seeds: Path, tmp_path: Path, warehouse_path: Path
) -> None:
    """trial19: a text file moved into a later day's folder (mv keeps its mtime) lost its
    date: the new folder's day is after the file was last written, so no publication date,
    and the old folder's was gone with the old path. A move changes no publication: the
    article at the new path keeps the old one's date, and says where it came from."""
    archive = tmp_path / "archive"
    may, september = archive / "2025" / "05" / "01", archive / "2025" / "09" / "30"
    may.mkdir(parents=True)
    september.mkdir(parents=True)
    old = may / "wire.txt"
    old.write_text(  # no date of its own: its folder dates it
        "Harbour board approves new ferry terminal\n\n"
        + " ".join(
            f"The harbour board voted to build terminal number {n} after a long debate, and"
            " the mayor said the ferries would run more often once the work was finished."
            for n in range(8)
        ),
        encoding="utf-8",
    )
    written = datetime(2025, 5, 1, 18, tzinfo=UTC).timestamp()
    os.utime(old, (written, written))
    ingest_files([str(archive)], warehouse_path)
    dated = "SELECT published_at FROM articles"
    [(before,)] = rows(warehouse_path, dated)
    assert before is not None and before.date().isoformat() == "2025-05-01"
    new = old.rename(september / "wire.txt")
    assert ingest_files([str(archive)], warehouse_path).summary.moved == 1
    assert rows(warehouse_path, dated) == [(before,)]
    fields = rows(
        warehouse_path,
        "SELECT f.method FROM article_fields f JOIN articles a USING (article_id)"
        " WHERE f.field = 'published_at' AND f.confidence >= 0.5",
    )
    assert fields == [("moved_from:path_date",)]
    assert rows(warehouse_path, "SELECT source_uri FROM articles") == [(new.as_uri(),)]


def test_a_failing_file_moved_is_failed_before_at_its_new_path(
    seeds: Path, tmp_path: Path, warehouse_path: Path
) -> None:
    """trial17: each move of a file that failed recorded a new error and made the run exit
    3, and the old path counted as gone ("what they loaded stays": it loaded nothing)."""
    folder = folder_with_a_seed(tmp_path, seeds)
    bad = folder / "bad.txt"
    bad.write_bytes(bytes(range(256)) * 12)  # binary: fails at decode
    assert ingest_files([str(folder)], warehouse_path).summary.failed == 1
    (folder / "sub").mkdir()
    moved = bad.rename(folder / "sub" / "bad.txt")
    summary = ingest_files([str(folder)], warehouse_path).summary
    counts = (summary.failed, summary.failed_before, summary.moved, summary.gone)
    assert counts == (0, 1, 1, 0)
    assert not summary.every_one_failed
    store = Warehouse(warehouse_path)
    assert [r.source_uri for _, r in store.failing(None)] == [moved.as_uri()]
    assert rows(warehouse_path, "SELECT source_uri, moved_to FROM gone_files") == [
        (bad.as_uri(), moved.as_uri())
    ]
    again = ingest_files([str(folder)], warehouse_path).summary  # skipped there now
    assert (again.failed, again.failed_before, again.moved) == (0, 1, 0)
    assert rows(warehouse_path, "SELECT count(*) FROM ingest_errors") == [(2,)]


def test_twin_files_moved_together_keep_their_names(
    seeds: Path, tmp_path: Path, warehouse_path: Path
) -> None:
    """Two files of the same bytes moved into a folder: each old path is paired with the
    new path of its own name (trial17 saw them paired crosswise)."""
    folder = folder_with_a_seed(tmp_path, seeds)
    seed = next(folder.glob("*.txt"))
    for desk, name in (("p", "z.txt"), ("q", "a.txt")):
        (folder / desk).mkdir()
        shutil.copy(seed, folder / desk / name)
    seed.unlink()
    ingest_files([str(folder)], warehouse_path)
    # p/z.txt to q2/z.txt and q/a.txt to p2/a.txt: in path order the two would cross
    for desk, name, to in (("p", "z.txt", "q2"), ("q", "a.txt", "p2")):
        (folder / to).mkdir()
        (folder / desk / name).rename(folder / to / name)
    assert ingest_files([str(folder)], warehouse_path).summary.moved == 2
    pairs = rows(warehouse_path, "SELECT source_uri, moved_to FROM gone_files")
    assert all(Path(old).name == Path(new).name for old, new in pairs), pairs


def test_a_gone_file_is_recorded_in_every_backend(
    seeds: Path, tmp_path: Path, warehouse_url: str
) -> None:
    folder = folder_with_a_seed(tmp_path, seeds)
    bad = folder / "bad.txt"
    bad.write_bytes(b"")  # fails at read
    assert ingest_files([str(folder)], warehouse_url).summary.failed == 1
    bad.unlink()
    assert ingest_files([str(folder)], warehouse_url).summary.gone == 1
    store = Warehouse(warehouse_url)
    assert store.failing_count() == 0
    assert store.query("SELECT source_uri FROM gone_files") == [(bad.as_uri(),)]
    bad.write_bytes(b"")  # back (and read again: an empty file is not told apart by its bytes)
    assert ingest_files([str(folder)], warehouse_url).summary.gone == 0
    assert store.query("SELECT count(*) FROM gone_files") == [(0,)]
    assert store.failing_count() == 1


def test_a_moved_file_supersedes_its_old_path_in_every_backend(
    seeds: Path, tmp_path: Path, warehouse_url: str
) -> None:
    folder = folder_with_a_seed(tmp_path, seeds)
    old = next(folder.glob("*.txt"))
    ingest_files([str(folder)], warehouse_url)
    (folder / "sub").mkdir()
    new = old.rename(folder / "sub" / old.name)
    assert ingest_files([str(folder)], warehouse_url).summary.moved == 1
    store = Warehouse(warehouse_url)
    assert store.query("SELECT source_uri, copies FROM articles JOIN stories USING (story_id)") == [
        (new.as_uri(), 1)
    ]
    assert store.query("SELECT moved_to FROM gone_files") == [(new.as_uri(),)]


def test_what_a_run_cannot_see_is_not_gone(
    seeds: Path, tmp_path: Path, warehouse_path: Path
) -> None:
    """A folder that is not there (a drive not mounted) has not lost its files, a pattern
    that matches nothing was never a file, and a file left out of the walk (hidden) or
    named alone is not gone while it is there."""
    folder = folder_with_a_seed(tmp_path, seeds)
    (folder / ".hidden.txt").write_text("x", encoding="utf-8")
    pattern = str(folder / "*.md")
    first = ingest_files([str(folder), pattern], warehouse_path).summary
    assert (first.new, first.failed) == (1, 1)  # the pattern matches nothing
    again = ingest_files([str(folder), pattern], warehouse_path).summary
    assert (again.gone, again.failed_before) == (0, 1)
    assert [r.source_uri for _, r in Warehouse(warehouse_path).failing(None)] == [
        Path(pattern).as_uri()
    ]
    # the folder alone now: the pattern's error is left as it was, not found gone
    assert ingest_files([str(folder)], warehouse_path).summary.gone == 0
    moved = folder.rename(tmp_path / "elsewhere")
    away = ingest_files([str(folder)], warehouse_path).summary
    assert (away.gone, away.errors_by_stage) == (0, {"discover": 1})
    moved.rename(folder)
    assert ingest_files([str(folder)], warehouse_path).summary.gone == 0


def test_a_glob_run_finds_gone_the_files_its_pattern_matched(
    seeds: Path, tmp_path: Path, warehouse_path: Path
) -> None:
    folder = folder_with_a_seed(tmp_path, seeds)
    (folder / "2026" / "11").mkdir(parents=True)
    deep = folder / "2026" / "11" / "story.txt"
    shutil.copy(sorted(seeds.glob("*.txt"))[1], deep)
    (folder / "notes.md").write_text("A title\n\nNot matched by the pattern.\n", encoding="utf-8")
    pattern = str(folder / "**" / "*.txt")
    assert ingest_files([pattern], warehouse_path).summary.new == 2
    assert ingest_files([str(folder / "notes.md")], warehouse_path).summary.seen == 1
    deep.unlink()
    (folder / "notes.md").unlink()  # not the pattern's: another run's file, not gone here
    assert ingest_files([pattern], warehouse_path).summary.gone == 1
    assert rows(warehouse_path, "SELECT source_uri FROM gone_files") == [(deep.as_uri(),)]


def test_a_folder_that_loops_back_fails_once_then_counts_as_failed_before(
    seeds: Path, tmp_path: Path, warehouse_path: Path
) -> None:
    # a link back to a folder that contains it: reported the first time, then counted as
    # failed before, unchanged, as a file that failed is (a scheduled run exits 0)
    folder = folder_with_a_seed(tmp_path, seeds)
    (folder / "sub").mkdir()
    (folder / "sub" / "back").symlink_to(folder, target_is_directory=True)

    def ingest(**options: bool) -> RunSummary:
        return ingest_files([str(folder)], warehouse_path, **options).summary

    first = ingest()
    assert (first.new, first.failed, first.failed_before) == (1, 1, 0)
    assert first.errors_by_stage == {"discover": 1}
    second = ingest()
    assert (second.unchanged, second.failed, second.failed_before) == (1, 0, 1)
    assert rows(warehouse_path, "SELECT count(*) FROM ingest_errors") == [(1,)]
    assert ingest(retry_failed=True).failed == 1  # asked to: looked at and reported again
    (folder / "sub" / "back").unlink()
    assert ingest().failed_before == 0  # gone: nothing failing


def test_data_and_code_files_beside_articles_are_no_articles(
    seeds: Path, tmp_path: Path, warehouse_path: Path
) -> None:
    # a spreadsheet, JSON and a script in a folder of articles: each a clear error, not an
    # article titled "id,name,value" naming Alice Smith; unchanged, not reported again
    folder = folder_with_a_seed(tmp_path, seeds)
    (folder / "data.csv").write_text("id,name,value\n1,Alice Smith,3\n2,Bob Jones,4\n")
    (folder / "feed.json").write_text('{"title": "Council shuts bridge", "id": 1}\n')
    (folder / "tool.py").write_text("print('Council shuts the river bridge to cars')\n")
    (folder / "notes.md").write_text(
        "Council shuts river bridge\n\nThe council shut the river bridge to cars on Monday"
        " after engineers found cracks in two of its supports during an inspection.\n"
    )
    first = ingest_files([str(folder)], warehouse_path).summary
    assert (first.new, first.failed) == (2, 3)  # the seed and the notes
    assert (
        sorted(rows(warehouse_path, "SELECT error, stage FROM ingest_errors"))
        == [("not_an_article", "read")] * 3
    )
    [(detail,)] = rows(
        warehouse_path, "SELECT detail FROM ingest_errors WHERE source_uri LIKE '%data.csv'"
    )
    assert detail.startswith("a table of values, not an article")
    again = ingest_files([str(folder)], warehouse_path).summary
    assert (again.failed, again.failed_before) == (0, 3)


def ingest_one_story(tmp_path: Path, warehouse_path: Path, story: str) -> None:
    """A folder holding one text file of ``story``, ingested."""
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "story.txt").write_text(story, encoding="utf-8")
    ingest_files([str(tmp_path / "in")], warehouse_path)


def test_a_text_files_byline_names_its_authors(tmp_path: Path, warehouse_path: Path) -> None:
    story = (
        "ECB holds rates as inflation cools\n\n"
        "By Maria Lopez and John Roe, Reuters\n\n"
        "FRANKFURT, March 12, 2026 — The European Central Bank left its key interest rate"
        " unchanged on Thursday, as inflation in the euro zone eased for a third month.\n\n"
        "Economists had expected the decision after figures published last week showed"
        " annual inflation at 2.1% in February, down from 2.4% in January.\n\n"
        "The bank will meet again in April, when new forecasts are due from its staff.\n\n"
        "Related: Why rates stay high\nBy Anna Schmidt on 3/11/2026\n"
    )
    ingest_one_story(tmp_path, warehouse_path, story)
    [(authors, published)] = rows(warehouse_path, "SELECT authors, published_at FROM articles")
    # the byline by the headline, without its outlet; not a teaser's below the story
    assert list(authors) == ["Maria Lopez", "John Roe"]
    assert str(published).startswith("2026-03-12")
    [(method,)] = rows(
        warehouse_path, "SELECT DISTINCT method FROM article_fields WHERE field = 'author'"
    )
    assert method == "byline"


@pytest.mark.parametrize(
    ("byline", "author"),
    [
        ("Posted on March 14, 2024 by Jenny Marlowe", "Jenny Marlowe"),
        ("Written by Marco Bellini | 12 December 2022 | 6 min read", "Marco Bellini"),
        # a role in lower case or of any words, and other labels before "by" (trial15's
        # and trial16's text files lost these authors: the line went, its name with it)
        ("Daniel Cho, transport correspondent", "Daniel Cho"),
        ("Daniel Cho | Our Gardening Correspondent", "Daniel Cho"),
        ("Words by Daniel Cho", "Daniel Cho"),
    ],
)
def test_a_blog_posts_byline_names_its_author(
    byline: str, author: str, tmp_path: Path, warehouse_path: Path
) -> None:
    # the line's form reads as a date or a reading time (chrome, a credit): its author too
    story = (
        "Why I moved my garden to raised beds\n\n"
        f"{byline}\n\n"
        "Three summers ago I gave up on the clay soil behind the house and built four raised"
        " beds out of old fence boards, and I have not looked back since.\n\n"
        "The beds warm up earlier in spring, drain after heavy rain and keep the slugs out,"
        " which mattered more than anything else for the lettuce.\n"
    )
    ingest_one_story(tmp_path, warehouse_path, story)
    [(authors,)] = rows(warehouse_path, "SELECT authors FROM articles")
    assert list(authors) == [author]


@pytest.mark.parametrize(
    ("story", "author"),
    [
        (
            "上海地铁19号线全线开工\n\n记者 王丽\n\n新华社上海3月3日电 上海市交通委员会3日宣布，"
            "上海轨道交通19号线全线开工建设。该线路全长约44.5公里，设车站30座。\n\n"
            "据介绍，19号线预计2028年建成通车，将有效缓解2号线的客流压力。\n",
            "王丽",
        ),
        (
            "石川県能登地方で震度5弱 津波の心配なし\n\n記者：佐藤花子\n\n"
            "3日午後2時20分ごろ、石川県能登地方を震源とする地震があり、輪島市で震度5弱の"
            "揺れを観測しました。\n\nこの地震による津波の心配はありません。\n",
            "佐藤花子",
        ),
        (
            "서울시 새 교통 정책 발표\n\n김민수 기자 minsu@example.kr\n\n서울시는 3일 새 교통"
            " 정책을 발표했다. 시는 이달부터 버스 노선을 개편한다고 밝혔다.\n\n"
            "시민들은 대체로 환영하는 분위기다.\n",
            "김민수",
        ),
        (
            "الحكومة تعلن خطة جديدة للنقل\n\nبقلم أحمد منصور\n\nأعلنت الحكومة اليوم عن خطة"
            " جديدة لتطوير شبكة النقل العام في العاصمة خلال السنوات الخمس المقبلة.\n\n"
            "وقال الوزير إن الخطة ستكلف مليار دولار.\n",
            "أحمد منصور",
        ),
    ],
)
def test_a_byline_in_a_script_without_capitals_names_its_author(
    story: str, author: str, tmp_path: Path, warehouse_path: Path
) -> None:
    """trial14: the byline lines of Chinese, Japanese, Korean and Arabic stories were kept
    out of the body but gave no author (a name was wanted to have a capital)."""
    ingest_one_story(tmp_path, warehouse_path, story)
    [(authors, body)] = rows(warehouse_path, "SELECT authors, body FROM articles")
    assert list(authors) == [author]
    assert author not in body


@pytest.mark.parametrize(
    ("line", "authors"),
    [
        ("Jane Smith", ["Jane Smith"]),  # a byline without its "By"
        ("NICOLE WINFIELD", ["Nicole Winfield"]),
        ("Ольга Петрова", ["Ольга Петрова"]),  # a first name in another script
        ("Photo Gallery", []),  # a name's form, no person's name
        ("Market Report", []),
    ],
)
def test_a_name_alone_under_the_headline_is_its_author(
    line: str, authors: list[str], tmp_path: Path, warehouse_path: Path
) -> None:
    story = (
        "Central bank holds rates as inflation cools\n\n"
        f"{line}\n\n"
        "March 3, 2024\n\n"
        "The central bank kept its key rate at 5.25 percent on Tuesday, saying inflation"
        " had cooled faster than expected over the winter months.\n\n"
        "Governor Paul Ames told reporters the bank would wait for more data before"
        ' cutting. "We are not there yet," he said.\n'
    )
    ingest_one_story(tmp_path, warehouse_path, story)
    [(found, body)] = rows(warehouse_path, "SELECT authors, body FROM articles")
    assert list(found) == authors
    assert line not in body


def test_the_run_lists_each_new_story_by_the_title_the_warehouse_gives_it(
    tmp_path: Path,
) -> None:
    seed = next(iter(sorted((Path(__file__).resolve().parents[1] / "seeds").glob("000_*"))))
    text = seed.read_text(encoding="utf-8")
    _, _, body = text.partition("\n")
    inbox = tmp_path / "in"
    inbox.mkdir()
    (inbox / "a.txt").write_text(text, encoding="utf-8")  # the founder: "a" sorts first
    added = (
        "Officials in Moscow declined to comment on the recording when they were asked"
        " about it on Tuesday, and the defence ministry said it would not discuss the"
        " health of its commanders with reporters."
    )
    lead_end = "according to an alleged audio leak."
    assert lead_end in body
    longer = "Army chief fainted, audio suggests\n" + body.replace(
        lead_end, f"{lead_end}\n\n{added}", 1
    )
    (inbox / "b.txt").write_text(longer, encoding="utf-8")  # the canonical: more words
    outcome = ingest_files([str(inbox)], tmp_path / "w.duckdb")
    assert outcome.summary.new_stories == 1
    (_, title, source) = outcome.digest.stories[0]
    assert source.endswith("a.txt")
    assert rows(tmp_path / "w.duckdb", "SELECT title FROM stories") == [(title,)]
    assert title == "Army chief fainted, audio suggests"


def test_a_sections_page_of_teasers_is_no_article(tmp_path: Path, warehouse_path: Path) -> None:
    # a section's front page ("/politics/") was loaded as an article: the site's name as
    # its title and the first lines of forty stories, each cut with "…", as its body
    teasers = "".join(
        f"<article><h2><a href='/politics/story-{i}.html'>Council vote number {i} delayed"
        f"</a></h2><p>Officials in Leeds were under pressure on Saturday night as details"
        f" emerged of decision {i} by the council that could affect thousands of…</p>"
        "</article>"
        for i in range(12)
    )
    section = (
        "<html><head><title>Politics | The Harbour Gazette</title></head><body>"
        f"<main>{teasers}</main></body></html>"
    )
    story = (
        "<html><head><title>Council delays vote</title></head><body><article>"
        "<h1>Council delays vote on bridge</h1>"
        "<p>The city council delayed its vote on the river bridge on Tuesday, saying it"
        " needed more time to study the engineers' report on the cracked arches.</p>"
        "<p>The mayor said the delay was regrettable... but necessary, and promised a"
        " decision before the summer.</p>"
        "<p>Shop owners on the north bank said they feared losing trade while the"
        " bridge is shut to cars.</p>"
        "<p>\u201cWe will wait and see…\u201d one of them said.</p>"
        "</article></body></html>"
    )
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "politics.html").write_text(section, encoding="utf-8")
    (folder / "story.html").write_text(story, encoding="utf-8")
    summary = ingest_files([str(folder)], warehouse_path).summary
    assert (summary.new, summary.failed) == (1, 1)
    [(stage, error, detail)] = rows(
        warehouse_path, "SELECT stage, error, detail FROM ingest_errors"
    )
    assert (stage, error) == ("extract", "listing_page")
    assert "12 of 12" in detail


def test_a_rerun_counts_its_unchanged_files_done_before_it_reads_the_changed_one(
    seeds: Path, warehouse_path: Path
) -> None:
    # The command's estimate of the time left divides what is left by the pace so far: a
    # re-run of 49 files with one changed said "1 of 49 … about 43 min left" after the one
    # it read, the 48 unchanged ones counted only as the batch ended.
    ingest_files([str(seeds)], warehouse_path)
    edited = sorted(seeds.glob("*.txt"))[0]
    edited.write_text(edited.read_text(encoding="utf-8") + "\nA line added.\n", encoding="utf-8")
    ticks: list[tuple[int, int]] = []
    ingest_files(
        [str(seeds)], warehouse_path, progress=lambda done, total: ticks.append((done, total))
    )
    assert ticks[0] == (4, 5), ticks  # the four unchanged seeds, at once and first
    assert sum(done for done, _ in ticks) == 5, ticks  # then the edited one: each once


def test_a_date_in_a_file_name_keeps_no_copy_apart_from_its_page(
    tmp_path: Path, warehouse_path: Path
) -> None:
    """trial16: a page and a text copy of it, word for word, were two stories because the
    copy's file name held a date 42 days after the page's (the day it was saved): a date
    read from a path (0.6) is weak, and keeps no copy apart from a firm date. Two firm
    dates that far apart still do (and two path dates: a standing text in an archive's
    folders of two years, ``test_dedup``)."""
    from http_server import STORY, article_html

    page = article_html("Council closes the harbour bridge", STORY).replace(
        "<head>", '<head><meta property="article:published_time" content="2024-12-02T08:00:00Z">'
    )
    (tmp_path / "page.html").write_text(page, encoding="utf-8")
    text = "Council closes the harbour bridge\n\n" + "\n\n".join(STORY) + "\n"
    (tmp_path / "copy_2025_01_13.txt").write_text(text, encoding="utf-8")
    summary = ingest_files([str(tmp_path)], warehouse_path).summary
    assert (summary.new, summary.new_stories, summary.duplicates) == (2, 1, 1)
    dates = "SELECT f.method, a.published_at::DATE::VARCHAR FROM articles a JOIN article_fields f"
    dates += " USING (article_id) WHERE f.field = 'published_at' ORDER BY 1"
    assert rows(warehouse_path, dates) == [
        ("html_metadata", "2024-12-02"),
        ("path_date", "2025-01-13"),
    ]

    dated = tmp_path / "dated"  # beside the page alone, a copy whose dateline is that late
    dated.mkdir()
    shutil.copy(tmp_path / "page.html", dated)
    lead = "LONDON, Jan. 13, 2025 (Reuters) - "
    (dated / "again.txt").write_text(text.replace(STORY[0], lead + STORY[0]), encoding="utf-8")
    apart = tmp_path / "apart.duckdb"
    again = ingest_files([str(dated)], apart).summary
    assert rows(apart, dates)[1] == ("opening_dateline", "2025-01-13")
    assert (again.new, again.new_stories) == (2, 2)  # a dateline's date is firm


def test_the_run_history_keeps_where_its_paths_were(
    seeds: Path, tmp_path: Path, warehouse_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """trial16: runs.parameters kept paths as typed ("../text/"), which say nothing of
    which folder a run read once read from elsewhere."""
    folder = folder_with_a_seed(tmp_path, seeds)
    monkeypatch.chdir(folder)
    ingest_files(["./", "*.txt"], warehouse_path)
    (parameters,) = rows(warehouse_path, "SELECT parameters FROM runs")[0]
    assert json.loads(str(parameters))["paths"] == [str(folder), str(folder / "*.txt")]


def test_a_text_longer_than_any_article_is_refused(tmp_path: Path, warehouse_path: Path) -> None:
    # A trial's 2.8 MB file of one line (a dump, a log) was loaded as an article of
    # 426,930 words with no title, and its word pairs topped the report's speakers.
    rng = random.Random(3)
    sentences = [s.strip() + "." for p in STORY for s in p.split(".") if s.strip()]
    line: list[str] = []
    while len(line) < MAX_ARTICLE_WORDS:
        line += rng.choice(sentences).split()
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "dump.txt").write_text(" ".join(line), encoding="utf-8")
    (folder / "story.txt").write_text(
        "Council delays vote on bridge\n\n" + "\n\n".join(STORY), encoding="utf-8"
    )
    summary = ingest_files([str(folder)], warehouse_path).summary
    assert (summary.new, summary.failed) == (1, 1)
    [(uri, stage, error, detail)] = rows(
        warehouse_path, "SELECT source_uri, stage, error, detail FROM ingest_errors"
    )
    assert uri.endswith("dump.txt") and (stage, error) == ("normalise", "too_long")
    assert f"{len(line):,} words" in detail
