from __future__ import annotations

import codecs

import pytest

from newsroom.decoding import Decoded, Undecodable, decode_bytes

TEXT = (
    "Putin’s “army” chief fainted — a café owner in Kyiv, naïve résumés aside, said so. "
    "The officers said they would not go back to the front line until the end of the year.\n"
)


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        (TEXT.encode("utf-8"), "utf-8"),
        (codecs.BOM_UTF8 + TEXT.encode("utf-8"), "utf-8"),
        (codecs.BOM_UTF16_LE + TEXT.encode("utf-16-le"), "utf-16-le"),
        (codecs.BOM_UTF16_BE + TEXT.encode("utf-16-be"), "utf-16-be"),
        (TEXT.encode("utf-16"), None),  # Python writes its native BOM
    ],
)
def test_unicode_with_and_without_bom(data: bytes, encoding: str | None) -> None:
    result = decode_bytes(data)
    assert isinstance(result, Decoded)
    assert result.text == TEXT
    if encoding:
        assert result.encoding == encoding


@pytest.mark.parametrize("codec", ["cp1252", "latin-1"])
def test_legacy_single_byte_text_is_detected_not_guessed(codec: str) -> None:
    text = (
        "Le président a déclaré que l'économie française était en très bonne santé, "
        "malgré les critiques des syndicats et de l'opposition à l'Assemblée nationale.\n"
    ) * 3
    result = decode_bytes(text.encode(codec))
    assert isinstance(result, Decoded)
    assert result.text == text


def test_cp1252_smart_quotes() -> None:
    text = "Gerasimov “fainted” after hearing an angry rant – it’s the truth, he said.\n" * 4
    result = decode_bytes(text.encode("cp1252"))
    assert isinstance(result, Decoded)
    assert result.text == text
    assert result.encoding == "cp1252"


def test_declared_charset_is_used_when_it_fits() -> None:
    result = decode_bytes("Zürich".encode("latin-1"), declared="iso-8859-1")
    assert isinstance(result, Decoded)
    assert result.text == "Zürich"


@pytest.mark.parametrize(
    ("data", "needle"),
    [
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n", "pdf"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10" + bytes(64), "png"),
        (b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + bytes(64), "jpeg"),
        (b"\x00" * 4096, "NUL"),
        (bytes(range(256)) * 8, "control characters"),
    ],
)
def test_binary_is_rejected_with_a_reason(data: bytes, needle: str) -> None:
    result = decode_bytes(data)
    assert isinstance(result, Undecodable)
    assert result.error == "binary_file"
    assert needle.lower() in result.detail.lower()
