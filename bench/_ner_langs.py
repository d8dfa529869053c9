"""Labelled name-tagging corpora of other languages as documents (``get_ner_langs.py``).

Each file is read into documents of text with gold entity spans, as ``_conll`` does for
English: tokens joined back into prose (no space before punctuation, none after an
elided article such as French "d'"), one line per sentence. WikiNEuRal's sentences come
without document bounds: every ``SENTENCES_PER_DOCUMENT`` consecutive sentences make
one document. CoNLL-2002 Dutch keeps its ``-DOCSTART-`` documents; Spanish has none and
is cut the same way.

Splits: ``train`` (what the taggers learn from, less its last tenth), ``dev`` (that last
tenth: tuned on), ``report`` (WikiNEuRal's held-out split: never trained or tuned on),
``news`` (CoNLL-2002 development split, gold, es and nl only: never trained or tuned on).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

LANGUAGES = ("de", "es", "fr", "it", "nl", "pl", "pt", "ru")
NEWS_FILES = {"es": "esp.testa", "nl": "ned.testa"}
SPLITS = ("train", "dev", "report", "news")
SENTENCES_PER_DOCUMENT = 10
DEV_SHARE = 10  # one document in this many, the last ones of train.conllu, is the dev part
TYPES = ("PER", "ORG", "LOC")

_NO_SPACE_BEFORE = frozenset({".", ",", ";", ":", "?", "!", ")", "]", "%", "»", "”"})
_NO_SPACE_AFTER = frozenset({"(", "[", "«", "„", "“", "¿", "¡"})


class CorpusMissing(RuntimeError):
    """The corpus is not where the bench looks."""


@dataclass(frozen=True, slots=True)
class Gold:
    kind: str  # PER, ORG, LOC or MISC
    name: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Document:
    text: str
    entities: tuple[Gold, ...]
    sentences: tuple[tuple[tuple[str, str], ...], ...]  # (word, BIO label) per sentence


def corpus_dir() -> Path:
    default = Path.home() / ".cache" / "newsroom-bench" / "ner-langs"
    return Path(os.environ.get("NEWSROOM_NER_LANGS_DIR", default))


def languages_with(split: str) -> tuple[str, ...]:
    return tuple(NEWS_FILES) if split == "news" else LANGUAGES


def load(lang: str, split: str) -> list[Document]:
    """The documents of one language's split; a clear error when the file is absent."""
    if split not in SPLITS:
        raise ValueError(f"split must be one of {SPLITS}")
    name = {"train": "train.conllu", "dev": "train.conllu", "report": "report.conllu"}.get(
        split, "news.conll"
    )
    path = corpus_dir() / lang / name
    if not path.is_file():
        raise CorpusMissing(
            f"{path} not found: build it with bench/get_ner_langs.py "
            "(or set NEWSROOM_NER_LANGS_DIR)"
        )
    documents = [_document(s) for s in _documents(path.read_text(encoding="utf-8"))]
    if split in ("train", "dev"):
        cut = len(documents) - len(documents) // DEV_SHARE
        return documents[:cut] if split == "train" else documents[cut:]
    return documents


def _documents(data: str) -> list[list[list[tuple[str, str]]]]:
    """Sentences grouped into documents: by ``-DOCSTART-`` where the file marks them, else
    by ``SENTENCES_PER_DOCUMENT``."""
    marked = "-DOCSTART-" in data[:2000]
    documents: list[list[list[tuple[str, str]]]] = [[]]
    sentence: list[tuple[str, str]] = []

    def close() -> None:
        if sentence:
            documents[-1].append(list(sentence))
            sentence.clear()
            if not marked and len(documents[-1]) == SENTENCES_PER_DOCUMENT:
                documents.append([])

    for line in data.splitlines():
        cols = line.split()
        if not cols:
            close()
        elif cols[0] == "-DOCSTART-":
            close()
            documents.append([])
        else:
            # WikiNEuRal: index, word, label, tab-separated; CoNLL-2002: word, (POS,) label
            word = line.split("\t")[1] if "\t" in line else cols[0]
            sentence.append((word, cols[-1]))
    close()
    return [d for d in documents if d]


def _document(sentences: list[list[tuple[str, str]]]) -> Document:
    text: list[str] = []
    entities: list[Gold] = []
    pos = 0
    for sentence in sentences:
        if text:
            text.append("\n")
            pos += 1
        open_kind, open_start, open_end = "", 0, 0
        previous = ""
        for word, label in sentence:
            space = previous and not (
                word in _NO_SPACE_BEFORE
                or previous in _NO_SPACE_AFTER
                or previous.endswith(("'", "’"))
            )
            if space:
                text.append(" ")
                pos += 1
            start = pos
            text.append(word)
            pos += len(word)
            previous = word
            prefix, _, kind = label.partition("-")
            if open_kind and (prefix != "I" or kind != open_kind):
                entities.append(Gold(open_kind, "", open_start, open_end))
                open_kind = ""
            if prefix == "B" or (prefix == "I" and not open_kind):
                open_kind, open_start = kind, start
            if open_kind:
                open_end = pos
        if open_kind:
            entities.append(Gold(open_kind, "", open_start, open_end))
    body = "".join(text)
    named = tuple(Gold(e.kind, body[e.start : e.end], e.start, e.end) for e in entities)
    return Document(body, named, tuple(tuple(s) for s in sentences))
