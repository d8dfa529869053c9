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


@pytest.mark.parametrize(
    "first_line",
    ["BMW recalls 40,000 cars", "BMX riders return to the park", "ID3 tags, explained",
     "FWS announces new rules for anglers", "MZ Wallace opens a store", "OggS is no word"],
)  # fmt: skip
def test_a_text_that_starts_like_a_binary_formats_signature_is_text(first_line: str) -> None:
    # "BM" is a bitmap's signature, "ID3" an MP3's, "FWS" Flash's, "MZ" a Windows program's
    text = f"{first_line}\n\nThe company said on Tuesday that the change takes effect in May.\n"
    for encoding in ("utf-8", "cp1252"):
        result = decode_bytes(text.encode(encoding))
        assert isinstance(result, Decoded), (first_line, encoding, result)
        assert result.text == text


# Two paragraphs of news in each language, as an archive in a legacy encoding holds them.
LEGACY_CJK = {
    "shift_jis": "東京都は火曜日、新しい防災計画を発表した。\n\n計画では、大地震に備えて避難所を"
    "増やし、食料の備蓄を強化する。知事は記者会見で、都民の安全を最優先にすると述べた。",
    "euc-jp": "大阪市は水曜日、市内の公園を改修する計画を明らかにした。\n\n市長は、工事は来年の"
    "春に始まり、三年で終わる見込みだと説明した。",
    "gb18030": "北京市政府周二宣布，将投资改善城市公共交通系统。\n\n专家认为，这项计划将显著缓解"
    "交通拥堵问题，但建设期间会对市民生活造成影响。",
    "euc-kr": "서울시는 화요일 새로운 교통 계획을 발표했다.\n\n시장은 기자회견에서 시민의 안전을 "
    "최우선으로 하겠다고 말했다.",
}


@pytest.mark.parametrize("codec", sorted(LEGACY_CJK))
@pytest.mark.parametrize("pad", ["", "。"])
def test_legacy_cjk_text_is_not_read_as_utf16(codec: str, pad: str) -> None:
    """Double-byte legacy text has no NUL byte; at an even length it also decodes as
    UTF-16 into ideographs, which must not win over the encoding chardet recognises."""
    text = LEGACY_CJK[codec] + pad
    result = decode_bytes(text.encode(codec))
    assert isinstance(result, Decoded)
    assert result.text == text


def test_utf8_with_a_few_damaged_bytes_stays_utf8() -> None:
    """A stray byte in a UTF-8 article costs that byte, not the article (chardet names
    latin-1 for it, which turns every curly quote into control characters)."""
    data = (TEXT * 10).encode() + b"\xff\xfe" + (TEXT * 10).encode() + "é".encode()[:1]
    result = decode_bytes(data)
    assert isinstance(result, Decoded)
    assert result.encoding == "utf-8"
    assert result.text == TEXT * 10 + "\ufffd\ufffd" + TEXT * 10 + "\ufffd"


def test_cp1252_with_one_valid_utf8_pair_stays_cp1252() -> None:
    """Nearly every accent of a cp1252 text is broken UTF-8: it is not damaged UTF-8."""
    text = "Le café était fermé, a déclaré la préfète à l'été. " * 5 + "Ã©"
    result = decode_bytes(text.encode("cp1252"))
    assert isinstance(result, Decoded)
    assert result.text == text


def test_utf8_cut_in_its_last_character_stays_utf8_and_whole() -> None:
    """A file truncated inside its last character (a trial's archive had one): the text
    up to it, as UTF-8; chardet named mac-roman for it, and the cleaner then lost the
    story's last paragraph."""
    story = "The board called the offer “not negotiable” on Monday.\n\n" + TEXT
    result = decode_bytes(story.encode() + "—".encode()[:2])
    assert isinstance(result, Decoded)
    assert result.encoding == "utf-8"
    assert result.text == story
    # ASCII ending on one high byte is as likely a legacy letter: it is kept
    latin = decode_bytes("The owner of the café".encode("cp1252"))
    assert isinstance(latin, Decoded) and latin.text == "The owner of the café"


def test_among_encodings_rated_alike_the_one_more_pages_use() -> None:
    """A trial's Latin-1 files holding lines of "?" (left by a lossy conversion) were
    rated ISO-8859-3, ISO-8859-15, ISO-8859-1 and Windows-1252 alike, and read as
    ISO-8859-3 (Esperanto's), which made «définitive» "Ğdéfinitiveğ"."""
    text = (
        "Le café de la gare a fermé ses portes après quarante années de service à Genève.\n\n"
        "Señor Müller a déclaré que la décision était «définitive» et que les employés"
        " seraient réaffectés.\n\n"
        "Le maire a promis une solution avant la fin de l'année, sans préciser laquelle.\n"
        "???, ? ?? ????? ???? ?????? ??????? ? ??? ?????, ?????? ????????? ???? ??????"
        " ?????????, ?? ? ????. After a few days, the statistics started rolling in.\n\n"
        "?? ????????? ????? ???????????? ??? ??????? ?? ??????? ???????. ? ?????? ??????"
        " ???, ? ???? ????? ??? ????? ????????? ???????????????? ????? ?? ??????? Louis\n"
    )
    decoded = decode_bytes(text.encode("latin-1"))
    assert isinstance(decoded, Decoded)
    assert decoded.encoding in ("cp1252", "iso8859-1") and decoded.text == text


def test_utf8_bytes_are_utf8_whatever_the_declaration_says() -> None:
    """trial11: a page written in UTF-8 and declared ISO-8859-1 (a common server default)
    was decoded as declared: its curly quotes and dashes became C1 control characters,
    and a page dense with them was refused as binary; its encoding was recorded wrong.
    A declaration that fits the bytes still wins where they are not UTF-8."""
    text = "<p>“Zürich” – café, naïve – “quotes” – ‘more’ – …</p>\n" * 3
    result = decode_bytes(text.encode("utf-8"), declared="iso-8859-1")
    assert isinstance(result, Decoded), result
    assert (result.text, result.encoding) == (text, "utf-8")
    latin = decode_bytes("Zürich, café".encode("latin-1"), declared="iso-8859-1")
    assert isinstance(latin, Decoded) and latin.encoding == "iso8859-1"
