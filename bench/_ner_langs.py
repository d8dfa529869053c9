"""Labelled name-tagging corpora of other languages as documents (``get_ner_langs.py``).

Each file is read into documents of text with gold entity spans, as ``_conll`` does for
English: tokens joined back into prose (no space before punctuation, none after an
elided article such as French "d'"), one line per sentence. WikiNEuRal's sentences come
without document bounds: every ``SENTENCES_PER_DOCUMENT`` consecutive sentences make
one document. CoNLL-2002 Dutch keeps its ``-DOCSTART-`` documents; Spanish has none and
is cut the same way.

Splits: ``train`` (what the taggers learn from, less its last tenth), ``dev`` (that last
tenth: tuned on), ``report`` (WikiNEuRal's held-out split: never trained or tuned on),
``news`` (gold labels on news: CoNLL-2002's development split for es and nl, GermEval
2014's test split for de, ner-uk's test split for uk; never trained or tuned on),
``news-train`` and ``news-dev`` (CoNLL-2002's training split, GermEval 2014's development
split, ner-uk's training split, less and only their last tenth: learnt from, and tuned
on). Ukrainian has gold labels only (``GOLD_ONLY``: no WikiNEuRal), from ner-uk 2.0's
IOB files (investigative news of "Наші гроші" and texts of the BRUK corpus; sentences
only, cut into documents as WikiNEuRal's are): its PERS is PER, ART and DOC are MISC,
and its dates, amounts, jobs and periods are no entity. GermEval's outer labels are
read; its OTH is MISC, and its "-deriv" and "-part" labels ("deutsche", "EU-weit") name
no entity.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from _conll import Gold, detokenise

LANGUAGES = ("de", "es", "fr", "it", "nl", "pl", "pt", "ru", "uk")
NEWS_LANGUAGES = ("de", "es", "nl", "uk")  # with gold labels on news (``news*`` splits)
# with gold labels only: no WikiNEuRal (``train``, ``dev`` and ``report`` are empty)
GOLD_ONLY = ("uk",)
SPLITS = ("train", "dev", "report", "news", "news-train", "news-dev")
SENTENCES_PER_DOCUMENT = 10
DEV_SHARE = 10  # one document in this many, the last ones of train.conllu, is the dev part
TYPES = ("PER", "ORG", "LOC")

_NO_SPACE_BEFORE = frozenset({".", ",", ";", ":", "?", "!", ")", "]", "%", "»", "”"})
_NO_SPACE_AFTER = frozenset({"(", "[", "«", "„", "“", "¿", "¡"})


class CorpusMissing(RuntimeError):
    """The corpus is not where the bench looks."""


@dataclass(frozen=True, slots=True)
class Document:
    text: str
    entities: tuple[Gold, ...]
    sentences: tuple[tuple[tuple[str, str], ...], ...]  # (word, BIO label) per sentence


def corpus_dir() -> Path:
    default = Path.home() / ".cache" / "newsroom-bench" / "ner-langs"
    return Path(os.environ.get("NEWSROOM_NER_LANGS_DIR", default))


def languages_with(split: str) -> tuple[str, ...]:
    if split.startswith("news"):
        return NEWS_LANGUAGES
    return tuple(lang for lang in LANGUAGES if lang not in GOLD_ONLY)


def load(lang: str, split: str) -> list[Document]:
    """The documents of one language's split; a clear error when the file is absent."""
    if split not in SPLITS:
        raise ValueError(f"split must be one of {SPLITS}")
    if lang in GOLD_ONLY and not split.startswith("news"):
        return []
    name = {"report": "report.conllu", "news": "news.conll"}.get(split)
    if name is None:
        name = "news-train.conll" if split.startswith("news") else "train.conllu"
    path = corpus_dir() / lang / name
    if not path.is_file():
        raise CorpusMissing(
            f"{path} not found: build it with bench/get_ner_langs.py "
            "(or set NEWSROOM_NER_LANGS_DIR)"
        )
    documents = [_document(s) for s in _documents(path.read_text(encoding="utf-8"))]
    if split in ("report", "news"):
        return documents
    cut = len(documents) - len(documents) // DEV_SHARE
    return documents[cut:] if split.endswith("dev") else documents[:cut]


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
            # WikiNEuRal, GermEval: index, word, (outer) label, …, tab-separated;
            # CoNLL-2002: word, (POS,) label
            word, label = line.split("\t")[1:3] if "\t" in line else (cols[0], cols[-1])
            sentence.append((word, _label(label)))
    close()
    return [d for d in documents if d]


# ner-uk's labels: PERS is PER; works and documents (ART, DOC) are MISC, as CoNLL files
# them; its dates, times, amounts, jobs and periods name no entity.
_UK_LABELS = {"PERS": "PER", "ART": "MISC", "DOC": "MISC"}
_NO_ENTITY = frozenset({"DATE", "TIME", "PERIOD", "MON", "PCT", "QUANT", "JOB"})


def _label(label: str) -> str:
    """A BIO label over PER, ORG, LOC and MISC."""
    if label.endswith(("deriv", "part")):
        return "O"
    prefix, _, kind = label.partition("-")
    if kind in _NO_ENTITY:
        return "O"
    if kind in _UK_LABELS:
        return f"{prefix}-{_UK_LABELS[kind]}"
    return label.replace("OTH", "MISC")


def _document(sentences: list[list[tuple[str, str]]]) -> Document:
    body, named = detokenise(sentences, _NO_SPACE_BEFORE, _NO_SPACE_AFTER, ("'", "’"))
    return Document(body, named, tuple(tuple(s) for s in sentences))
