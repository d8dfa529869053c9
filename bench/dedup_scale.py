"""Benchmark: near-duplicate stories at scale (100k and 1M short articles).

Each size runs in a fresh process of its own, on a generated corpus of ~400-word articles
of which 1% are near-duplicates (a few percent of words edited, truncated, quotes
straightened). It measures the core path of a run after cleaning:

1. **generate** the documents (not pipeline work: the bytes a run would have read);
2. **signatures**: the ``Article`` the normalise stage would produce for each, with
   ``content_hash``, ``word_count`` and ``band_keys`` computed as ``pipeline.to_article``
   does (the generated text is already clean, so ``clean_text`` and language detection
   are skipped);
3. **assign**: ``pipeline.assign_to_stories`` (candidates from the warehouse, the batch's
   own pairs, verification, clusters), split into its warehouse candidates, batch pairs
   and the verification/clustering rest;
4. **load**: ``Warehouse.load`` into a fresh DuckDB file.

It prints wall time per phase, the peak RSS of the process (after each phase, and
overall), and the recall of the planted copies. Then, in another fresh process, an
incremental run of 1,000 new articles (1% copies of loaded ones, a few copies among
themselves) into the largest warehouse, timed end to end (signatures + assign + load).

    .venv/bin/python bench/dedup_scale.py [--sizes 100000,1000000] [--workdir DIR]
        [--signature-workers N] [--profile] [--keep]

``--signature-workers 2`` also computes the signatures with a process pool over chunks
(``newsroom.dedup.band_keys`` etc. in each worker) and prints both figures; the pool's
result is the one used. ``--profile`` writes a cProfile of each child to the workdir and
prints its top functions. Goals (DESIGN.md): 1M in under 30 minutes and 8 GB on this
2-core machine; 1,000 new articles into the 1M warehouse in under 60 seconds.
"""

from __future__ import annotations

import argparse
import bisect
import cProfile
import hashlib
import io
import json
import multiprocessing
import os
import pstats
import random
import resource
import shutil
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import partial
from pathlib import Path
from typing import Any

from newsroom import pipeline
from newsroom.dedup import NewArticle, band_keys, batch_pairs, content_hash
from newsroom.engine import DEFAULT_CHUNK_SIZE
from newsroom.metadata import word_count
from newsroom.records import Article
from newsroom.warehouse import RunRecord, Warehouse, store_for, work_path, working_file

SEED = 20240611
COPY_EVERY = 100  # 1% near-duplicates
INCREMENTAL = 1000
VOCABULARY = 20_000
NAMES = 3_000
BASE_TIME = datetime(2024, 1, 1, tzinfo=UTC)
SPAN = timedelta(days=365)
FETCHED = datetime(2025, 1, 15, tzinfo=UTC)
URI = "file:///bench/scale/{:08d}.txt"
GOAL_SECONDS = 30 * 60
GOAL_BYTES = 8 * 1024**3
GOAL_INCREMENTAL = 60.0
WORKER_PEAK = [0]  # the largest peak RSS a signature worker reported


# -- the corpus ----------------------------------------------------------------------------


class Words:
    """A Zipfian vocabulary of made-up words, and made-up names."""

    def __init__(self, seed: int = SEED) -> None:
        rng = random.Random(seed)
        onsets = [*"bcdfghjklmnprstvwz", "br", "ch", "cl", "dr", "gr", "pl", "sh", "st", "th", "tr"]
        vowels = ["a", "e", "i", "o", "u", "ai", "ea", "ou", "io"]
        codas = ["", "", "", "n", "r", "s", "t", "l", "m", "nd", "st", "ng", "rk"]

        def word(syllables: int) -> str:
            return "".join(
                rng.choice(onsets) + rng.choice(vowels) + rng.choice(codas)
                for _ in range(syllables)
            )

        seen: set[str] = set()
        vocab: list[str] = []
        while len(vocab) < VOCABULARY:
            w = word(rng.choice((1, 1, 2, 2, 2, 3, 3, 4)))
            if w not in seen:
                seen.add(w)
                vocab.append(w)
        names: list[str] = []
        while len(names) < NAMES:
            w = word(rng.choice((2, 3)))
            if w not in seen:
                seen.add(w)
                names.append(w.capitalize())
        # Frequent words are short, as in real text (about 6 characters a word with spaces).
        rng.shuffle(vocab)
        vocab.sort(key=lambda w: len(w) + rng.uniform(0, 8))
        self.vocab = vocab
        self.names = names
        total = 0.0
        self.cum: list[float] = []
        for rank in range(VOCABULARY):
            total += 1.0 / (rank + 2.7) ** 1.05
            self.cum.append(total)
        self.total = total

    def draw(self, rng: random.Random, k: int) -> list[str]:
        return rng.choices(self.vocab, cum_weights=self.cum, k=k)

    def one(self, rng: random.Random) -> str:
        return self.vocab[bisect.bisect(self.cum, rng.random() * self.total)]


