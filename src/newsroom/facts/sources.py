"""Sources an article cites: outlets, agencies, channels and institutes.

"according to the Institute for the Study of War", "the VChK-OGPU Telegram channel
said", "told Sky News Australia", "… first reported", "an AP journalist reported".
People are quote speakers, not sources.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from newsroom.datelines import MONTHS, WEEKDAYS
from newsroom.facts.entities import find_entities
from newsroom.facts.lexicon import (
    DEMONYMS,
    KNOWN_ORGS,
    NOT_NAMES,
    ORG_TAILS,
    is_acronym,
    is_given_name,
    is_listed_company,
    known_outlet,
    org_key,
    squash,
)
from newsroom.facts.records import Entity, SourceCited
from newsroom.wordlists import word_set

_CITED_NAME = (
    r"(?P<name>(?:the\s+)?[‘'\"“]?[A-Z][\w\-.&’']*(?:\s+(?:of|for|the|and|on|"
    r"[A-Z][\w\-.&’']*))*[’'\"”]?)"
)
_CITE_PATTERNS = (
    re.compile(
        # "according to data from MarketAxess", "according to figures compiled by LSEG"
        r"according to\s+(?:(?:new\s+|official\s+|preliminary\s+)?(?:data|figures|"
        r"estimates|numbers|statistics|a report|a statement|a survey|a poll|research|"
        r"analysis|an analysis|a study|records|documents|a tally|a count)\s+(?:\w+\s+)?"
        r"(?:from|by|of)\s+)?" + _CITED_NAME,
        re.IGNORECASE,
    ),
    re.compile(
        r"\b(?:told|explained to|assured|said to|in an interview with|speaking to|"
        r"revealed to|via|reported by|published by|verified by|cited by|quoted by|"
        r"confirmed to|obtained by|seen by|reviewed by|shared with|"
        r"an? (?:report|article|story|interview|editorial|investigation|op-ed) "
        r"(?:in|by|from|with|published by))\s+" + _CITED_NAME
    ),
)
# "an AP journalist reported", "a Reuters tally", "an Associated Press journalist in …"
_OUTLET_WORK = re.compile(
    r"\s+(?:journalist|reporter|correspondent|photographer|videographer|crew|"
    r"investigation|analysis|tally|count|review|survey|poll|report|calculation|"
    r"estimate)s?\b"
)
_CITE_VERB = re.compile(r"\b(?:said|says|reported|reports|told|according|cited|quoted|wrote)\b")
_DESCRIBED_SOURCE = re.compile(
    r"\b(?:regulator|watchdog|agency|broadcaster|newspaper|institute|monitor)\b"
)
# What an outlet is, just before its name: "the Dutch broadcaster NOS", "public broadcaster
# NHK said".
_MEDIA_WORDS = word_set("media_words")
_REPORT_VERB = re.compile(
    r"(?:\s*,(?:[^,.!?\n]|\.(?=\S)){0,120},)?\s+(?:has\s+|had\s+)?(?:first\s+|also\s+|earlier\s+|"
    r"previously\s+|later\s+)?(?P<verb>said|says|reported|reports|claimed|claims|wrote|"
    r"writes|published|revealed|announced|stated|estimated|estimates|found|warned)\b"
)
# "the agency said": the literal first (its word boundary checked behind it), so that the
# regex engine skips to each "the " instead of trying every character.
_THE_OUTLET_SAID = re.compile(
    r"the(?<!\wthe) (?P<noun>channel|agency|newspaper|outlet|website|institute)\s+"
    r"(?:said|reported|claimed|wrote)"
)
# What a company reports about itself follows the verb as its object: "Home Depot reported
# third-quarter earnings", "reported a loss", "reports $3 billion in sales". An outlet's
# report is told as a clause ("reported that …", "reported on Tuesday", "reported.").
_OWN_RESULTS = re.compile(
    r"\s+(?:a|an|its|their|record|strong|weak|better|worse|higher|lower|net|quarterly|"
    r"annual|full-year|(?:first|second|third|fourth)-quarter|revenues?|earnings|sales|"
    r"profits?|losses|income|results|growth|[$€£¥]|\d)\b",
    re.IGNORECASE,
)
_INVERTED_SAID = re.compile(r"\b(?:said|says|reported|reports|according to)\s+(?:the\s+)?$")
_NOT_SOURCE_WORDS = frozenset(MONTHS) | frozenset(WEEKDAYS)


def _joins_name(word: str, before: str) -> bool:
    """A lower-case word inside a name: "of", "for", "on" after a name word ("Institute for
    the Study of War", "Committee on Energy"), and "the" only after those: after a name
    word "the" starts what was said ("told Polygraph.info the Russian claims are
    false")."""
    if word in ("of", "for", "on"):
        return True
    return word == "the" and before.lower() in ("of", "for", "on")


def find_sources(
    body: str, entities: Sequence[Entity] | None = None, *, site_name: str | None = None
) -> list[SourceCited]:
    """Outlets, agencies, channels and institutes the article cites: "according to the
    Institute for the Study of War", "according to data from …", "the VChK-OGPU Telegram
    channel said", "told Sky News Australia", "told the broadcaster …", "… first
    reported", "an AP journalist reported", "says WHO". People are quote speakers, not
    sources, and are left out; a company saying something is no source, one reporting is,
    unless what it reports is its own results ("reported third-quarter earnings").
    So are places ("Wall Street"), a reporter before his outlet ("Brian Batko of the
    Pittsburgh Post-Gazette": the outlet), and the outlet that published the article
    (``site_name``) citing itself."""
    if entities is None:
        entities = find_entities(body)
    orgs = [e for e in entities if e.kind == "org"]
    people = {e.name.lower() for e in entities if e.kind == "person"}
    surnames = {n.split()[-1] for n in people}
    given_names = {n.split()[0] for n in people if " " in n}
    places = {e.name.lower() for e in entities if e.kind == "place"}
    site = _outlet_key(site_name) if site_name else None
    out: dict[str, SourceCited] = {}

    def add(name: str, offset: int, phrase: str) -> None:
        name = name.strip(" ‘’'\"“”,.")
        name = re.sub(r"^the\s+", "", name, flags=re.IGNORECASE).strip(" ‘’'\"“”")
        person, of, outlet = name.partition(" of ")
        if of and (person.lower() in people or is_given_name(person.split()[0])):
            name = re.sub(r"^the\s+", "", outlet, flags=re.IGNORECASE)  # the reporter's outlet
        written = name
        name = _canonical_org(name, orgs)
        low = name.lower()
        if not name or low in people or low in surnames or low in NOT_NAMES or low in places:
            return
        if site is not None and site in (_outlet_key(written), _outlet_key(name)):
            return  # the outlet citing itself, as written or by the entity it is a form of
        if not name[:1].isupper() or name.lower() in DEMONYMS:
            return
        if re.fullmatch(r"[A-Z]{2,}s", name):
            return  # "MPs", "CEOs": people, not an institution
        if name in _POST_NOMINALS or low in given_names:
            return  # "Laine, MD, reports", "said to Walter" (Walter Reed): a person's
        key = org_key(name)
        if key not in out or offset < out[key].offset:
            out[key] = SourceCited(name, offset, phrase.strip())

    for pattern in _cite_patterns(body):
        for m in pattern.finditer(body):
            name = m.group("name")
            # a capitalised name only, cut at the first lowercase word that is no connector
            words = name.split()
            kept: list[str] = []
            for w in words:
                bare = w.strip("‘’'\"“”")
                if bare.rstrip(".,").lower() in _NOT_SOURCE_WORDS:
                    break  # "told MPs on Wednesday"
                if bare[:1].isupper() or (kept and _joins_name(bare.lower(), kept[-1])):
                    if w.endswith(".") and not re.fullmatch(r"(?:[A-Z]\.)+", w):
                        kept.append(w[:-1])  # the end of a sentence
                        break
                    kept.append(w)
                elif not kept and bare.lower() == "the":
                    continue
                else:
                    break
                if w.endswith(("’", "”", '"')) and len(kept) > 0 and w[:1] not in "‘“\"'":
                    break
            while kept and kept[-1].lower() in ("of", "for", "the", "on", "and"):
                kept.pop()
            if not kept:
                continue
            if len(kept) == 1 and kept[0].lower() in DEMONYMS:
                continue  # "told the Dutch broadcaster …": the descriptor pattern's
            add(" ".join(kept), m.start("name"), m.group(0))
    # an organisation after what it is ("the public broadcaster NOS", in a sentence that
    # cites), or before its reporters' work ("an AP journalist reported"); looked up
    # around the organisations found (a scan of the whole text costs more)
    # "<org> said/reported/claimed" with the organisation as the subject, and "says <org>"
    for e in orgs:
        source_org = _is_source_org(e)
        for mention in e.mentions:
            start, end = mention.offset, mention.offset + len(mention.text)
            before = body[max(0, start - 40) : start]
            words = before.split()
            if words and (words[-1] in _MEDIA_WORDS or " ".join(words[-2:]) in _MEDIA_WORDS):
                left = max(body.rfind(". ", 0, start), body.rfind("\n", 0, start))
                right = body.find(". ", end)
                if _CITE_VERB.search(body, left + 1, right if right >= 0 else len(body)):
                    add(e.name, start, before.strip() + " " + mention.text)
            if (
                words
                and words[-1] in ("a", "an", "the", "A", "An", "The")
                and (work := _OUTLET_WORK.match(body, end))
            ):
                add(e.name, start, mention.text + work.group(0))
            said = _REPORT_VERB.match(body, end, end + 200)
            if said:
                reporting = said.group("verb") in ("reported", "reports", "published", "wrote")
                if reporting and not source_org and _OWN_RESULTS.match(body, said.end()):
                    reporting = False  # a company reporting its results cites no one
                if (
                    reporting
                    or source_org
                    or _DESCRIBED_SOURCE.search(body, end, said.start("verb"))
                ):
                    add(e.name, start, mention.text + body[end : said.end()])
            if (
                (source_org or is_acronym(e.name))
                and words
                and words[-1] in ("said", "says", "reported", "reports", "to", "the")
                and _INVERTED_SAID.search(before[-25:])
            ):
                add(e.name, start, before[-25:].strip() + " " + mention.text)
    for m in _THE_OUTLET_SAID.finditer(body):
        for e in orgs:
            if e.name.lower().endswith(m.group("noun")) and e.first_offset < m.start():
                add(e.name, e.first_offset, m.group(0))
                break
    return sorted(out.values(), key=lambda s: s.offset)


def _cite_patterns(body: str) -> tuple[re.Pattern[str], ...]:
    """The citing patterns that can match in the body: "according to …", which is
    case-insensitive and so tried at every character, only where the body holds
    "according" in some case (or where lower case says nothing sure: "İ" lower-cases to
    two characters, and a dotless "ı" matches "i")."""
    lowered = body.lower()
    if "according" in lowered or len(lowered) != len(body) or "ı" in body:
        return _CITE_PATTERNS
    return _CITE_PATTERNS[1:]


def _outlet_key(name: str) -> str:
    """The same key for the ways an outlet is written ("The Associated Press", "AP")."""
    return squash(known_outlet(name) or name)


def _canonical_org(name: str, orgs: Sequence[Entity]) -> str:
    key = org_key(name)
    for e in orgs:
        if org_key(e.name) == key or any(org_key(m.text) == key for m in e.mentions):
            return e.name
    return name


def _is_source_org(e: Entity) -> bool:
    """An organisation whose saying something cites it: an outlet, an agency, an
    institute, a known body ("the Kremlin said"); not a listed company ("Boeing said": a
    company saying something is no cited source)."""
    low = e.name.lower().split()
    return (
        known_outlet(e.name) is not None
        or any(w in ORG_TAILS or w in _SOURCE_HEADS for w in low)
        or (e.name in KNOWN_ORGS and not is_listed_company(e.name))
    )


_SOURCE_HEADS = word_set("source_heads")
_POST_NOMINALS = word_set("post_nominals")
