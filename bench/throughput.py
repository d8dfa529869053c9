"""Benchmark: what orchestration costs. ``newsroom ingest`` next to the same engine in-process.

A corpus of seed-like text files (default 10,000) is generated from the five seed
articles in ``seeds/``: their titles, paragraphs and chrome lines (captions, share
prompts, comments, credits), shuffled across seeds and varied deterministically (names,
numbers, titles), with a small share of exact copies so that duplicates exist. Then:

- the bare loop: the run engine itself, ``newsroom.engine.ingest_files`` with the
  in-process compute (every stage a plain call), in a Python process of its own that
  never imports Prefect, timed around the call (imports excluded). It is the engine the
  flow runs, with the same working file, chunks and publish: only the Prefect tasks
  differ;
- the whole run: ``newsroom ingest CORPUS --warehouse FRESH`` as a subprocess, wall clock:
  CLI start, Prefect's temporary local server, the flow, the load;
- the fixed start-up: the same command over a folder holding one small file.

Each into a fresh warehouse. The goal (issue 14): the whole run costs at most 1.15x the
same engine in-process plus a fixed start-up of a few seconds, i.e.
(whole - start-up) / bare <= 1.15.

    .venv/bin/python bench/throughput.py [--files N] [--corpus DIR] [--repeat R]

Needs no network: the Prefect server is a local one on 127.0.0.1, under a throwaway
PREFECT_HOME, with analytics off.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"
GOAL = 1.15
DUPLICATE_SHARE = 0.03  # exact byte copies of an earlier file

# -- the corpus ------------------------------------------------------------------------

# Lines of the seeds that are page chrome, not article text: (prefix, kind).
_CHROME_PREFIXES = (
    ("Russian President Vladimir Putin, center, is seen with", "caption"),
    ("A Group of tanks lined up", "caption"),
    ("Share this:", "share"),
    ("For Latest Updates Follow us", "share"),
    ("You may be interested:", "teaser"),
    ("NEXT ", "teaser"),
    ("One comment", "comments"),
    ("1. ", "comments"),
    ("Enter comments here:", "comments"),
    ("All comments.", "comments"),
    ("Source: With Agencies", "credit"),
    ("(Via Newsweek)", "credit"),
    ("The confidential", "label"),
    ("Sunday, February 25", "dateline"),
)
_NAMES = (
    "Putin",
    "Gerasimov",
    "Shoigu",
    "Popov",
    "Prigozhin",
    "Soldatov",
    "Belousov",
    "Muraviev",
    "Osechkin",
    "Beseda",
    "Ivanov",
    "Shamarin",
    "Gurulyov",
    "Foreman",
)
_OTHER_NAMES = (
    "Petrov",
    "Smirnov",
    "Kuznetsov",
    "Volkov",
    "Sokolov",
    "Lebedev",
    "Kozlov",
    "Novikov",
    "Morozov",
    "Orlov",
    "Zaitsev",
    "Pavlov",
    "Semenov",
    "Golubev",
    "Vinogradov",
    "Bogdanov",
    "Vorobyov",
    "Fedorov",
    "Mikhailov",
    "Belyaev",
)
_TITLE_PREFIXES = ("", "", "", "Update: ", "Analysis: ", "Exclusive: ", "Live: ", "Explainer: ")
_TITLE_SUFFIXES = ("", "", "", " – report", " (video)", " | World", " - Latest", ": what we know")
_DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


@dataclass(frozen=True)
class Seed:
    title: str
    paragraphs: tuple[str, ...]
    chrome: dict[str, tuple[str, ...]]


def load_seeds(folder: Path = SEEDS) -> list[Seed]:
    seeds = []
    for path in sorted(folder.glob("*.txt")):
        blocks = [b.strip() for b in re.split(r"\n\s*\n", path.read_text("utf-8")) if b.strip()]
        title, paragraphs, chrome = "", [], {}
        for block in blocks:
            kind = next((k for p, k in _CHROME_PREFIXES if block.startswith(p)), None)
            if kind is not None:
                chrome.setdefault(kind, []).append(block)
            elif not title:
                title = block
            else:
                paragraphs.append(block)
        seeds.append(Seed(title, tuple(paragraphs), {k: tuple(v) for k, v in chrome.items()}))
    return seeds


def _vary_numbers(text: str, rng: random.Random) -> str:
    def repl(m: re.Match[str]) -> str:
        digits = len(m.group())
        return str(rng.randint(10 ** (digits - 1) if digits > 1 else 0, 10**digits - 1))

    return re.sub(r"\d+", repl, text)


def _vary_names(text: str, rng: random.Random) -> str:
    for name in rng.sample(_NAMES, rng.randint(1, 3)):
        text = text.replace(name, rng.choice(_OTHER_NAMES))
    return text


def make_article(seeds: list[Seed], rng: random.Random) -> str:
    """One seed-like page copy of 2-4 KB: title, chrome, paragraphs drawn across seeds."""
    main = rng.choice(seeds)
    others = [p for s in seeds if s is not main for p in s.paragraphs]
    chrome = {
        k: [c for s in seeds for c in s.chrome.get(k, ())]
        for k in ("caption", "share", "teaser", "comments", "credit", "label")
    }
    target = rng.randint(2000, 4000)

    title = rng.choice([main.title, rng.choice(seeds).title])
    title = rng.choice(_TITLE_PREFIXES) + title + rng.choice(_TITLE_SUFFIXES)
    head = [title]
    if rng.random() < 0.3:
        head.append(f"{rng.choice(_DAYS)}, {rng.choice(_MONTHS)} {rng.randint(1, 28)}")
    if rng.random() < 0.4:
        head.append(rng.choice(chrome["caption"]))
    if rng.random() < 0.3:
        head.append(rng.choice(chrome["share"]))
    tail = []
    if rng.random() < 0.3:
        tail.append(rng.choice(chrome["credit"]))
    if rng.random() < 0.3:
        tail.append(rng.choice(chrome["teaser"]))
    if rng.random() < 0.3:
        tail.append(rng.choice(chrome["share"]))
    if rng.random() < 0.3:
        tail.extend(chrome["comments"][: rng.randint(1, len(chrome["comments"]))])

    # The main seed's paragraphs (a few dropped), a few from other seeds mixed in, then
    # more from other seeds until the size is reached; adjacent paragraphs swapped.
    body = [p for p in main.paragraphs if rng.random() > 0.2]
    for p in rng.sample(others, rng.randint(1, 3)):
        body.insert(rng.randint(0, len(body)), p)
    if len(body) > 2 and rng.random() < 0.5:
        i = rng.randrange(len(body) - 1)
        body[i], body[i + 1] = body[i + 1], body[i]
    fixed = sum(len(x.encode()) + 2 for x in head + tail)
    size, kept = fixed, []
    pool = iter(rng.sample(others, len(others)))
    for p in body:
        if size >= target:
            break
        kept.append(p)
        size += len(p.encode()) + 2
    while size < target and (p := next(pool, None)) is not None:
        kept.append(p)
        size += len(p.encode()) + 2
    if rng.random() < 0.3:  # a label line somewhere inside, as in seed 003
        kept.insert(rng.randint(0, len(kept)), rng.choice(chrome["label"]))

    text = "\n\n".join(head + kept + tail) + "\n"
    return _vary_names(_vary_numbers(text, rng), rng)


def generate_corpus(folder: Path, files: int, seed: int = 20240901) -> dict[str, int]:
    """Write ``files`` documents under ``folder`` (1,000 a subfolder); return some figures."""
    seeds = load_seeds()
    texts: list[str] = []
    copies = 0
    for i in range(files):
        rng = random.Random(f"{seed}:{i}")
        if texts and rng.random() < DUPLICATE_SHARE:
            text = texts[rng.randrange(len(texts))]
            copies += 1
        else:
            text = make_article(seeds, rng)
        texts.append(text)
        path = folder / f"d{i // 1000:03d}" / f"{i:06d}.txt"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, "utf-8")
    sizes = sorted(len(t.encode()) for t in texts)
    return {
        "files": files,
        "exact_copies": copies,
        "distinct_texts": len(set(texts)),
        "min_bytes": sizes[0] if sizes else 0,
        "median_bytes": sizes[len(sizes) // 2] if sizes else 0,
        "max_bytes": sizes[-1] if sizes else 0,
    }


# -- the runs --------------------------------------------------------------------------


def bare_mode(corpus: str, warehouse: str) -> None:
    """Child process: the core loop, no Prefect; prints its timing as JSON."""
    import newsroom
    from newsroom.engine import InProcess, ingest_files

    started = time.perf_counter()
    summary = ingest_files([corpus], Path(warehouse), compute=InProcess()).summary
    seconds = time.perf_counter() - started
    print(
        json.dumps(
            {
                "seconds": seconds,
                "seen": summary.seen,
                "new": summary.new,
                "duplicates": summary.duplicates,
                "failed": summary.failed,
                "core": str(Path(newsroom.__file__).parent),
                "prefect_imported": any(m.split(".")[0] == "prefect" for m in sys.modules),
            }
        )
    )


def child_env(tmp: Path, *, bytecode_cache: bool) -> dict[str, str]:
    """The environment of every run: a throwaway Prefect home, no analytics, and (unless
    told otherwise) a throwaway bytecode cache, so that no run pays for compiling Prefect's
    modules, as on any machine after its first run, even where PYTHONDONTWRITEBYTECODE is
    set; nothing is written into the virtual environment."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("PREFECT_")}
    env.update(
        PREFECT_HOME=str(tmp / "prefect-home"),
        PREFECT_SERVER_ANALYTICS_ENABLED="false",
        DO_NOT_TRACK="1",
    )
    if bytecode_cache:
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        env["PYTHONPYCACHEPREFIX"] = str(tmp / "pycache")
    return env


