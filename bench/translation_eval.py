"""Translated copies found: precision and recall per language pair on WMT newstest2014.

Reads ``get_translation_corpus.py``'s documents (news stories of late 2013 in cs, de, en,
fr, hi and ru with their professional translations; many stories of the same weeks about
the same events). Every document of one part goes into one pool; a third of the stories
that exist in exactly two languages lose their English version (fixed seed), so that
their other version has no translation in the pool and any link it gets is wrong, as
most articles of a real warehouse have none.

``newsroom.translations`` links the pool: anchors per document, weights over the pool,
every pair of documents in different languages scored, pairs chosen best first. A true
pair is two versions of one story (the same ``docid``); reported per language pair:
true pairs, links made, precision and recall, and how many orphans got a link.

``--engine`` ingests the pool instead as text files through the whole run
(``newsroom.engine.ingest_files``: cleaning, language detection, the load) into a fresh
warehouse and scores the ``translation_links`` table it holds, so the path users get is
the one measured. ``--grid`` prints the settings' grid (use it on ``develop`` only).

``--pools`` then links small pools of the part (``small_pools``): one story in two
languages among stories of the same weeks in one language each, as in a warehouse that
is small or holds few translations, where every other link is wrong.

    .venv/bin/python bench/translation_eval.py [--part develop|report] [--engine] [--grid]
        [--pools]
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import tempfile
import time
from collections import Counter, defaultdict
from itertools import combinations
from pathlib import Path

from newsroom.translations import Scorer, TranslationSettings, anchors, choose, weights

sys.path.insert(0, str(Path(__file__).resolve().parent))
from get_translation_corpus import DEFAULT_OUT

ORPHAN_SHARE = 1 / 3


def pool(part: str, corpus: Path) -> list[dict[str, str]]:
    path = corpus / "documents.jsonl"
    if not path.exists():
        raise SystemExit(f"no corpus at {path}: build it with bench/get_translation_corpus.py")
    docs = [json.loads(line) for line in path.open(encoding="utf-8")]
    docs = [d for d in docs if d["part"] == part]
    versions: dict[str, list[str]] = defaultdict(list)
    for d in docs:
        versions[d["doc"]].append(d["language"])
    pairs = sorted(doc for doc, langs in versions.items() if len(langs) == 2 and "en" in langs)
    orphaned = set(random.Random(2014).sample(pairs, round(len(pairs) * ORPHAN_SHARE)))
    return [d for d in docs if not (d["doc"] in orphaned and d["language"] == "en")]


def link_in_memory(
    docs: list[dict[str, str]], settings: TranslationSettings
) -> list[tuple[str, str]]:
    keys = {f"{d['doc']}/{d['language']}": anchors(d["text"]) for d in docs}
    language = {f"{d['doc']}/{d['language']}": d["language"] for d in docs}
    weight = weights((keys[k], language[k]) for k in keys)
    scored = []
    score = Scorer(keys, weight)
    for a, b in combinations(sorted(keys), 2):
        if language[a] != language[b]:
            value, shared = score(a, b)
            if shared:
                scored.append((a, b, value, shared))
    return [(t.article_id, t.translated_article_id) for t in choose(scored, language, (), settings)]


def link_through_engine(docs: list[dict[str, str]]) -> list[tuple[str, str]]:
    import duckdb

    from newsroom.engine import ingest_files

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "in"
        folder.mkdir()
        key_of = {}
        for n, d in enumerate(docs):
            path = folder / f"{n:05d}.txt"
            path.write_text(d["text"] + "\n", encoding="utf-8")
            key_of[path.resolve().as_uri()] = f"{d['doc']}/{d['language']}"
        db = Path(tmp) / "w.duckdb"
        ingest_files([str(folder)], db)
        with duckdb.connect(str(db), read_only=True) as con:
            rows = con.execute(
                "SELECT a.source_uri, b.source_uri FROM translation_links t"
                " JOIN article_versions a ON a.article_id = t.article_id"
                " JOIN article_versions b ON b.article_id = t.translated_article_id"
            ).fetchall()
    return [(key_of[a], key_of[b]) for a, b in rows]


def report(docs: list[dict[str, str]], links: list[tuple[str, str]], label: str) -> float:
    def story(key: str) -> str:
        return key.rsplit("/", 1)[0]

    def lang(key: str) -> str:
        return key.rsplit("/", 1)[1]

    keys = [f"{d['doc']}/{d['language']}" for d in docs]
    truth: Counter[tuple[str, str]] = Counter()
    by_story: dict[str, list[str]] = defaultdict(list)
    for key in keys:
        by_story[story(key)].append(key)
    for versions in by_story.values():
        for a, b in combinations(versions, 2):
            truth[tuple(sorted((lang(a), lang(b))))] += 1  # type: ignore[index]
    made: Counter[tuple[str, str]] = Counter()
    right: Counter[tuple[str, str]] = Counter()
    orphans = {k for k in keys if len(by_story[story(k)]) == 1}
    orphan_links = 0
    for a, b in links:
        pair = tuple(sorted((lang(a), lang(b))))
        made[pair] += 1  # type: ignore[index]
        right[pair] += story(a) == story(b)  # type: ignore[index]
        orphan_links += (a in orphans) + (b in orphans)
    print(f"\n{label}: {len(docs)} documents, {len(orphans)} without a translation in the pool")
    print(f"{'pair':8} {'true':>5} {'links':>6} {'right':>6} {'P':>6} {'R':>6} {'F1':>6}")
    for pair in sorted(truth | made):
        p = right[pair] / made[pair] if made[pair] else 0.0
        r = right[pair] / truth[pair] if truth[pair] else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        print(f"{'-'.join(pair):8} {truth[pair]:5d} {made[pair]:6d} {right[pair]:6d}"
              f" {p:6.3f} {r:6.3f} {f:6.3f}")  # fmt: skip
    t, m, g = sum(truth.values()), sum(made.values()), sum(right.values())
    p, r = (g / m if m else 0.0), (g / t if t else 0.0)
    f = 2 * p * r / (p + r) if p + r else 0.0
    print(f"{'all':8} {t:5d} {m:6d} {g:6d} {p:6.3f} {r:6.3f} {f:6.3f}")
    print(f"links touching a document with no translation in the pool: {orphan_links}")
    return f


POOL_SIZES = (6, 12, 30)
POOLS = 300


def small_pools(docs: list[dict[str, str]], settings: TranslationSettings) -> None:
    """Warehouses that are small, or hold few translations: pools of 6, 12 and 30
    documents, each one story in two languages and the rest stories of the same weeks in
    one language each (no translation to find), ``POOLS`` pools a size (fixed seed). Every
    link between two stories is wrong; the true pair should be linked. The whole-part
    pool hides this: there most stories have their translations, which outscore a story
    of the same event, and the weights of common anchors are low."""
    by_story: dict[str, list[dict[str, str]]] = defaultdict(list)
    for d in docs:
        by_story[d["doc"]].append(d)
    stories = sorted(by_story)
    paired = [s for s in stories if len(by_story[s]) >= 2]
    rng = random.Random(2014)
    print(f"\nsmall pools ({POOLS} a size): one true pair each, the rest without translation")
    for size in POOL_SIZES:
        wrong = found = 0
        for _ in range(POOLS):
            story = rng.choice(paired)
            members = rng.sample(by_story[story], 2)
            others = rng.sample([s for s in stories if s != story], size - 2)
            members += [rng.choice(by_story[s]) for s in others]
            for a, b in link_in_memory(members, settings):
                same = a.rsplit("/", 1)[0] == b.rsplit("/", 1)[0]
                found += same
                wrong += not same
        print(f"  pool of {size:2d}: true pair linked {found}/{POOLS} ({found / POOLS:.1%}),"
              f" wrong links {wrong} ({wrong / POOLS:.2f} a pool)")  # fmt: skip


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--part", choices=("develop", "report"), default="report")
    ap.add_argument("--corpus", type=Path, default=DEFAULT_OUT)
    ap.add_argument("--engine", action="store_true")
    ap.add_argument("--grid", action="store_true")
    ap.add_argument("--pools", action="store_true", help="small pools too (in memory)")
    args = ap.parse_args()
    docs = pool(args.part, args.corpus)
    if args.grid:
        if args.part != "develop":
            raise SystemExit("--grid is for the develop part")
        for margin in (1.0, 0.8, 0.6, 0.5):
            for min_score in (0.1, 0.15, 0.2, 0.3):
                for min_shared in (2, 3, 4, 5, 6):
                    s = TranslationSettings(min_score, min_shared, margin)
                    label = f"margin {margin} min_score {min_score} min_shared {min_shared}"
                    f = report(docs, link_in_memory(docs, s), label)
                    print(f"GRID {margin} {min_score} {min_shared} F1 {f:.3f}")
        return
    start = time.perf_counter()
    if args.engine:
        links = link_through_engine(docs)
    else:
        links = link_in_memory(docs, TranslationSettings())
    took = time.perf_counter() - start
    report(docs, links, f"{args.part} part, {'engine' if args.engine else 'in memory'}")
    print(f"{took:.1f} s")
    if args.pools:
        small_pools(docs, TranslationSettings())


if __name__ == "__main__":
    main()
