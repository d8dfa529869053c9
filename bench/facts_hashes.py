"""Prove a speed change left ``extract_facts``'s output unchanged: hash every result.

Three sets of calls, each hashed as ``repr`` of the whole ``Facts`` (dates, entities with
their mentions, methods and confidences, quotes, sources, amounts, every field):

- ``cost``: the very calls an ingest of ``facts_cost.py``'s corpus makes (49 dev pages and
  3,000 mixed text articles): the corpus is ingested once with facts off while each call's
  arguments are recorded, and kept in ``--calls`` (a pickle) so that later runs replay the
  same arguments (a rebuilt corpus has other file times, hence other reference dates);
- ``conll``: every document of CoNLL-2003 English train and dev (``_conll``), read as
  English;
- ``<lang>``: the dev part of each foreign tagger's corpus (``_ner_langs``), read in its
  language (the foreign taggers' path).

``--sets`` chooses some of them (``--sets cost`` on a machine without the CoNLL and
foreign corpora: the others need them). Writes the hashes (call -> hash) to ``--out``,
prints one hash per set and over all; given an earlier run's file (``--against``) prints
how many differ and which, and exits non-zero when any does.

    PYTHONPATH=src:. .venv/bin/python bench/facts_hashes.py --calls /tmp/calls.pickle
        --out after.json [--against before.json] [--sets cost,conll,de,…]

Run it with the code before a change (``PYTHONPATH`` chooses which) and after.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import pickle
import sys
import tempfile
from collections.abc import Iterator, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import _conll
import _ner_langs
from _hash_file import write_and_compare
from facts_cost import build_corpus

Call = tuple[tuple[Any, ...], dict[str, Any]]
# what relative dates in the corpora's texts resolve against: fixed, so runs agree
REFERENCE = datetime(2024, 6, 1, 12, tzinfo=UTC)


def recorded_calls(docs: int) -> list[Call]:
    """The arguments of every ``extract_facts`` call of an ingest of the facts_cost
    corpus (facts off, so the ingest is quick; the arguments are the same)."""
    setting = os.environ.get("NEWSROOM_FACTS")
    os.environ["NEWSROOM_FACTS"] = "off"
    import newsroom.article
    from newsroom.engine import ingest_files

    calls: list[Call] = []
    extract_facts = newsroom.article.extract_facts

    def recording(*args: Any, **kwargs: Any) -> Any:
        calls.append((args, kwargs))
        return extract_facts(*args, **kwargs)

    newsroom.article.extract_facts = recording  # type: ignore[assignment]
    try:
        with tempfile.TemporaryDirectory(prefix="facts-hashes-") as tmp:
            build_corpus(Path(tmp) / "corpus", docs)
            ingest_files([str(Path(tmp) / "corpus")], Path(tmp) / "w.duckdb")
    finally:
        newsroom.article.extract_facts = extract_facts
        if setting is None:
            del os.environ["NEWSROOM_FACTS"]
        else:
            os.environ["NEWSROOM_FACTS"] = setting
    return sorted(calls, key=lambda call: repr(call))


def cost_calls(path: Path, docs: int) -> list[Call]:
    """The recorded calls, from ``path`` when an earlier run kept them there."""
    if path.is_file():
        with path.open("rb") as file:
            calls: list[Call] = pickle.load(file)
        return calls
    calls = recorded_calls(docs)
    with path.open("wb") as file:
        pickle.dump(calls, file)
    return calls


SETS = ("cost", "conll", *_ner_langs.LANGUAGES)


def all_calls(
    calls_file: Path, docs: int, sets: Sequence[str] = SETS
) -> Iterator[tuple[str, str, Call]]:
    """(set, key, call) of every call of the chosen sets, in a fixed order."""
    if "cost" in sets:
        for n, call in enumerate(cost_calls(calls_file, docs)):
            yield "cost", f"cost/{n}", call
    for split in _conll.SPLITS if "conll" in sets else ():
        for n, doc in enumerate(_conll.load(split)):
            kwargs = {"reference_date": REFERENCE, "language": "en"}
            yield "conll", f"conll-{split}/{n}", (("", doc.text), kwargs)
    for lang in _ner_langs.LANGUAGES:
        if lang not in sets:
            continue
        for n, ldoc in enumerate(_ner_langs.load(lang, "dev")):
            kwargs = {"reference_date": REFERENCE, "language": lang}
            yield lang, f"{lang}-dev/{n}", (("", ldoc.text), kwargs)


def main() -> None:
    ap = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    ap.add_argument("--calls", type=Path, required=True, help="recorded ingest calls (pickle)")
    ap.add_argument("--docs", type=int, default=3000, help="facts_cost's generated articles")
    ap.add_argument("--out", type=Path, required=True, help="write call -> hash here")
    ap.add_argument("--against", type=Path, help="an earlier run's file to compare with")
    ap.add_argument(
        "--sets",
        default=",".join(SETS),
        help=f"which sets, comma-separated (default all: {','.join(SETS)})",
    )
    args = ap.parse_args()
    sets = [name.strip() for name in args.sets.split(",") if name.strip()]
    if unknown := sorted(set(sets) - set(SETS)):
        ap.error(f"no such set: {', '.join(unknown)} (sets: {', '.join(SETS)})")
    try:
        calls = list(all_calls(args.calls, args.docs, sets))
    except (_conll.ConllMissing, _ner_langs.CorpusMissing) as missing:
        raise SystemExit(str(missing)) from None
    from newsroom.facts import extract_facts

    print(f"code: {extract_facts.__module__} from {sys.modules['newsroom'].__file__}")
    hashes: dict[str, str] = {}
    by_set: dict[str, list[str]] = {}
    for name, key, (call_args, kwargs) in calls:
        digest = hashlib.sha256(repr(extract_facts(*call_args, **kwargs)).encode()).hexdigest()
        hashes[key] = digest[:16]
        by_set.setdefault(name, []).append(digest)
    for name, digests in by_set.items():
        total = hashlib.sha256("".join(digests).encode()).hexdigest()[:16]
        print(f"  {name:6s} {len(digests):6d} calls, hash {total}")
    write_and_compare(hashes, args.out, args.against, "calls")


if __name__ == "__main__":
    main()
