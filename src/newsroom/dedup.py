"""Duplicate detection.

For now: exact duplicates by a hash of the clean text normalised for matching (case,
typographic quotes and dashes, whitespace). Near-duplicate story clusters build on the
same matching form.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata

_QUOTES = str.maketrans(
    {
        "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'",
        "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u2033": '"',
        "\u00ab": '"', "\u00bb": '"',
        "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-",
        "\u2015": "-", "\u2212": "-",
    }
)  # fmt: skip
_NON_WORD = re.compile(r"[\W_]+")


def matching_text(text: str) -> str:
    """The text as compared for duplicates: NFKC, case-folded, punctuation and spacing gone."""
    folded = unicodedata.normalize("NFKC", text).translate(_QUOTES).casefold()
    return _NON_WORD.sub(" ", folded).strip()


def content_hash(text: str) -> str:
    """sha256 of the matching form: equal for copies that differ only in typography."""
    return hashlib.sha256(matching_text(text).encode("utf-8")).hexdigest()


def story_id_for(content_sha256: str) -> str:
    """Story identity while stories are exact-duplicate groups."""
    return "st_" + content_sha256[:16]
