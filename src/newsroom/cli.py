"""The ``newsroom`` command: a thin layer over the flows and the warehouse.

It turns newsroom's own errors into one-line messages and exit codes; everything it
does is done by ``flows/`` (runs) or ``newsroom.warehouse`` (queries).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from newsroom.errors import NewsroomError
from newsroom.records import RunSummary
from newsroom.sources.files import DEFAULT_MAX_BYTES
from newsroom.sources.http import USER_AGENT
from newsroom.warehouse import DEFAULT_PATH, Warehouse

app = typer.Typer(
    help="newsroom: articles from text files and web pages into a DuckDB warehouse.",
    no_args_is_help=True,
    add_completion=False,
)
out = Console()
err = Console(stderr=True)

WarehouseOption = Annotated[
    Path,
    typer.Option(
        "--warehouse", "-w", envvar="NEWSROOM_WAREHOUSE", help="The DuckDB warehouse file."
    ),
]


def _prefect_defaults() -> None:
    """Settings for running offline with a temporary local Prefect API, unless set already."""
    os.environ.setdefault("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "120")
    os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
    os.environ.setdefault("DO_NOT_TRACK", "1")


@app.command()
def ingest(
    paths: Annotated[list[str], typer.Argument(help="Files, directories or glob patterns.")],
    warehouse: WarehouseOption = DEFAULT_PATH,
    max_bytes: Annotated[
        int, typer.Option(help="Files larger than this are recorded as errors, not read.")
    ] = DEFAULT_MAX_BYTES,
    batch_size: Annotated[int, typer.Option(help="Documents per task.")] = 250,
) -> None:
    """Ingest text files into the warehouse through the Prefect flow ``ingest-files``."""
    _prefect_defaults()
    from flows.ingest_files import ingest_files

    try:
        summary = ingest_files(
            paths=list(paths),
            warehouse=str(warehouse),
            max_bytes=max_bytes,
            batch_size=batch_size,
            show_progress=True,
        )
    except NewsroomError as exc:
        err.print(f"[red]run failed:[/red] {exc}")
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
    per_host: Annotated[int, typer.Option(help="Requests at once per host.")] = 2,
    host_delay: Annotated[float, typer.Option(help="Seconds between requests to one host.")] = 1.0,
    max_bytes: Annotated[
        int, typer.Option(help="Pages larger than this (decoded) are recorded as errors.")
    ] = DEFAULT_MAX_BYTES,
) -> None:
    """Fetch web pages (URLs, feeds, sitemaps) through the Prefect flow ``ingest-urls``."""
    if not (urls or urls_file or feed or sitemap):
        err.print("nothing to fetch: give URLs, --urls-file, --feed or --sitemap")
        raise typer.Exit(2)
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
            show_progress=True,
        )
    except NewsroomError as exc:
        err.print(f"[red]run failed:[/red] {exc}")
        raise typer.Exit(1) from exc
    sources = [
        *(urls or []),
        *([str(urls_file)] if urls_file else []),
        *(feed or []),
        *(sitemap or []),
    ]
    _print_summary(summary, sources, warehouse, noun="URLs")


@app.command()
def reprocess(warehouse: WarehouseOption = DEFAULT_PATH) -> None:
    """Re-extract every archived web page (no fetching); changed text becomes a new revision."""
    _prefect_defaults()
    from flows.reprocess import reprocess as reprocess_flow

    try:
        summary = reprocess_flow(warehouse=str(warehouse))
    except NewsroomError as exc:
        err.print(f"[red]run failed:[/red] {exc}")
        raise typer.Exit(1) from exc
    _print_summary(summary, ["archived responses"], warehouse, noun="responses")


def _print_summary(
    summary: RunSummary, paths: list[str], warehouse: Path, noun: str = "files"
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
            + ("" if warehouse == DEFAULT_PATH else f" --warehouse {warehouse}")
        )
    out.print(f'Query it: duckdb {warehouse} "SELECT title, word_count FROM articles"')


@app.command()
def errors(
    warehouse: WarehouseOption = DEFAULT_PATH,
    run: Annotated[str | None, typer.Option(help="A run id; default: the last run.")] = None,
    limit: Annotated[int, typer.Option(help="At most this many rows.")] = 50,
) -> None:
    """List the documents that failed a stage, with the stage and reason."""
    store = Warehouse(warehouse)
    if not warehouse.exists():
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
        err.print(f"[red]error:[/red] {exc}")
        raise typer.Exit(1) from exc
    if not rows:
        out.print(f"run {run}: no errors")
        return
    table = Table("source", "stage", "error", "detail", title=f"ingest errors of run {run}")
    for r in rows:
        table.add_row(r.source_uri, r.stage, r.error, r.detail)
    out.print(table)


def main() -> None:  # pragma: no cover - console entry point
    app()
