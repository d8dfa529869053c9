"""NITF files (the XML the wires and newspaper archives keep stories in) are read from their
elements; other XML is refused with a reason, and no XML can reach a file or the network."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from newsroom.engine import ingest_files
from readback import query as rows

LEAD = (
    "AHMEDABAD, June 12 (Reuters) - An Air India Boeing 787-8 Dreamliner bound for London"
    " with 242 people on board crashed shortly after take-off on Thursday."
)
QUOTE = (
    '"With deep sorrow I confirm that the flight was involved in a tragic accident today,"'
    " the airline's chairman N. Chandrasekaran said."
)
NITF = f"""<?xml version="1.0" encoding="UTF-8"?>
<nitf{{ns}}><head><title>Air India jet crashes after take-off</title>
<docdata><date.issue norm="20250612T093000Z"/></docdata></head>
<body><body.head><hedline><hl1>Air India Boeing 787 crashes after take-off in Ahmedabad</hl1>
</hedline><byline>By <person>Abhirup Roy</person></byline>
<dateline>AHMEDABAD, June 12 (Reuters)</dateline></body.head>
<body.content><p>{LEAD}</p>
<block><p>{QUOTE.replace('"', "&quot;")}</p></block></body.content></body></nitf>
"""


def test_a_nitf_story_is_read_from_its_elements(tmp_path: Path, warehouse_path: Path) -> None:
    # it was read as plain text: "<?xml version=…>" its title and tags in its body
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "plain.xml").write_text(NITF.format(ns=""), encoding="utf-8")
    ns = ' xmlns="http://iptc.org/std/NITF/2006-10-18/"'
    (folder / "namespaced.xml").write_text(NITF.format(ns=ns), encoding="utf-8")
    ingest_files([str(folder)], warehouse_path)
    found = rows(
        warehouse_path,
        "SELECT regexp_extract(source_uri, '[^/]+$'), title, body, authors, published_at"
        " FROM articles ORDER BY 1",
    )
    assert [r[0] for r in found] == ["namespaced.xml", "plain.xml"]
    for _, title, body, authors, published in found:
        assert title.endswith("787 crashes after take-off in Ahmedabad")
        assert body == f"{LEAD}\n\n{QUOTE}"
        assert authors == ["Abhirup Roy"]
        assert published == datetime(2025, 6, 12, 9, 30, tzinfo=UTC)
    methods = dict(
        rows(
            warehouse_path,
            "SELECT field, any_value(method) FROM article_fields"
            " WHERE field IN ('title', 'published_at') GROUP BY field",
        )
    )
    assert methods == {"title": "nitf_metadata", "published_at": "nitf_metadata"}


def test_other_xml_and_broken_nitf_are_refused_and_entities_stay_unread(
    tmp_path: Path, warehouse_path: Path
) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "feed.xml").write_text(
        '<?xml version="1.0"?><rss version="2.0"><channel><title>News</title>'
        "<item><title>One</title></item></channel></rss>",
        encoding="utf-8",
    )
    (folder / "broken.xml").write_text(NITF.format(ns="")[:-40], encoding="utf-8")
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-VALUE", encoding="utf-8")
    (folder / "entity.xml").write_text(
        f'<?xml version="1.0"?><!DOCTYPE nitf [<!ENTITY x SYSTEM "file://{secret}">]>'
        "<nitf><body><body.head><hedline><hl1>Leak</hl1></hedline></body.head>"
        "<body.content><p>The value is &x; and nothing more is said here.</p></body.content>"
        "</body></nitf>",
        encoding="utf-8",
    )
    ingest_files([str(folder)], warehouse_path)
    errors = dict(
        rows(
            warehouse_path,
            "SELECT regexp_extract(source_uri, '[^/]+$'), error FROM ingest_errors",
        )
    )
    assert errors["feed.xml"] == "unsupported_xml"
    assert errors["broken.xml"] == "malformed_nitf"
    bodies = [b for (b,) in rows(warehouse_path, "SELECT body FROM articles")]
    assert not any("TOP-SECRET-VALUE" in b for b in bodies)