@dataclass(frozen=True, slots=True)
class Doc:
    index: int
    title: str
    body: str
    published_at: datetime
    origin: int  # index of the original this is a copy of; its own index otherwise
    kind: str  # "original" or the near-duplicate recipe


def _rng(index: int, salt: int = 0) -> random.Random:
    return random.Random((SEED * 1_000_003 + index) * 7 + salt)


def original(words: Words, index: int, total: int) -> Doc:
    """Article ``index``: ~400 words in sentences of 10–25 words, in paragraphs."""
    rng = _rng(index)
    target = rng.randint(330, 470)
    paragraphs: list[str] = []
    sentences: list[str] = []
    count = 0
    while count < target:
        n = rng.randint(10, 25)
        tokens = words.draw(rng, n)
        for _ in range(rng.randint(0, 2)):  # names and numbers, as news has
            pos = rng.randrange(n)
            roll = rng.random()
            if roll < 0.6:
                tokens[pos] = rng.choice(words.names)
            elif roll < 0.85:
                tokens[pos] = str(rng.randint(2, 2000))
            else:
                tokens[pos] = f"{rng.randint(1, 99)}%"
        if rng.random() < 0.15:
            tokens[rng.randrange(n)] += "\u2019s"
        sentence = " ".join(tokens)
        sentence = sentence[0].upper() + sentence[1:]
        if rng.random() < 0.12:  # a quotation
            sentence = f"\u201c{sentence},\u201d said {rng.choice(words.names)}."
        else:
            sentence += rng.choice(".......?!")
        sentences.append(sentence)
        count += n
        if len(sentences) >= rng.randint(2, 5):
            paragraphs.append(" ".join(sentences))
            sentences = []
    if sentences:
        paragraphs.append(" ".join(sentences))
    title = " ".join(words.draw(rng, rng.randint(5, 10))).capitalize()
    published = BASE_TIME + SPAN * (index / max(total, 1))
    return Doc(index, title, "\n\n".join(paragraphs), published, index, "original")


def near_copy(words: Words, source: Doc, index: int, rng: random.Random) -> Doc:
    """A near-duplicate of ``source``: edited, truncated and/or straightened quotes."""
    recipe = rng.choice(("edit", "edit", "truncate", "quotes", "edit+truncate", "quotes+edit"))
    body = source.body
    if "edit" in recipe:  # 1–5% of words substituted, deleted or inserted
        tokens = body.split(" ")
        for _ in range(max(1, int(len(tokens) * rng.uniform(0.01, 0.05)))):
            pos = rng.randrange(len(tokens))
            op = rng.random()
            if op < 0.6:
                tokens[pos] = words.one(rng)
            elif op < 0.8 and len(tokens) > 50:
                del tokens[pos]
            else:
                tokens.insert(pos, words.one(rng))
        body = " ".join(tokens)
    if "truncate" in recipe:  # the end cut at a sentence, 55–90% kept
        cut = int(len(body) * rng.uniform(0.55, 0.9))
        stop = body.rfind(". ", 0, cut)
        body = body[: stop + 1 if stop > 0 else cut]
    if "quotes" in recipe:
        body = body.translate({0x201C: '"', 0x201D: '"', 0x2019: "'"})
    published = source.published_at + timedelta(hours=rng.uniform(0, 72))
    return Doc(index, source.title, body, published, source.index, recipe)


def is_copy_slot(index: int) -> bool:
    return index % COPY_EVERY == COPY_EVERY - 1


def source_of(index: int, rng: random.Random, low: int = 0) -> int:
    """An earlier original, close in the timeline (the corpus is in time order)."""
    while True:
        j = rng.randrange(max(low, index - 5000), index)
        if not is_copy_slot(j):
            return j


