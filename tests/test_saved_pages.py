"""Web pages as browsers save them: "Web Page, Complete" (the page and a folder of its
resources), single-file MHTML and Safari web archives; each read as the page it holds,
with the address it was saved from (a trial loaded the frames of the resource folders as
articles, and the archives' markup as text)."""

from __future__ import annotations

import plistlib
import quopri
from pathlib import Path

from http_server import STORY, article_html
from newsroom.engine import ingest_files
from newsroom.sources.files import discover
from readback import query

TITLE = "Council closes the harbour bridge"
URL = "https://news.example.org/2025/03/04/harbour-bridge"


def _page() -> str:
    return article_html(TITLE, STORY).replace("council", "Stadtrat (Gemeinderäte)", 1)


def _mhtml(page: str) -> bytes:
    """A page saved as Chrome saves one: quoted-printable HTML first, then an image and an
    advertisement's frame (an HTML part that is no article)."""
    boundary = "----MultipartBoundary--aXb2Kq9Vw----"
    encoded = quopri.encodestring(page.encode("utf-8")).decode("ascii")
    parts = [
        "From: <Saved by Blink>\r\n"
        f"Snapshot-Content-Location: {URL}\r\n"
        "Subject: =?utf-8?Q?Council?=\r\n"
        "MIME-Version: 1.0\r\n"
        f'Content-Type: multipart/related;\r\n\ttype="text/html";\r\n\tboundary="{boundary}"\r\n',
        f"--{boundary}\r\nContent-Type: text/html\r\nContent-ID: <frame-1@mhtml.blink>\r\n"
        f"Content-Transfer-Encoding: quoted-printable\r\nContent-Location: {URL}\r\n\r\n"
        f"{encoded}\r\n",
        f"--{boundary}\r\nContent-Type: image/png\r\nContent-Transfer-Encoding: base64\r\n"
        "Content-Location: https://news.example.org/logo.png\r\n\r\niVBORw0KGgo=\r\n",
        f"--{boundary}\r\nContent-Type: text/html\r\nContent-Transfer-Encoding: quoted-printable"
        "\r\nContent-Location: https://ads.example.net/frame.html\r\n\r\n"
        "<html><body><p>Sponsored: get 50% off your first month</p></body></html>\r\n",
        f"--{boundary}--\r\n",
    ]
    return "\r\n".join(parts).encode("ascii")


def _webarchive(page: str) -> bytes:
    main = {
        "WebResourceData": page.encode("utf-8"),
        "WebResourceMIMEType": "text/html",
        "WebResourceTextEncodingName": "UTF-8",
        "WebResourceURL": URL,
        "WebResourceFrameName": "",
    }
    return plistlib.dumps({"WebMainResource": main}, fmt=plistlib.FMT_BINARY)


def _articles(warehouse: Path) -> dict[str, tuple[object, ...]]:
    found = query(
        warehouse,
        "SELECT source_uri, title, body, language, (SELECT list((f.value, f.method))"
        " FROM article_fields f WHERE f.article_id = a.article_id AND f.field = 'page_url')"
        " FROM articles a",
    )
    return {str(uri).rsplit("/", 1)[-1]: rest for uri, *rest in found}


def test_single_file_archives_are_read_as_the_page_they_hold(
    tmp_path: Path, warehouse_path: Path
) -> None:
    folder = tmp_path / "saved"
    folder.mkdir()
    (folder / "story.mhtml").write_bytes(_mhtml(_page()))
    (folder / "story.webarchive").write_bytes(_webarchive(_page()))
    summary = ingest_files([str(folder)], warehouse_path).summary
    said = query(warehouse_path, "SELECT source_uri, stage, error, detail FROM ingest_errors")
    assert (summary.seen, summary.failed) == (2, 0), said
    articles = _articles(warehouse_path)
    for name, method in (("story.mhtml", "mhtml"), ("story.webarchive", "webarchive")):
        title, body, language, page_url = articles[name]
        assert title == TITLE, (name, title)
        # the page's own text, decoded (quoted-printable, UTF-8), and no other part's
        assert "Stadtrat (Gemeinderäte)" in str(body), (name, body)
        assert "Sponsored" not in str(body) and "=3D" not in str(body), (name, body)
        assert language == "en", name
        assert page_url == [(URL, method)], name


