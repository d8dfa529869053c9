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
        for name, number in _MORE_MONTHS.get(language, {}).items():
            months.setdefault(name, number)
        out[language] = (months, info.get("date_order") == "DMY")
    return out


# Month names dateparser lacks: Arabic's Syriac names, the months of Syria, Lebanon,
# Jordan, Iraq and Palestine, which pan-Arab wires print beside the others ("3 مارس آذار").
_MORE_MONTHS = {
    "ar": {
        "كانون الثاني": 1, "شباط": 2, "آذار": 3, "نيسان": 4, "أيار": 5, "حزيران": 6,
        "تموز": 7, "آب": 8, "أيلول": 9, "تشرين الأول": 10, "تشرين الثاني": 11,
        "كانون الأول": 12,
    },
}  # fmt: skip


# Languages newsroom detects by another code than dateparser's.
_DATEPARSER_CODES = {"no": "nb"}


def dateparser_code(language: str | None) -> str | None:
    """The code dateparser knows *language* by (Norwegian: ``nb``)."""
    return _DATEPARSER_CODES.get(language, language) if language else language


@cache
def any_month_words() -> frozenset[str]:
    """The month names of every language dateparser knows (three letters or more)."""
    return frozenset(name for months, _ in date_words().values() for name in months)
