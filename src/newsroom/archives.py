"""Web pages that browsers save as one file: the page inside, and the address it came from.

Two single-file formats hold a saved page with its images and scripts:

* **MHTML** (``.mhtml``, ``.mht``: Chrome's and Edge's "Web Page, Single File", and
  Internet Explorer's web archive): a MIME message, ``multipart/related``, whose parts
  are the page and its resources, each with its ``Content-Location``; the page's part is
  usually quoted-printable. Read with the standard library's ``email`` package.
* **Safari's web archive** (``.webarchive``): a binary property list whose
  ``WebMainResource`` holds the page's bytes, its text encoding and its URL. Read with
  ``plistlib``.

Both are known by their content, not their file name's ending. ``saved_page`` returns the
main page's bytes, its charset and its address, for the HTML extractor; a file that starts
as one of them but is not a readable one raises ``BadArchive`` with the reason.
"""

from __future__ import annotations

import email
import email.policy
import plistlib
import re
from dataclasses import dataclass
from email.message import EmailMessage

__all__ = ["BadArchive", "SavedPage", "saved_page", "shortcut_target"]

# A MIME message's header (lines of "Name: value" and their folded continuations) that
# says the message is a page with its resources: how every MHTML file opens.
_HEADER_END = re.compile(rb"\r?\n\r?\n")
_MULTIPART_RELATED = re.compile(rb"^content-type:\s*multipart/related\b", re.I | re.M)
_HEADER_LINE = re.compile(rb"[!-9;-~]+:[^\r\n]*|[ \t][^\r\n]*")
_HEADER_REACH = 16 * 1024
_PLIST = b"bplist00"
_HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})


@dataclass(frozen=True, slots=True)
class SavedPage:
    """The page a single-file archive holds."""

    html: bytes
    charset: str | None  # as the archive declares it, if it does
    url: str | None  # the address the page was saved from
    format: str  # "mhtml" or "webarchive"


class BadArchive(ValueError):
    """A file that opens as a saved-page archive but holds no page that can be read."""


def saved_page(data: bytes) -> SavedPage | None:
    """The main page of an MHTML file or a Safari web archive; None for any other file."""
    if data.startswith(_PLIST):
        return _webarchive(data)
    if _is_mhtml(data):
        return _mhtml(data)
    return None


# A Windows Internet shortcut (``.url``): an INI file's "[InternetShortcut]" section and
# its "URL=" line. A macOS one (``.webloc``) is a property list, in XML or binary, whose
# one key is "URL".
_INTERNET_SHORTCUT = re.compile(
    rb"\A(?:\xef\xbb\xbf)?\s*\[InternetShortcut\][^\[]*?^URL=(?P<url>[^\r\n]+)", re.I | re.M
)
_XML_PLIST = re.compile(
    rb"\A(?:\xef\xbb\xbf)?\s*<\?xml[^>]*>\s*(?:<!DOCTYPE plist[^>]*>\s*)?<plist\b"
)
_SHORTCUT_REACH = 4096


def shortcut_target(data: bytes) -> str | None:
    """The address a browser's or a desktop's shortcut file points to (a ``.url`` or a
    ``.webloc``), or None for any other file: a link to a page, not the page."""
    head = data[:_SHORTCUT_REACH]
    found = _INTERNET_SHORTCUT.search(head)
    if found:
        return _address(found.group("url").decode("utf-8", "replace"))
    if len(data) > _SHORTCUT_REACH or not (head.startswith(_PLIST) or _XML_PLIST.match(head)):
        return None
    try:
        shortcut = plistlib.loads(data)
    except Exception:  # a damaged list is no shortcut; the reader says what it is
        return None
    return _address(shortcut.get("URL")) if isinstance(shortcut, dict) else None


def _is_mhtml(data: bytes) -> bool:
    end = _HEADER_END.search(data, 0, _HEADER_REACH)
    if end is None:
        return False
    header = data[: end.start()]
    lines = header.splitlines()
    return (
        bool(lines)
        and all(_HEADER_LINE.fullmatch(line) for line in lines)
        and _MULTIPART_RELATED.search(header) is not None
    )


def _mhtml(data: bytes) -> SavedPage:
    message = email.message_from_bytes(data, policy=email.policy.default)
    if not isinstance(message, EmailMessage) or not message.is_multipart():
        raise BadArchive("an MHTML header without the parts it announces")
    # the page is the part the header's "start" names, else the first HTML part
    start = message.get_param("start", header="content-type")
    parts = [p for p in message.walk() if not p.is_multipart()]
    pages = [p for p in parts if p.get_content_type() in _HTML_TYPES]
    if isinstance(start, str):
        named = [p for p in parts if p.get("content-id", "").strip() == start.strip()]
        pages = named + pages
    if not pages:
        raise BadArchive(f"an MHTML file of {len(parts)} parts, none of them a web page")
    page = pages[0]
    body = page.get_payload(decode=True)
    if not isinstance(body, bytes) or not body.strip():
        raise BadArchive("the MHTML file's page is empty")
    url = message.get("snapshot-content-location") or page.get("content-location")
    return SavedPage(body, page.get_content_charset(), _address(url), "mhtml")


def _webarchive(data: bytes) -> SavedPage:
    try:
        archive = plistlib.loads(data)
    except Exception as exc:  # plistlib raises several kinds for a damaged list
        raise BadArchive(f"a binary property list that cannot be read: {exc}") from None
    main = archive.get("WebMainResource") if isinstance(archive, dict) else None
    if not isinstance(main, dict):
        raise BadArchive(
            "a binary property list (an Apple settings or data file), not a Safari web archive"
        )
    body = main.get("WebResourceData")
    if not isinstance(body, bytes) or not body.strip():
        raise BadArchive("the Safari web archive's page is empty")
    kind = main.get("WebResourceMIMEType")
    if isinstance(kind, str) and kind.split(";")[0].strip().lower() not in _HTML_TYPES:
        raise BadArchive(f"a Safari web archive of {kind}, not of a web page")
    return SavedPage(
        body, _text(main.get("WebResourceTextEncodingName")),
        _address(main.get("WebResourceURL")), "webarchive",
    )  # fmt: skip


def _text(value: object) -> str | None:
    return value.strip() or None if isinstance(value, str) else None


def _address(value: object) -> str | None:
    """A web address (http or https), else None (a "cid:" part, a local file, junk)."""
    text = _text(value)
    return text if text and text.lower().startswith(("http://", "https://")) else None