def corpus(words: Words, n: int, chunk: int) -> Iterator[list[Doc]]:
    """``n`` documents, ``chunk`` at a time; every 100th is a near-duplicate of an earlier
    original. Only the last 5,000 documents (where copies come from) are kept."""
    window: dict[int, Doc] = {}
    for first in range(0, n, chunk):
        docs: list[Doc] = []
        for i in range(first, min(n, first + chunk)):
            if is_copy_slot(i):
                rng = _rng(i, salt=1)
                doc = near_copy(words, window[source_of(i, rng)], i, rng)
            else:
                doc = original(words, i, n)
            docs.append(doc)
            window[i] = doc
            window.pop(i - 5000, None)
        yield docs


def incremental_batch(words: Words, loaded: int) -> list[Doc]:
    """1,000 new articles after ``loaded`` ones: 1% copies of loaded originals from the
    last weeks, and a few copies of each other; the rest new originals."""
    docs: list[Doc] = []
    first = loaded
    new_total = loaded + INCREMENTAL
    for k in range(INCREMENTAL):
        i = first + k
        rng = _rng(i, salt=2)
        if k % 100 == 50:  # a copy of an article already in the warehouse
            j = source_of(loaded, rng, low=max(0, loaded - 20_000))
            docs.append(near_copy(words, original(words, j, loaded), i, rng))
        elif k % 125 == 80 and k > 100:  # a copy of an earlier article of this batch
            j = rng.randrange(0, k - 1)
            while docs[j].kind != "original":
                j -= 1
            docs.append(near_copy(words, docs[j], i, rng))
        else:
            doc = original(words, i, new_total)
            # new articles come after the loaded timeline
            docs.append(
                Doc(i, doc.title, doc.body, BASE_TIME + SPAN + timedelta(minutes=k), i, doc.kind)
            )
    return docs


# -- the pipeline's work -------------------------------------------------------------------


def signature(body: str) -> tuple[str, int, tuple[int, ...]]:
    """What ``pipeline.to_article`` computes from a clean body for dedup and load."""
    return content_hash(body), word_count(body), band_keys(body)


def _signature_chunk(bodies: list[str]) -> tuple[list[tuple[str, int, tuple[int, ...]]], int]:
    """A worker's signatures of one slice, and the worker's peak RSS so far."""
    return [signature(b) for b in bodies], peak_rss()


def signatures(
    bodies: Sequence[str], pool: ProcessPoolExecutor | None = None, piece: int = 2000
) -> list[tuple[str, int, tuple[int, ...]]]:
    if pool is None:
        return [signature(b) for b in bodies]
    pieces = [list(bodies[i : i + piece]) for i in range(0, len(bodies), piece)]
    out: list[tuple[str, int, tuple[int, ...]]] = []
    for part, worker_peak in pool.map(_signature_chunk, pieces):
        out.extend(part)
        WORKER_PEAK[0] = max(WORKER_PEAK[0], worker_peak)
    return out


def to_articles(
    docs: Sequence[Doc], sigs: Sequence[tuple[str, int, tuple[int, ...]]]
) -> list[Article]:
    articles = []
    for doc, (sha, words, keys) in zip(docs, sigs, strict=True):
        raw = doc.body.encode("utf-8")
        articles.append(
            Article(
                source_uri=URI.format(doc.index),
                source_kind="file",
                raw_sha256=hashlib.sha256(raw).hexdigest(),
                raw_size=len(raw),
                raw_mtime=None,
                encoding="utf-8",
                title=doc.title,
                body=doc.body,
                content_sha256=sha,
                word_count=words,
                language="en",
                dateline=None,
                credits=(),
                removed_lines=0,
                fetched_at=FETCHED,
                published_at=doc.published_at,
                band_keys=keys,
            )
        )
    return articles


class TimedWarehouse(Warehouse):
    """The warehouse, with the two candidate queries of the dedup stage timed."""

    timings: dict[str, float]

    def story_candidates(self, new: Sequence[NewArticle], limit: int) -> Any:
        start = time.perf_counter()
        try:
            return super().story_candidates(new, limit)
        finally:
            self.timings["warehouse candidates"] = time.perf_counter() - start

    def __init__(self, path: Any) -> None:
        super().__init__(path)
        self.timings = {}
        timings = self.timings

        def timed_pairs(new: Sequence[NewArticle]) -> Any:  # the stage's own call, timed
            start = time.perf_counter()
            try:
                return batch_pairs(new)
            finally:
                timings["batch pairs"] = time.perf_counter() - start

        pipeline.batch_pairs = timed_pairs  # type: ignore[assignment]


