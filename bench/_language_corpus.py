"""The per-language extraction corpus: news pages in many languages with their true text.

Built once by ``get_language_corpus.py`` (from ``flairNLP/fundus``'s parser test pages,
``leogao2/htmltotext-benchmark`` and the extraction corpus's non-English pages) into
``NEWSROOM_LANGUAGES_DIR``, default ``~/.cache/newsroom-bench/languages``. Each page has
a part, ``develop`` or ``report``, fixed by its site (a site's pages stay together).
Develop on ``develop``; ``report`` is for reported figures only, never read case by case::

    from _language_corpus import load_pages
    for page in load_pages("develop"):
        page.language, page.html, page.gold_body, page.gold_title
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import NamedTuple

PARTS = ("develop", "report")
DEFAULT_DIR = Path.home() / ".cache" / "newsroom-bench" / "languages"


class LanguagePage(NamedTuple):
    id: str
    language: str
    source: str
    site: str
    html: str
    gold_body: str
    gold_title: str | None


def corpus_dir() -> Path:
    return Path(os.environ.get("NEWSROOM_LANGUAGES_DIR", DEFAULT_DIR))


def load_pages(
    part: str | None, languages: tuple[str, ...] | None = None, root: Path | None = None
) -> Iterator[LanguagePage]:
    """The pages of *part* (``develop``, ``report``, or None for both), in a fixed order,
    only those in *languages* when given. Exits with a message when the corpus is missing."""
    if part is not None and part not in PARTS:
        raise ValueError(f"part must be one of {PARTS}, not {part!r}")
    root = root or corpus_dir()
    manifest_path = root / "MANIFEST.json"
    if not manifest_path.exists():
        raise SystemExit(
            f"language corpus missing: {root} (build it with bench/get_language_corpus.py, "
            "or set NEWSROOM_LANGUAGES_DIR)"
        )
    pages: dict[str, dict[str, str | None]] = json.loads(manifest_path.read_text())["pages"]
    for page_id in sorted(pages):
        meta = pages[page_id]
        language = str(meta["language"])
        if (part is not None and meta["part"] != part) or (
            languages is not None and language not in languages
        ):
            continue
        folder = root / "pages"
        yield LanguagePage(
            page_id,
            language,
            str(meta["source"]),
            str(meta["site"]),
            (folder / f"{page_id}.html").read_text(encoding="utf-8"),
            (folder / f"{page_id}.gold.txt").read_text(encoding="utf-8"),
            meta["title"],
        )


# A true paragraph is held by a text when this share of its character 8-grams (spaces
# left out) is in it: characters, so that Chinese and Japanese count as any language.
_HELD_SHARE = 0.5
_GRAM = 8


def held_text(gold: str, text: str) -> str:
    """The paragraphs of *gold* that *text* holds. Against the whole page copy: the most
    any reading of the page's visible text can find (the rest is written in by scripts,
    or the true text was not taken from this copy of the page)."""
    flat = "".join(text.split())
    seen = {flat[i : i + _GRAM] for i in range(len(flat) - _GRAM + 1)}
    kept = []
    for paragraph in gold.splitlines():
        letters = "".join(paragraph.split())
        if len(letters) < _GRAM:
            held = bool(letters) and letters in flat
        else:
            grams = [letters[i : i + _GRAM] for i in range(len(letters) - _GRAM + 1)]
            held = sum(g in seen for g in grams) >= _HELD_SHARE * len(grams)
        if held:
            kept.append(paragraph)
    return "\n".join(kept)


def held_share(gold: str, text: str) -> float:
    """The share of *gold*'s characters in the paragraphs *text* holds."""
    return len("".join(held_text(gold, text).split())) / max(1, len("".join(gold.split())))
