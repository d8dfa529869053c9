"""Benchmark: the authors a page copy's byline gives, against the page's own metadata.

For each page of one part of the extraction corpus (``_extraction_corpus.py``, ``dev`` or
``untouched``), the page copy (``_copy_corpus.py``) goes through ``clean_text``; the
byline lines it takes out above the story go through ``facts.byline_names`` and
``facts.clean_authors``, as a text file's do in a run (and the lines there that hold a
name alone, through ``facts.name_alone``). The page's HTML metadata names
authors too on some pages (``extract_html``, cleaned the same way): where both name
some, how often they share one; and of the pages whose metadata names authors, on how
many the copy gives one of them. No hand labels: the metadata is the only truth at hand,
and it is wrong at times itself (a site's name, "About Us").

    PYTHONPATH=src:. .venv/bin/python bench/byline_eval.py [--part untouched|dev]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _copy_corpus import load_copy_pages
from _extraction_corpus import load_pages
from newsroom.extract import extract_html
from newsroom.facts import byline_names, clean_authors, name_alone
from newsroom.normalise import clean_text


def _key(name: str) -> str:
    return " ".join(name.lower().replace(".", "").split())


def main() -> None:
    ap = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    ap.add_argument("--part", choices=("untouched", "dev"), default="untouched")
    args = ap.parse_args()
    html = {f"{p.dataset}/{p.id}": p.html for p in load_pages(args.part)}
    pages = named = agree = disagree = meta_named = found = 0
    for page in load_copy_pages():
        if page.split != args.part or page.id not in html:
            continue
        pages += 1
        cleaned = clean_text(page.copy)
        ours = clean_authors(
            [
                *map(byline_names, cleaned.bylines),
                *filter(None, map(name_alone, cleaned.name_lines)),
            ]
        )
        meta = clean_authors(map(byline_names, extract_html(html[page.id]).authors))
        if meta:
            meta_named += 1
            found += bool({_key(a) for a in ours} & {_key(a) for a in meta})
        if not ours:
            continue
        named += 1
        if meta:
            shared = {_key(a) for a in ours} & {_key(a) for a in meta}
            agree += bool(shared)
            disagree += not shared
    both = agree + disagree
    print(f"{args.part} part: {pages} page copies, {named} with authors from their byline")
    print(f"  where the metadata names authors too ({both}): one shared on {agree}"
          f" ({agree / max(both, 1):.1%}), none on {disagree}")  # fmt: skip
    print(f"  of the {meta_named} whose metadata names authors, one of them found on {found}"
          f" ({found / max(meta_named, 1):.1%})")  # fmt: skip


if __name__ == "__main__":
    main()
