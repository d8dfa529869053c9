"""Prove a refactor left every run's output unchanged: hash each warehouse table and view.

Four corpora are ingested, each into its own fresh DuckDB warehouse, through the public
CLI (``<python> -m newsroom ingest <dir> --warehouse <file>``, with this interpreter, so
PYTHONPATH chooses which code runs: the same code also generates the corpora below).

  seeds      ``<repo>/seeds/`` (copied)
  dev        the 49 pages of article-extraction-dev, ``html/*.html.gz`` gunzipped to
             ``.html`` (``NEWSROOM_BENCH_DIR`` overrides where the benchmark is)
  dedup      the texts of ``bench/_dedup_set.py`` (``build_set``, seed 20240615 as in
             ``dedup_eval.py``) as ``NNNN_<kind>.txt``; they go through
             ``newsroom.normalise.clean_text`` when built, so they come from the code
             under test too (the input hash below tells whether they changed)
  synthetic  ``bench/_synthetic_pages.py`` page copies (seed 20240601) as ``.txt`` and
             ``bench/_synthetic_html.py`` pages (seed 20240602) as ``.html``

Every corpus is written to the same fixed folder each time (``--workdir``, default
/tmp/newsroom-hashes: ``corpora/<corpus>/`` and ``warehouses/<corpus>/warehouse.duckdb``, both
recreated), so a file gets the same ``source_uri`` in a before and an after run, and every
file's mtime is set to 2024-01-01T00:00:00Z, so ``raw_mtime`` (and anything dated
relative to it) is the same too. Each corpus's input is hashed as well (names and bytes).

After each ingest the published warehouse is opened read-only (TimeZone UTC) and every
table and view of the main schema is hashed: column names, then every row as canonical
JSON, the rows sorted (the hash ignores row order). Columns excluded, by name, wherever
they occur, because they record when or in which run the work happened:

  run_id           a fresh UUID per run (runs, article_versions/articles, article_links,
                   ingest_errors, http_responses)
  started_at, finished_at                 runs: wall-clock time of the run
  fetched_at       article_versions/articles (the time a file was read),
                   http_responses (time of the request)
  first_seen_at    article_versions/articles (load time); stories, story_copies and
                   entities (min of it)
  last_seen_at     stories, entities, outlet_health (max of first_seen_at)
  superseded_at    article_versions: time of the run that loaded a newer version
  created_at       article_links: time of the run
  at               ingest_errors: time the error was recorded
  applied_at       schema_migrations: time the migration was applied
  last_fetched_at  url_state: time of the last request
  elapsed_ms       http_responses: a duration
  response_id      http_responses: sha256 of url and fetched_at (derived from a time)

Normalised, not excluded: a DATE column named ``day`` (article_outlets,
articles_per_outlet_day, outlet_health_day, errors_per_stage_day) holds the UTC day of
first_seen_at or of an error's time when nothing better is known, so a value equal to
the UTC day of one of the warehouse's runs (``runs.started_at`` .. ``finished_at``) is
replaced by ``<run day>``. (A page truly published on the run's day is masked the same
way in both runs, so this costs nothing when comparing.)

Normalised where a view's value depends on scan order (ties): in story_copies, an
article whose best links share the top similarity gets, as matched_article_id and
method, the sorted list of the tied links (arg_max picks one by scan order: reordering
article_links changed the pick for the dedup and synthetic corpora); in
errors_per_stage_day, ``example`` (any_value(detail)) is kept only for a one-error group.

Kept: the ids. ``article_id`` is ``'a_' || sha256(source_uri || chr(0) || version)``,
``document_id`` ``'d_' || sha256(source_uri)``, ``story_id`` ``'st_' || content_sha256``
(warehouse.py, dedup.py): all derived from the fixed path or the content, not random, so
they are compared as they are (a changed id scheme would be a changed output).

  PYTHONPATH=<repo>/src:<repo> .venv/bin/python bench/table_hashes.py --out hashes.json
  .venv/bin/python bench/table_hashes.py --compare before.json after.json   # exit 1 if any differ

Each CLI call starts a temporary Prefect API (~25 s) unless PREFECT_API_URL is set in the
environment or ``--prefect-server URL`` is given (then that API is used). NEWSROOM_*
variables are not passed to the CLI (the warehouse is given explicitly).
"""