def test_a_property_list_or_mhtml_without_a_page_is_a_clear_error(
    tmp_path: Path, warehouse_path: Path
) -> None:
    folder = tmp_path / "saved"
    folder.mkdir()
    settings = plistlib.dumps({"LastOpened": "story.html"}, fmt=plistlib.FMT_BINARY)
    (folder / "settings.plist").write_bytes(settings)
    only_image = _mhtml(_page()).replace(b"Content-Type: text/html", b"Content-Type: text/css")
    (folder / "styles.mhtml").write_bytes(only_image)
    summary = ingest_files([str(folder)], warehouse_path).summary
    assert (summary.new, summary.failed) == (0, 2)
    errors = dict(
        (str(uri).rsplit("/", 1)[-1], (stage, error, detail))
        for uri, stage, error, detail in query(
            warehouse_path, "SELECT source_uri, stage, error, detail FROM ingest_errors"
        )
    )
    assert errors["settings.plist"][:2] == ("extract", "unreadable_archive")
    assert "not a Safari web archive" in str(errors["settings.plist"][2])
    assert errors["styles.mhtml"][:2] == ("extract", "unreadable_archive")
    assert "none of them a web page" in str(errors["styles.mhtml"][2])


def test_a_complete_saves_resource_folder_is_not_read_and_the_page_keeps_its_address(
    tmp_path: Path, warehouse_path: Path
) -> None:
    folder = tmp_path / "saved"
    resources = folder / "Harbour story_files"
    resources.mkdir(parents=True)
    saved_from = f"<!-- saved from url=({len(URL):04d}){URL} -->\n"
    (folder / "Harbour story.html").write_text(saved_from + _page(), encoding="utf-8")
    (resources / "ads.html").write_text(
        "<html><body><p>Sponsored: get 50% off your first month of premium news access,"
        " and read every story of the day without limits.</p></body></html>",
        encoding="utf-8",
    )
    (resources / "app.js.download").write_text("var tracker = 1;", encoding="utf-8")
    (resources / "logo.png").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(40))
    # a folder so named with no page beside it is an ordinary folder of articles
    (folder / "notes_files").mkdir()
    (folder / "notes_files" / "story.txt").write_text(
        TITLE + "\n\n" + "\n\n".join(STORY), encoding="utf-8"
    )

    found, _ = discover([folder])
    assert sorted(Path(f.path).name for f in found) == ["Harbour story.html", "story.txt"]
    summary = ingest_files([str(folder)], warehouse_path).summary
    assert (summary.seen, summary.failed) == (2, 0)
    _title, _body, _language, page_url = _articles(warehouse_path)["Harbour%20story.html"]
    assert page_url == [(URL, "saved_from_comment")]


def test_a_shortcut_to_a_page_is_refused_with_its_address(
    tmp_path: Path, warehouse_path: Path
) -> None:
    # a trial's Windows and macOS shortcuts were cleaned as text ("no article text")
    folder = tmp_path / "saved"
    folder.mkdir()
    (folder / "Read later.url").write_text(f"[InternetShortcut]\r\nURL={URL}\r\n")
    webloc = plistlib.dumps({"URL": URL})  # XML, as the Finder writes it
    (folder / "Story.webloc").write_bytes(webloc)
    (folder / "Binary.webloc").write_bytes(plistlib.dumps({"URL": URL}, fmt=plistlib.FMT_BINARY))
    summary = ingest_files([str(folder)], warehouse_path).summary
    assert (summary.new, summary.failed) == (0, 3)
    errors = query(warehouse_path, "SELECT stage, error, detail FROM ingest_errors")
    assert {(stage, error) for stage, error, _ in errors} == {("extract", "shortcut")}
    assert all(f"newsroom fetch {URL}" in str(detail) for _, _, detail in errors), errors