def peak_rss() -> int:
    """Peak resident set of this process, in bytes (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


def children_peak_rss() -> int:
    return resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * 1024


class Phases:
    """Seconds per phase, summed over the chunks, with the peak RSS after each."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = {}
        self.peaks: dict[str, int] = {}

    def run(self, name: str, fn: Callable[..., Any], *args: Any) -> Any:
        start = time.perf_counter()
        result = fn(*args)
        self.seconds[name] = self.seconds.get(name, 0.0) + time.perf_counter() - start
        self.peaks[name] = peak_rss()
        return result

    @property
    def rows(self) -> list[dict[str, Any]]:
        return [
            {"phase": name, "seconds": secs, "peak_rss": self.peaks[name]}
            for name, secs in self.seconds.items()
        ]


def gib(n: float) -> str:
    return f"{n / 1024**3:.2f} GiB"


def recall(pairs: Sequence[tuple[str, str]], story_of: Callable[[str], str | None]) -> float:
    if not pairs:
        return 1.0
    return sum(1 for a, b in pairs if story_of(a) is not None and story_of(a) == story_of(b)) / len(
        pairs
    )


# -- the children --------------------------------------------------------------------------


def child_full(n: int, workdir: Path, workers: int, chunk: int) -> dict[str, Any]:
    """A run of ``n`` articles as the flows make it: ``chunk`` articles at a time placed
    in stories (against everything loaded before) and committed by the run writer
    (``store_for(...).begin``),
    then the run recorded and its snapshot published. Nothing holds the whole corpus."""
    phases = Phases()
    words = Words()
    published = workdir / f"scale_{n}.duckdb"
    work = work_path(published)
    for stale in (published, work):
        for path in (stale, stale.with_name(stale.name + ".wal")):
            path.unlink(missing_ok=True)
    warehouse = TimedWarehouse(work)
    split: dict[str, float] = {}
    run = RunRecord(f"scale-{n}", "bench-dedup-scale", datetime.now(UTC), seen=n)
    writer = store_for(published).begin(run)
    # forkserver: workers start small instead of inheriting (and touching) this process.
    pool = (
        ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("forkserver"))
        if workers > 1
        else None
    )
    story = [""] * n  # the story of each article, for the checks below
    planted: list[tuple[int, int, str]] = []  # (copy, original, recipe)
    links = 0
    keys = 0
    chunks = corpus(words, n, chunk)
    while docs := phases.run("generate", next, chunks, []):
        bodies = [d.body for d in docs]
        sigs = phases.run(f"signatures ({workers} process(es))", signatures, bodies, pool)
        del bodies
        articles = phases.run("build Article records", to_articles, docs, sigs)
        del sigs
        keys += sum(len(a.band_keys) for a in articles)
        placed, found = phases.run(
            "assign_to_stories", pipeline.assign_to_stories, warehouse, articles
        )
        for name, secs in warehouse.timings.items():
            split[name] = split.get(name, 0.0) + secs
        del articles
        phases.run("load (chunk commits)", partial(writer.load, links=found), placed)
        links += len(found)
        for doc, article in zip(docs, placed, strict=True):
            story[doc.index] = article.story_id or ""
            if doc.origin != doc.index:
                planted.append((doc.index, doc.origin, doc.kind))
        del placed, docs, found
    result = phases.run("record run + publish snapshot", writer.commit, [])
    if pool is not None:
        pool.shutdown()

    # Checks, untimed: planted copies in their original's story; no originals merged.
    hits = sum(1 for i, j, _ in planted if story[i] == story[j])
    planted_by_index = {i: j for i, j, _ in planted}
    bases_by_story: dict[str, set[int]] = {}
    for i in range(n):
        bases_by_story.setdefault(story[i], set()).add(planted_by_index.get(i, i))
    false_merges = sum(len(b) - 1 for b in bases_by_story.values() if len(b) > 1)
    kinds = Counter(kind for _, _, kind in planted)
    missed = Counter(kind for i, j, kind in planted if story[i] != story[j])
    return {
        "mode": "full",
        "n": n,
        "chunk": chunk,
        "phases": phases.rows,
        "assign_split": split,
        "peak_rss": peak_rss(),
        "children_peak_rss": max(children_peak_rss(), WORKER_PEAK[0]),
        "keys_per_article": keys / n,
        "links": links,
        "planted": len(planted),
        "planted_found": hits,
        "recipes": dict(kinds),
        "missed_by_recipe": dict(missed),
        "stories": len(bases_by_story),
        "expected_stories": n - len(planted),
        "originals_merged": false_merges,
        "load": {"new": result.new, "duplicates": result.duplicates},
        "db_bytes": published.stat().st_size,
    }


