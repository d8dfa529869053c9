"""Bytes → text: byte-order marks, UTF-8, then detection for legacy encodings.

Order of trust: a byte-order mark, then a declared charset (HTTP header or meta, when
the caller has one), then strict UTF-8, then UTF-8 with a few damaged bytes, then
statistical detection (chardet) for legacy text such as cp1252, latin-1 or Shift-JIS
(which also wins over UTF-16 without a byte-order mark when the bytes hold no NUL).
Binary files (PDFs, images, archives, NUL runs) are recognised and rejected with a
reason rather than decoded into garbage.
Mojibake repair (``Putinâ€™s`` → ``Putin’s``) happens later, in ``normalise``.
"""

from __future__ import annotations

import codecs
import unicodedata
from dataclasses import dataclass

import chardet
import filetype

# Longest first: a UTF-32-LE mark starts with the UTF-16-LE one.
_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

# Share of control characters (other than tab, newline, carriage return, form feed)
# above which decoded "text" is treated as binary.
_MAX_CONTROL_SHARE = 0.02


@dataclass(frozen=True, slots=True)
class Decoded:
    text: str
    encoding: str


@dataclass(frozen=True, slots=True)
class Undecodable:
    error: str  # "binary_file" | "undecodable"
    detail: str


# Formats written in text that newsroom does not read: their signature is enough.
_TEXT_FORMATS = frozenset({"application/rtf", "application/postscript"})


def _binary_kind(data: bytes) -> str | None:
    """Name the binary format of ``data``, or None when it may be text.

    A format's signature is a few letters at the start ("BM" for a bitmap, "ID3" for an
    MP3's tags, "FWS" for Flash): a text can start with them too ("BMW recalls …"). So a
    signature names a binary format only when the bytes after it are no text: a binary
    header holds a NUL or another control byte within its first bytes, a text none."""
    sample = data[:8192]
    kind = filetype.guess(sample)
    if kind is not None and (kind.mime in _TEXT_FORMATS or _has_control_bytes(sample[:512])):
        return f"{kind.mime} (.{kind.extension})"
    if data.startswith(b"%PDF-"):
        return "application/pdf (.pdf)"
    return None


def _has_control_bytes(sample: bytes) -> bool:
    return len(sample.translate(None, _CONTROL_BYTES)) < len(sample)


_CONTROL_BYTES = bytes(b for b in range(32) if b not in b"\t\n\r\f\x0b") + b"\x7f"


def _control_byte_share(data: bytes) -> float:
    """Share of ASCII control bytes: the same in every ASCII-compatible encoding."""
    sample = data[:20000]
    return (len(sample) - len(sample.translate(None, _CONTROL_BYTES))) / len(sample)


def _control_share(text: str) -> float:
    if not text:
        return 0.0
    sample = text[:20000]
    controls = sum(
        1 for ch in sample if unicodedata.category(ch) == "Cc" and ch not in "\t\n\r\f\x0b"
    )
    return controls / len(sample)


