"""Benchmark: documents per second on Dask (prefect-dask) next to the in-process runner.

The corpus is the one ``bench/throughput.py`` generates (seed-like text files of 2-4 KB,
3% exact copies), 100,000 articles by default. Three figures:

1. **The CPU-bound stages** (read, decode, clean, facts, shingles and MinHash band keys:
   the ``read-normalise`` task a local cluster's workers run in ``ingest-files``), for
   each runner: in-process, Dask with 1 worker process, Dask with 2. Timed from the first
   batch submitted to the last result back, in one flow run per runner, with the
   cluster's start-up (and the workers' imports) timed apart. Repeats are interleaved
   (each runner once per round) and the best of each is shown, since the machine is
   shared. The outputs of every runner are hashed (URIs, content hashes, band keys, in
   order) and must be the same. Goal (issue 8): 2 workers >= 1.7x one worker.
2. **The whole run**: ``newsroom ingest CORPUS --runner R --batch-size B`` into a fresh
   warehouse, wall clock, for each runner (CLI, Prefect's temporary API, cluster start,
   discovery, the stages, dedup and the load, which stay in one process); the warehouses
   must hold the same counts.
3. **The batch-size sweep**: the CPU-bound stages over the first ``--sweep-articles``
   files at several batch sizes, in-process and on 2 workers: a task run on a worker
   costs a fixed overhead (the Prefect task engine reporting to its API, Dask shipping
   the batch), so below some batch size Dask does not pay.

    .venv/bin/python bench/dask_throughput.py [--articles N] [--corpus DIR] [--repeat R]
        [--batch-size B] [--sweep-articles N] [--sweep 1,5,10,...] [--parts cpu,whole,sweep]

Needs no network: Dask binds 127.0.0.1, Prefect runs a temporary local API under a
throwaway PREFECT_HOME, analytics off.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import re
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
GOAL = 1.7
RUNNERS = ("local", "dask:1", "dask:2")


@dataclass
class Stage:
    runner: str
    batch_size: int
    docs: int
    articles: int
    seconds: float  # first batch submitted to last result back
    startup: float  # cluster start and worker imports (0 in-process)
    digest: str
    cpu: float  # CPU seconds of the computing processes (workers, or this one) meanwhile


def cpu_stages(corpus: str, runner: str, batch_size: int, limit: int | None) -> Stage:
    """The CPU-bound stages over the corpus, in a flow run of their own (this process)."""
    from prefect import flow

    from flows.runners import PrefectCompute
    from newsroom.engine.compute import StageClock
    from newsroom.engine.run import READ_NORMALISE
    from newsroom.sources.files import DEFAULT_MAX_BYTES, discover

    @flow(name="bench-cpu-stages")
    def stages() -> Stage:
        files, _ = discover([corpus])
        files = sorted(files, key=lambda f: f.path)[:limit]
        digest = hashlib.sha256()
        articles = 0
        started = time.perf_counter()
        with PrefectCompute(runner) as compute:
            ready = time.perf_counter()
            cpu = compute.cpu_seconds()
            calls = (
                (
                    first,
                    {
                        "files": files[first : first + batch_size],
                        "max_bytes": DEFAULT_MAX_BYTES,
                        "known": {},
                    },
                    first,
                )
                for first in range(0, len(files), batch_size)
            )
            for (found, rejected, _), _first in compute.map(READ_NORMALISE, calls, StageClock()):
                articles += len(found)
                for a in found:
                    digest.update(f"{a.source_uri}\0{a.content_sha256}\0{a.band_keys}\n".encode())
                for r in rejected:
                    digest.update(f"{r.source_uri}\0{r.error}\n".encode())
            done = time.perf_counter()
            cpu = compute.cpu_seconds() - cpu
        return Stage(
            runner,
            batch_size,
            len(files),
            articles,
            done - ready,
            ready - started,
            digest.hexdigest(),
            cpu,
        )

    return stages()


def whole_run(
    corpus: Path, warehouse: Path, runner: str, batch_size: int, env: dict[str, str]
) -> tuple[float, float | None]:
    from throughput import run

    newsroom = Path(sys.executable).parent / "newsroom"
    cmd = [str(newsroom), "ingest", str(corpus), "--warehouse", str(warehouse)]
    t = run([*cmd, "--runner", runner, "--batch-size", str(batch_size)], env)
    flow = re.search(r" in ([\d.]+) s\s+\(run", t.stdout)
    return t.wall, float(flow.group(1)) if flow else None


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=100_000, help="corpus size")
    parser.add_argument("--corpus", type=Path, help="generate the corpus here and keep it")
    parser.add_argument("--seed", type=int, default=20240901, help="corpus random seed")
    parser.add_argument("--repeat", type=int, default=2, help="rounds of the CPU figures")
    parser.add_argument("--batch-size", type=int, default=250, help="documents per task")
    parser.add_argument("--sweep-articles", type=int, default=1000)
    parser.add_argument("--sweep", default="1,5,10,25,50,100,250", help="batch sizes")
    parser.add_argument("--parts", default="cpu,whole,sweep", help="which figures")
    args = parser.parse_args()
    parts = set(args.parts.split(","))

    sys.path.insert(0, str(Path(__file__).parent))
    from throughput import child_env, code_version, counts, generate_corpus

    with tempfile.TemporaryDirectory(prefix="newsroom-dask-") as tmp_name:
        tmp = Path(tmp_name)
        env = child_env(tmp, bytecode_cache=True)
        os.environ.update(
            {k: v for k, v in env.items() if k.startswith(("PREFECT_", "DO_NOT_TRACK"))}
        )
        os.environ.setdefault("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "120")
        os.environ["PREFECT_LOGGING_LEVEL"] = "WARNING"
        env["PREFECT_LOGGING_LEVEL"] = "WARNING"
        env["COLUMNS"] = "200"  # the summary line unwrapped, for its "in N s"
        corpus = (args.corpus or tmp / "corpus").resolve()
        if corpus.exists() and any(corpus.iterdir()):
            n = sum(1 for p in corpus.rglob("*") if p.is_file())
            print(f"corpus: {n} files already in {corpus}, used as they are", flush=True)
        else:
            started = time.perf_counter()
            figures = generate_corpus(corpus, args.articles, args.seed)
            n = figures["files"]
            print(
                f"corpus: {n} files in {corpus} ({figures['exact_copies']} exact copies;"
                f" {figures['median_bytes']} bytes median; written in"
                f" {time.perf_counter() - started:.0f} s)",
                flush=True,
            )
        load_before = os.getloadavg()

        best: dict[str, Stage] = {}
        if "cpu" in parts:
            print(f"\n1. CPU-bound stages, {n} documents, batch size {args.batch_size}", flush=True)
            seen: dict[str, list[float]] = {r: [] for r in RUNNERS}
            for round_ in range(args.repeat):
                for runner in RUNNERS:
                    s = cpu_stages(str(corpus), runner, args.batch_size, None)
                    seen[runner].append(s.seconds)
                    if runner not in best or s.seconds < best[runner].seconds:
                        best[runner] = s
                    print(
                        f"  round {round_ + 1}: {runner:<7} {s.seconds:8.1f} s"
                        f" {s.docs / s.seconds:7.1f} docs/s (start-up {s.startup:.1f} s;"
                        f" compute CPU {s.cpu:.1f} s, busy {s.cpu / s.seconds:.2f} cores;"
                        f" load {os.getloadavg()[0]:.1f})",
                        flush=True,
                    )
            print(
                f"\n  {'runner':<8}{'batch':>7}{'docs':>8}{'s':>9}{'docs/s':>9}"
                f"{'start-up s':>12}{'CPU s':>8}{'cores busy':>12}"
            )
            for runner in RUNNERS:
                s = best[runner]
                print(
                    f"  {runner:<8}{s.batch_size:>7}{s.docs:>8}{s.seconds:>9.1f}"
                    f"{s.docs / s.seconds:>9.1f}{s.startup:>12.1f}{s.cpu:>8.1f}"
                    f"{s.cpu / s.seconds:>12.2f}"
                )
            speedup = best["dask:1"].seconds / best["dask:2"].seconds
            print(
                f"  speed-up 2 workers / 1 worker: {speedup:.2f}x (goal >= {GOAL}:"
                f" {'met' if speedup >= GOAL else 'NOT met'}); 2 workers / in-process:"
                f" {best['local'].seconds / best['dask:2'].seconds:.2f}x"
            )
            same = len({s.digest for s in best.values()}) == 1
            print(f"  same output from every runner: {'yes' if same else 'NO'}", flush=True)

        if "whole" in parts:
            print(f"\n2. Whole runs: newsroom ingest, {n} documents, batch {args.batch_size}")
            found = []
            for runner in RUNNERS:
                warehouse = tmp / f"whole-{runner.replace(':', '-')}.duckdb"
                wall, flow = whole_run(corpus, warehouse, runner, args.batch_size, env)
                found.append(counts(warehouse))
                print(
                    f"  {runner:<8} wall {wall:7.1f} s {n / wall:7.1f} docs/s"
                    f" (flow {flow if flow is not None else float('nan'):.1f} s);"
                    f" {found[-1]}",
                    flush=True,
                )
                for path in tmp.glob(f"*whole-{runner.replace(':', '-')}*"):
                    path.unlink(missing_ok=True)
            print(
                "  same warehouse counts:",
                "yes" if all(c == found[0] for c in found) else "NO",
            )

        if "sweep" in parts:
            sizes = [int(x) for x in args.sweep.split(",")]
            m = min(args.sweep_articles, n)
            print(f"\n3. Batch-size sweep: CPU-bound stages over the first {m} documents")
            print(
                f"  {'batch':>6}{'tasks':>7}{'in-process docs/s':>19}{'2 workers docs/s':>18}"
                "  ratio"
            )
            rows = []
            for size in sizes:
                local = min(
                    (cpu_stages(str(corpus), "local", size, m) for _ in range(args.repeat)),
                    key=lambda s: s.seconds,
                )
                dask = min(
                    (cpu_stages(str(corpus), "dask:2", size, m) for _ in range(args.repeat)),
                    key=lambda s: s.seconds,
                )
                ratio = local.seconds / dask.seconds
                rows.append((size, ratio))
                print(
                    f"  {size:>6}{-(-m // size):>7}{m / local.seconds:>19.1f}"
                    f"{m / dask.seconds:>18.1f}  {ratio:.2f}x",
                    flush=True,
                )
            paying = [size for size, ratio in rows if ratio > 1.0]
            below = [size for size, ratio in rows if ratio <= 1.0]
            if not paying:
                print("  Dask (2 workers) did not pay at any batch size tried")
            elif not below:
                print(f"  Dask (2 workers) paid at every batch size tried (>= {sizes[0]})")
            else:
                print(
                    f"  Dask (2 workers) does not pay below a batch size of about"
                    f" {min(s for s in paying if s > max(below))} documents"
                    f" (slower than in-process at {', '.join(map(str, below))})"
                )

        load_after = os.getloadavg()
    print(
        f"\n{os.cpu_count()} CPUs; load average {load_before[0]:.2f} before,"
        f" {load_after[0]:.2f} after (the machine is shared: figures vary with it)"
    )
    print(f"code: {code_version()}")


if __name__ == "__main__":
    main()
