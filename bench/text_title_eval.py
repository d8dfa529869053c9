"""Benchmark: the title of an article saved as a text file, in every language of the corpora.

A text file of an article is what people keep of a story: its headline on the first line,
then its paragraphs, the standfirst first. The stories of the per-language corpus and the
extraction corpus are written as such files in two shapes, paragraphs a blank line apart
and one a line (``_text_files.py``), and go through ``newsroom.normalise.clean_text``, as
``newsroom ingest`` reads a ``.txt`` file. A title
is right when its words match the true title at word-F1 ≥ 0.8 (issue 17's measure). Doing
nothing (the first line as the title) is right on every file by construction: the figure
is how often the cleaner does worse than that, taking a standfirst, a subheading or a
part of the headline instead. What it took is counted by kind.

Parts: ``develop`` (the language corpus) and ``dev`` (the extraction corpus) are for
development (``--show`` lists their wrong titles); ``report`` and ``untouched`` are
printed as aggregates only.

    PYTHONPATH=src:. .venv/bin/python bench/text_title_eval.py [--develop] [--show N]

Needs no network; exits non-zero when neither corpus is built.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter, defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _copy_corpus import word_f1
from _text_files import SHAPES, Story, stories, text_file
from newsroom.normalise import clean_text

RIGHT = 0.8


def what_was_taken(title: str, story: Story) -> str:
    """The kind of a wrong title: none, part of the headline, a line of the body, or other."""
    if not title.strip():
        return "no title"
    true = " ".join(story.title.split())
    if title.strip() in true:
        return "part of the headline"
    lines = [" ".join(p.split()) for p in story.paragraphs[:3]]
    if any(title.strip() in ln for ln in lines):
        return "a line of the body's first three"
    if any(title.strip() in " ".join(p.split()) for p in story.paragraphs):
        return "a later line of the body"
    return "other"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--develop", action="store_true", help="score the development parts")
    ap.add_argument("--show", type=int, default=0, help="list N wrong titles (develop only)")
    args = ap.parse_args()
    if args.show and not args.develop:
        sys.exit("--show lists development pages only: add --develop")

    right: dict[tuple[str, str, str], list[bool]] = defaultdict(list)
    taken: Counter[str] = Counter()
    wrong: list[tuple[str, str, str, str]] = []
    parts: set[str] = set()
    for story in stories(args.develop):
        parts.add(story.part)
        for shape in SHAPES:
            title = clean_text(text_file(story, shape)).title
            ok = word_f1(title, story.title) >= RIGHT
            right[(story.part, story.group, shape)].append(ok)
            right[(story.part, "all", shape)].append(ok)
            if not ok:
                taken[f"{shape}: {what_was_taken(title, story)}"] += 1
                wrong.append((story.id, shape, title, story.title))
    if not parts:
        sys.exit("no corpus: build bench/get_language_corpus.py or bench/get_extraction_corpus.py")

    label = "development parts" if args.develop else "reported parts (never read case by case)"
    print(f"titles of articles saved as text files: {label}; right = word-F1 >= {RIGHT}")
    print("(doing nothing, the first line, is right on all of them by construction)")
    for part in sorted(parts):
        groups = sorted({g for p, g, _ in right if p == part}, key=lambda g: (g == "all", g))
        print(f"\n{part}")
        print(f"  {'':<16}" + "".join(f"{s:>16}" for s in SHAPES))
        for group in groups:
            cells = []
            for shape in SHAPES:
                rs = right[(part, group, shape)]
                cells.append(f"{sum(rs):>6}/{len(rs):<4} {sum(rs) / len(rs):.3f}")
            print(f"  {group:<16}" + "".join(f"{c:>16}" for c in cells))
    print("\nwhat the wrong titles were:")
    for kind, n in taken.most_common():
        print(f"  {n:>5}  {kind}")
    for story_id, shape, title, truth in wrong[: args.show]:
        print(f"\n{story_id} ({shape})\n  took: {title[:110]}\n  true: {truth[:110]}")


if __name__ == "__main__":
    main()
