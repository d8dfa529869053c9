"""Word lists kept as data files: ``newsroom/facts/words/<name>.txt``.

One entry a line (a word or a phrase), ``#`` starts a comment, blank lines are skipped;
entries keep their order and their case. Read once per process. This module sits below
``normalise`` and ``facts`` alike and imports neither, so either can use it without
pulling in the other.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

WORDS_DIR = Path(__file__).resolve().parent / "facts" / "words"


@cache
def word_lines(name: str) -> tuple[str, ...]:
    """The entries of ``words/<name>.txt``, in order."""
    text = (WORDS_DIR / f"{name}.txt").read_text(encoding="utf-8")
    entries = (line.split("#", 1)[0].strip() for line in text.splitlines())
    return tuple(entry for entry in entries if entry)


@cache
def word_set(name: str) -> frozenset[str]:
    """The entries of ``words/<name>.txt`` as a set."""
    return frozenset(word_lines(name))