from __future__ import annotations

import argparse
import base64
import datetime as dt
import decimal
import fcntl
import gzip
import hashlib
import json
import math
import os
import shutil
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import duckdb

REPO = Path(__file__).resolve().parents[1]
BENCH = REPO / "bench"
DEFAULT_BENCH_DIR = REPO.parent / "shared" / "benchmarks" / "article-extraction-dev"
DEFAULT_WORKDIR = Path("/tmp/newsroom-hashes")
FIXED_MTIME = 1_704_067_200  # 2024-01-01T00:00:00Z
DEDUP_SEED = 20240615  # dedup_eval.py's default
PAGES_SEED = 20240601  # _synthetic_pages.synthetic_pages's default
HTML_SEED = 20240602  # _synthetic_html.synthetic_html_pages's default

IGNORED: set[tuple[str, ...]] = set()  # (table, column) from --ignore
EXCLUDED = {
    "run_id": "a fresh UUID per run",
    "started_at": "wall-clock time of the run",
    "finished_at": "wall-clock time of the run",
    "fetched_at": "time the file was read / the request made",
    "first_seen_at": "load time of the run",
    "last_seen_at": "max(first_seen_at): load time",
    "superseded_at": "time of the run that superseded the version",
    "created_at": "time of the run",
    "at": "time the error was recorded",
    "applied_at": "time the migration was applied",
    "last_fetched_at": "time of the last request",
    "elapsed_ms": "a duration",
    "response_id": "sha256 of url and fetched_at",
}
RUN_DAY_COLUMNS = {"day"}
RUN_DAY = "<run day>"


# -- corpora -------------------------------------------------------------------------------


def _bench_modules() -> None:
    if str(BENCH) not in sys.path:
        sys.path.insert(0, str(BENCH))


def _bench_dir() -> Path:
    return Path(os.environ.get("NEWSROOM_BENCH_DIR", DEFAULT_BENCH_DIR))


def corpus_seeds() -> Iterable[tuple[str, bytes]]:
    for path in sorted((REPO / "seeds").iterdir()):
        if path.is_file() and not path.name.startswith("."):
            yield path.name, path.read_bytes()


def corpus_dev() -> Iterable[tuple[str, bytes]]:
    pages = sorted((_bench_dir() / "html").glob("*.html.gz"))
    if not pages:
        raise SystemExit(f"no pages in {_bench_dir() / 'html'} (set NEWSROOM_BENCH_DIR)")
    for path in pages:
        yield path.name.removesuffix(".gz"), gzip.decompress(path.read_bytes())


def corpus_dedup() -> Iterable[tuple[str, bytes]]:
    _bench_modules()
    from _dedup_set import build_set

    data = build_set(_bench_dir(), seed=DEDUP_SEED)
    for i, item in enumerate(data.items):
        yield f"{i:04d}_{item.kind}.txt", item.text.encode("utf-8")


def corpus_synthetic() -> Iterable[tuple[str, bytes]]:
    _bench_modules()
    from _synthetic_html import synthetic_html_pages
    from _synthetic_pages import synthetic_pages

    copies, _ = synthetic_pages(seed=PAGES_SEED)
    for key, text in sorted(copies.items()):
        yield f"pages/{key}.txt", text.encode("utf-8")
    pages, _, _ = synthetic_html_pages(seed=HTML_SEED)
    for key, page in sorted(pages.items()):
        yield f"html/{key}.html", page.encode("utf-8")


CORPORA: dict[str, Callable[[], Iterable[tuple[str, bytes]]]] = {
    "seeds": corpus_seeds,
    "dev": corpus_dev,
    "dedup": corpus_dedup,
    "synthetic": corpus_synthetic,
}


def write_corpus(name: str, folder: Path) -> dict[str, Any]:
    """Write the corpus afresh into ``folder`` (fixed mtimes); its input hash."""
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    digest = hashlib.sha256()
    files = 0
    for rel, data in sorted(CORPORA[name]()):
        path = folder / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        os.utime(path, (FIXED_MTIME, FIXED_MTIME))
        digest.update(f"{rel}\0{hashlib.sha256(data).hexdigest()}\n".encode())
        files += 1
    return {"files": files, "sha256": digest.hexdigest()}


