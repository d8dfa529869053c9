"""Build the translated-news corpus from a local mirror of WMT's newstest2014 files.

Benches never use the network, so this script only copies: it reads a git mirror fetched
beforehand (``git clone --bare https://github.com/nyu-mll/jiant MIRRORS/nyu-mll+jiant/repo``;
the files are in its history, at the commit below) and writes one file,
``NEWSROOM_TRANSLATIONS_DIR`` (default ``~/.cache/newsroom-bench/translations``)
``/documents.jsonl``, read by ``translation_eval.py``:

    {"doc": docid, "language": "de", "origin": "en", "part": "develop", "text": "..."}

newstest2014 (the WMT 2014 shared task's test sets) holds news stories of late 2013 from
many outlets, each with its professional translation: for cs, de, fr, hi and ru, the
stories first written in that language with their English translation, and 68 stories
first written in English with their translation into each of the five. A document is its
segments, one a line (the first is the headline). The same ``docid`` in two languages is
one story and its translation; no two documents are the same story otherwise, though many
are about the same events of those weeks (the hard part).

The split keeps a story's versions together: ``sha256("newsroom-translation-split/" +
docid)`` even -> ``develop``, odd -> ``report``. Develop on ``develop``; ``report`` is for
reported figures only, never read case by case.

The WMT test sets are free for research; the stories belong to their publishers, so the
folder stays out of git.

    .venv/bin/python bench/get_translation_corpus.py [--mirrors /work/.mirror] [--out DIR]
"""

from __future__ import annotations

import argparse
import hashlib
import html
import json
import os
import re
import subprocess
from pathlib import Path

REPO = "nyu-mll/jiant"
COMMIT = "ad60d996ed865e59969ca71fe156d4a728e0a0ab"
PAIRS = ("cs", "de", "fr", "hi", "ru")
DEFAULT_OUT = Path(
    os.environ.get(
        "NEWSROOM_TRANSLATIONS_DIR", Path.home() / ".cache" / "newsroom-bench" / "translations"
    )
)
_DOC = re.compile(r'<doc\s[^>]*docid="([^"]+)"[^>]*origlang="([a-z]+)"[^>]*>(.*?)</doc>', re.S)
_SEG = re.compile(r"<seg[^>]*>(.*?)</seg>", re.S)


def part_of(doc: str) -> str:
    digest = hashlib.sha256(f"newsroom-translation-split/{doc}".encode()).digest()
    return "develop" if digest[0] % 2 == 0 else "report"


def _git(mirror: Path, *args: str) -> bytes:
    return subprocess.run(["git", "-C", str(mirror), *args], check=True, capture_output=True).stdout


def documents(mirror: Path) -> dict[tuple[str, str], dict[str, str]]:
    found: dict[tuple[str, str], dict[str, str]] = {}
    for lang in PAIRS:
        for side, language in (("src", lang), ("ref", lang), ("src", "en"), ("ref", "en")):
            path = f"test-full/newstest2014-{lang}en-{side}.{language}.sgm"
            sgm = _git(mirror, "show", f"{COMMIT}:{path}").decode("utf-8")
            for docid, origin, body in _DOC.findall(sgm):
                # The hi-en files name each story twice, "1025-jagran.com" in one direction
                # and "1025-jagran" in the other: one story.
                doc = docid.removesuffix(".com")
                lines = [html.unescape(s).strip() for s in _SEG.findall(body)]
                text = "\n".join(line for line in lines if line)
                # The 68 English-origin stories are in every pair's files: keep one copy.
                found.setdefault((doc, language), {"origin": origin, "text": text})
    return found


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--mirrors", type=Path, default=Path("/work/.mirror"))
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = ap.parse_args()
    mirror = args.mirrors / REPO.replace("/", "+") / "repo"
    if not mirror.exists():
        raise SystemExit(f"no mirror of {REPO} at {mirror} (fetch it first, see --help)")
    docs = documents(mirror)
    args.out.mkdir(parents=True, exist_ok=True)
    with (args.out / "documents.jsonl").open("w", encoding="utf-8") as out:
        for (doc, language), row in sorted(docs.items()):
            record = {"doc": doc, "language": language, "part": part_of(doc), **row}
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
    stories = {doc for doc, _ in docs}
    print(
        f"{len(docs)} documents, {len(stories)} stories "
        f"({sum(part_of(d) == 'develop' for d in stories)} develop) -> {args.out}"
    )


if __name__ == "__main__":
    main()
