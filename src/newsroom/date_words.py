"""dateparser's month names and date order for each language, read once and kept.

The builder alone, as ``facts.gazetteer`` is: the kept copy (``newsroom.cache``) is keyed
on this module's source and dateparser's version. ``facts.dates`` reads the dates of
articles in other languages with it without importing dateparser, which took a tenth of a
second in every process that met one such article; ``datelines`` tells a dated line by
it (outside ``facts``, as ``normalise`` needs).
"""

from __future__ import annotations

from functools import cache

from newsroom.cache import built

MONTH_KEYS = (
    "january", "february", "march", "april", "may", "june", "july", "august", "september",
    "october", "november", "december",
)  # fmt: skip


@cache
def date_words() -> dict[str, tuple[dict[str, int], bool]]:
    """Each language dateparser knows → (its month names, lower case → month number;
    whether it writes the day first). Built once, then kept (``newsroom.cache``)."""
    return built("date-words", build_date_words, ("dateparser",))


def build_date_words() -> dict[str, tuple[dict[str, int], bool]]:
    """The month names of three letters or more (so that no two-letter abbreviation reads
    as a month) and no digit, and whether the date order is DMY, of every language."""
    from dateparser.data.languages_info import language_order
    from dateparser.languages.loader import default_loader

    out: dict[str, tuple[dict[str, int], bool]] = {}
    for language in language_order:
        info = default_loader.get_locale(language).info
        months: dict[str, int] = {}
        for number, key in enumerate(MONTH_KEYS, start=1):
            for name in info.get(key, ()):
                if len(name) >= 3 and not any(ch.isdigit() for ch in name):
                    months.setdefault(name.lower(), number)
        out[language] = (months, info.get("date_order") == "DMY")
    return out


# Languages newsroom detects by another code than dateparser's.
_DATEPARSER_CODES = {"no": "nb"}


def dateparser_code(language: str | None) -> str | None:
    """The code dateparser knows *language* by (Norwegian: ``nb``)."""
    return _DATEPARSER_CODES.get(language, language) if language else language


@cache
def any_month_words() -> frozenset[str]:
    """The month names of every language dateparser knows (three letters or more)."""
    return frozenset(name for months, _ in date_words().values() for name in months)