# -- running the CLI -----------------------------------------------------------------------


def cli_env(prefect_server: str | None) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("NEWSROOM_")}
    if prefect_server:
        env["PREFECT_API_URL"] = prefect_server
    return env


def probe_code(env: dict[str, str], cwd: Path) -> dict[str, str]:
    """Which newsroom, flows and migrations the CLI will use (same interpreter, env, cwd)."""
    code = (
        "import importlib, json, newsroom, flows\n"
        "m = '?'\n"
        "for name in ('newsroom.warehouse', 'newsroom.warehouse.schema'):\n"
        "    try:\n"
        "        m = str(importlib.import_module(name)._migrations_dir())\n"
        "        break\n"
        "    except (ImportError, AttributeError):\n"
        "        pass\n"
        "print(json.dumps({'newsroom': newsroom.__file__, 'flows': flows.__file__,"
        " 'migrations': m}))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], env=env, cwd=cwd, capture_output=True, text=True, check=True
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def ingest(folder: Path, warehouse: Path, env: dict[str, str], cwd: Path) -> float:
    cmd = [sys.executable, "-m", "newsroom", "ingest", str(folder), "--warehouse", str(warehouse)]
    t0 = time.perf_counter()
    proc = subprocess.run(cmd, env=env, cwd=cwd, capture_output=True, text=True)
    if proc.returncode != 0 or not warehouse.is_file():
        sys.stderr.write(proc.stdout[-4000:] + proc.stderr[-4000:])
        raise SystemExit(f"ingest failed ({proc.returncode}): {' '.join(cmd)}")
    return time.perf_counter() - t0


# -- hashing -------------------------------------------------------------------------------


def canon(value: Any) -> Any:
    """A JSON-able form of a DuckDB value that is the same for equal values."""
    if value is None or isinstance(value, bool | int | str):
        return value
    if isinstance(value, float):
        return repr(value) if math.isfinite(value) else str(value)
    if isinstance(value, dt.datetime):
        if value.tzinfo is not None:
            value = value.astimezone(dt.UTC)
        return value.isoformat()
    if isinstance(value, dt.date | dt.time | dt.timedelta | decimal.Decimal | uuid.UUID):
        return str(value)
    if isinstance(value, bytes | bytearray | memoryview):
        return "b64:" + base64.b64encode(bytes(value)).decode()
    if isinstance(value, list | tuple):
        return [canon(v) for v in value]
    if isinstance(value, dict):
        return {str(k): canon(v) for k, v in sorted(value.items(), key=lambda kv: str(kv[0]))}
    return repr(value)


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def run_days(con: duckdb.DuckDBPyConnection) -> set[dt.date]:
    rows = con.execute(
        "SELECT DISTINCT CAST(d AS DATE) FROM runs, LATERAL generate_series("
        " CAST(timezone('UTC', started_at) AS DATE)::TIMESTAMP,"
        " CAST(timezone('UTC', coalesce(finished_at, now())) AS DATE)::TIMESTAMP,"
        " INTERVAL 1 DAY) AS g(d)"
    ).fetchall()
    return {r[0] for r in rows}


Row = list[Any]


def _same(row: Row) -> Row:
    return row


def _tied_best_links(con: duckdb.DuckDBPyConnection, cols: list[str]) -> Callable[[Row], Row]:
    """story_copies: arg_max(similar_article_id / method, similarity) over an article's
    links picks by scan order when several links share the best similarity; such an
    article's matched_article_id and method become the sorted list of the tied ones."""
    ties: dict[str, tuple[str, str]] = {}
    for article_id, ids, methods in con.execute(
        "SELECT article_id, list(similar_article_id ORDER BY similar_article_id, method),"
        " list(method ORDER BY similar_article_id, method)"
        " FROM (SELECT * FROM article_links"
        "       QUALIFY similarity = max(similarity) OVER (PARTITION BY article_id))"
        " GROUP BY article_id HAVING count(*) > 1"
    ).fetchall():
        ties[article_id] = (json.dumps(ids), json.dumps(methods))
    if not ties or not {"article_id", "matched_article_id", "method"} <= set(cols):
        return _same
    key, matched, method = (cols.index(c) for c in ("article_id", "matched_article_id", "method"))

    def fix(row: Row) -> Row:
        if row[key] in ties:
            row[matched], row[method] = ties[row[key]]
        return row

    return fix


def _any_example(con: duckdb.DuckDBPyConnection, cols: list[str]) -> Callable[[Row], Row]:
    """errors_per_stage_day: ``example`` is any_value(detail), any one of the group's
    errors (all of them are hashed in ingest_errors): kept only when the group has one."""
    if not {"errors", "example"} <= set(cols):
        return _same
    errors, example = cols.index("errors"), cols.index("example")

    def fix(row: Row) -> Row:
        if row[errors] != 1:
            row[example] = "<any of the group>"
        return row

    return fix


# Views whose rows depend on scan order where the data has ties: normalised.
ORDER_DEPENDENT: dict[str, Callable[[duckdb.DuckDBPyConnection, list[str]], Callable[[Row], Row]]]
ORDER_DEPENDENT = {"story_copies": _tied_best_links, "errors_per_stage_day": _any_example}


def hash_warehouse(path: Path) -> dict[str, dict[str, Any]]:
    out: dict[str, dict[str, Any]] = {}
    con = duckdb.connect(str(path), read_only=True)
    try:
        con.execute("SET TimeZone = 'UTC'")
        days = run_days(con)
        objects = con.execute(
            "SELECT table_name, table_type FROM information_schema.tables"
            " WHERE table_catalog = current_database() AND table_schema = 'main'"
            " ORDER BY table_name"
        ).fetchall()
        for name, table_type in objects:
            columns = con.execute(
                "SELECT column_name, data_type FROM information_schema.columns"
                " WHERE table_catalog = current_database() AND table_schema = 'main'"
                " AND table_name = ? ORDER BY ordinal_position",
                [name],
            ).fetchall()
            left_out = set(EXCLUDED) | {c for t, c in IGNORED if t == name}
            kept = [(c, t) for c, t in columns if c not in left_out]
            excluded = [c for c, _ in columns if c in left_out]
            rows_n = con.execute(f"SELECT count(*) FROM {_quote(name)}").fetchone()[0]
            lines: list[str] = []
            if kept:
                select = ", ".join(_quote(c) for c, _ in kept)
                day_at = [
                    i for i, (c, t) in enumerate(kept) if c in RUN_DAY_COLUMNS and t == "DATE"
                ]
                normaliser = ORDER_DEPENDENT.get(name)
                fix = normaliser(con, [c for c, _ in kept]) if normaliser else _same
                for row in con.execute(f"SELECT {select} FROM {_quote(name)}").fetchall():
                    values = fix(list(row))
                    for i in day_at:
                        if values[i] in days:
                            values[i] = RUN_DAY
                    lines.append(
                        json.dumps(canon(values), ensure_ascii=False, separators=(",", ":"))
                    )
            lines.sort()
            digest = hashlib.sha256()
            digest.update(json.dumps([f"{c} {t}" for c, t in kept]).encode())
            for line in lines:
                digest.update(b"\n" + line.encode("utf-8"))
            out[name] = {
                "kind": "view" if table_type == "VIEW" else "table",
                "rows": rows_n,
                "hash": digest.hexdigest(),
                "columns": [c for c, _ in kept],
                "excluded": excluded,
            }
    finally:
        con.close()
    return out


# -- modes ---------------------------------------------------------------------------------


def run(args: argparse.Namespace) -> int:
    started = time.perf_counter()
    workdir: Path = args.workdir
    workdir.mkdir(parents=True, exist_ok=True)
    lock = (workdir / ".lock").open("w")
    try:
        fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        print(f"another table_hashes.py is using {workdir}", file=sys.stderr)
        return 2
    env = cli_env(args.prefect_server)
    code = probe_code(env, workdir)
    print(f"code: newsroom {code['newsroom']}, flows {code['flows']}")
    print(f"      migrations {code['migrations']}")
    if not all(v.startswith(str(REPO) + os.sep) for v in code.values()):
        print(f"WARNING: not all of it is under {REPO} (check PYTHONPATH)", file=sys.stderr)
    result: dict[str, Any] = {
        "code": code,
        "python": sys.executable,
        "duckdb": duckdb.__version__,
        "prefect_api": env.get("PREFECT_API_URL", "(temporary)"),
        "excluded_columns": EXCLUDED,
        "corpora": {},
    }
    for name in args.corpus or list(CORPORA):
        folder = workdir / "corpora" / name
        warehouse = workdir / "warehouses" / name / "warehouse.duckdb"
        if warehouse.parent.exists():
            shutil.rmtree(warehouse.parent)
        warehouse.parent.mkdir(parents=True)
        t0 = time.perf_counter()
        inputs = write_corpus(name, folder)
        seconds = ingest(folder, warehouse, env, workdir)
        tables = hash_warehouse(warehouse)
        result["corpora"][name] = {
            "input": inputs,
            "ingest_seconds": round(seconds, 1),
            "tables": tables,
        }
        print(
            f"{name}: {inputs['files']} files (input {inputs['sha256'][:12]}),"
            f" ingest {seconds:.0f}s, total {time.perf_counter() - t0:.0f}s"
        )
        for table, info in tables.items():
            print(
                f"  {name:<10} {table:<24} {info['kind']:<5} {info['rows']:>7} rows"
                f"  {info['hash'][:16]}"
            )
    result["wall_seconds"] = round(time.perf_counter() - started, 1)
    if args.out:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(json.dumps(result, indent=1, sort_keys=True) + "\n")
        print(f"wrote {args.out} ({result['wall_seconds']:.0f}s)")
    return 0


def compare(a_path: Path, b_path: Path) -> int:
    a = json.loads(a_path.read_text())["corpora"]
    b = json.loads(b_path.read_text())["corpora"]
    differ = 0
    same = 0
    for corpus in sorted(set(a) | set(b)):
        if corpus not in a or corpus not in b:
            print(f"{corpus}: only in {a_path if corpus in a else b_path}")
            differ += 1
            continue
        if a[corpus]["input"] != b[corpus]["input"]:
            print(f"{corpus}: INPUT differs {a[corpus]['input']} vs {b[corpus]['input']}")
            differ += 1
        ta, tb = a[corpus]["tables"], b[corpus]["tables"]
        for table in sorted(set(ta) | set(tb)):
            x, y = ta.get(table), tb.get(table)
            if x is None or y is None:
                print(f"{corpus:<10} {table:<24} only in {a_path if y is None else b_path}")
                differ += 1
            elif (x["kind"], x["rows"], x["hash"], x["columns"]) != (
                y["kind"],
                y["rows"],
                y["hash"],
                y["columns"],
            ):
                note = ""
                if x["columns"] != y["columns"]:
                    gone = [c for c in x["columns"] if c not in y["columns"]]
                    new = [c for c in y["columns"] if c not in x["columns"]]
                    note = f"  columns -{gone} +{new}"
                print(
                    f"{corpus:<10} {table:<24} {x['kind']:<5} rows {x['rows']} -> {y['rows']},"
                    f" hash {x['hash'][:16]} -> {y['hash'][:16]}{note}"
                )
                differ += 1
            else:
                same += 1
    print(f"{same} tables/views identical, {differ} differences")
    return 1 if differ else 0


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--out", type=Path, help="write the hashes to this JSON file")
    ap.add_argument("--compare", nargs=2, type=Path, metavar=("A.json", "B.json"))
    ap.add_argument("--corpus", action="append", choices=list(CORPORA), help="only these")
    ap.add_argument("--workdir", type=Path, default=DEFAULT_WORKDIR, help="fixed work folder")
    ap.add_argument("--prefect-server", metavar="URL", help="PREFECT_API_URL for the CLI")
    ap.add_argument(
        "--ignore",
        action="append",
        default=[],
        metavar="TABLE.COLUMN",
        help="leave a column out of its table's hash (a column a change adds on purpose,"
        " to show the rest of the table is unchanged)",
    )
    args = ap.parse_args(argv)
    IGNORED.update(tuple(item.split(".", 1)) for item in args.ignore if "." in item)
    if args.compare:
        return compare(*args.compare)
    return run(args)


if __name__ == "__main__":
    sys.exit(main())
