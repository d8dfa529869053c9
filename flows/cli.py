"""The ``newsroom`` command: a thin layer over the flows and the warehouse.

It turns newsroom's own errors into one-line messages and exit codes; everything it
does is done by the flows beside it (runs) or ``newsroom.warehouse`` (queries). It sits
here, beside the flows it starts, so the core package ``newsroom`` imports neither.
"""

from __future__ import annotations

import logging
import os
import shlex
from datetime import UTC
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from newsroom.config import DEFAULT_CONFIG, Config, ConfigError, load_config, parse_runner
from newsroom.engine import DEFAULT_CHUNK_SIZE
from newsroom.errors import NewsroomError
from newsroom.records import RunSummary
from newsroom.sources.files import DEFAULT_MAX_BYTES
from newsroom.sources.http import USER_AGENT
from newsroom.warehouse import (
    DEFAULT_PATH,
    Warehouse,
    compact_warehouse,
    copy_warehouse,
    export_parquet,
    store_for,
    warehouse_status,
)
from newsroom.warehouse.backend import (
    file_problem,
    foreign_file_problem,
    parse,
    redact,
    without_password,
)

app = typer.Typer(
    help="newsroom: articles from text files and web pages into a DuckDB warehouse.",
    no_args_is_help=True,
    add_completion=False,
)
out = Console()
err = Console(stderr=True)


def _warehouse_arg(value: str | Path) -> Path | str:
    """A warehouse file as a path; a DuckLake URL as it was written (a path would fold the
    '//' of a ``postgresql://`` conninfo), less any password (``without_password`` puts it
    in PGPASSWORD, where libpq finds it, so no output or Prefect record holds it)."""
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
        err.print(f"[red]{option}:[/red] cannot read {escape(str(path))}: {exc.strerror}")
        raise typer.Exit(2) from exc
    except UnicodeDecodeError as exc:
        line = exc.object[: exc.start].count(b"\n") + 1
        err.print(
            f"[red]{option}:[/red] {escape(str(path))} is not UTF-8 text (line {line:,});"
            " save it as UTF-8, one URL a line"
        )
        raise typer.Exit(2) from exc


def _shown(exc: BaseException) -> str:
    """An error as the terminal shows it: passwords masked, no rich markup read in it."""
    return escape(redact(str(exc)))


WarehouseOption = Annotated[
    Any,  # Path | str: see _warehouse_arg
    typer.Option(
        "--warehouse",
        "-w",
        envvar="NEWSROOM_WAREHOUSE",
        parser=_warehouse_arg,
        metavar="PATH|URL",
        help="The warehouse: a DuckDB file, or a URL (duckdb:FILE, ducklake:sqlite:CATALOG,"
        " ducklake:postgres:CONNINFO; see warehouse/README.md).",
    ),
]
RunnerOption = Annotated[
    str,
    typer.Option(
        "--runner",
        envvar="NEWSROOM_RUNNER",
        help="Where documents are cleaned: 'local' (this process), 'dask:N' (a local Dask"
        " cluster of N worker processes) or a Dask scheduler address (tcp://host:8786).",
    ),
]


def _runner(value: str) -> str:
    """The runner setting, checked before any run starts (exit 2 if it makes no sense)."""
    try:
        return str(parse_runner(value))
    except ConfigError as exc:
        err.print(f"[red]--runner:[/red] {_shown(exc)}")
        raise typer.Exit(2) from exc


