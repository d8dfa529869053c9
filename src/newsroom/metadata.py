"""Metadata of a clean article: language, word count.

Entities, quotes, amounts and dates with provenance are ``newsroom.facts``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import Any

import regex

_WORD = re.compile(r"\w+")
# A word in any script: ``regex``'s ``\w`` holds the combining marks that Indic scripts
# write their vowels with ("प्रधानमंत्री" is one word, where ``re``'s ``\w+`` made five of
# it, and Hindi articles' word counts were twice their words).
_ANY_WORD = regex.compile(r"\w+")

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
    if text.isascii():  # known without reading it (CPython keeps it with the string)
        return len(_WORD.findall(text))
    unspaced = sum((len(run.group()) + 1) // 2 for run in UNSPACED.finditer(text))
    if not unspaced:
        return len(_ANY_WORD.findall(text))
    return len(_ANY_WORD.findall(UNSPACED.sub(" ", text))) + unspaced


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


def in_no_language(text: str) -> bool:
    """Whether the identifier reads *text* as no language at all (py3langid's ``zxx``,
    at even odds or better): letters scrambled or shifted, not words."""
    code, probability = _identifier().classify(text)
    return bool(code == "zxx" and probability >= 0.5)


def detect_language(text: str, *, min_probability: float = 0.5) -> str | None:
    """ISO 639-1 code of the text's language (py3langid, offline), or None when unsure.

    Judged on the long lines (prose) where there are any, so that menus and link lists
    around an article do not sway it.
    """
    sample = " ".join(line for line in text.split("\n") if len(line) > 60)[:20000]
    sample = sample or text[:20000]
    if words_in_any_script(sample) < _MIN_WORDS_FOR_LANGUAGE:
        return None
    language, probability = _ranked(sample)[0]
    return str(language) if probability >= min_probability else None


# Kana letters (not the middle dot and the long-vowel mark, which Chinese prints too) and
# Han characters; Hangul syllables and letters.
_KANA = re.compile(r"[\u3041-\u3096\u30a1-\u30fa]")
_HAN = re.compile(r"[\u3400-\u9fff]")
_HANGUL = re.compile(r"[\uac00-\ud7af\u1100-\u11ff]")
# Japanese writes a good share of its text in kana; Chinese may hold a name in katakana.
_KANA_SHARE = 0.05


def _ranked(sample: str) -> list[tuple[str, float]]:
    """py3langid's languages for *sample*, most probable first (``_ranked_one``); for a
    sample written in two scripts or more, a fair share of its words each (an English
    story quoting Russian at length), the mixture of each script's own reading, weighed
    by its share of the words. Read whole, such a text went to the script the model finds
    most telling, not to the language most of its words are in: an English report with
    two paragraphs of Russian quotes was Russian, and lost its English names."""
    parts = script_parts(sample)
    if len(parts) < 2:
        return _ranked_one(sample)
    words = {script: words_in_any_script(text) for script, text in parts.items()}
    total = sum(words.values())
    mixed: dict[str, float] = {}
    for script, text in parts.items():
        for code, p in _ranked_one(text):
            mixed[code] = mixed.get(code, 0.0) + p * words[script] / total
    return sorted(mixed.items(), key=lambda cp: -cp[1])


# The scripts a mixed text is read by, each by its letters' blocks; what is in none of
# them (digits, punctuation, spaces, marks) goes with the words around it.
_SCRIPT_LETTERS = {
    "latin": "A-Za-z\u00c0-\u024f\u1e00-\u1eff",
    "cyrillic": "\u0400-\u052f",
    "greek": "\u0370-\u03ff",
    "hebrew": "\u0590-\u05ff",
    "arabic": "\u0600-\u06ff\u0750-\u077f\ufb50-\ufdff\ufe70-\ufeff",
    "devanagari": "\u0900-\u097f",
    "thai": "\u0e00-\u0e7f",
    "cjk": "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff",
    "hangul": "\uac00-\ud7af\u1100-\u11ff",
}
SCRIPT_RUN = re.compile("|".join(f"(?P<{k}>[{v}]+)" for k, v in _SCRIPT_LETTERS.items()))
_NOT_LATIN = re.compile(f"[{''.join(v for k, v in _SCRIPT_LETTERS.items() if k != 'latin')}]")
# A script is a part of a text when it holds this share of the text's words and this many
# at least: fewer are names or a phrase ("Goldman Sachs" in a Russian report), which the
# text's own language reads as well as any.
_SCRIPT_SHARE = 0.15
_SCRIPT_WORDS = 12


def script_parts(text: str) -> dict[str, str]:
    """The parts of *text* in each script that holds a fair share of its words, each the
    text's runs in that script in order, when there are two or more; else ``{}``. (Read
    letter by letter only when a letter of a second script is there at all.)"""
    if text.isascii() or not _NOT_LATIN.search(text):
        return {}
    runs: dict[str, list[str]] = {}
    last, start, end = "", 0, 0
    for match in SCRIPT_RUN.finditer(text):
        script = match.lastgroup or ""
        if script != last:
            if last:
                runs.setdefault(last, []).append(text[start:end])
            last, start = script, match.start()
        end = match.end()
    if last:
        runs.setdefault(last, []).append(text[start:end])
    joined = {script: " ".join(parts) for script, parts in runs.items()}
    words = {script: words_in_any_script(part) for script, part in joined.items()}
    total = sum(words.values()) or 1
    kept = {
        script: part
        for script, part in joined.items()
        if words[script] >= _SCRIPT_WORDS and words[script] >= _SCRIPT_SHARE * total
    }
    return kept if len(kept) >= 2 else {}


def _ranked_one(sample: str) -> list[tuple[str, float]]:
    """py3langid's languages for *sample*, most probable first, less those whose writing
    has none of the letters the sample is written in: Chinese has no kana (a Japanese
    line of kanji and one particle read as Chinese; a twentieth of its Han and kana at
    least), Chinese and Japanese no hangul."""
    kana = len(_KANA.findall(sample))
    if kana and kana >= _KANA_SHARE * (kana + len(_HAN.findall(sample))):
        ruled_out = {"zh"}
    elif _HANGUL.search(sample):
        ruled_out = {"zh", "ja"}
    else:
        ruled_out = set()
    # the languages ISO 639-1 names, and "no language": the model's regional and historic
    # varieties ("wuu" Wu Chinese, "arz" Egyptian Arabic, "ext" Extremaduran) gave codes
    # the warehouse does not promise, where the language's own code was meant ("zh", "ar").
    # (Left out here rather than by py3langid's set_languages, whose model scored a text
    # a third slower.)
    kept = [
        (c, p)
        for c, p in _identifier().rank(sample)
        if (len(c) == 2 or c == "zxx") and c not in ruled_out
    ]
    total = sum(p for _, p in kept) or 1.0
    return [(c, p / total) for c, p in kept]


@dataclass(frozen=True, slots=True)
class LanguageGuess:
    """A text's language, the method that decided it and how sure it is (0..1)."""

    code: str | None
    # "py3langid" (the text alone), "py3langid+html_lang" (text and declaration agree),
    # or the declaration's own (html_lang, json_ld, meta_tag) when it outweighed the text
    method: str | None
    confidence: float