@dataclass
class Timed:
    wall: float
    stdout: str


def run(cmd: list[str], env: dict[str, str]) -> Timed:
    started = time.perf_counter()
    proc = subprocess.run(cmd, env=env, cwd=ROOT, capture_output=True, text=True)
    wall = time.perf_counter() - started
    if proc.returncode != 0:
        sys.exit(f"failed ({proc.returncode}): {' '.join(cmd)}\n{proc.stdout}\n{proc.stderr}")
    return Timed(wall, proc.stdout)


def bare(corpus: Path, warehouse: Path, env: dict[str, str]) -> tuple[float, float, dict]:
    cmd = [sys.executable, str(Path(__file__).resolve()), "--mode", "bare"]
    t = run([*cmd, "--corpus", str(corpus), "--warehouse", str(warehouse)], env)
    figures = json.loads(t.stdout.strip().splitlines()[-1])
    if figures["prefect_imported"]:
        sys.exit("the bare loop imported Prefect")
    return figures["seconds"], t.wall, figures


def whole(corpus: Path, warehouse: Path, env: dict[str, str]) -> tuple[float, float | None]:
    newsroom = Path(sys.executable).parent / "newsroom"
    t = run([str(newsroom), "ingest", str(corpus), "--warehouse", str(warehouse)], env)
    flow = re.search(r" in ([\d.]+) s \(run ", t.stdout)
    return t.wall, float(flow.group(1)) if flow else None


