"""Facts in a clean article: who, what, where, when, each with its method and confidence.

Pure functions over text, no network, no model downloads; one module a job:

- **when** (``dates``: ``resolve_dateline``, ``body_dates``, ``published_date``): a
  dateline such as "Sunday, February 25" gets its year from the weekday within a window
  before the reference time; dates in the body are a fallback with a low confidence.
- **who wrote and who published** (``credits``: ``clean_authors``, ``credit_outlets``).
- **entities** (``find_entities``): capitalised runs (``tokens``) typed by named rules in
  ordered registries (``classify.ONE_WORD_RULES`` and ``RUN_RULES``, ``entities.UNTYPED_RULES``,
  ``entities.ENTITY_PASSES``; names in ``rules.Method``) over word lists (``lexicon``,
  data files under ``facts/words/``) and a place gazetteer (``gazetteer``, ``places``).
  The rule that typed an entity is its ``method``.
- **entities in other languages** (``foreign``): one CRF a language (de, es, fr, it, nl,
  pl, pt, ru), method ``tagger-<language>``; a language without a model gets no entities
  and an ``entities`` field saying so (``none``), never the English rules' reading.
- **quotes**, **cited sources**, **amounts** (``find_quotes``, ``find_sources``,
  ``find_amounts``).

``extract_facts`` runs them all and lists a ``FieldValue`` for each scalar field, so that
a wrong value can be traced to the method that produced it. Offsets are character
offsets into the body. With ``NEWSROOM_FACTS=off`` in the environment it finds nothing
(authors are kept as given): what an ingest costs without this package
(``bench/facts_cost.py``).
"""

from __future__ import annotations

import os
import re
from collections.abc import Sequence
from dataclasses import replace
from datetime import date, datetime

from newsroom.facts.amounts import find_amounts
from newsroom.facts.credits import byline_names, clean_authors, credit_outlets, name_alone
from newsroom.facts.dates import DATELINE_WINDOW_DAYS, body_dates, published_date, resolve_dateline
from newsroom.facts.entities import find_entities
from newsroom.facts.foreign import entities_field, find_foreign_entities, has_model
from newsroom.facts.morphology import LANGUAGES as DECLINING_LANGUAGES
from newsroom.facts.morphology import nominative
from newsroom.facts.places import Gazetteer, country_name, default_gazetteer, us_state_name
from newsroom.facts.quotes import find_quotes
from newsroom.facts.records import (
    TEASER,
    WAREHOUSE_SURNAME,
    Amount,
    Credit,
    DateValue,
    Entity,
    EntityKind,
    Facts,
    FieldValue,
    Mention,
    Quote,
    SourceCited,
)
from newsroom.facts.rules import Firing, Method
from newsroom.facts.sources import find_sources
from newsroom.metadata import SCRIPT_RUN, detect_language, script_parts, words_in_any_script
from newsroom.settings import facts_setting

__all__ = [
    "DATELINE_WINDOW_DAYS",
    "READING_WPM",
    "TEASER",
    "WAREHOUSE_SURNAME",
    "Amount",
    "Credit",
    "DateValue",
    "Entity",
    "EntityKind",
    "Facts",
    "FieldValue",
    "Firing",
    "Gazetteer",
    "Mention",
    "Method",
    "Quote",
    "SourceCited",
    "body_dates",
    "byline_names",
    "clean_authors",
    "credit_outlets",
    "extract_facts",
    "facts_enabled",
    "find_amounts",
    "find_entities",
    "find_quotes",
    "find_sources",
    "name_alone",
    "published_date",
    "resolve_dateline",
]

# Words a minute for reading time (the usual figure for adult silent reading of prose).
READING_WPM = 230


