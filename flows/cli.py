"""The ``newsroom`` command: a thin layer over the flows and the warehouse.

It turns newsroom's own errors into one-line messages and exit codes (``EXIT_CODES``);
everything it does is done by the flows beside it (runs) or ``newsroom.warehouse``
(queries). It sits here, beside the flows it starts, so the core package ``newsroom``
imports neither.

``newsroom --help`` must be quick: this module imports only typer and light parts of the
core at the top; each command imports what it needs (Prefect, DuckDB, rich) when it runs.
"""

from __future__ import annotations

import json
import logging
import os
import re
import shlex
import shutil
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, NoReturn

import typer
from typer.core import TyperCommand

from newsroom.errors import NewsroomError
from newsroom.settings import (
    DEFAULT_BATCH_SIZE,
    DEFAULT_CHUNK_SIZE,
    USER_AGENT,
)
from newsroom.sources.files import DEFAULT_MAX_BYTES

if TYPE_CHECKING:
    from rich.console import Console

    from newsroom.records import RunSummary

STARTED = time.monotonic()  # close to the process's start: wall times are counted from it

EXIT_OK = 0  # done; no document failed
EXIT_FAILED = 1  # the run failed whole (nothing loaded), or the command could not do its work
EXIT_USAGE = 2  # bad arguments or missing paths: nothing was done
EXIT_SOME_FAILED = 3  # the run finished; some documents failed, the others were loaded
EXIT_ALL_FAILED = 4  # the run finished; documents were tried and every one failed
EXIT_CODES = """\b
Exit codes:
  0  done, and no document failed
  1  the run failed whole (nothing was loaded), or the command could not do its work
  2  usage error: bad arguments, missing paths (nothing was done)
  3  the run finished, but some documents failed (newsroom errors lists them)
  4  the run finished, but every document it tried failed (nothing was loaded)
"""


def run_exit_code(summary: RunSummary) -> int:
    """A finished run's exit code: 0, or 3 when some documents failed, 4 when all did."""
    if not summary.failed:
        return EXIT_OK
    succeeded = summary.new + summary.changed + summary.unchanged
    return EXIT_SOME_FAILED if succeeded else EXIT_ALL_FAILED


class _Command(TyperCommand):
    """Usage lines as Click writes them (``PATH...``), not ``{PATH}...``."""

    def collect_usage_pieces(self, ctx: Any) -> list[str]:
        return [re.sub(r"^\{(.*)\}", r"\1", p) for p in super().collect_usage_pieces(ctx)]


app = typer.Typer(
    help="newsroom: articles from text files and web pages into a DuckDB warehouse.\n\n"
    "A command prints warnings and its result (-v: Prefect's log too), and says which"
    " warehouse and which Prefect API it uses, on stderr. --json on status, errors and"
    " the runs prints one JSON document on stdout instead.",
    epilog=EXIT_CODES,
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)


@dataclass
class _State:
    verbose: int = 0


state = _State()


# -- output -----------------------------------------------------------------------------


def console(*, stderr: bool = False) -> Console:
    """A console on stdout (or stderr). Not a terminal (a pipe, a file): no wrapping, no
    width limit, no colour, so ids and paths come out whole and lines whole."""
    from rich.console import Console

    stream = sys.stderr if stderr else sys.stdout
    if stream.isatty():
        return Console(stderr=stderr)
    return Console(stderr=stderr, width=100_000, soft_wrap=True, no_color=True, highlight=False)


def say(text: str) -> None:
    """A line on stdout (rich markup read)."""
    console().print(text)


def note(text: str) -> None:
    """What the command is doing, on stderr: shown by default, one line."""
    console(stderr=True).print(f"[dim]{text}[/dim]")


def fail(label: str, text: str, code: int = EXIT_FAILED) -> NoReturn:
    """One line on stderr, then exit with ``code``."""
    console(stderr=True).print(f"[red]{label}:[/red] {text}")
    raise typer.Exit(code)


def _shown(exc: BaseException) -> str:
    """An error as the terminal shows it: passwords masked, no rich markup read in it."""
    from rich.markup import escape

    from newsroom.warehouse.backend import redact

    return escape(redact(str(exc)))


def _escaped(text: object) -> str:
    from rich.markup import escape

    return escape(str(text))


