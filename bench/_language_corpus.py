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