COUNTS = {
    "articles": "SELECT count(*) FROM articles",
    "canonical": "SELECT count(*) FROM articles WHERE is_canonical",
    "stories": "SELECT count(DISTINCT story_id) FROM articles",
    "ingest_errors": "SELECT count(*) FROM ingest_errors",
}


def counts(warehouse: Path) -> dict[str, int]:
    """What a warehouse holds, read in a process of its own, read-only."""
    code = (
        "import duckdb, sys, json; con = duckdb.connect(sys.argv[1], read_only=True);"
        "queries = json.loads(sys.argv[2]);"
        "print(json.dumps({k: con.execute(q).fetchone()[0] for k, q in queries.items()}))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code, str(warehouse), json.dumps(COUNTS)],
        capture_output=True,
        text=True,
        check=True,
    )
    return dict(json.loads(out.stdout))


def code_version() -> str:
    """The checkout the runs used: its path, and its commit with a mark if it has edits."""
    git = ["git", "-C", str(ROOT)]
    head = subprocess.run([*git, "rev-parse", "--short", "HEAD"], capture_output=True, text=True)
    if head.returncode != 0:
        return f"{ROOT} (not a git checkout)"
    dirty = subprocess.run(
        [*git, "status", "--porcelain", "--untracked-files=no"], capture_output=True, text=True
    ).stdout.strip()
    return f"{ROOT} at {head.stdout.strip()}" + (" with uncommitted edits" if dirty else "")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--files", type=int, default=10_000, help="corpus size (default 10000)")
    parser.add_argument(
        "--corpus", type=Path, help="generate the corpus here and keep it; if not empty, use it"
    )
    parser.add_argument(
        "--repeat",
        type=int,
        default=1,
        help="run each timing R times (default 1); the minimum is shown",
    )
    parser.add_argument("--seed", type=int, default=20240901, help="corpus random seed")
    parser.add_argument(
        "--no-bytecode-cache",
        action="store_true",
        help="run with the environment's bytecode settings as they are (by default a"
        " throwaway PYTHONPYCACHEPREFIX is used and PYTHONDONTWRITEBYTECODE is dropped)",
    )
    parser.add_argument(
        "--mode", choices=("bench", "bare"), default="bench", help=argparse.SUPPRESS
    )
    parser.add_argument("--warehouse", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.mode == "bare":
        bare_mode(str(args.corpus), args.warehouse)
        return

    with tempfile.TemporaryDirectory(prefix="newsroom-throughput-") as tmp_name:
        tmp = Path(tmp_name)
        corpus = args.corpus or tmp / "corpus"
        corpus = corpus.resolve()
        if corpus.exists() and any(corpus.iterdir()):
            n = sum(1 for p in corpus.rglob("*") if p.is_file())
            print(f"corpus: {n} files already in {corpus}, used as they are")
        else:
            started = time.perf_counter()
            figures = generate_corpus(corpus, args.files, args.seed)
            n = figures["files"]
            print(
                f"corpus: {n} files in {corpus} ({figures['distinct_texts']} distinct texts,"
                f" {figures['exact_copies']} exact copies; {figures['min_bytes']}/"
                f"{figures['median_bytes']}/{figures['max_bytes']} bytes min/median/max;"
                f" written in {time.perf_counter() - started:.1f} s)"
            )
        single = tmp / "single"
        single.mkdir()
        (single / "one.txt").write_text(
            (SEEDS / sorted(os.listdir(SEEDS))[0]).read_text("utf-8")[:800] + "\n", "utf-8"
        )
        env = child_env(tmp, bytecode_cache=not args.no_bytecode_cache)

        # Untimed warm-up: creates the Prefect database and fills the bytecode cache.
        load_before = os.getloadavg()
        first = time.perf_counter()
        whole(single, tmp / "warm.duckdb", env)
        first_startup = time.perf_counter() - first
        bare(single, tmp / "warm-bare.duckdb", env)

        bare_s, bare_wall, whole_s, flow_s, start_s = [], [], [], [], []
        results: list[tuple[dict[str, int], dict[str, int]]] = []
        for r in range(args.repeat):
            wb, ww, ws = (tmp / f"{name}-{r}.duckdb" for name in ("bare", "whole", "single"))
            seconds, wall, bare_figures = bare(corpus, wb, env)
            bare_s.append(seconds)
            bare_wall.append(wall)
            wall, flow = whole(corpus, ww, env)
            whole_s.append(wall)
            if flow is not None:
                flow_s.append(flow)
            start_s.append(whole(single, ws, env)[0])
            results.append((counts(wb), counts(ww)))
            for path in (wb, ww, ws):
                path.unlink(missing_ok=True)
            print(
                f"  run {r + 1}/{args.repeat}: bare {seconds:.2f} s, whole {whole_s[-1]:.2f} s, "
                f"start-up {start_s[-1]:.2f} s",
                flush=True,
            )
        load_after = os.getloadavg()

    b, w, s = min(bare_s), min(whole_s), min(start_s)
    net = (w - s) / b
    same = all(x == y for x, y in results)
    rows = [
        ("files", f"{n}", ""),
        ("engine in-process (s, files/s)", f"{b:.2f}", f"{n / b:.0f}"),
        ("whole run: newsroom ingest (s, files/s)", f"{w:.2f}", f"{n / w:.0f}"),
        ("start-up: newsroom ingest, 1 file (s)", f"{s:.2f}", ""),
        ("ratio whole / bare", f"{w / b:.2f}", ""),
        ("ratio (whole - start-up) / bare", f"{net:.2f}", f"goal <= {GOAL}"),
        ("goal met", "yes" if net <= GOAL else "NO", ""),
    ]
    print()
    for label, value, extra in rows:
        print(f"{label:<42}{value:>10}  {extra}")
    print()
    for r, (in_bare, in_whole) in enumerate(results):
        if r + 1 < len(results) and in_bare == in_whole:
            continue  # the last repeat is always shown; earlier ones only if they differ
        print(
            (f"run {r + 1}: " if len(results) > 1 else "")
            + "; ".join(f"{k}: bare {in_bare[k]}, whole {in_whole[k]}" for k in COUNTS)
            + (" (same)" if in_bare == in_whole else " (DIFFERENT)")
        )
    print(
        f"bare process wall clock incl. imports: {min(bare_wall):.2f} s;"
        f" flow body as reported by the run summary: "
        + (f"{min(flow_s):.2f} s" if flow_s else "n/a")
        + f"; first start-up (new PREFECT_HOME, cold bytecode cache): {first_startup:.2f} s"
    )
    print(
        f"repeats: {args.repeat} (min shown); {os.cpu_count()} CPUs; load average"
        f" {load_before[0]:.2f} before, {load_after[0]:.2f} after;"
        f" bytecode cache: {'as in the environment' if args.no_bytecode_cache else 'throwaway'};"
        f" bare loop reported seen {bare_figures['seen']}, failed {bare_figures['failed']}"
    )
    print(f"code: {code_version()}; core imported from {bare_figures['core']}")
    if not same:
        sys.exit("the bare loop and the whole run left different warehouses")


if __name__ == "__main__":
    main()