def _json(value: object) -> None:
    """``value`` as one JSON document on stdout (dates as ISO 8601, decimals as numbers)."""

    def plain(obj: object) -> object:
        if hasattr(obj, "isoformat"):
            return obj.isoformat()
        try:
            return float(obj)  # type: ignore[arg-type]
        except (TypeError, ValueError):
            return str(obj)

    sys.stdout.write(json.dumps(value, default=plain, ensure_ascii=False) + "\n")


def _version(value: bool) -> None:
    if value:
        from importlib.metadata import PackageNotFoundError, version

        try:
            found = version("newsroom")
        except PackageNotFoundError:
            found = "unknown (not installed)"
        sys.stdout.write(f"newsroom {found}\n")
        raise typer.Exit()


@app.callback()
def main_options(
    verbose: Annotated[
        int,
        typer.Option(
            "--verbose",
            "-v",
            count=True,
            show_default=False,
            help="Say more: Prefect's log lines and each stage (-vv: debug).",
        ),
    ] = 0,
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_version, is_eager=True, help="Print the version and exit."
        ),
    ] = False,
) -> None:
    state.verbose = verbose


# -- arguments ----------------------------------------------------------------------------


def _warehouse_arg(value: str | Path) -> Path | str:
    """A warehouse file as a path; a DuckLake URL as it was written (a path would fold the
    '//' of a ``postgresql://`` conninfo), less any password (``without_password`` puts it
    in PGPASSWORD, where libpq finds it, so no output or Prefect record holds it)."""
    from newsroom.warehouse.backend import (
        file_problem,
        foreign_file_problem,
        parse,
        without_password,
    )

    text = str(value).strip()
    if text.startswith("ducklake:"):
        text = without_password(text)
        try:
            parse(text)
        except NewsroomError as exc:
            raise typer.BadParameter(_shown(exc)) from exc
        return text
    path = text.removeprefix("duckdb:").strip()
    problem = file_problem(path) or foreign_file_problem(path)
    if problem:
        raise typer.BadParameter(problem)
    return Path(path).expanduser()


def _check_text_file(path: Path, option: str) -> None:
    """Exit 2 at once, with one line, unless ``path`` is a readable UTF-8 text file."""
    try:
        path.read_bytes().decode("utf-8-sig")
    except OSError as exc:
        fail(option, f"cannot read {_escaped(path)}: {exc.strerror}", EXIT_USAGE)
    except UnicodeDecodeError as exc:
        line = exc.object[: exc.start].count(b"\n") + 1
        fail(
            option,
            f"{_escaped(path)} is not UTF-8 text (line {line:,}); save it as UTF-8, one URL a line",
            EXIT_USAGE,
        )


WarehouseOption = Annotated[
    Any,  # Path | str | None: see _warehouse_arg and _warehouse
    typer.Option(
        "--warehouse",
        "-w",
        envvar="NEWSROOM_WAREHOUSE",
        parser=_warehouse_arg,
        metavar="PATH|URL",
        show_default=False,
        help="The warehouse: a DuckDB file, or a URL (duckdb:FILE, ducklake:sqlite:CATALOG,"
        " ducklake:postgres:CONNINFO; see warehouse/README.md). Default: the warehouse of the"
        " nearest newsroom.toml (this folder or one above it, else"
        " ~/.config/newsroom/newsroom.toml), else warehouse/newsroom.duckdb here.",
    ),
]
RunnerOption = Annotated[
    str,
    typer.Option(
        "--runner",
        envvar="NEWSROOM_RUNNER",
        metavar="RUNNER",
        help="Where documents are cleaned: 'local' (this process), 'dask:N' (a local Dask"
        " cluster of N worker processes) or a Dask scheduler address (tcp://host:8786).",
    ),
]
JsonOption = Annotated[
    bool, typer.Option("--json", help="Print the result as one JSON document on stdout.")
]


@dataclass(frozen=True, slots=True)
class _Where:
    """The warehouse a command uses, and whether the user named it (hints then repeat it)."""

    warehouse: Path | str
    named: bool


def _warehouse(ctx: typer.Context, given: Path | str | None) -> _Where:
    """The warehouse: --warehouse, NEWSROOM_WAREHOUSE, the nearest newsroom.toml's, or
    ./warehouse/newsroom.duckdb; the command says which, on stderr."""
    if given is not None:
        source = ctx.get_parameter_source("warehouse")
        from_env = source is not None and source.name == "ENVIRONMENT"
        how = "NEWSROOM_WAREHOUSE" if from_env else "--warehouse"
        note(f"warehouse: {_escaped(_absolute(given))} ({how})")
        return _Where(given, True)
    from newsroom.config import warehouse_location

    try:
        warehouse, config = warehouse_location()
    except NewsroomError as exc:
        fail("config", _shown(exc), EXIT_USAGE)
    if config is None:
        note(
            f"warehouse: {_escaped(_absolute(warehouse))}"
            " (the default: no newsroom.toml here or in a folder above)"
        )
    else:
        note(f"warehouse: {_escaped(_absolute(warehouse))} (from {_escaped(config)})")
    return _Where(warehouse, False)