# How much a page's declaration is believed before its text is read: the declared language
# starts this likely, the others share the rest. A sentence or two of text in another
# language outweighs it; a few words of a name or a menu do not.
_DECLARED_PRIOR = 0.9
# language_of reads a text of this many words (a headline, a one-line message): its answer
# comes with the probability that says how sure it is. Shorter is a place name or a
# dateline ("Berlin."), no language at all.
_MIN_WORDS_TO_READ = 3


# A text of this many words and lines: its language is read from its running text
# alone, the lines a fair share of whose words are neither capitalised nor figures (the
# words of a language, not names and numbers: German capitalises its nouns, and still
# writes more than this share in lower case), which must hold this many words (or half
# the text's).
_LONG_TEXT_WORDS = 10
_LONG_TEXT_LINES = 3
_MIN_RUNNING_WORDS = 8
_RUNNING_SHARE = 0.3


def _running_text(text: str) -> str:
    """The lines of *text* that are running text: at least ``_RUNNING_SHARE`` of their
    words start with neither a capital nor a digit (in a script without capitals, every
    word but a figure)."""
    kept = []
    for line in text.split("\n"):
        words = _WORD.findall(line)
        running = sum(1 for w in words if not (w[0].isupper() or w[0].isdigit()))
        if words and running >= _RUNNING_SHARE * len(words):
            kept.append(line)
    return "\n".join(kept)


def language_of(
    text: str, declared: str | None = None, declared_method: str | None = None
) -> LanguageGuess:
    """The language of *text*, with *declared* (what a page's markup says) as a prior belief,
    not as the winner: py3langid's probabilities for the text are weighed by the prior and
    the most probable language wins. The method names what chose it: ``py3langid`` when
    the text overrode the declaration (or there was none), ``py3langid+<declared_method>``
    when both chose it, *declared_method* alone when the declaration outweighed the
    text's own first choice or the text is too short to read. The confidence is the
    winner's posterior probability."""
    n_words = words_in_any_script(text[:20000])
    if n_words >= _LONG_TEXT_WORDS and text.count("\n", 0, 20000) >= _LONG_TEXT_LINES:
        # a text of lines is read by its running text: a results table or a list of
        # names reads as any language at all (golf scores as Nigerian Pidgin, football
        # results as Dutch); with too little running text it has no language to tell
        text = _running_text(text)
        if words_in_any_script(text[:20000]) < min(_MIN_RUNNING_WORDS, n_words // 2):
            text = ""
    sample = " ".join(line for line in text.split("\n") if len(line) > 60)[:20000] or text[:20000]
    if words_in_any_script(sample) < _MIN_WORDS_TO_READ:
        if declared is None:
            return LanguageGuess(None, None, 0.0)
        return LanguageGuess(declared, declared_method, _DECLARED_PRIOR)
    ranked = _ranked(sample)
    if declared is None or declared not in {code for code, _ in ranked}:
        code, probability = ranked[0]
        return LanguageGuess(str(code), "py3langid", float(probability))
    others = (1.0 - _DECLARED_PRIOR) / (len(ranked) - 1)
    weighed = [(c, p * (_DECLARED_PRIOR if c == declared else others)) for c, p in ranked]
    total = sum(p for _, p in weighed) or 1.0
    code, posterior = max(weighed, key=lambda cp: cp[1])
    if code != ranked[0][0]:
        method = declared_method
    else:
        method = f"py3langid+{declared_method}" if code == declared else "py3langid"
    return LanguageGuess(str(code), method, float(posterior / total))
