"""CoNLL-2003 English (Reuters, 1996) as documents: text, entity spans, gold sets.

The files are not in this repository (Reuters text; the licence does not allow it). Put
``eng.train`` and ``eng.testa`` (the dev split) in ``~/.cache/newsroom-bench/conll2003/``
or in the folder ``NEWSROOM_CONLL_DIR`` names; they are the four-column files of the
shared task (word, POS, chunk, IOB1 entity tag), documents separated by ``-DOCSTART-``,
found in many public GitHub mirrors. The test split (``eng.testb``) is never read here:
it is how the work is judged.

A document's tokens are joined back into text the way a wire story reads (no space
before punctuation, one line per sentence), so that ``newsroom.facts`` reads prose, and
every gold entity keeps its character offsets in that text.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

SPLITS = {"train": "eng.train", "dev": "eng.testa"}
TYPES = ("PER", "ORG", "LOC")  # MISC is read but never scored

Pairs = set[tuple[str, str]]
_NO_SPACE_BEFORE = frozenset({".", ",", ";", ":", "?", "!", ")", "]", "%", "'s", "n't", "'"})
_NO_SPACE_AFTER = frozenset({"(", "[", "$"})


@dataclass(frozen=True, slots=True)
class Gold:
    """One entity as the annotators marked it: its type, words and place in the text."""

    kind: str  # PER, ORG, LOC or MISC
    name: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Document:
    text: str
    entities: tuple[Gold, ...]

    def gold_set(self) -> Pairs:
        """The distinct (type, name) pairs of PER, ORG and LOC, as the warehouse keeps them
        (``fold``)."""
        return fold((e.kind, e.name) for e in self.entities if e.kind in TYPES)


def norm(name: str) -> str:
    name = name.replace("’", "'").replace("‘", "'").strip(" '\"“”.,")
    name = re.sub(r"^the\s+", "", name, flags=re.IGNORECASE)
    name = re.sub(r"\s*'s?$", "", name)
    return " ".join(name.lower().split())


def fold(pairs: Iterable[tuple[str, str]]) -> Pairs:
    """Distinct normalised pairs; a one-word PER that ends a longer PER name of the same
    document is that person."""
    normed = {(kind, norm(name)) for kind, name in pairs}
    normed.discard(("PER", ""))
    surnames = {name.split()[-1]: name for kind, name in normed if kind == "PER" and " " in name}
    return {
        ("PER", surnames.get(name, name)) if kind == "PER" and " " not in name else (kind, name)
        for kind, name in normed
        if name
    }


class ConllMissing(RuntimeError):
    """The CoNLL files are not where the bench looks."""


def conll_dir() -> Path:
    return Path(
        os.environ.get(
            "NEWSROOM_CONLL_DIR", Path.home() / ".cache" / "newsroom-bench" / "conll2003"
        )
    )


def load(split: str) -> list[Document]:
    """The documents of ``train`` or ``dev``; a clear error when the file is absent."""
    if split not in SPLITS:
        raise ValueError(f"split must be one of {sorted(SPLITS)} (the test split is not read)")
    path = conll_dir() / SPLITS[split]
    if not path.is_file():
        raise ConllMissing(
            f"{path} not found: put CoNLL-2003 English {SPLITS[split]} there "
            "(or set NEWSROOM_CONLL_DIR); see bench/_conll.py"
        )
    return parse(path.read_text(encoding="utf-8"))


def parse(data: str) -> list[Document]:
    """Documents from the four-column text of the shared task."""
    documents: list[list[list[tuple[str, str]]]] = []
    sentence: list[tuple[str, str]] = []
    for line in data.splitlines():
        cols = line.split()
        if not cols:
            if sentence and documents:
                documents[-1].append(sentence)
            sentence = []
            continue
        if cols[0] == "-DOCSTART-":
            documents.append([])
            continue
        sentence.append((cols[0], cols[-1]))
    if sentence and documents:
        documents[-1].append(sentence)
    return [_document(sentences) for sentences in documents if sentences]


def _document(sentences: list[list[tuple[str, str]]]) -> Document:
    return Document(*detokenise(sentences))


def detokenise(
    sentences: list[list[tuple[str, str]]],
    no_space_before: frozenset[str] = _NO_SPACE_BEFORE,
    no_space_after: frozenset[str] = _NO_SPACE_AFTER,
    glued_after: tuple[str, ...] = (),
) -> tuple[str, tuple[Gold, ...]]:
    """The text of (word, BIO label) sentences, one a line, words spaced as text is (none
    before a word in ``no_space_before``, after one in ``no_space_after`` or ending in
    ``glued_after``), and the labelled names with their places in it."""
    text: list[str] = []
    entities: list[Gold] = []
    pos = 0
    for sentence in sentences:
        if text:
            text.append("\n")
            pos += 1
        open_kind, open_start, open_end = "", 0, 0
        previous = ""
        for i, (word, tag) in enumerate(sentence):
            glued = word in no_space_before or previous in no_space_after
            if i and not (glued or (glued_after and previous.endswith(glued_after))):
                text.append(" ")
                pos += 1
            start, pos = pos, pos + len(word)
            text.append(word)
            previous = word
            kind = tag[2:] if tag != "O" else ""
            continues = kind and kind == open_kind and not tag.startswith("B-")
            if open_kind and not continues:
                entities.append(Gold(open_kind, "", open_start, open_end))
                open_kind = ""
            if kind and not continues:
                open_kind, open_start = kind, start
            open_end = pos
        if open_kind:
            entities.append(Gold(open_kind, "", open_start, open_end))
    body = "".join(text)
    return body, tuple(Gold(e.kind, body[e.start : e.end], e.start, e.end) for e in entities)
