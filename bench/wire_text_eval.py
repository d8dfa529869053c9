"""Benchmark: how much of a wire story the page-copy cleaner keeps when it comes as a text file.

CoNLL-2003's Reuters documents (``_conll.py``: train and dev, never the test split) are
written as a wire story's text file is: the headline, the date line, one paragraph or table
row a line. Each goes through ``newsroom.normalise.clean_text``; the truth is the document
less its headline and date line (the cleaner keeps those apart), and the figure is the
share of its words the body keeps (word counts, order ignored). Results, standings and
scoreboards are a sixth of the documents: a cleaner that drops a table keeps a quarter or
less of them, which the count of such documents shows.

The train split is what the table rules were looked at on (tuned on); the dev split was
read as aggregates only.

    PYTHONPATH=src:. .venv/bin/python bench/wire_text_eval.py [--split train|dev] [--worst N]
"""

from __future__ import annotations

import argparse
import re
import statistics
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _conll import load
from newsroom.normalise import clean_text

_DATE_LINE = re.compile(r"^[A-Z][A-Z .'-]+ 1996-\d\d-\d\d$")
_LOW = 0.25


def kept_share(text: str) -> tuple[float, int]:
    """(share of the story's words the cleaned body keeps, the story's word count)."""
    lines = text.split("\n")
    truth = Counter(" ".join(ln for ln in lines[1:] if not _DATE_LINE.match(ln.strip())).split())
    total = sum(truth.values())
    kept = Counter(clean_text(text).body.split())
    return (sum((truth & kept).values()) / total if total else 1.0), total


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--split", choices=("train", "dev"), default="dev")
    ap.add_argument("--worst", type=int, default=0, help="list the N worst (train only)")
    args = ap.parse_args()
    if args.worst and args.split != "train":
        sys.exit("--worst lists train documents only: dev is read as aggregates")
    scored = []
    for n, doc in enumerate(load(args.split)):
        share, words = kept_share(doc.text)
        if words >= 5:
            scored.append((share, n, doc.text.split("\n", 1)[0]))
    shares = [s for s, _, _ in scored]
    print(
        f"CoNLL-2003 {args.split}: {len(shares)} stories, mean share of words kept"
        f" {statistics.mean(shares):.3f}, median {statistics.median(shares):.3f},"
        f" under {_LOW:.0%}: {sum(s < _LOW for s in shares)}, none: {sum(s == 0 for s in shares)}"
    )
    for share, n, headline in sorted(scored)[: args.worst]:
        print(f"  {share:.2f}  #{n}  {headline[:70]}")


if __name__ == "__main__":
    main()