def _absolute(warehouse: Path | str) -> str:
    return str(warehouse.absolute()) if isinstance(warehouse, Path) else str(warehouse)


def _runner(value: str) -> str:
    """The runner setting, checked before any run starts (exit 2 if it makes no sense)."""
    from newsroom.config import ConfigError, parse_runner

    try:
        return str(parse_runner(value))
    except ConfigError as exc:
        fail("--runner", _shown(exc), EXIT_USAGE)


# -- runs -----------------------------------------------------------------------------------


def _prefect_defaults() -> str | None:
    """Before the flows are imported: offline, quiet unless -v, and a Prefect API chosen
    (the one configured, a running server, or a temporary one: ``flows.server``). The
    API found (not configured), for ``_run`` to use: Prefect has read its settings by
    now, so the environment alone would not reach this process."""
    os.environ.setdefault("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "120")
    os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
    os.environ.setdefault("DO_NOT_TRACK", "1")
    if state.verbose:
        os.environ["PREFECT_LOGGING_LEVEL"] = "DEBUG" if state.verbose > 1 else "INFO"
    else:
        os.environ.setdefault("PREFECT_LOGGING_LEVEL", "WARNING")
        # trafilatura's "empty link" and the like say nothing a user can act on
        logging.getLogger("trafilatura").setLevel(logging.ERROR)
    from flows.server import choose_api

    choice = choose_api()
    found = choice.url if choice.found else None
    if found is not None:
        os.environ["PREFECT_API_URL"] = found  # for child processes (Dask workers)
    note(f"Prefect: {_escaped(choice.how)}")
    for name in ("prefect.flow_runs", "prefect.task_runs"):
        logger = logging.getLogger(name)
        if not any(isinstance(f, _ExpectedErrors) for f in logger.filters):
            logger.addFilter(_ExpectedErrors())
    return found


class _ExpectedErrors(logging.Filter):
    """Prefect logs a failed run's exception with its traceback. For newsroom's own errors
    (a full disk, a busy or broken warehouse) the message says all there is to say, and
    the command prints it once more as its 'run failed:' line: no traceback for them."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.exc_info and isinstance(record.exc_info[1], NewsroomError):
            record.exc_info = None
            record.exc_text = None
        return True


def _run(
    flow: Callable[[], RunSummary],
    sources: list[str],
    where: _Where,
    as_json: bool,
    noun: str,
    api: str | None,
) -> NoReturn:
    """Start a run (reporting to ``api`` when a running server was found), print its
    summary (or its JSON) and exit with its code."""
    from prefect.settings import PREFECT_API_URL, temporary_settings

    try:
        with temporary_settings(updates={PREFECT_API_URL: api} if api else {}):
            summary = flow()
    except NewsroomError as exc:
        fail("run failed", _shown(exc))
    wall = time.monotonic() - STARTED
    code = run_exit_code(summary)
    if as_json:
        _json(_summary_json(summary, wall, code))
    else:
        _print_summary(summary, sources, where, noun, wall)
    raise typer.Exit(code)


def _summary_json(summary: RunSummary, wall: float, code: int) -> dict[str, Any]:
    return {
        "run_id": summary.run_id,
        "warehouse": summary.warehouse,
        "seen": summary.seen,
        "new": summary.new,
        "changed": summary.changed,
        "unchanged": summary.unchanged,
        "new_stories": summary.new_stories,
        "duplicates": summary.duplicates,
        "failed": summary.failed,
        "errors_by_stage": dict(summary.errors_by_stage),
        "run_seconds": round(summary.seconds, 3),
        "wall_seconds": round(wall, 3),
        "exit_code": code,
    }


def _print_summary(
    summary: RunSummary, sources: list[str], where: _Where, noun: str, wall: float
) -> None:
    from rich.table import Table

    out = console()
    table = Table(show_header=False, box=None, padding=(0, 2))
    table.add_row(f"{noun} seen", str(summary.seen))
    table.add_row("new", str(summary.new))
    table.add_row("changed (new version kept)", str(summary.changed))
    table.add_row("unchanged", str(summary.unchanged))
    table.add_row("new stories", str(summary.new_stories))
    table.add_row("duplicates (copies of known stories)", str(summary.duplicates))
    table.add_row("failed", str(summary.failed))
    out.print(
        f"\nIngested {_escaped(', '.join(sources))} into [bold]{_escaped(where.warehouse)}[/bold]"
        f" in {wall:.1f} s ({summary.seconds:.1f} s the run itself; run {summary.run_id})"
    )
    out.print(table)
    if summary.seen == 0:
        out.print(f"No {noun} found: nothing to do.")
    warehouse_arg = f" --warehouse {shlex.quote(str(where.warehouse))}" if where.named else ""
    if summary.failed:
        stages = ", ".join(
            f"{n} at {stage}" for stage, n in sorted(summary.errors_by_stage.items())
        )
        out.print(
            f"{summary.failed} failed ({stages}). List them with:\n"
            f"  newsroom errors --run {summary.run_id}{warehouse_arg}"
        )
    from newsroom.warehouse import store_for

    out.print(
        "Look at it: "
        + _escaped(store_for(where.warehouse).how_to_query(str(where.warehouse), _duckdb_cli()))
    )


def _duckdb_cli() -> str:
    """The DuckDB shell as the user can type it: ``duckdb`` when it is on PATH, else the
    one installed beside this Python (``.venv/bin/duckdb``)."""
    if shutil.which("duckdb"):
        return "duckdb"
    beside = Path(sys.executable).parent / "duckdb"
    return shlex.quote(str(beside)) if beside.exists() else "duckdb"


def _missing(paths: list[str]) -> list[str]:
    """Paths that name nothing (glob patterns are left to the run, which records them)."""
    return [p for p in paths if not os.path.lexists(p) and not set("*?[") & set(p)]


@app.command(cls=_Command, epilog=EXIT_CODES)
def ingest(
    ctx: typer.Context,
    paths: Annotated[list[str], typer.Argument(metavar="PATH", hidden=True)],
    warehouse: WarehouseOption = None,
    max_bytes: Annotated[
        int,
        typer.Option(
            min=1, metavar="BYTES", help="Files larger than this are recorded as errors, not read."
        ),
    ] = DEFAULT_MAX_BYTES,
    batch_size: Annotated[
        int, typer.Option(min=1, metavar="N", help="Documents per task.")
    ] = DEFAULT_BATCH_SIZE,
    chunk_size: Annotated[
        int,
        typer.Option(
            min=1, metavar="N", help="Articles placed in stories and loaded together (memory)."
        ),
    ] = DEFAULT_CHUNK_SIZE,
    runner: RunnerOption = "local",
    as_json: JsonOption = False,
) -> None:
    """Ingest text files (PATH...: files, directories or glob patterns) into the
    warehouse, through the Prefect flow 'ingest-files'.

    A path that does not exist stops the command at once (exit 2). The warehouse's own
    files are never read as documents.
    """
    missing = _missing(paths)
    if missing:
        fail("no such file or directory", _escaped(", ".join(missing)), EXIT_USAGE)
    runner = _runner(runner)
    where = _warehouse(ctx, warehouse)
    api = _prefect_defaults()
    from flows.ingest_files import ingest_files

    _run(
        lambda: ingest_files(
            paths=list(paths),
            warehouse=str(where.warehouse),
            max_bytes=max_bytes,
            batch_size=batch_size,
            chunk_size=chunk_size,
            runner=runner,
            show_progress=not as_json,
        ),
        list(paths),
        where,
        as_json,
        "files",
        api,
    )


@app.command(cls=_Command, epilog=EXIT_CODES)
def fetch(
    ctx: typer.Context,
    urls: Annotated[list[str] | None, typer.Argument(metavar="URL", hidden=True)] = None,
    urls_file: Annotated[
        Path | None,
        typer.Option("--urls-file", metavar="FILE", help="A file with one URL a line."),
    ] = None,
    feed: Annotated[
        list[str] | None,
        typer.Option("--feed", metavar="URL", help="An RSS or Atom feed: fetch its items."),
    ] = None,
    sitemap: Annotated[
        list[str] | None,
        typer.Option(
            "--sitemap",
            metavar="URL",
            help="A sitemap or sitemap index: fetch the pages it lists.",
        ),
    ] = None,
    warehouse: WarehouseOption = None,
    user_agent: Annotated[
        str | None,
        typer.Option(
            metavar="TEXT",
            show_default=False,
            help="The User-Agent header sent. Name a contact, as polite crawlers do"
            " ('newsroom (+mailto:desk@example.org)'); set it once with NEWSROOM_USER_AGENT."
            f" Default: '{USER_AGENT}'.",
        ),
    ] = None,
    allow_private: Annotated[
        bool,
        typer.Option(
            "--allow-private", help="Allow loopback and private addresses (off by default)."
        ),
    ] = False,
    per_host: Annotated[
        int, typer.Option(min=1, metavar="N", help="Requests at once per host.")
    ] = 2,
    host_delay: Annotated[
        float,
        typer.Option(min=0.0, metavar="SECONDS", help="Seconds between requests to one host."),
    ] = 1.0,
    max_bytes: Annotated[
        int,
        typer.Option(
            min=1, metavar="BYTES", help="Pages larger than this (decoded) are recorded as errors."
        ),
    ] = DEFAULT_MAX_BYTES,
    trust_canonical_from: Annotated[
        list[str] | None,
        typer.Option(
            "--trust-canonical-from",
            metavar="DOMAIN",
            help="A domain whose articles other sites' pages may name as their canonical URL"
            " (syndication partners). Otherwise a canonical URL counts only within the"
            " page's own registrable domain.",
        ),
    ] = None,
    runner: RunnerOption = "local",
    as_json: JsonOption = False,
) -> None:
    """Fetch web pages (URL..., --urls-file, --feed, --sitemap) into the warehouse,
    through the Prefect flow 'ingest-urls'."""
    if not (urls or urls_file or feed or sitemap):
        fail("nothing to fetch", "give URLs, --urls-file, --feed or --sitemap", EXIT_USAGE)
    if urls_file is not None:
        _check_text_file(urls_file, "--urls-file")
    runner = _runner(runner)
    where = _warehouse(ctx, warehouse)
    from newsroom.settings import settings

    agent = user_agent or settings().user_agent
    api = _prefect_defaults()
    from flows.ingest_urls import ingest_urls

    sources = [
        *(urls or []),
        *([str(urls_file)] if urls_file else []),
        *(feed or []),
        *(sitemap or []),
    ]
    _run(
        lambda: ingest_urls(
            urls=list(urls or []),
            urls_file=str(urls_file) if urls_file else None,
            feeds=list(feed or []),
            sitemaps=list(sitemap or []),
            warehouse=str(where.warehouse),
            user_agent=agent,
            allow_private=allow_private,
            per_host=per_host,
            host_delay=host_delay,
            max_bytes=max_bytes,
            runner=runner,
            show_progress=not as_json,
            trust_canonical_from=list(trust_canonical_from or []),
        ),
        sources,
        where,
        as_json,
        "URLs",
        api,
    )


@app.command(cls=_Command, epilog=EXIT_CODES)
def reprocess(
    ctx: typer.Context,
    warehouse: WarehouseOption = None,
    runner: RunnerOption = "local",
    as_json: JsonOption = False,
) -> None:
    """Re-extract every archived web page (no fetching); changed text becomes a new
    revision."""
    runner = _runner(runner)
    where = _warehouse(ctx, warehouse)
    api = _prefect_defaults()
    from flows.reprocess import reprocess as reprocess_flow

    _run(
        lambda: reprocess_flow(warehouse=str(where.warehouse), runner=runner),
        ["archived responses"],
        where,
        as_json,
        "responses",
        api,
    )


# -- reading the warehouse -------------------------------------------------------------------


@app.command(cls=_Command)
def errors(
    ctx: typer.Context,
    warehouse: WarehouseOption = None,
    run: Annotated[
        str | None,
        typer.Option(
            metavar="RUN_ID",
            help="A run id, or the start of one (as 'status' shows it); default: the last run.",
        ),
    ] = None,
    limit: Annotated[int, typer.Option(min=1, metavar="N", help="At most this many rows.")] = 50,
    as_json: JsonOption = False,
) -> None:
    """List the documents that failed a stage, with the stage and reason.

    Exit 1 when there is no warehouse or no such run, 2 when a run id prefix matches
    more than one run.
    """
    from newsroom.warehouse import Warehouse

    where = _warehouse(ctx, warehouse)
    store = Warehouse(where.warehouse)
    if not store.exists():
        fail("error", f"no warehouse at {_escaped(where.warehouse)}")
    try:
        if run is None:
            found = store.last_run()
            if found is None:
                if as_json:
                    _json({"run_id": None, "errors": []})
                else:
                    say("no runs yet")
                return
            run = found
        else:
            if not run.strip():
                fail("--run", "give a run id, or the start of one", EXIT_USAGE)
            matches = store.runs_matching(run)
            if not matches:
                fail("error", f"no such run: {_escaped(run)}")
            if len(matches) > 1:
                fail(
                    "error",
                    f"{_escaped(run)} is the start of several runs"
                    f" ({', '.join(matches)}{', …' if len(matches) >= 5 else ''}): give more of it",
                    EXIT_USAGE,
                )
            run = matches[0]
        rows = store.run_errors(run, limit)
    except NewsroomError as exc:
        fail("error", _shown(exc))
    if as_json:
        _json(
            {
                "run_id": run,
                "errors": [
                    {"source": r.source_uri, "stage": r.stage, "error": r.error, "detail": r.detail}
                    for r in rows
                ],
            }
        )
        return
    if not rows:
        say(f"run {run}: no errors")
        return
    from rich.table import Table

    table = Table("source", "stage", "error", "detail", title=f"ingest errors of run {run}")
    for r in rows:
        table.add_row(_escaped(r.source_uri), r.stage, r.error, _escaped(r.detail))
    console().print(table)


@app.command(cls=_Command)
def status(
    ctx: typer.Context,
    warehouse: WarehouseOption = None,
    runs: Annotated[
        int, typer.Option(min=1, metavar="N", help="How many of the last runs to list.")
    ] = 10,
    as_json: JsonOption = False,
) -> None:
    """The warehouse at a glance: counts, the last runs, the last run's errors, outlets."""
    from datetime import UTC

    from newsroom.warehouse import store_for, warehouse_status

    where = _warehouse(ctx, warehouse)
    try:
        now = warehouse_status(where.warehouse, runs)
        store = store_for(where.warehouse)
        readers_see = store.what_readers_see()
        writing = store.run_in_progress()
    except NewsroomError as exc:
        fail("error", _shown(exc))
    if as_json:
        _json(
            {
                "warehouse": _absolute(where.warehouse),
                "readers_see": readers_see,
                "run_in_progress": writing,
                "articles": now.articles,
                "stories": now.stories,
                "errors": now.errors,
                "runs": now.runs,
                "last_run_errors": [
                    {"stage": s, "error": e, "count": n} for s, e, n in now.last_run_errors
                ],
                "outlets": now.outlets,
            }
        )
        return
    from rich.table import Table

    out = console()
    counts = f"{now.articles} articles, {now.stories} stories, {now.errors} errors recorded"
    out.print(f"[bold]{_escaped(where.warehouse)}[/bold] ({readers_see}): {counts}")
    if writing:
        out.print("A run is writing; its results appear here when it finishes.")
    table = Table(title="last runs")
    table.add_column("run", no_wrap=True, min_width=36)
    for name in ("flow", "finished (UTC)", "seen", "new", "changed", "unchanged"):
        table.add_column(name)
    table.add_column("duplicates")
    table.add_column("failed")
    for run in now.runs:
        finished = run["finished_at"]
        table.add_row(
            str(run["run_id"]),
            str(run["flow"]),
            f"{finished.astimezone(UTC):%Y-%m-%d %H:%M:%S}" if finished else "",
            *(str(run[k]) for k in ("seen", "new", "changed", "unchanged", "duplicates", "failed")),
        )
    out.print(table if now.runs else "no runs yet")
    if now.last_run_errors:
        errors = Table("stage", "error", "count", title="errors of the last run")
        for stage, error, n in now.last_run_errors:
            errors.add_row(stage, error, str(n))
        out.print(errors)
    if now.outlets:
        outlets = Table("outlet", "articles", "short bodies", "median words", title="outlets")
        for o in now.outlets:
            outlets.add_row(
                _escaped(o["outlet"]),
                str(o["articles"]),
                f"{float(o['short_share']):.0%}",
                f"{float(o['median_words']):.0f}",
            )
        out.print(outlets)


@app.command(cls=_Command)
def export(
    ctx: typer.Context,
    parquet: Annotated[
        Path,
        typer.Option("--parquet", metavar="DIR", help="Write Parquet files into this folder."),
    ],
    warehouse: WarehouseOption = None,
    overwrite: Annotated[
        bool,
        typer.Option(
            "--overwrite",
            help="Replace the previous newsroom export in the folder (only the files it"
            " wrote; anything else there is kept).",
        ),
    ] = False,
) -> None:
    """Export the warehouse as Parquet: articles and errors partitioned by day."""
    from newsroom.warehouse import export_parquet

    where = _warehouse(ctx, warehouse)
    try:
        counts = export_parquet(where.warehouse, parquet, overwrite=overwrite)
    except NewsroomError as exc:
        fail("error", _shown(exc))
    out = console()
    for name, rows in counts.items():
        out.print(f"  {name:<15} {rows:>9} rows")
    out.print(
        f"Exported {_escaped(where.warehouse)} to [bold]{_escaped(parquet)}[/bold]"
        " (articles/day=YYYY-MM-DD/…)"
    )


# -- scheduled runs -----------------------------------------------------------------------


@app.command(cls=_Command)
def serve(
    config: Annotated[
        Path | None,
        typer.Option(
            "--config",
            "-c",
            envvar="NEWSROOM_CONFIG",
            metavar="FILE",
            show_default=False,
            help="The config file. Default: the nearest newsroom.toml (this folder or one"
            " above it, else ~/.config/newsroom/newsroom.toml).",
        ),
    ] = None,
    limit: Annotated[
        int | None,
        typer.Option(min=1, metavar="N", help="At most this many flow runs at once."),
    ] = None,
) -> None:
    """Run the deployments of newsroom.toml on their schedules until stopped (Ctrl-C).

    It prints when each deployment runs first. With PREFECT_API_URL unset it uses the
    background server ('newsroom server start'), else the Prefect server on
    127.0.0.1:4200 (started now, and stopped with this command, unless one is running
    there).
    """
    from newsroom.config import find_config, load_config

    path = config or find_config()
    if path is None:
        fail("config", "no newsroom.toml here or in a folder above; give --config FILE", 2)
    try:
        settings = load_config(path)
    except NewsroomError as exc:
        fail("config", _shown(exc), EXIT_USAGE)
    if not (settings.folders or settings.feeds):
        fail("config", f"{settings.source} has no [[folders]] or [[feeds]]: nothing to serve", 2)
    os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
    os.environ.setdefault("DO_NOT_TRACK", "1")
    if state.verbose:
        os.environ["PREFECT_LOGGING_LEVEL"] = "DEBUG" if state.verbose > 1 else "INFO"
    from flows.server import BackgroundServer, configured_api

    if configured_api():
        _serve(settings, limit)
        return
    background = BackgroundServer()
    if background.running():
        note(f"Prefect: the background Prefect server at {background.api} (newsroom server)")
        os.environ["PREFECT_API_URL"] = background.api
        _serve(settings, limit, background.api)
        return
    from flows.serve import local_server

    note(
        "PREFECT_API_URL is not set: using the Prefect server on http://127.0.0.1:4200"
        " (started now, and stopped with this command, unless one is running there)"
    )
    try:
        with local_server() as api:
            os.environ["PREFECT_API_URL"] = api
            say(f"Prefect UI: {api.removesuffix('/api')}")
            _serve(settings, limit, api)
    except NewsroomError as exc:
        fail("error", _shown(exc))


def _serve(settings: Any, limit: int | None, api: str | None = None) -> None:
    from flows.serve import first_runs, serve_config, serve_start

    start = serve_start()
    say(f"Serving {_escaped(settings.source)} into [bold]{_escaped(settings.warehouse)}[/bold]:")
    for name, what, first in first_runs(settings, start):
        say(f"  {name}: {_escaped(what)}; first run {first:%Y-%m-%d %H:%M:%S} UTC")
    serve_config(settings, limit=limit, api=api, start=start)


# -- the background Prefect server ----------------------------------------------------------

server_app = typer.Typer(
    help="Keep a Prefect server running in the background, so runs start quickly.",
    no_args_is_help=True,
)
app.add_typer(server_app, name="server")


@server_app.command("start", cls=_Command)
def server_start(
    port: Annotated[int, typer.Option(min=1, max=65535, metavar="PORT")] = 4200,
) -> None:
    """Start a Prefect server on 127.0.0.1 in the background (until 'newsroom server
    stop'); every newsroom run then uses it, and its UI shows their history."""
    from flows.server import BackgroundServer, ServerError

    server = BackgroundServer()
    if server.running():
        say(f"already running: {server.api} (pid {server.pid}); UI {server.api[:-4]}")
        return
    note("starting the Prefect server (this takes a few seconds)…")
    try:
        api = server.start(port)
    except ServerError as exc:
        fail("server", _escaped(exc))
    say(f"Prefect server running: {api} (pid {server.pid}); UI {api[:-4]}; log {server.log}")


@server_app.command("stop", cls=_Command)
def server_stop() -> None:
    """Stop the background Prefect server."""
    from flows.server import BackgroundServer

    server = BackgroundServer()
    pid = server.pid
    if server.stop():
        say(f"stopped the Prefect server (pid {pid})")
    else:
        say("no background Prefect server was running")


@server_app.command("status", cls=_Command)
def server_status(as_json: JsonOption = False) -> None:
    """Whether the background Prefect server runs, and which API runs use (exit 0 when a
    server answers, 1 when runs would start a temporary one)."""
    from flows.server import BackgroundServer, choose_api

    server = BackgroundServer()
    running = server.running()
    choice = choose_api()
    if as_json:
        _json(
            {
                "background_server": server.api if running else None,
                "pid": server.pid if running else None,
                "runs_use": choice.url,
                "how": choice.how,
            }
        )
    else:
        if running:
            say(f"background Prefect server: {server.api} (pid {server.pid}), log {server.log}")
        else:
            say("background Prefect server: not running ('newsroom server start' starts one)")
        say(f"runs use {_escaped(choice.how)}")
    raise typer.Exit(EXIT_FAILED if choice.temporary else EXIT_OK)


# -- warehouses ------------------------------------------------------------------------------

warehouse_app = typer.Typer(
    help="Copy a warehouse to another backend, or compact a DuckLake.",
    no_args_is_help=True,
)
app.add_typer(warehouse_app, name="warehouse")


@warehouse_app.command("copy", cls=_Command)
def warehouse_copy(
    source: Annotated[str, typer.Argument(metavar="SOURCE", hidden=True)],
    target: Annotated[str, typer.Argument(metavar="TARGET", hidden=True)],
) -> None:
    """Copy every table of SOURCE (a URL or a file) into TARGET, a new warehouse on any
    backend, then compare row counts and checksums table by table (exit 1 if any differs).

    URLs: a DuckDB file (a path or duckdb:PATH), ducklake:sqlite:CATALOG.sqlite, or
    ducklake:postgres:'dbname=… host=…'; a new DuckLake takes #data=DIR for its files.
    """
    from rich.table import Table

    from newsroom.warehouse import copy_warehouse

    try:
        copied = copy_warehouse(source, target)
    except NewsroomError as exc:
        fail("error", _shown(exc))
    table = Table(
        "table", "rows", "copied", "checksum", title=f"{_escaped(source)} → {_escaped(target)}"
    )
    for c in copied:
        table.add_row(
            c.table,
            str(c.source_rows),
            str(c.target_rows),
            "same" if c.same else f"[red]differs[/red] ({c.source_checksum} ≠ {c.target_checksum})",
        )
    out = console()
    out.print(table)
    if not all(c.same for c in copied):
        raise typer.Exit(EXIT_FAILED)
    out.print(f"Copied {sum(c.source_rows for c in copied)} rows; counts and checksums match.")


@warehouse_app.command("compact", cls=_Command)
def warehouse_compact(
    ctx: typer.Context,
    warehouse: WarehouseOption = None,
    keep_days: Annotated[
        float,
        typer.Option(metavar="DAYS", help="Keep snapshots (time travel) this many days back."),
    ] = 7.0,
) -> None:
    """DuckLake upkeep: merge the small files runs add, expire old snapshots, delete the
    files nothing needs any more. (A DuckDB file needs none of it.)"""
    from newsroom.warehouse import compact_warehouse, store_for

    where = _warehouse(ctx, warehouse)
    try:
        before, after = compact_warehouse(str(where.warehouse), keep_days)
    except NewsroomError as exc:
        fail("error", _shown(exc))
    if not store_for(where.warehouse).needs_upkeep:
        say(f"{_escaped(where.warehouse)} is a DuckDB file: nothing to compact")
        return
    say(
        f"Compacted {_escaped(where.warehouse)}: {before} data files → {after}"
        " (rows the catalog held inline are written to files too)"
    )


def main() -> None:  # pragma: no cover - console entry point
    app(prog_name="newsroom")


__all__ = ["EXIT_CODES", "app", "main", "run_exit_code"]