def _prefect_defaults() -> None:
    """Settings for running offline with a temporary local Prefect API, unless set already."""
    os.environ.setdefault("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "120")
    os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
    os.environ.setdefault("DO_NOT_TRACK", "1")
    for name in ("prefect.flow_runs", "prefect.task_runs"):
        logger = logging.getLogger(name)
        if not any(isinstance(f, _ExpectedErrors) for f in logger.filters):
            logger.addFilter(_ExpectedErrors())


class _ExpectedErrors(logging.Filter):
    """Prefect logs a failed run's exception with its traceback. For newsroom's own errors
    (a full disk, a busy or broken warehouse) the message says all there is to say, and
    the command prints it once more as its 'run failed:' line: no traceback for them."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.exc_info and isinstance(record.exc_info[1], NewsroomError):
            record.exc_info = None
            record.exc_text = None
        return True


@app.command()
def ingest(
    paths: Annotated[list[str], typer.Argument(help="Files, directories or glob patterns.")],
    warehouse: WarehouseOption = DEFAULT_PATH,
    max_bytes: Annotated[
        int, typer.Option(min=1, help="Files larger than this are recorded as errors, not read.")
    ] = DEFAULT_MAX_BYTES,
    batch_size: Annotated[int, typer.Option(min=1, help="Documents per task.")] = 250,
    chunk_size: Annotated[
        int, typer.Option(min=1, help="Articles placed in stories and loaded together (memory).")
    ] = DEFAULT_CHUNK_SIZE,
    runner: RunnerOption = "local",
) -> None:
    """Ingest text files into the warehouse through the Prefect flow ``ingest-files``."""
    runner = _runner(runner)
    _prefect_defaults()
    from flows.ingest_files import ingest_files

    try:
        summary = ingest_files(
            paths=list(paths),
            warehouse=str(warehouse),
            max_bytes=max_bytes,
            batch_size=batch_size,
            chunk_size=chunk_size,
            runner=runner,
            show_progress=True,
        )
    except NewsroomError as exc:
        err.print(f"[red]run failed:[/red] {_shown(exc)}")
        raise typer.Exit(1) from exc
    _print_summary(summary, paths, warehouse)


@app.command()
def fetch(
    urls: Annotated[list[str] | None, typer.Argument(help="Page URLs.")] = None,
    urls_file: Annotated[
        Path | None, typer.Option("--urls-file", help="A file with one URL a line.")
    ] = None,
    feed: Annotated[
        list[str] | None, typer.Option("--feed", help="An RSS or Atom feed: fetch its items.")
    ] = None,
    sitemap: Annotated[
        list[str] | None,
        typer.Option("--sitemap", help="A sitemap or sitemap index: fetch the pages it lists."),
    ] = None,
    warehouse: WarehouseOption = DEFAULT_PATH,
    user_agent: Annotated[str, typer.Option(help="The User-Agent header sent.")] = USER_AGENT,
    allow_private: Annotated[
        bool, typer.Option(help="Allow loopback and private addresses (off by default).")
    ] = False,
    per_host: Annotated[int, typer.Option(min=1, help="Requests at once per host.")] = 2,
    host_delay: Annotated[
        float, typer.Option(min=0.0, help="Seconds between requests to one host.")
    ] = 1.0,
    max_bytes: Annotated[
        int, typer.Option(min=1, help="Pages larger than this (decoded) are recorded as errors.")
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
) -> None:
    """Fetch web pages (URLs, feeds, sitemaps) through the Prefect flow ``ingest-urls``."""
    if not (urls or urls_file or feed or sitemap):
        err.print("nothing to fetch: give URLs, --urls-file, --feed or --sitemap")
        raise typer.Exit(2)
    if urls_file is not None:
        _check_text_file(urls_file, "--urls-file")
    runner = _runner(runner)
    _prefect_defaults()
    from flows.ingest_urls import ingest_urls

    try:
        summary = ingest_urls(
            urls=list(urls or []),
            urls_file=str(urls_file) if urls_file else None,
            feeds=list(feed or []),
            sitemaps=list(sitemap or []),
            warehouse=str(warehouse),
            user_agent=user_agent,
            allow_private=allow_private,
            per_host=per_host,
            host_delay=host_delay,
            max_bytes=max_bytes,
            runner=runner,
            show_progress=True,
            trust_canonical_from=list(trust_canonical_from or []),
        )
    except NewsroomError as exc:
        err.print(f"[red]run failed:[/red] {_shown(exc)}")
        raise typer.Exit(1) from exc
    sources = [
        *(urls or []),
        *([str(urls_file)] if urls_file else []),
        *(feed or []),
        *(sitemap or []),
    ]
    _print_summary(summary, sources, warehouse, noun="URLs")


@app.command()
def reprocess(warehouse: WarehouseOption = DEFAULT_PATH, runner: RunnerOption = "local") -> None:
    """Re-extract every archived web page (no fetching); changed text becomes a new revision."""
    runner = _runner(runner)
    _prefect_defaults()
    from flows.reprocess import reprocess as reprocess_flow

    try:
        summary = reprocess_flow(warehouse=str(warehouse), runner=runner)
    except NewsroomError as exc:
        err.print(f"[red]run failed:[/red] {_shown(exc)}")
        raise typer.Exit(1) from exc
    _print_summary(summary, ["archived responses"], warehouse, noun="responses")


def _print_summary(
    summary: RunSummary, paths: list[str], warehouse: Path | str, noun: str = "files"
) -> None:
    table = Table(show_header=False, box=None, padding=(0, 2))
    table.add_row(f"{noun} seen", str(summary.seen))
    table.add_row("new", str(summary.new))
    table.add_row("changed (new version kept)", str(summary.changed))
    table.add_row("unchanged", str(summary.unchanged))
    table.add_row("new stories", str(summary.new_stories))
    table.add_row("copies of known stories", str(summary.duplicates))
    table.add_row("failed", str(summary.failed))
    out.print(
        f"\nIngested {', '.join(paths)} into [bold]{warehouse}[/bold] "
        f"in {summary.seconds:.1f} s (run {summary.run_id})"
    )
    out.print(table)
    if summary.failed:
        stages = ", ".join(
            f"{n} at {stage}" for stage, n in sorted(summary.errors_by_stage.items())
        )
        out.print(
            f"{summary.failed} failed ({stages}). List them with:\n"
            f"  newsroom errors --run {summary.run_id}"
            + ("" if warehouse == DEFAULT_PATH else f" --warehouse {shlex.quote(str(warehouse))}")
        )
    out.print(f"Look at it: {store_for(warehouse).how_to_query(str(warehouse))}")


@app.command()
def errors(
    warehouse: WarehouseOption = DEFAULT_PATH,
    run: Annotated[str | None, typer.Option(help="A run id; default: the last run.")] = None,
    limit: Annotated[int, typer.Option(min=1, help="At most this many rows.")] = 50,
) -> None:
    """List the documents that failed a stage, with the stage and reason."""
    store = Warehouse(warehouse)
    if not store.exists():
        err.print(f"no warehouse at {warehouse}")
        raise typer.Exit(1)
    try:
        if run is None:
            last = store.query("SELECT run_id FROM runs ORDER BY finished_at DESC LIMIT 1")
            if not last:
                out.print("no runs yet")
                return
            run = str(last[0][0])
        rows = store.run_errors(run, limit)
    except NewsroomError as exc:
        err.print(f"[red]error:[/red] {_shown(exc)}")
        raise typer.Exit(1) from exc
    if not rows:
        out.print(f"run {run}: no errors")
        return
    table = Table("source", "stage", "error", "detail", title=f"ingest errors of run {run}")
    for r in rows:
        table.add_row(r.source_uri, r.stage, r.error, r.detail)
    out.print(table)


@app.command()
def serve(
    config: Annotated[
        Path,
        typer.Option("--config", "-c", envvar="NEWSROOM_CONFIG", help="The config file."),
    ] = DEFAULT_CONFIG,
    limit: Annotated[
        int | None, typer.Option(min=1, help="At most this many flow runs at once.")
    ] = None,
) -> None:
    """Run the deployments of newsroom.toml on their schedules until stopped (Ctrl-C)."""
    try:
        settings = load_config(config)
    except NewsroomError as exc:
        err.print(f"[red]config:[/red] {_shown(exc)}")
        raise typer.Exit(2) from exc
    if not (settings.folders or settings.feeds):
        err.print(f"{settings.source} has no [[folders]] or [[feeds]]: nothing to serve")
        raise typer.Exit(2)
    _prefect_defaults()
    from flows.serve import api_url, local_server

    if api_url():
        _serve(settings, limit)
        return
    out.print(
        "PREFECT_API_URL is not set: using the Prefect server on http://127.0.0.1:4200 "
        "(started now, and stopped with this command, unless one is running there)"
    )
    try:
        with local_server() as api:
            os.environ["PREFECT_API_URL"] = api
            out.print(f"Prefect UI: {api.removesuffix('/api')}")
            _serve(settings, limit, api)
    except NewsroomError as exc:
        err.print(f"[red]error:[/red] {_shown(exc)}")
        raise typer.Exit(1) from exc


def _serve(settings: Config, limit: int | None, api: str | None = None) -> None:
    from flows.serve import serve_config

    out.print(f"Serving {settings.source} into [bold]{settings.warehouse}[/bold]:")
    for folder in settings.folders:
        out.print(
            f"  ingest-files/{folder.name}: {', '.join(folder.paths)}, {folder.schedule.describe()}"
        )
    for feed in settings.feeds:
        out.print(f"  ingest-urls/{feed.name}: {feed.schedule.describe()}")
    if settings.health:
        out.print(f"  outlet-health/health: {settings.health.schedule.describe()}")
    serve_config(settings, limit=limit, api=api)


@app.command()
def status(
    warehouse: WarehouseOption = DEFAULT_PATH,
    runs: Annotated[int, typer.Option(min=1, help="How many of the last runs to list.")] = 10,
) -> None:
    """The warehouse at a glance: counts, the last runs, the last run's errors, outlets."""
    try:
        now = warehouse_status(warehouse, runs)
    except NewsroomError as exc:
        err.print(f"[red]error:[/red] {_shown(exc)}")
        raise typer.Exit(1) from exc
    counts = f"{now.articles} articles, {now.stories} stories, {now.errors} errors recorded"
    store = store_for(warehouse)
    out.print(f"[bold]{warehouse}[/bold] ({store.what_readers_see()}): {counts}")
    if store.run_in_progress():
        out.print("A run is writing; its results appear here when it finishes.")
    table = Table(
        "run",
        "flow",
        "finished (UTC)",
        "seen",
        "new",
        "changed",
        "unchanged",
        "copies",
        "failed",
        title="last runs",
    )
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
                str(o["outlet"]),
                str(o["articles"]),
                f"{float(o['short_share']):.0%}",
                f"{float(o['median_words']):.0f}",
            )
        out.print(outlets)


