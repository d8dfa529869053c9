"""Metadata of a clean article: language, word count.

Entities, quotes, amounts and dates with provenance are ``newsroom.facts``.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any

_WORD = re.compile(r"\w+")

# Scripts written without spaces between words. A run of them is many words: about two
# characters a word in Chinese and Japanese, a syllable or two in Thai, Lao, Khmer and
# Myanmar; so a run counts as half its length in characters.
UNSPACED_CHAR = (
    "[\u0e00-\u0eff\u1000-\u109f\u1780-\u17ff\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]"
)
UNSPACED = re.compile(UNSPACED_CHAR + "+")


def words_in_any_script(text: str) -> int:
    """Words in ``text`` in any script: ``\\w+`` runs, with runs of unspaced scripts counted
    as about one word per two characters (a Chinese paragraph is not one 'word')."""
    unspaced = sum((len(run.group()) + 1) // 2 for run in UNSPACED.finditer(text))
    if not unspaced:
        return len(_WORD.findall(text))
    return len(_WORD.findall(UNSPACED.sub(" ", text))) + unspaced


# Below this many words a language guess is noise.
_MIN_WORDS_FOR_LANGUAGE = 5


def word_count(text: str) -> int:
    """Words as runs of word characters (the unit the quality benchmarks use), with runs
    of scripts written without spaces counted as one word per two characters."""
    return words_in_any_script(text)


@cache
def _identifier() -> Any:
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def detect_language(text: str, *, min_probability: float = 0.5) -> str | None:
    """ISO 639-1 code of the text's language (py3langid, offline), or None when unsure.

    Judged on the long lines (prose) where there are any, so that menus and link lists
    around an article do not sway it.
    """
    sample = " ".join(line for line in text.split("\n") if len(line) > 60)[:20000]
    sample = sample or text[:20000]
    if words_in_any_script(sample) < _MIN_WORDS_FOR_LANGUAGE:
        return None
    language, probability = _identifier().classify(sample)
    return str(language) if probability >= min_probability else None
