"""News in NITF, the XML the wires and newspaper archives keep stories in (IPTC's News
Industry Text Format): its headline, byline, dateline, date and paragraphs read from
their elements, rather than its markup cleaned as text.

Other XML (a feed, a sitemap, an export of something else) is no article: ``xml_root``
names its root so that the run can say so. The XML is parsed without entities, DTDs or
the network, so that a hostile file can neither read local files nor make requests.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime

from lxml import etree

# An XML document: its declaration, comments, a doctype, then a root that is no HTML.
_XML_START = re.compile(
    r"\s*(?:<\?xml[^>]*\?>\s*)?(?:<!--.*?-->\s*|<!DOCTYPE[^>\[]*(?:\[.*?\])?\s*>\s*)*"
    r"<(?P<root>[A-Za-z_][\w.:-]*)",
    re.S,
)
_PARSER = etree.XMLParser(
    resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False, recover=False
)


def xml_root(text: str) -> str | None:
    """The name of the root element of an XML document (``nitf``, ``rss``, ...), or None
    for text that does not open as XML with a declaration or a namespace-free root."""
    start = text.lstrip()[:5].lower()
    if start != "<?xml" and start != "<nitf":
        return None
    m = _XML_START.match(text[:4096])
    return m.group("root").lower() if m else None


@dataclass(frozen=True, slots=True)
class Story:
    """What a NITF document says of its story."""

    title: str
    body: str
    bylines: tuple[str, ...]  # as written ("By Abhirup Roy"), for ``byline_names``
    dateline: str | None
    published_at: datetime | None
    credits: tuple[str, ...]
    published_day_only: bool = False  # the document gave the day, not the time


class NotNitf(ValueError):
    """A document that is not well-formed NITF."""


def read_nitf(text: str) -> Story:
    """The story of a NITF document; ``NotNitf`` when it does not parse as XML."""
    data = re.sub(r"^\s*<\?xml[^>]*\?>", "", text, count=1).encode("utf-8")
    try:
        root = etree.fromstring(data, _PARSER)
    except etree.XMLSyntaxError as exc:
        raise NotNitf(f"malformed NITF: {exc}") from exc
    if root is None:
        raise NotNitf("empty NITF document")

    for el in root.iter():  # NITF 3.x puts its elements in a namespace: read them bare
        if isinstance(el.tag, str) and el.tag.startswith("{"):
            el.tag = etree.QName(el).localname

    def texts(path: str) -> list[str]:
        found = (" ".join(" ".join(el.itertext()).split()) for el in root.iterfind(path))
        return [t for t in found if t]

    title = (texts(".//body.head/hedline/hl1") or texts("./head/title") or [""])[0]
    paragraphs = texts(".//body.content//p") or texts(".//body.content")
    bylines = texts(".//body.head/byline/person") or texts(".//body.head/byline")
    dateline = next(iter(texts(".//body.head/dateline")), None)
    credits = tuple(texts(".//body.head/distributor") + texts(".//body.end/tagline"))
    issued = _issued(root)
    return Story(
        title=title,
        body="\n\n".join(paragraphs),
        bylines=tuple(bylines),
        dateline=dateline,
        published_at=issued[0] if issued else None,
        credits=credits,
        published_day_only=issued is not None and issued[1],
    )


# NITF's dates are ISO 8601 basic: "20250612T083000Z", "20250612T083000+0530", "20250612".
_ISO_BASIC = re.compile(r"(?P<date>\d{8})(?:T(?P<time>\d{4}(?:\d\d)?)(?P<zone>Z|[+-]\d{4})?)?$")


def _issued(root: etree._Element) -> tuple[datetime, bool] | None:
    """When the story was issued: ``docdata/date.issue``'s ``norm``, else ``story.date``'s;
    and whether it gives the day alone ("20250612")."""
    for path in (".//docdata/date.issue", ".//body.head/dateline/story.date"):
        el = root.find(path)
        norm = el.get("norm") if el is not None else None
        if norm and (m := _ISO_BASIC.match(norm.strip())):
            time = (m.group("time") or "0000").ljust(6, "0")
            zone = m.group("zone") or "Z"
            stamp = f"{m.group('date')}T{time}{'+0000' if zone == 'Z' else zone}"
            try:
                issued = datetime.strptime(stamp, "%Y%m%dT%H%M%S%z").astimezone(UTC)
            except ValueError:
                return None
            return issued, m.group("time") is None
    return None