def extract_facts(
    title: str,
    body: str,
    *,
    dateline: str | None = None,
    credits: Sequence[str] = (),
    reference_date: datetime | date | None = None,
    authors: Sequence[str] = (),
    site_name: str | None = None,
    published_at: datetime | None = None,
    language: str | None = None,
    word_count: int | None = None,
    teasers: Sequence[str] = (),
    location: str | None = None,
) -> Facts:
    """Every fact this module finds in one article, with a provenance record per field.

    ``reference_date`` is when the document was seen (file mtime or fetch time): no date
    is placed after it, and a dateline without a year is resolved against it.
    ``published_at`` is a date from HTML metadata, preferred when given. ``language``
    and ``word_count`` are the article's when the caller knows them already. ``teasers``
    are the headlines of links to other stories that the cleaner took out of the body:
    the names only they hold are listed after the body's, with method ``teaser``.
    ``location`` is the file's path or the page's URL: a date in it ("2025/03/23/") gives a
    year-less dateline its year, or the date when the text states none.
    """
    if not facts_enabled():
        return Facts(
            None, (), tuple(clean_authors(authors, site_name=site_name)), (), (), (), (), (), ()
        )
    lang = language if language is not None else detect_language(f"{title}\n{body}")
    entities, also_read = _read_entities(body, lang)
    teaser_entities = _filed(_teaser_entities(teasers, entities, lang), lang)
    quotes = find_quotes(body, entities, lang)
    sources = find_sources(body, entities, site_name=site_name)
    amounts = find_amounts(body, lang)
    dates = body_dates(body, reference_date, lang)
    published = published_date(
        dateline,
        body,
        reference_date,
        known=published_at,
        mentioned=dates,
        language=lang,
        location=location,
    )
    kept_authors = clean_authors(authors, site_name=site_name)
    credit_list = credit_outlets(credits, body, title)
    # metadata.word_count's unit, counted faster
    n_words = word_count if word_count is not None else len(_WORD_RUN.findall(body))

    fields: list[FieldValue] = []
    if published is not None:
        value = published.value.isoformat() if published.value else _partial_iso(published)
        fields.append(FieldValue("published_at", value, published.method, published.confidence))
    for name in kept_authors:
        fields.append(FieldValue("author", name, "byline", 0.8))
    for credit in credit_list:
        fields.append(FieldValue("credit_outlet", credit.outlet, credit.method, 0.8))
    if site_name:
        fields.append(FieldValue("site_name", site_name, "html_metadata", 0.9))
    if lang is not None:
        fields.append(FieldValue("language", lang, "py3langid", 0.9))
    if not _reads_english(lang):
        fields.append(entities_field(lang))
    for other in also_read:  # the paragraphs in another script, read in their language
        reader = "rules-en" if _reads_english(other) else entities_field(other).value
        fields.append(FieldValue("entities", reader, f"paragraphs:{other}", 1.0))
    fields.append(FieldValue("word_count", str(n_words), "regex_words", 1.0))
    minutes = max(1, round(n_words / READING_WPM)) if n_words else 0
    fields.append(FieldValue("reading_time_minutes", str(minutes), f"words/{READING_WPM}", 1.0))
    del title  # headlines are Title Case: capitalised-sequence rules would misread them

    return Facts(
        published=published,
        dates=tuple(dates),
        authors=tuple(kept_authors),
        credits=tuple(credit_list),
        entities=(*entities, *teaser_entities),
        quotes=tuple(quotes),
        sources=tuple(sources),
        amounts=tuple(amounts),
        fields=tuple(fields),
    )


_WORD_RUN = re.compile(r"\w+")


def _reads_english(language: str | None) -> bool:
    """English, or a text too short or mixed to tell (most of what is ingested is English):
    the English rules and tagger read it."""
    return language is None or language == "en"


def _entities(body: str, language: str | None) -> Sequence[Entity]:
    """The English rules and tagger on English; another language's own tagger
    (``foreign``) where it has one; else none (``extract_facts`` says so in a field)."""
    if _reads_english(language):
        return find_entities(body)
    if language is not None and has_model(language):
        return find_foreign_entities(body, language)
    return ()


def _read_entities(body: str, language: str | None) -> tuple[list[Entity], list[str]]:
    """The body's entities, each filed (``_filed``), and the languages other than
    *language* that paragraphs of it were read in. A body written in two scripts, a fair
    share of its words each (``metadata.script_parts``: an English report quoting
    Russian at length, a Russian one quoting an English statement), is read a script at
    a time, each by its own language's reader: the paragraphs in other scripts blanked
    out, so that offsets still count into the body. Read whole by one language's reader,
    the other's names were lost or misread ("English by the Kremlin" an organisation)."""
    if not script_parts(body):
        return list(_filed(_entities(body, language), language)), []
    groups = _paragraphs_by_script(body)
    main = max(groups, key=lambda script: groups[script][0])
    found: list[Entity] = []
    also: list[str] = []
    for script, (_, lines) in sorted(groups.items(), key=lambda kv: -kv[1][0]):
        if script == main:
            lang = language
        else:
            lang = detect_language("\n".join(body[a:b] for a, b in lines))
            if lang is None:
                continue
            if lang != language:
                also.append(lang)
        view = _only(body, lines)
        found = _merged(found, _filed(_entities(view, lang), lang))
    return found, also


