"""Quotations and who said them.

Quotations of four words or more (shorter quoted words are scare quotes), paragraphs of
one quotation joined; the speaker is the one the text names after the quote, before it,
as the subject of the sentence that holds it, or the speaker of the quotation just
before it in the same paragraph. ``Quote.method`` says which.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

from newsroom.facts.entities import find_entities
from newsroom.facts.lexicon import ABBREVIATIONS, LEADING_JUNK, SPEECH_VERBS
from newsroom.facts.records import Entity, Quote
from newsroom.metadata import words_in_any_script
from newsroom.wordlists import word_lines

# Opening marks and their closing ones; Chinese and Japanese corner brackets too.
_OPENERS = {"“": "”", "«": "»", "»": "«", "„": "“", '"': '"', "「": "」", "『": "』"}
_QUOTE_MIN_WORDS = 4
_TRAILING = " ,;:，、"  # what a quotation's text loses at its end
_OPENER_RE = re.compile("[" + "".join(_OPENERS) + "]")
# per opening mark: its closing marks, or a paragraph break
_STOP_RE = {
    ch: re.compile(
        "[" + "".join(sorted({_OPENERS[ch], "”", "»", "«"} if ch != '"' else {'"'})) + "]|\n\n"
    )
    for ch in _OPENERS
}


def _quote_spans(body: str) -> list[tuple[int, int, str]]:
    """(start, end, text) of quotations, paragraphs of one quotation joined.

    A paragraph that opens a quotation without closing it continues into the next
    paragraph when that one opens with a quotation mark too (the newspaper convention).
    """
    out: list[tuple[int, int, str]] = []
    i = 0
    n = len(body)
    while i < n:
        found = _OPENER_RE.search(body, i)
        if found is None:
            break
        i = found.start()
        ch = body[i]
        if ch == '"' and i > 0 and body[i - 1].isalnum():
            i += 1
            continue
        stop = _STOP_RE[ch]
        start = i
        pieces: list[str] = []
        j = i + 1
        seg_start = j
        closed_at: int | None = None
        while j < n:
            # jump to the next closing mark or paragraph break
            hit = stop.search(body, j)
            if hit is None:
                j = n
                break
            j = hit.start()
            if body[j] != "\n":
                if j > seg_start:
                    closed_at = j
                    break
                j += 1
                continue
            if body.startswith("\n\n", j):
                k = j
                while k < n and body[k] in "\n ":
                    k += 1
                reopens = k < n and body[k] in _OPENERS and (body[k] != '"' or ch == '"')
                if reopens:
                    pieces.append(body[seg_start:j].strip())
                    j = k + 1
                    seg_start = j
                    continue
                break
            j += 1
        if closed_at is None:
            # an unclosed quotation that ran to the end of its paragraph: drop it
            i = j if j > i else i + 1
            continue
        pieces.append(body[seg_start:closed_at].strip())
        text = "\n\n".join(p for p in pieces if p)
        out.append((start, closed_at + 1, text))
        i = closed_at + 1
    return out


_SPEECH_VERB_RE = re.compile(r"\b(?:" + SPEECH_VERBS + r")\b")
# A verb that names what it quotes, the quotation its complement right after a short
# object: "Tedros called the expansion “…”", "Soyinka described her as “…”". The
# sentence's subject said the words. Not in the passive ("Dole's plans were called
# “…”") nor a participle with no object ("the movie described as “…” by Lelouche"), and
# only up to the quotation ("a man called Smith said" has no quotation after "called").
_NAMING_VERB = re.compile(
    r"(?<!was )(?<!were )(?<!is )(?<!are )(?<!be )(?<!been )(?<!being )"
    r"\b(?:called|calls|described|describes|termed|terms|branded|brands|dubbed|dubs"
    r"|labell?ed|labels|hailed|hails|slammed|slams|praised|praises|criticised|criticized)"
    r"\b(?:\s+(?!as\b)[\w’'-]+){1,6}?(?:\s+as)?\s*$"
)
# A name, what the person is, then the speech verb: the description may hold commas
# ("in Munich, Germany, and"), not a sentence's end or another quotation.
_APPOSITIVE_SAID = re.compile(
    r"(?P<who>[A-Z][\w.’'\-]*(?:\s+(?:[A-Z][\w.’'\-]*|de|da|van|von|bin|al|el)){1,4}),"
    r"\s+(?:a|an|the|who|[a-z][\w\-]*)\b[^.!?\n“”\"«»]{0,200}?,\s+(?:" + SPEECH_VERBS + r")\b"
)
# A name and an age, then the speech verb: "Ellison, 74, said".
_AGED_SAID = re.compile(
    r"(?P<who>[A-Z][\w.’'\-]*(?:\s+[A-Z][\w.’'\-]*){0,3}),\s+\d{1,3},\s+(?:" + SPEECH_VERBS + r")\b"
)
# The clause after a quotation, to its first comma or sentence end: a period that ends an
# initial or an abbreviation ("said U.S. Attorney Nealy Cox", "said Dr. Lee", "J. Smith")
# ends nothing.
_ABBREVIATED = "|".join(sorted((w.capitalize() for w in ABBREVIATIONS), key=len, reverse=True))
_CLAUSE = re.compile(r"(?:\b(?:[A-Z]\.)+|\b(?:" + _ABBREVIATED + r")\.|[^,.;:!?\n“”\"«»(])*")
_CUT_PHRASE = re.compile(
    r"\s+(?:in|on|to|at|during|after|before|while|when|that|from|about|via|with|for|who|"
    r"which|as|by)\b.*$"
)


def _after_speaker(after: str, ended: str = "") -> str | None:
    """Who a quotation's trailing clause names: ",” said Captain John Foreman, …" →
    "Captain John Foreman"; ",” he said." → "he"; None when the sentence ended (a period
    closing the quotation, then a capital: the next sentence's subject is no speaker;
    after "?" or "!" only a short "…?” Trump asked" counts)."""
    rest = after.lstrip(" ")
    if not rest or rest[0] in ".\n":
        return None
    if ended and rest[0].isupper():
        if ended == ".":
            return None
        short = _clause(rest).split()
        if len(short) > 4 or not short or _SPEECH_VERB_RE.fullmatch(short[-1]) is None:
            return None
    rest = rest.lstrip(",").lstrip(" ")
    clause = _clause(rest)
    verb = _SPEECH_VERB_RE.search(clause)
    if verb is None:
        # ",” Dylan Nelson, a postdoctoral fellow at …, and co-author of the study, said";
        # ',” Ellison, 74, said'
        appositive = _APPOSITIVE_SAID.match(rest) or _AGED_SAID.match(rest)
        if appositive is None:
            return None
        words = appositive.group("who").split()
        while words and words[0].lower() in LEADING_JUNK:  # "But Senate Republicans, …"
            words = words[1:]
        return " ".join(words) or None
    if verb.start() == 0:
        who = _CUT_PHRASE.sub("", clause[verb.end() :].strip())
    else:
        who = clause[: verb.start()].strip()
        if len(who.split()) > 8:
            return None
    return who or None


def _clause(text: str) -> str:
    """The start of ``text`` to its first comma or sentence end (``_CLAUSE``)."""
    m = _CLAUSE.match(text)
    return m.group(0) if m else ""


_BEFORE_SPEAKER = re.compile(
    r"(?:^|[.!?\n]\s*)(?P<who>[^.!?\n“”\"«»]{2,80}?)\s+(?:"
    + SPEECH_VERBS
    + r"|tells?\s+[^:]{1,60})"
    r"(?:\s+[^:.!?\n“”]{0,60})?\s*:\s*$"
)
# A quotation inside a sentence that ends by naming its speaker: "… “take really detailed
# histories” of the patients, Dempsey said.", "… “phase one” deal announced in October, said
# Derek Scissors" (no sentence end or other quotation before the comma).
_NAME = r"[A-Z][\w.’'\-]*(?:\s+[A-Z][\w.’'\-]*){0,3}"
_SAID_LATER = re.compile(
    r"[^.!?\n“”\"«»]{0,150}?,\s+(?:(?:" + SPEECH_VERBS + r")\s+(?P<after>" + _NAME + r")"
    r"|(?P<before>" + _NAME + r")\s+(?:" + SPEECH_VERBS + r"))\b"
)
_TITLED_NAME = re.compile(
    r"(?:[a-z][\w\-]*\s+){1,3}(?P<name>[A-Z][\w\-’']+(?:\s+[A-Z][\w\-’']+){1,3})"
)
_ACCORDING_BEFORE = re.compile(r"according to\s+(?P<who>[^,.!?\n“”]{2,60}),?\s*$", re.IGNORECASE)
_PRONOUNS = frozenset({"he", "she", "they"})
# A group named by a plural noun, with one word before it at most: "officers announced",
# "two witnesses said", "health officials said" (not "perhaps", "always").
_GROUP_SPEAKER = re.compile(r"(?:[a-z]+\s+)?[a-z]{3,}[^\Wsiu]s")
_NOT_GROUPS = frozenset({"perhaps", "always", "sometimes", "besides", "afterwards", "towards"})


@dataclass(frozen=True, slots=True)
class _Speech:
    """How one language other than English names a quotation's speaker
    (``words/quote_speech.txt``): its speech verbs (the patterns after and before a
    quotation), its subject pronouns, the words that end a name after the verb, and
    whether it drops a subject the reader knows ('…", dijo.')."""

    verb: re.Pattern[str]  # a speech verb where the clause after a quotation starts
    before: re.Pattern[str]  # "Seiler fügte hinzu:" before a quotation, to its end
    cut: re.Pattern[str]  # from the first word that ends the name to the clause's end
    pronouns: frozenset[str]
    dropped_subject: bool


# A French verb with its subject after it: "a-t-il ajouté", "ajoute-t-elle", "dit-il".
_INVERTED_PRONOUN = re.compile(r"^\w+(?:-t)?-(?:il|elle)\b")
_DROPPED = "\x00"  # who a verb with no subject after it names in a language that drops one


@cache
def _speech(language: str) -> _Speech | None:
    """The speaker patterns of ``language``; None where the list has none (English has
    its own patterns, above)."""
    verbs: list[str] = []
    pronouns: set[str] = set()
    cut: list[str] = []
    dropped = False
    for line in word_lines("quote_speech"):
        code, kind, *entry = line.split(maxsplit=2)
        if code != language:
            continue
        if kind == "verb":
            verbs.append(entry[0])
        elif kind == "pronoun":
            pronouns.add(entry[0])
        elif kind == "cut":
            cut.append(entry[0])
        elif kind == "dropped":
            dropped = True
    if not verbs:
        return None
    alternatives = "|".join(re.escape(v) for v in sorted(verbs, key=len, reverse=True))
    return _Speech(
        re.compile(rf"(?:{alternatives})(?!\w)"),
        re.compile(
            r"(?:^|[.!?\n]\s*)(?P<who>[^.!?\n“”\"«»„]{2,80}?)\s+(?:" + alternatives + r")(?!\w)"
            r"(?:\s+[^:.!?\n“”„]{0,60})?\s*:\s*$"
        ),
        re.compile(r"\s+(?:" + "|".join(map(re.escape, cut)) + r")(?!\w).*$") if cut else _NEVER,
        frozenset(pronouns),
        dropped,
    )


_NEVER = re.compile(r"(?!)")
_WORDS_OF_A_NAME = re.compile(r"[^\W\d_][\w’'\-]*(?:\s+[^\W\d_][\w’'\-]*){0,3}")


def _a_name(text: str) -> bool:
    """One to four capitalised words of any script: "Зеленський", "Claus Weselsky"."""
    return _WORDS_OF_A_NAME.fullmatch(text) is not None and all(
        word[:1].isupper() for word in text.split()
    )


def _name_after_description(who: str) -> str | None:
    """The first name and surname that end a speaker's description, as news in many
    languages writes it after the verb ("заявила глава европейской дипломатии Кая
    Каллас", "dijo el ministro de Exteriores José Albares"): the last two words, both
    capitalised but not in capitals (an acronym is an office's: "МИД", "EU"), after at
    least one word of the description in lower case."""
    words = who.split()
    if len(words) < 3 or not any(w[:1].islower() for w in words[:-2]):
        return None
    last = words[-2:]
    if all(w[:1].isupper() and not w.isupper() and _a_name(w) for w in last):
        return " ".join(last)
    return None


def _speaker_after(after: str, ended: str, speech: _Speech) -> str | None:
    """Who the clause after a quotation names in another language: "…“, sagte Weselsky am
    Dienstag" → "Weselsky", "», a-t-il ajouté" → "il", '", dijo.' → the dropped subject;
    None when a sentence ended with the quotation and another begins."""
    rest = after.lstrip(" ")
    if not rest or rest[0] in ".\n":
        return None
    if ended == "." and rest[0].isupper():
        return None
    rest = rest.lstrip(",").lstrip(" ").lstrip("—–-").lstrip(" ")
    clause = _clause(rest)
    if _INVERTED_PRONOUN.match(clause) and speech.pronouns & {"il", "elle"}:
        return "il"
    verb = speech.verb.match(clause)
    if verb is None:
        return None
    who = speech.cut.sub("", clause[verb.end() :].strip())
    if who:
        return who
    if speech.dropped_subject and rest[len(clause) : len(clause) + 1] in ("", ".", "\n"):
        return _DROPPED
    return None


def find_quotes(
    body: str, entities: Sequence[Entity] | None = None, language: str | None = None
) -> list[Quote]:
    """Quotations of four words or more (shorter quoted words are scare quotes) with the
    speaker the text names: after the quote ("…,” said Captain John Foreman", "…,” he
    said" → the last person named before it, outside quotations), before it ("Popov tells
    …: “…”", "According to Foreman, “…”"), the subject of the sentence that holds it, or
    the speaker of the quotation just before it in the same paragraph. In another
    language than English (``language``) the speaker is looked for after and before the
    quotation with that language's speech verbs (``_Speech``), where the list has them."""
    speech = _speech(language) if language not in (None, "en") else None
    if entities is None:
        entities = find_entities(body)
    spans = _quote_spans(body)
    # shorter quoted words are scare quotes; with no quotation, no speaker is looked for
    quotations = [q for q in spans if words_in_any_script(q[2]) >= _QUOTE_MIN_WORDS]
    if not quotations:
        return []

    def outside(offset: int) -> bool:
        return not any(a < offset < b for a, b, _ in spans)

    people = [e for e in entities if e.kind == "person"]
    person_names = {e.name for e in people}
    mention_index = sorted(
        ((m.offset, e) for e in people for m in e.mentions if outside(m.offset)),
        key=lambda pair: pair[0],
    )
    all_index = sorted(
        (
            (m.offset, e)
            for e in entities
            if e.kind != "place"
            for m in e.mentions
            if outside(m.offset)
        ),
        key=lambda pair: pair[0],
    )
    out: list[Quote] = []
    previous: tuple[int, Quote] | None = None  # (end offset, quote) of the last one
    for start, end, text in quotations:
        speaker, method, confidence = _speaker(
            body, start, end, entities, people, mention_index, speech
        )
        if (
            method == "pronoun"
            and previous is not None
            and start - previous[0] < 600
            and previous[1].speaker in person_names
            and previous[1].speaker != speaker
            and _last_person_before(start, mention_index, floor=previous[0]) is None
        ):
            # "…,” he continued." after another person's quotation: that person again
            speaker, method, confidence = previous[1].speaker, "pronoun:previous_speaker", 0.7
        if speaker is None and previous is not None and previous[1].speaker is not None:
            between = body[previous[0] : start]
            if (
                "\n" not in between
                and len(between) < 200
                # another person named between is this one's speaker ("… Arteta said.
                # Chelsea coach Enzo Maresca said his side had 'deserved a point.'")
                and not any(
                    entity.kind == "person" and entity.name != previous[1].speaker
                    for pos, entity in mention_index
                    if previous[0] <= pos < start
                )
            ):
                speaker, method, confidence = previous[1].speaker, "continuation", 0.7
        if speaker is None:
            speaker, method, confidence = _sentence_subject(body, start, all_index, mention_index)
        if speaker is None:
            speaker, method, confidence = _sentence_end_speaker(
                body, start, end, entities, people, mention_index
            )
        if speaker is None and _opens_paragraph(body, start) and not _attributed(body, end):
            speaker, method, confidence = _paragraph_before(
                body, start, previous, all_index, mention_index
            )
        # the comma a quotation takes before its attribution ('"…," he said') is the
        # sentence's, not the speaker's words
        quote = Quote(text.rstrip(_TRAILING), speaker, start, method, round(confidence, 3))
        out.append(quote)
        previous = (end, quote)
    return out


def _speaker(
    body: str,
    start: int,
    end: int,
    entities: Sequence[Entity],
    people: Sequence[Entity],
    mention_index: Sequence[tuple[int, Entity]],
    speech: _Speech | None = None,
) -> tuple[str | None, str, float]:
    last = body[end - 2 : end - 1]
    ended = last if last in ".!?" else ""
    pronouns = _PRONOUNS
    who = None
    if speech is not None:  # the language's own patterns, then English's (a quoted English
        # sentence keeps its attribution in English in many articles in other languages)
        who = _speaker_after(body[end : end + 200], ended, speech)
        pronouns = pronouns | speech.pronouns | {"il", _DROPPED}
        if who and who not in pronouns:
            resolved = _resolve_speaker(
                who, start, entities, people, mention_index, pronouns, described=False
            )
            if resolved is not None:
                return resolved
            if _a_name(who):  # a name the language's tagger did not find, or a
                return who, "said_name", 0.6  # language without a tagger
            if (named_last := _name_after_description(who)) is not None:
                return named_last, "said_name:description", 0.5
            # the subject after the verb and what it was said to ("dijo a los
            # periodistas el presidente de GDL, Mario Reiss, en …"): the first person the
            # clause names, to its sentence's end
            named = _first_person_in(body, end, mention_index)
            if named is not None:
                return named.name, "said_name:clause", 0.6
            who = None  # read by the English patterns below, or not at all
    if not who:
        who = _after_speaker(body[end : end + 200], ended)
    if who:
        resolved = _resolve_speaker(who, start, entities, people, mention_index, pronouns)
        if resolved is not None:
            return resolved
    line_start = body.rfind("\n", 0, start) + 1
    before = body[line_start:start]
    if speech is not None:
        m = speech.before.search(before)
        if m:
            who = m.group("who").strip()
            resolved = _resolve_speaker(
                who, start, entities, people, mention_index, pronouns, described=False
            )
            if resolved is not None:
                name, method, conf = resolved
                return name, f"{method}:before", conf * 0.95
    m2 = _ACCORDING_BEFORE.search(before)
    if m2:
        resolved = _resolve_speaker(m2.group("who").strip(), start, entities, people, mention_index)
        if resolved is not None:
            name, method, conf = resolved
            return name, "according_to" if method == "said_name" else method, conf
    m3 = _BEFORE_SPEAKER.search(before)
    if m3:
        resolved = _resolve_speaker(m3.group("who").strip(), start, entities, people, mention_index)
        if resolved is not None:
            name, method, conf = resolved
            return name, f"{method}:before", conf * 0.95
    return None, "none", 0.0


def _sentence_end_speaker(
    body: str,
    start: int,
    end: int,
    entities: Sequence[Entity],
    people: Sequence[Entity],
    mention_index: Sequence[tuple[int, Entity]],
) -> tuple[str | None, str, float]:
    """The speaker the rest of the sentence names after a quotation inside it (``_SAID_LATER``);
    none when the quotation ended the sentence ("… forecast we made.” Shares rose, Nikkei Asia
    reported": the next sentence's source)."""
    m = None if body[end - 2 : end - 1] in (".", "!", "?") else _SAID_LATER.match(body, end)
    if m is not None:
        who = m.group("after") or m.group("before")
        resolved = _resolve_speaker(who, start, entities, people, mention_index)
        if resolved is not None and resolved[0] is not None:
            name, method, confidence = resolved
            return name, f"{method}:sentence_end", confidence * 0.9
    return None, "none", 0.0


def _sentence_subject(
    body: str,
    start: int,
    all_index: Sequence[tuple[int, Entity]],
    mention_index: Sequence[tuple[int, Entity]],
) -> tuple[str | None, str, float]:
    """The subject of the sentence that holds a quotation, when the sentence has a speech
    verb before it ("The Institute … said in analysis … that … “…”", "He assured … “…”")."""
    para_start = body.rfind("\n", 0, start) + 1
    head = body[para_start:start]
    cuts = [m.end() for m in re.finditer(r"[.!?][”\"»]?\s+(?=[A-Z“\"])", head)]
    sentence_start = para_start + (cuts[-1] if cuts else 0)
    sentence = body[sentence_start:start]
    verb = _SPEECH_VERB_RE.search(sentence) or _NAMING_VERB.search(sentence)
    if verb is None and "according to" not in sentence.lower():
        if sentence.rstrip().endswith(":"):
            # a sentence that opens the quotation with a colon, led by its speaker ("David
            # Hart, the union's regional secretary, was blunter: “…”")
            lead = _opening_person(sentence, sentence_start, all_index)
            if lead is not None:
                return lead.name, "sentence_subject", 0.5
        return None, "none", 0.0
    if re.match(r"\s*(?:He|She)\b", sentence):
        last = _last_person_before(sentence_start, mention_index)
        if last is not None:
            return last.name, "sentence_subject:pronoun", 0.6
    # the name nearest before the speech verb ("Thames Water's chief executive Chris
    # Weston told MPs …": Weston; "The Institute …, a think tank, said …": the
    # Institute), else the first the sentence names; but the subject of "Nick Clegg,
    # Meta's president of global affairs, said" is the name before the description set off
    # by commas, not one inside it
    if verb is not None:
        verb_at = sentence_start + verb.start()
        subject = _before_apposition(sentence[: verb.start()], sentence_start, all_index)
        if subject is not None:
            return subject.name, "sentence_subject", 0.5
        nearest = _last_person_before(verb_at, all_index, floor=sentence_start)
        if nearest is not None:
            return nearest.name, "sentence_subject", 0.5
    for pos, entity in all_index:
        if sentence_start <= pos < start:
            return entity.name, "sentence_subject", 0.5
    return None, "none", 0.0


# How far into a sentence its subject's name may start ("Union leader David Hart, …").
_SUBJECT_WORDS = 4


def _opening_person(
    sentence: str, offset: int, all_index: Sequence[tuple[int, Entity]]
) -> Entity | None:
    """The person a sentence (at ``offset`` in the body) names first, when the name is
    among its first words: its subject."""
    for pos, entity in all_index:
        if pos < offset:
            continue
        if pos >= offset + len(sentence):
            return None
        if len(sentence[: pos - offset].split()) > _SUBJECT_WORDS:
            return None
        if entity.kind == "person":
            return entity
    return None


def _before_apposition(
    head: str, offset: int, all_index: Sequence[tuple[int, Entity]]
) -> Entity | None:
    """The person or organisation named before the first comma of ``head`` (a sentence up to
    its speech verb, at ``offset`` in the body) when ``head`` ends with a description set
    off by commas ("Andrea Jelinek, chair of the European Data Protection Board,"), else
    None. A person before an organisation; none when the part between the commas is
    itself a person's name ("Lembong's lawyer, Ari Yusuf Amir, said": the lawyer) or the
    name before the first comma is a possessive ("Lembong's")."""
    if not head.rstrip().endswith(",") or head.count(",") < 2:
        return None
    first_comma = offset + head.index(",")
    description = head[head.index(",") + 1 :]
    described = first_comma + 1 + len(description) - len(description.lstrip())  # its start
    if any(pos == described and e.kind == "person" for pos, e in all_index):
        return None
    named = [
        entity
        for pos, entity in all_index
        if offset <= pos < first_comma and not _possessive_at(head, pos - offset, entity)
    ]
    people = [entity for entity in named if entity.kind == "person"]
    chosen = people or named
    return chosen[0] if chosen else None


def _possessive_at(text: str, at: int, entity: Entity) -> bool:
    """Whether the mention of ``entity`` at ``at`` in ``text`` is a possessive ("Meta's")."""
    after = text[at:].split(",", 1)[0].split()
    return any(word.endswith(("'s", "’s")) for word in after[: len(entity.name.split()) + 1])


_ATTRIBUTION_MAX = 200  # characters of "…,” she said." after a quotation


def _opens_paragraph(body: str, start: int) -> bool:
    line_start = body.rfind("\n", 0, start) + 1
    return not body[line_start:start].strip(' \t“"«„')


def _attributed(body: str, end: int) -> bool:
    """Whether the rest of the quotation's paragraph says who spoke, in words that name
    no one found ("…,” said another person.")."""
    line_end = body.find("\n", end)
    stop = min(end + _ATTRIBUTION_MAX, line_end if line_end >= 0 else len(body))
    return _SPEECH_VERB_RE.search(body, end, stop) is not None


def _paragraph_before(
    body: str,
    start: int,
    previous: tuple[int, Quote] | None,
    all_index: Sequence[tuple[int, Entity]],
    mention_index: Sequence[tuple[int, Entity]],
) -> tuple[str | None, str, float]:
    """The speaker of a quotation that opens its paragraph and names no one: the speaker
    of the quotation that ended the paragraph before, else the one the last sentence of
    that paragraph names with a speech verb ("In a statement, the ministry said:",
    "Supt Peters said it was possible.")."""
    para_start = body.rfind("\n", 0, start) + 1
    before = body[:para_start].rstrip()
    if previous is not None and previous[1].speaker is not None:
        rest = body[previous[0] : len(before)]
        if "\n" not in rest and len(rest) < _ATTRIBUTION_MAX:
            return previous[1].speaker, "continuation:paragraph", 0.6
    speaker, method, confidence = _sentence_subject(body, len(before), all_index, mention_index)
    if speaker is None:
        return None, "none", 0.0
    return speaker, f"{method}:paragraph_before", confidence * 0.9


# Where the clause after a quotation ends: its sentence's end or its paragraph's.
_CLAUSE_END = re.compile(r"[.!?](?:\s|$)|\n")


def _first_person_in(
    body: str, end: int, mention_index: Sequence[tuple[int, Entity]]
) -> Entity | None:
    """The first person named between a quotation's end and the end of the sentence
    after it (200 characters at most)."""
    stop = _CLAUSE_END.search(body, end, end + 200)
    limit = stop.start() if stop else min(len(body), end + 200)
    for pos, entity in mention_index:
        if pos >= limit:
            break
        if pos >= end and entity.kind == "person":
            return entity
    return None


def _last_person_before(
    offset: int, mention_index: Sequence[tuple[int, Entity]], floor: int = 0
) -> Entity | None:
    last: Entity | None = None
    for pos, entity in mention_index:
        if pos >= offset:
            break
        if pos >= floor:
            last = entity
    return last


def _resolve_speaker(
    who: str,
    quote_start: int,
    entities: Sequence[Entity],
    people: Sequence[Entity],
    mention_index: Sequence[tuple[int, Entity]],
    pronouns: frozenset[str] = _PRONOUNS,
    *,
    described: bool = True,
) -> tuple[str | None, str, float] | None:
    """Who the words after a speech verb name: a pronoun's person, a person the article
    names, a name; and, when ``described`` (words read by the English patterns), a
    description ("council member Linda Park", "the channel", "officials"). The words a
    language's own patterns give are read for names only: its articles and prepositions
    are no English article ("dijo a los periodistas")."""
    who = re.sub(r"^(?:and|but|then)\s+", "", who.strip(), flags=re.IGNORECASE)
    low = who.lower()
    if low in pronouns:
        last = _last_person_before(quote_start, mention_index)
        if last is None:
            return None, "pronoun_unresolved", 0.2
        return last.name, "pronoun", 0.8
    # a named person: the longest entity name or surname the words contain
    for e in sorted(people, key=lambda e: -len(e.name)):
        surname = e.name.split()[-1]
        if e.name in who or re.search(rf"\b{re.escape(surname)}\b", who):
            return e.name, "said_name", 0.9
    if who[:1].isupper() and re.fullmatch(r"[A-Z][\w\-’']+(?:\s+[A-Z][\w\-’']+){1,3}", who):
        return who, "said_name", 0.7
    # "council member Linda Park", "station commander Gareth Price": a description in
    # lower case, then the name
    titled = _TITLED_NAME.fullmatch(who)
    if titled is not None:
        return titled.group("name"), "said_name", 0.7
    if not described:
        return None
    if (
        _GROUP_SPEAKER.fullmatch(who)
        and who.split()[0] not in LEADING_JUNK
        and not _NOT_GROUPS & set(who.split())
    ):
        return who, "description", 0.5
    if low.startswith(("the ", "a ", "an ", "one ", "his ", "her ", "their ")) and len(who) < 60:
        # "the channel said" after "the VChK-OGPU Telegram channel": that organisation
        head = low.split()[-1]
        if low.startswith("the ") and len(low.split()) == 2:
            for e in entities:
                if (
                    e.kind == "org"
                    and e.first_offset < quote_start
                    and (e.name.lower().split()[-1] == head)
                ):
                    return e.name, "description_resolved", 0.7
        return who, "description", 0.6
    return None