def child_incremental(loaded: int, workdir: Path) -> dict[str, Any]:
    """A run of 1,000 new articles into the warehouse of ``loaded``, as a flow makes it:
    placed, committed to the working file, recorded, published."""
    published = workdir / f"scale_{loaded}_incremental.duckdb"
    shutil.copyfile(workdir / f"scale_{loaded}.duckdb", published)  # keep the full one
    work_path(published).unlink(missing_ok=True)
    work = working_file(published)  # made once, as the first run after an upgrade does
    words = Words()
    docs = incremental_batch(words, loaded)
    bodies = [d.body for d in docs]
    rss_before = peak_rss()

    start = time.perf_counter()
    warehouse = TimedWarehouse(work)
    t0 = time.perf_counter()
    articles = to_articles(docs, signatures(bodies))
    t_sig = time.perf_counter() - t0
    t0 = time.perf_counter()
    placed, links = pipeline.assign_to_stories(warehouse, articles)
    t_assign = time.perf_counter() - t0
    run = RunRecord("scale-incremental", "bench-dedup-scale", datetime.now(UTC), seen=len(docs))
    with store_for(published).begin(run) as writer:
        t0 = time.perf_counter()
        writer.load(placed, links)
        t_load = time.perf_counter() - t0
        t0 = time.perf_counter()
        result = writer.commit([])
        t_publish = time.perf_counter() - t0
    total = time.perf_counter() - start
    warehouse = TimedWarehouse(published)

    uris = [URI.format(i) for d in docs for i in (d.index, d.origin)]
    rows = dict(
        warehouse.query(
            "SELECT source_uri, story_id FROM articles WHERE source_uri IN (SELECT unnest(?))",
            [uris],
        )
    )
    to_loaded = [(URI.format(d.index), URI.format(d.origin)) for d in docs if d.origin < loaded]
    within = [
        (URI.format(d.index), URI.format(d.origin)) for d in docs if loaded <= d.origin != d.index
    ]
    stories = warehouse.query("SELECT count(DISTINCT story_id), count(*) FROM articles")[0]
    new_ids = {rows[URI.format(d.index)] for d in docs}
    return {
        "mode": "incremental",
        "loaded": loaded,
        "seconds": total,
        "split": {
            "signatures": t_sig,
            "assign_to_stories": t_assign,
            "load": t_load,
            "record run + publish": t_publish,
        },
        "peak_rss": peak_rss(),
        "rss_before_run": rss_before,
        "copies_of_loaded": len(to_loaded),
        "recall_loaded": recall(to_loaded, rows.get),
        "copies_within": len(within),
        "recall_within": recall(within, rows.get),
        "new_stories": result.new_stories,
        "duplicates": result.duplicates,
        "expected_new_stories": len(docs) - len(to_loaded) - len(within),
        "stories_of_batch": len(new_ids),
        "stories_total": stories[0],
        "articles_total": stories[1],
    }


def run_child(args: list[str], workdir: Path, profile: bool, tag: str) -> dict[str, Any]:
    cmd = [sys.executable, str(Path(__file__).resolve()), "--child", *args]
    cmd += ["--workdir", str(workdir)]
    if profile:
        cmd += ["--profile-out", str(workdir / f"profile_{tag}.pstats")]
    wall = time.perf_counter()
    proc = subprocess.run(cmd, stdout=subprocess.PIPE, text=True, check=False)
    wall = time.perf_counter() - wall
    if proc.returncode != 0:
        raise SystemExit(f"child {args} failed with code {proc.returncode}")
    lines = proc.stdout.strip().splitlines()
    for line in lines[:-1]:
        print(line)
    result: dict[str, Any] = json.loads(lines[-1])
    result["process_wall"] = wall
    return result