def decode_bytes(data: bytes, declared: str | None = None) -> Decoded | Undecodable:
    """Decode ``data`` to text, or say why it is not text."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return _checked(data[len(bom) :].decode(encoding), encoding)
            except UnicodeDecodeError as exc:
                return Undecodable("undecodable", f"byte-order mark says {encoding}, but {exc}")

    if not data.strip(b"\x00"):
        return Undecodable("binary_file", "the file holds only NUL bytes")
    binary = _binary_kind(data)
    if binary is not None:
        return Undecodable("binary_file", f"binary content, looks like {binary}")
    cut = _cut_utf8(data)
    utf8 = b"\x00" not in data and _is_utf8(data)
    legacy = None if b"\x00" in data or utf8 or cut is not None else _detected(data)
    utf16 = None if legacy else _utf16_without_bom(data)
    if utf16 is not None:
        return _checked(*utf16)
    share = _control_byte_share(data)
    if share > _MAX_CONTROL_SHARE:
        return Undecodable(
            "binary_file",
            f"{share:.0%} of the bytes are control characters: binary data, not text",
        )

    if declared and not (utf8 and not data.isascii()):
        # bytes that are UTF-8 with characters beyond ASCII are UTF-8 whatever a header
        # or meta tag says: a page served as ISO-8859-1 and written in UTF-8 is common,
        # and decoded as declared its curly quotes and dashes became C1 control
        # characters, so many that the page was refused as binary (trial11)
        try:
            return _checked(data.decode(declared), codecs.lookup(declared).name)
        except (LookupError, UnicodeDecodeError):
            pass  # a wrong declaration is common; fall through to detection

    try:
        return _checked(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError:
        pass
    if cut is not None:
        return _checked(cut, "utf-8")
    damaged = _damaged_utf8(data)
    if damaged is not None:
        return _checked(damaged, "utf-8")

    guessed = legacy or _detected(data)
    if guessed:
        return _checked(data.decode(guessed), codecs.lookup(guessed).name)
    return Undecodable(
        "undecodable", "not UTF-8, and no legacy encoding could be detected with confidence"
    )


def _is_utf8(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _cut_utf8(data: bytes) -> str | None:
    """UTF-8 text whose only fault is its last character cut short (a file truncated, or
    copied, in the middle of a multi-byte character): the text without that piece; else
    None. (chardet, asked about such a file, names a legacy encoding for the whole.)"""
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as exc:
        if exc.reason != "unexpected end of data":
            return None
        if len(data) - exc.start == 1 and data[: exc.start].isascii():
            return None  # ASCII and one last byte: as likely a legacy letter ("café")
        try:
            return data[: exc.start].decode("utf-8")
        except UnicodeDecodeError:
            return None
    return None


def _detected(data: bytes) -> str | None:
    """The legacy encoding chardet names for ``data``, when the bytes decode strictly in
    it; else None. Among encodings chardet rates alike (within ``_TIED``), the one more
    pages are written in: a trial's Latin-1 files holding lines of "?" (a lossy
    conversion's) were rated ISO-8859-3 (Esperanto's), ISO-8859-15, ISO-8859-1 and
    Windows-1252 alike, and read as ISO-8859-3 turned «» into Ğğ."""
    candidates = [
        (str(c["encoding"]), float(c.get("confidence") or 0.0))
        for c in chardet.detect_all(data)
        if c.get("encoding")
    ]
    if not candidates:
        return None
    top = candidates[0][1]
    tied = [encoding for encoding, confidence in candidates if confidence >= _TIED * top]
    for guessed in sorted(tied, key=_prevalence):  # stable: chardet's order among equals
        try:
            data.decode(guessed)
        except (LookupError, UnicodeDecodeError):
            continue
        return guessed
    return None


# Confidences this close to chardet's best are a tie.
_TIED = 0.95
# Legacy encodings by how many web pages use them (W3Techs' character encoding survey,
# the most used first), by Python's codec names; others after them. Windows-1252 before
# ISO-8859-1, which browsers read as Windows-1252 (WHATWG's Encoding Standard): the same
# letters, and curly quotes where ISO-8859-1 has control characters.
_BY_PREVALENCE = (
    "cp1252", "iso8859-1", "cp1251", "shift_jis", "gb2312", "euc_kr", "euc_jp",
    "iso8859-2", "cp1250", "gbk", "gb18030", "iso8859-15", "cp1256", "iso8859-9", "big5",
    "cp1254", "koi8-r", "iso8859-7", "cp1253", "cp1255", "iso8859-8", "cp874", "tis-620",
    "cp1257", "iso8859-5", "iso8859-4", "iso8859-13",
)  # fmt: skip


def _prevalence(encoding: str) -> int:
    try:
        name = codecs.lookup(encoding).name
    except LookupError:
        return len(_BY_PREVALENCE) + 1
    return _BY_PREVALENCE.index(name) if name in _BY_PREVALENCE else len(_BY_PREVALENCE)


# Share of a text's non-ASCII characters that must be whole UTF-8 for a few broken
# sequences to count as damage (each replaced by U+FFFD) rather than another encoding.
_MIN_WHOLE_UTF8_SHARE = 0.9


def _damaged_utf8(data: bytes) -> str | None:
    """UTF-8 text with a few damaged bytes (a multi-byte character cut in two, a stray
    byte pasted in), each broken sequence replaced by U+FFFD; else None. Legacy
    single-byte text (cp1252, latin-1) has nearly no whole multi-byte sequences, and
    chardet, given a UTF-8 text with one bad byte, names latin-1 and turns every curly
    quote into control characters."""
    text = data.decode("utf-8", errors="replace")
    broken = text.count("\ufffd") - data.count("\ufffd".encode())
    whole = sum(1 for ch in text if ord(ch) > 0x7F) - broken
    if whole < _MIN_WHOLE_UTF8_SHARE * (whole + broken):
        return None
    return text


def _utf16_without_bom(data: bytes) -> tuple[str, str] | None:
    """UTF-16 text saved without a byte-order mark (Windows tools do), or None.

    Not plain UTF-8, an even number of bytes, and one byte order decodes strictly to text that
    looks written: letters, digits, spaces and punctuation, nearly no control, private-use
    or unassigned characters, letters of few scripts (a language uses one or two; random
    bytes decoded as UTF-16 scatter over dozens, and mostly fail on lone surrogates).
    """
    if len(data) < 4 or len(data) % 2:
        return None
    if b"\x00" not in data:  # UTF-16 of spaced text has NUL bytes; of CJK, rarely UTF-8
        try:
            data.decode("utf-8")
            return None
        except UnicodeDecodeError:
            pass
    best: tuple[float, str, str] | None = None
    for encoding in ("utf-16-le", "utf-16-be"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        score = _written_share(text[:4000])
        if score >= 0.97 and (best is None or score > best[0]):
            best = (score, text, encoding)
    return (best[1], best[2]) if best else None


def _written_share(sample: str) -> float:
    """Share of ``sample`` that is ordinary written text: zero when its letters come from
    many scripts or it repeats a handful of characters (bytes that happen to decode)."""
    if len(set(sample)) < 10:
        return 0.0
    scripts = {unicodedata.name(ch, "?").split(" ")[0] for ch in sample if ch.isalpha()}
    if len(scripts) > 6:  # LATIN, CJK, HIRAGANA, KATAKANA, CYRILLIC, ARABIC, HANGUL, …
        return 0.0
    written = 0
    for ch in sample:
        category = unicodedata.category(ch)
        if ch in "\t\n\r " or (category[0] in "LNPSZM" and category != "Co"):
            written += 1
    return written / len(sample)


def _checked(text: str, encoding: str) -> Decoded | Undecodable:
    share = _control_share(text)
    if share > _MAX_CONTROL_SHARE:
        return Undecodable(
            "binary_file",
            f"{share:.0%} of the characters are control characters: binary data, not text",
        )
    return Decoded(text, encoding)