def _paragraphs_by_script(body: str) -> dict[str, tuple[int, list[tuple[int, int]]]]:
    """The body's lines by the script most of their words are in: per script, its words
    and its lines' (start, end) offsets. A line in no script goes with none."""
    groups: dict[str, tuple[int, list[tuple[int, int]]]] = {}
    start = 0
    for line in body.split("\n"):
        end = start + len(line)
        words: dict[str, int] = {}
        for match in SCRIPT_RUN.finditer(line):
            script = match.lastgroup or ""
            words[script] = words.get(script, 0) + words_in_any_script(match.group())
        if words:
            script = max(words, key=lambda k: words[k])
            count, lines = groups.get(script, (0, []))
            groups[script] = (count + sum(words.values()), [*lines, (start, end)])
        start = end + 1
    return groups


def _only(body: str, lines: list[tuple[int, int]]) -> str:
    """*body* with every line but *lines* blanked to spaces (line breaks kept): each
    character where it was, so that what is found there has the body's offsets."""
    out = [" " if ch != "\n" else ch for ch in body]
    for a, b in lines:
        out[a:b] = body[a:b]
    return "".join(out)


def _merged(found: list[Entity], more: Sequence[Entity]) -> list[Entity]:
    """*found* and *more*, an entity both name (a Latin name in a Russian paragraph and
    in an English one) once: the kind *found* gave it, every mention of both."""
    index = {e.name: i for i, e in enumerate(found)}
    out = list(found)
    for e in more:
        if e.name not in index:
            index[e.name] = len(out)
            out.append(e)
            continue
        first = out[index[e.name]]
        mentions = tuple(sorted((*first.mentions, *e.mentions), key=lambda m: m.offset))
        out[index[e.name]] = replace(
            first,
            mentions=mentions,
            count=first.count + e.count,
            first_offset=min(first.first_offset, e.first_offset),
        )
    return sorted(out, key=lambda e: e.first_offset)


def _teaser_entities(
    teasers: Sequence[str], found: Sequence[Entity], language: str | None
) -> tuple[Entity, ...]:
    """The names a page only links to ("NEXT The UN … ceasefire in Gaza"), read as the
    body is and kept apart: method ``teaser`` and no body offset, so that "named in the
    story" and "named in a link beside it" stay two answers. A name the body holds, in
    any of its forms or as a person's surname, is the body's."""
    if not teasers:
        return ()
    named = {form.lower() for e in found for form in (e.name, *e.forms)}
    surnames = {e.name.lower().split()[-1] for e in found if e.kind == "person"}
    return tuple(
        replace(
            e,
            method=TEASER,
            mentions=tuple(replace(m, method=TEASER) for m in e.mentions),
        )
        for e in _entities("\n\n".join(teasers), language)
        if not ({f.lower() for f in (e.name, *e.forms)} & named) and e.name.lower() not in surnames
    )


def _filed(entities: Sequence[Entity], language: str | None) -> Sequence[Entity]:
    """Each country with the name the warehouse files it under, whatever name the article
    gave it ("U.S.", "USA", "Vereinigte Staaten": "United States"), so that one query
    finds it across articles and languages; so too a US state that news style abbreviates
    ("Calif", "N.Y.": "California", "New York")."""
    out = list(entities)
    if language in DECLINING_LANGUAGES:
        out = _in_the_nominative(out, language)
    if language in GENITIVE_S_LANGUAGES:
        out = _genitives_as_one(out, language)
    for i, e in enumerate(out):
        if e.kind != "place":
            continue
        if filed := country_name(e.canonical or e.name, language):
            out[i] = replace(e, canonical=filed)
        elif e.method == Method.STATE_ABBREVIATION.value and (state := us_state_name(e.name)):
            out[i] = replace(e, canonical=state)  # "Calif", "N.Y.", "CA": the state's name
    if language == "de":
        out = _declined_as_one(out)
    return out