@app.command()
def export(
    parquet: Annotated[
        Path, typer.Option("--parquet", help="Write Parquet files into this folder.")
    ],
    warehouse: WarehouseOption = DEFAULT_PATH,
    overwrite: Annotated[
        bool,
        typer.Option(
            help="Replace the previous newsroom export in the folder (only the files it"
            " wrote; anything else there is kept)."
        ),
    ] = False,
) -> None:
    """Export the warehouse as Parquet: articles and errors partitioned by day."""
    try:
        counts = export_parquet(warehouse, parquet, overwrite=overwrite)
    except NewsroomError as exc:
        err.print(f"[red]error:[/red] {_shown(exc)}")
        raise typer.Exit(1) from exc
    for name, rows in counts.items():
        out.print(f"  {name:<15} {rows:>9} rows")
    out.print(f"Exported {warehouse} to [bold]{parquet}[/bold] (articles/day=YYYY-MM-DD/…)")


warehouse_app = typer.Typer(help="Move a warehouse between backends.", no_args_is_help=True)
app.add_typer(warehouse_app, name="warehouse")


@warehouse_app.command("copy")
def warehouse_copy(
    source: Annotated[str, typer.Argument(help="The warehouse to copy (a URL or a file).")],
    target: Annotated[str, typer.Argument(help="A new warehouse: duckdb:FILE, ducklake:….")],
) -> None:
    """Copy every table into a new warehouse on any backend, then compare row counts and
    checksums table by table (exit 1 if any differs).

    URLs: a DuckDB file (a path or duckdb:PATH), ducklake:sqlite:CATALOG.sqlite, or
    ducklake:postgres:'dbname=… host=…'; a new DuckLake takes #data=DIR for its files.
    """
    try:
        copied = copy_warehouse(source, target)
    except NewsroomError as exc:
        err.print(f"[red]error:[/red] {_shown(exc)}")
        raise typer.Exit(1) from exc
    table = Table("table", "rows", "copied", "checksum", title=f"{source} → {target}")
    for c in copied:
        table.add_row(
            c.table,
            str(c.source_rows),
            str(c.target_rows),
            "same" if c.same else f"[red]differs[/red] ({c.source_checksum} ≠ {c.target_checksum})",
        )
    out.print(table)
    if not all(c.same for c in copied):
        raise typer.Exit(1)
    out.print(f"Copied {sum(c.source_rows for c in copied)} rows; counts and checksums match.")


@warehouse_app.command("compact")
def warehouse_compact(
    warehouse: WarehouseOption = DEFAULT_PATH,
    keep_days: Annotated[
        float, typer.Option(help="Keep snapshots (time travel) this many days back.")
    ] = 7.0,
) -> None:
    """DuckLake upkeep: merge the small files runs add, expire old snapshots, delete the
    files nothing needs any more. (A DuckDB file needs none of it.)"""
    try:
        before, after = compact_warehouse(str(warehouse), keep_days)
    except NewsroomError as exc:
        err.print(f"[red]error:[/red] {_shown(exc)}")
        raise typer.Exit(1) from exc
    if not store_for(warehouse).needs_upkeep:
        out.print(f"{warehouse} is a DuckDB file: nothing to compact")
        return
    out.print(
        f"Compacted {warehouse}: {before} data files → {after}"
        " (rows the catalog held inline are written to files too)"
    )


def main() -> None:  # pragma: no cover - console entry point
    app()