def report_full(r: dict[str, Any]) -> None:
    n = r["n"]
    core = sum(p["seconds"] for p in r["phases"] if p["phase"] != "generate")
    print(f"\n== {n:,} articles, {r['chunk']:,} a chunk ==")
    for p in r["phases"]:
        print(f"  {p['phase']:<30} {p['seconds']:8.1f} s   peak RSS so far {gib(p['peak_rss'])}")
    for name, secs in r["assign_split"].items():
        print(f"    of which {name:<23} {secs:8.1f} s")
    rest = next(p for p in r["phases"] if p["phase"] == "assign_to_stories")["seconds"]
    rest -= sum(r["assign_split"].values())
    print(f"    of which {'verify + clusters':<23} {rest:8.1f} s")
    print(
        f"  core wall (signatures+records+assign+load+publish): {core:.1f} s "
        f"(goal for 1M: < {GOAL_SECONDS} s)"
    )
    print(
        f"  peak RSS: {gib(r['peak_rss'])} (pool workers' peak {gib(r['children_peak_rss'])};"
        f" goal for 1M: < {gib(GOAL_BYTES)})"
    )
    print(f"  process wall (incl. generation): {r['process_wall']:.1f} s")
    print(
        f"  planted copies joined: {r['planted_found']}/{r['planted']}"
        f" = {r['planted_found'] / max(r['planted'], 1):.4f}; missed by recipe"
        f" {r['missed_by_recipe']} of {r['recipes']}"
    )
    print(
        f"  stories: {r['stories']:,} (expected {r['expected_stories']:,});"
        f" originals merged into another's story: {r['originals_merged']}"
    )
    print(
        f"  links {r['links']:,}; band keys per article {r['keys_per_article']:.0f};"
        f" warehouse file {gib(r['db_bytes'])}"
    )


def report_incremental(r: dict[str, Any]) -> None:
    print(f"\n== incremental: {INCREMENTAL:,} new articles into {r['loaded']:,} ==")
    print(f"  end to end: {r['seconds']:.1f} s (goal < {GOAL_INCREMENTAL:.0f} s)")
    for name, secs in r["split"].items():
        print(f"    {name:<24} {secs:8.1f} s")
    print(f"  peak RSS: {gib(r['peak_rss'])} (after generation {gib(r['rss_before_run'])})")
    print(
        f"  recall of copies of loaded articles: {r['recall_loaded']:.3f}"
        f" ({r['copies_of_loaded']}); of copies within the batch: {r['recall_within']:.3f}"
        f" ({r['copies_within']})"
    )
    print(
        f"  new stories {r['new_stories']} (expected {r['expected_new_stories']}),"
        f" duplicates {r['duplicates']}, stories of the batch {r['stories_of_batch']};"
        f" warehouse: {r['stories_total']:,} stories, {r['articles_total']:,} articles"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="100000,1000000")
    parser.add_argument("--workdir", type=Path, default=Path("/tmp/newsroom-dedup-scale"))
    parser.add_argument("--signature-workers", type=int, default=1)
    parser.add_argument("--chunk", type=int, default=DEFAULT_CHUNK_SIZE)
    parser.add_argument("--profile", action="store_true")
    parser.add_argument("--no-incremental", action="store_true")
    parser.add_argument("--keep", action="store_true", help="keep the warehouse files")
    parser.add_argument("--child", nargs="*")
    parser.add_argument("--profile-out", type=Path)
    args = parser.parse_args()
    args.workdir.mkdir(parents=True, exist_ok=True)

    if args.child is not None:
        mode, value = args.child[0], int(args.child[1])
        profiler = cProfile.Profile() if args.profile_out else None
        if profiler:
            profiler.enable()
        if mode == "full":
            out = child_full(value, args.workdir, int(args.child[2]), int(args.child[3]))
        else:
            out = child_incremental(value, args.workdir)
        if profiler:
            profiler.disable()
            profiler.dump_stats(args.profile_out)
            text = io.StringIO()
            stats = pstats.Stats(profiler, stream=text).sort_stats("tottime")
            stats.print_stats(25)
            print(text.getvalue())
        print(json.dumps(out, default=str), flush=True)
        return

    sizes = [int(s) for s in args.sizes.split(",")]
    print(f"dedup scale: sizes {sizes}, workdir {args.workdir}, {os.cpu_count()} CPUs")
    for n in sizes:
        print(f"\n-- {n:,} articles (fresh process) --", flush=True)
        r = run_child(
            ["full", str(n), str(args.signature_workers), str(args.chunk)],
            args.workdir,
            args.profile,
            str(n),
        )
        report_full(r)
    if not args.no_incremental:
        largest = max(sizes)
        print(f"\n-- incremental into {largest:,} (fresh process) --", flush=True)
        r = run_child(["incremental", str(largest)], args.workdir, args.profile, "incremental")
        report_incremental(r)
    if not args.keep:
        for n in sizes:
            for suffix in ("", "_incremental"):
                published = args.workdir / f"scale_{n}{suffix}.duckdb"
                for path in (published, work_path(published)):
                    path.unlink(missing_ok=True)


if __name__ == "__main__":
    main()