def _in_the_nominative(entities: list[Entity], language: str) -> list[Entity]:
    """Russian and Ukrainian decline names ("Путина", "в Германии"): each form is filed
    under its nominative ("Путин", "Германия"), which the dictionary gives
    (``facts.morphology``). Each form stays a row of its own (its mentions)."""
    return [
        replace(e, canonical=found)
        if e.canonical is None and (found := nominative(e.name, e.kind, language))
        else e
        for e in entities
    ]


# Languages that write a name's genitive with an "-s" ("Trumps Zölle", "Deutschlands
# Wirtschaft", "Sveriges regering").
GENITIVE_S_LANGUAGES = frozenset({"de", "sv", "da", "no", "nb"})
# A place the genitive of which may be filed under its name without the "-s": a country,
# or a city of this many people and a name longer than three letters (not "Pau" for
# "Paus", a surname, nor "Mar" for "Mars").
_GENITIVE_PLACE_POPULATION = 100_000


def _genitives_as_one(entities: list[Entity], language: str) -> list[Entity]:
    """A name in the genitive ("Trumps", "Barack Obamas", "Deutschlands", "Israels") filed
    under the name without its "-s": the article's own entity of that name or form (whose
    kind it takes: the tagger read "Trumps" as a place), else, for a place, the country or
    the large city the gazetteer knows by that name. A name that is itself a place or
    ends in "-ss" ("Texas", "Paris", "Heiko Maas") is left as written. Each form stays a
    row of its own (its mentions)."""
    by_form: dict[str, Entity] = {}
    for e in entities:
        for form in (e.name, *e.forms):
            by_form.setdefault(form.lower(), e)
    gazetteer = default_gazetteer()
    out = list(entities)
    for i, e in enumerate(entities):
        name = e.name
        if e.canonical is not None or not name.endswith("s") or name.endswith("ss"):
            continue
        stem = name[:-1]
        if len(stem) < 3 or country_name(name, language) or gazetteer.is_place(name):
            continue
        other = by_form.get(stem.lower())
        if other is not None and other is not e:
            out[i] = replace(e, kind=other.kind, canonical=other.canonical or other.name)
        elif e.kind == "place" and (
            (filed := country_name(stem, language))
            or (len(stem) > 3 and gazetteer.population(stem.lower()) >= _GENITIVE_PLACE_POPULATION)
        ):
            out[i] = replace(e, canonical=filed or stem)
    return out


# The endings a German adjective takes before a noun ("Deutsche Bahn", "der Deutschen
# Bahn", "Europäischer Rat", "dem Europäischen Rat").
_GERMAN_ADJECTIVE_ENDING = re.compile(r"(?:e|en|er|es|em)$")


def _declined_as_one(entities: list[Entity]) -> list[Entity]:
    """German declines the adjectives of a name ("die Deutsche Bahn", "der Deutschen
    Bahn"): the forms of one organisation or place, found apart, are filed under one name
    (``canonical``), the form with the nominative "-e" ("Deutsche Bahn") where the article
    uses it, else the most used. Each form stays a row of its own (its mentions)."""
    groups: dict[tuple[str, str], list[int]] = {}
    for i, e in enumerate(entities):
        words = e.name.split()
        if e.kind in ("org", "place") and len(words) >= 2 and e.canonical is None:
            stems = [_GERMAN_ADJECTIVE_ENDING.sub("", w.lower()) for w in words[:-1]]
            groups.setdefault((e.kind, " ".join([*stems, words[-1].lower()])), []).append(i)
    out = list(entities)
    for members in groups.values():
        if len(members) < 2:
            continue
        forms = [entities[i] for i in members]
        nominative = [e for e in forms if e.name.split()[0].endswith("e")]
        filed = max(nominative or forms, key=lambda e: e.count).name
        for i in members:
            if entities[i].name != filed:
                out[i] = replace(entities[i], canonical=filed)
    return out


def facts_enabled() -> bool:
    """False when the environment says ``NEWSROOM_FACTS=off`` (or 0, false, no). Only that
    variable is read: all the settings, read per article, cost a third of a millisecond."""
    return facts_setting(os.environ)


def _partial_iso(value: DateValue) -> str:
    """ "--02-25" (ISO 8601 without a year) for a partial date."""
    return f"--{value.month or 0:02d}-{value.day or 0:02d}"
