"""Words that can make a name, and the capitalised runs they form.

``tokens`` finds capitalised words, joiners ("of", "and", "van") and ordinals ("58th")
with a single regex, so the rest of the text never reaches Python; ``sequences`` joins
them into runs ("Chief of the General Staff Valery Gerasimov", "Department of Health and
Human Services") that ``facts.classify`` then splits and types. The body is passed in:
no module state.
"""

from __future__ import annotations

import re
import string
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import chain

from newsroom.facts.lexicon import (
    ABBREVIATIONS,
    CONNECTORS,
    JOINERS,
    LEADING_JUNK,
    LEGAL_FORMS,
    NOT_NAMES,
    ORG_HEADS,
    POSSESSIVE,
)


@dataclass(slots=True)
class Tok:
    text: str  # without a possessive ending or a final period
    start: int
    end: int
    cap: bool
    possessive: bool
    sentence_start: bool


_DOTTED = re.compile(r"(?:[A-Z]\.)+")
# What ends a sentence or opens a quotation or a line: a capital after it starts one.
_SENTENCE_BREAKS = frozenset('\n.!?:“"«»(—–…')
_JOINER_RE = "|".join(sorted(JOINERS, key=len, reverse=True))
_WORD = (
    # one look-behind for the three kinds that start a word: joiners, Arabic names with
    # a lower-case article ("al-Sharaa"), capitalised words; then ordinals ("58th").
    # A joiner is kept only before a capital, at most one more joiner between ("Bank of
    # America", "Department of the Interior"): a run never takes it otherwise, and most
    # "of", "the" and "and" of the text never reach Python. An opening single quote
    # starts a word ("‘Agentura’", "‘Special Military Operation’"); after a letter it is
    # an apostrophe.
    r"(?<![\w\-.'’])(?<!\w‘)(?:(?:" + _JOINER_RE + r")(?![\w\-'’‘])"
    r"(?=\s(?:(?:" + _JOINER_RE + r")\s)?(?:[^\W\d_a-z]|(?:a[lrstzdn]|el|ash)-[A-Z]))"
    r"|(?:a[lrstzdn]|el|ash)-[A-Z][\w\-]*"
    r"|[^\W\d_a-z](?:[\w\-]|\.(?![A-Z][a-z])|['’‘](?=[^\W\d_]))*)"
    r"|(?<![\w.,\-])\d+(?:st|nd|rd|th)(?![\w])"
)
_CANDIDATE = re.compile(f"(?P<word>{_WORD})")
# The lower-case letters no word above starts with (no joiner's first letter, nor an
# Arabic article's): after a break, a word that starts with one of them or a space is
# passed over at once, every alternative untried (half the words of the text).
_CANNOT_START = "".join(sorted(set(string.ascii_lowercase) - {w[0] for w in JOINERS} - {"a", "e"}))
# The same words with the character before each consumed first: a word above has one
# before it that is no letter, digit, hyphen or period, and no word ends on such a
# character, so that the regex engine jumps from one such character to the next instead
# of trying the pattern at every character (a fifth faster). The body's first word has
# none: ``_CANDIDATE`` finds it.
_AFTER_BREAK = re.compile(rf"[^\w\-.](?![{_CANNOT_START}\s])(?P<word>{_WORD})")
# Arabic names written with a lower-case article: "Ahmed al-Sharaa", "Abdel Fattah el-Sisi"
_ARTICLE_NAME = re.compile(r"(?:a[lrstzdn]|el|ash)-[A-Z]")
_ADJECTIVE_SUFFIX = re.compile(r"-[a-z]+$")
ORDINAL = re.compile(r"\d+(?:st|nd|rd|th)")
# Capitalised function words ("The", "It", "We"): before a lower-case word that is no
# joiner they make a run of one word that names nothing (they are in NOT_NAMES, and
# classify drops them from the start of a run), so the tokeniser skips them. Not the
# ones that are also surnames ("He", "An", "To", "So").
_FUNCTION_CAPS = frozenset(
    w.capitalize()
    for w in (LEADING_JUNK | {"the", "a"}) & NOT_NAMES
    if w not in ("he", "an", "to", "so")
)
_LOWER_AFTER = re.compile(r" (?!(?:" + _JOINER_RE + r")\b)[a-z]")


def tokens(body: str) -> list[Tok]:
    """The words that can make or join a name, in order (see ``_CANDIDATE``)."""
    out: list[Tok] = []
    # lowercase words and numbers only join ("of", "and") or start ("58th") runs; the
    # others only break them, and the gap they leave breaks a run as well: the regex
    # skips them (most of the text) without a Python step each
    first = _CANDIDATE.match(body)
    later = _AFTER_BREAK.finditer(body, first.end() if first else 0)
    for m in chain((first,), later) if first else later:
        raw = m.group("word")
        start, end = m.span("word")
        if not raw[0].isupper() and ("-" not in raw[:4] or not _ARTICLE_NAME.match(raw)):
            if raw in JOINERS or raw[0].isdigit():
                out.append(Tok(raw, start, end, False, False, False))
            continue
        if raw in _FUNCTION_CAPS and _LOWER_AFTER.match(body, end):
            continue  # "The", "It", "We" before a lower-case word: a run of its own, no name
        # keep a final period only for initials and dotted abbreviations ("U.S.", "J.")
        text = raw
        if text.endswith(".") and not _DOTTED.fullmatch(text):
            text = text.rstrip(".")
        possessive = False
        pm = POSSESSIVE.search(text) if text[-1] in "s'’‘" else None
        if pm and len(text) > 2:
            text = text[: pm.start()] if pm.group(0)[0] in "'’‘" else text[:-1]
            possessive = True
        # the character before the token, past spaces: a sentence's or a quotation's end
        # or start, or a line break (200 spaces and more count as a break)
        p = start - 1
        while p >= 0 and body[p] in " \t" and start - p <= 200:
            p -= 1
        sentence_start = (
            p < 0
            or body[p] in _SENTENCE_BREAKS
            or start - p > 200
            or (body[p] in "‘'" and p > 0 and body[p - 1] in " \n")
        )
        # "U.S.-based", "Kremlin-backed": adjectives, not names
        cap = "-" not in text or _ADJECTIVE_SUFFIX.search(text) is None
        out.append(Tok(text, start, start + len(text), cap, possessive, sentence_start))
    return out


def sequences(tokens: list[Tok], body: str) -> Iterator[list[Tok]]:
    """Runs of capitalised tokens, joined by lowercase connectors between capitals."""
    i = 0
    n = len(tokens)
    while i < n:
        # a run starts at a capitalised token, or at an ordinal right before one ("58th
        # Street"; the ordinal is looked for only where no capital starts the run)
        if not tokens[i].cap and not (
            ORDINAL.fullmatch(tokens[i].text) is not None
            and i + 1 < n
            and tokens[i + 1].cap
            and tokens[i + 1].start - tokens[i].end == 1
        ):
            i += 1
            continue
        run = [tokens[i]]
        j = i + 1
        while j < n:
            tok = tokens[j]
            if run[-1].possessive:
                # "Putin's" ends a run; "the Sheriff's Department" does not
                if (
                    tok.cap
                    and tok.text.lower() in ORG_HEADS
                    and _between_text(body, run[-1], tok) == " "
                ):
                    run.append(tok)
                    j += 1
                    continue
                break
            # "Commission on Human Rights", "Committee on Foreign Affairs": "on" after an
            # organisation's head word
            # ("on" is no token: the words between are read from the text)
            if (
                tok.cap
                and tok.start - run[-1].end == 4
                and body[run[-1].end : tok.start] == " on "
                and run[-1].text.lower() in ORG_HEADS
                and tok.text.lower() not in NOT_NAMES
            ):
                run.append(tok)
                j += 1
                continue
            gap = tok.start - run[-1].end
            if gap > 2:
                break  # most tokens: the text between is not read
            between = _between_text(body, run[-1], tok)
            # "Dr. Joneigh Khaldun", "Lt. Matt Harris", "ST. JOSEPH": an abbreviation
            abbreviated = between == ". " and run[-1].text.lower() in ABBREVIATIONS
            if gap > 1 and run[-1].text[-1:] != "." and not abbreviated:
                break
            if between not in ("", " ") and not abbreviated:
                break
            if tok.cap:
                run.append(tok)
                j += 1
                continue
            # "and" inside an organisation's name: "Department of Health and Human Services"
            # (a head word on both sides), "Food and Drug Administration" (a word or two
            # before it, a head word ending it), "Centers for Disease Control and
            # Prevention" (a head word and its "of" or "for" before it, an abstract noun
            # after: "… Housing and Urban Development"); not after a company's legal form
            # ("Johnson Controls Inc and Lear Corp" are two)
            if tok.text == "and" and run[-1].text.lower() not in LEGAL_FORMS:
                k = j + 1
                while k < n and tokens[k].cap and tokens[k].start - tokens[k - 1].end <= 1:
                    k += 1
                after = tokens[j + 1 : k]
                if after and _and_inside_name(run, after, body):
                    run.extend(tokens[j:k])
                    j = k
                    continue
            # a connector is kept only when a capital follows it
            k = j
            while (
                k < n
                and tokens[k].text.lower() in CONNECTORS
                and not tokens[k].cap
                and tokens[k].start - tokens[k - 1].end == 1
            ):
                k += 1
            if k > j and k < n and tokens[k].cap and k - j <= 2 and _adjacent(tokens, k):
                run.extend(tokens[j : k + 1])
                j = k + 1
                continue
            break
        yield run
        i = j


# The endings of the abstract nouns that close an organisation's name after "and"
# ("Disease Control and Prevention", "Culture and Tourism", "Food and Agriculture").
_ABSTRACT_NOUN = re.compile(r"(?:tion|sion|ment|ity|ance|ence|logy|ics|ure|ism|ness)$")


def _and_inside_name(run: list[Tok], after: list[Tok], body: str) -> bool:
    """Whether "and" joins *run* and the capitalised words *after* it into one
    organisation's name (see ``sequences``); not the last two of a list ("Ministry of
    Trade, Industry and Energy": the run after the comma is no name's start)."""
    if body[max(0, run[0].start - 2) : run[0].start].strip() == ",":
        return False
    last = after[-1].text.lower()
    if last in LEGAL_FORMS:
        return False  # "Acme Holdings and Apple Inc" are two companies
    if last in ORG_HEADS:
        if any(t.text.lower() in ORG_HEADS for t in run):
            return True  # "Department of Health and Human Services"
        named = [t for t in run if t.text != "The"]
        return len(named) <= 2 and len(after) <= 3  # "Food and Drug Administration"
    head = run[1] if run[0].text == "The" and len(run) > 1 else run[0]
    return (
        head.text.lower() in ORG_HEADS
        and any(not t.cap for t in run)  # its "of" or "for"
        and len(after) <= 2
        and not any(t.text.isupper() for t in after)  # "Justice and FBI" are two
        and _ABSTRACT_NOUN.search(after[-1].text) is not None
    )


def _adjacent(tokens: list[Tok], k: int) -> bool:
    """Token k follows token k-1 after one space (no word dropped by ``tokens`` between)."""
    return tokens[k].start - tokens[k - 1].end == 1


def _between_text(body: str, a: Tok, b: Tok) -> str:
    return body[a.end : b.start].replace("’s", "").replace("'s", "")
