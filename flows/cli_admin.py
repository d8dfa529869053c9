"""The ``newsroom`` commands that read or look after a warehouse: ``errors``, ``status``,
``export`` and ``warehouse copy|compact`` (registered on the command in ``flows.cli``)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from flows.cli_base import (
    EXIT_FAILED,
    EXIT_USAGE,
    Command,
    CsvOption,
    JsonOption,
    WarehouseOption,
    absolute,
    console,
    escaped,
    fail,
    note,
    output_format,
    print_csv,
    print_json,
    say,
    shown,
    which_warehouse,
)
from newsroom.errors import NewsroomError
from newsroom.report import counted

if TYPE_CHECKING:
    from newsroom.records import Rejection
    from newsroom.warehouse import Warehouse

TABLE_ROWS = 50  # rows ``errors`` shows in its table unless --limit says otherwise
ERROR_COLUMNS = ["run_id", "source", "stage", "error", "detail"]
RUN_COLUMNS = [
    "run_id", "flow", "finished_at", "seen", "new", "changed", "unchanged", "duplicates", "failed",
    "failed_before", "gone", "moved",
]  # fmt: skip


def _still_failing(store: Warehouse) -> int:
    """How many documents failed in an earlier run and have not loaded since."""
    try:
        return store.failing_count()
    except NewsroomError:
        return 0


def _run_sources(parameters: dict[str, object]) -> list[str]:
    """What a run was given to read, from its recorded parameters."""
    sources: list[str] = []
    for key in ("paths", "urls", "feeds", "sitemaps"):
        value = parameters.get(key)
        if isinstance(value, list):
            sources += [str(v) for v in value]
    if isinstance(parameters.get("urls_file"), str):
        sources.append(f"the URLs of {parameters['urls_file']}")
    return sources


def _which_run(store: Warehouse, run: str, last: bool) -> tuple[str, dict[str, object]]:
    """A line saying which run ``errors`` shows (its flow, what it read, when it
    finished; and, for the default, that it is only the last run to finish), and the
    same for --json."""
    from datetime import UTC

    flow, finished, parameters = store.run_info(run)
    sources = _run_sources(parameters)
    what = flow or "a run"
    if sources:
        listed = ", ".join(sources[:3]) + (
            f" and {len(sources) - 3} more" if len(sources) > 3 else ""
        )
        what += f" of {listed}"
    when = f"{finished.astimezone(UTC):%Y-%m-%d %H:%M} UTC" if finished else "not recorded"
    line = f"run {run}: {what}, finished {when}"
    if last:
        line += (
            " (the last run to finish, of whatever flow or schedule: --run RUN_ID shows"
            " another; newsroom status lists them)"
        )
    facts: dict[str, object] = {
        "flow": flow or None,
        "finished_at": finished.isoformat() if finished else None,
        "sources": sources,
        "last_run": last,
    }
    return line, facts


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
    failing: Annotated[
        bool,
        typer.Option(
            "--failing",
            help="Every document whose last attempt failed, in whatever run, with nothing"
            " loaded since and no later fetch answered (runs do not read them again while"
            " they are unchanged).",
        ),
    ] = False,
    limit: Annotated[
        int | None,
        typer.Option(
            min=1,
            metavar="N",
            help=f"At most this many rows (default: {TABLE_ROWS} in the table; every row"
            " with --csv or --json).",
        ),
    ] = None,
    as_json: JsonOption = False,
    as_csv: CsvOption = False,
) -> None:
    """List the documents that failed a stage, with the stage and reason.

    The table shows the first 50 rows unless --limit says otherwise; --csv and --json hold
    every row unless --limit cuts them (a cut CSV says so on stderr, JSON in "more").

    Exit 1 when there is no warehouse or no such run, 2 when a run id prefix matches
    more than one run.
    """
    from newsroom.warehouse import Warehouse

    form = output_format(as_json, as_csv)
    if limit is None and form == "text":
        limit = TABLE_ROWS
    asked = None if limit is None else limit + 1  # one more than shown: whether there are others
    where = which_warehouse(ctx, warehouse)
    store = Warehouse(where.warehouse)
    if not store.exists():
        fail("error", f"no warehouse at {escaped(where.warehouse)}")
    if failing and run is not None:
        fail("--failing", "give --failing or --run, not both", EXIT_USAGE)
    failed_in: list[str] = []  # --failing: the run of each row's failure
    last = run is None and not failing  # the default: the run that finished last
    which, facts = "", dict[str, object]()  # which run is shown (_which_run)
    try:
        if failing:
            found_failing = store.failing(asked)
            run, rows = None, [r for _, r in found_failing]
            failed_in = [run_id for run_id, _ in found_failing]
        elif run is None:
            found = store.last_run()
            if found is None:
                if form == "json":
                    print_json({"run_id": None, "more": False, "errors": []})
                elif form == "csv":
                    print_csv(ERROR_COLUMNS, [])
                else:
                    say("no runs yet")
                return
            run = found
        else:
            if not run.strip():
                fail("--run", "give a run id, or the start of one", EXIT_USAGE)
            matches = store.runs_matching(run)
            if not matches:
                fail("error", f"no such run: {escaped(run)}")
            if len(matches) > 1:
                fail(
                    "error",
                    f"{escaped(run)} is the start of several runs"
                    f" ({', '.join(matches)}{', …' if len(matches) >= 5 else ''}): give more of it",
                    EXIT_USAGE,
                )
            run = matches[0]
        if run is not None:
            rows = store.run_errors(run, asked)
            which, facts = _which_run(store, run, last)
    except NewsroomError as exc:
        fail("error", shown(exc))
    more = limit is not None and len(rows) > limit
    rows = rows[:limit]
    runs = failed_in[:limit] or [run or ""] * len(rows)
    if form == "csv":
        print_csv(
            ERROR_COLUMNS,
            [
                [r_run, r.source_uri, r.stage, r.error, r.detail]
                for r_run, r in zip(runs, rows, strict=True)
            ],
        )
        if more:  # a CSV has no place to say it: stderr does
            note(f"the first {limit} rows: there are more (without --limit, every row)")
        return
    if form == "json":
        print_json(
            {
                "run_id": run,
                **(facts if run else {}),  # flow, finished_at, sources, last_run
                "more": more,  # more rows than --limit
                "errors": [
                    {
                        "run_id": r_run,
                        "source": r.source_uri,
                        "stage": r.stage,
                        "error": r.error,
                        "detail": r.detail,
                    }
                    for r_run, r in zip(runs, rows, strict=True)
                ],
            }
        )
        return
    if not rows:
        if not run:
            say("no document is failing")
            return
        still, elsewhere = _still_failing(store), ""
        if still:
            docs, verb = ("document", "fails") if still == 1 else ("documents", "fail")
            elsewhere = (
                f" ({still} {docs} failed in an earlier run and still {verb}:"
                " newsroom errors --failing)"
            )
        console().print(f"{escaped(which)}: no errors{elsewhere}", soft_wrap=True)
        return
    from rich.table import Table

    if run:
        console().print(f"ingest errors of {escaped(which)}", soft_wrap=True)
    table = Table(title=None if run else "documents whose last attempt failed")
    if not run:  # --failing: rows of many runs, each with the run it failed in
        table.add_column("run", no_wrap=True, min_width=36)
    for name in ("source", "stage", "error", "detail"):
        table.add_column(name)
    for r_run, r in zip(runs, rows, strict=True):
        cells = (escaped(r.source_uri), r.stage, r.error, escaped(r.detail))
        table.add_row(*(cells if run else (r_run, *cells)))
    console().print(table)
    if more:
        try:
            every = [r for _, r in store.failing(None)] if not run else store.run_errors(run, None)
        except NewsroomError:
            every = []
        say(f"the first {limit} rows: there are more (--limit N shows N)")
        if every:
            say(_errors_in_all(every))


def _errors_in_all(rows: list[Rejection]) -> str:
    """How many rows there are, by reason and by where they come from (a host, or files):
    what a table of the first rows of thousands does not say (trial11: 9,948 rows of a
    sitemap's gone pages, shown 50 at a time)."""
    from collections import Counter
    from urllib.parse import urlsplit

    reasons = Counter(f"{r.stage}/{r.error}" for r in rows)
    places = Counter(urlsplit(r.source_uri).netloc or "files" for r in rows)

    def top(counts: Counter[str]) -> str:
        shown = ", ".join(f"{escaped(k)} {n:,}" for k, n in counts.most_common(5))
        return shown + (f", {len(counts) - 5:,} more" if len(counts) > 5 else "")

    return f"{len(rows):,} in all; by reason: {top(reasons)}; by host: {top(places)}"


def status(
    ctx: typer.Context,
    warehouse: WarehouseOption = None,
    runs: Annotated[
        int, typer.Option(min=1, metavar="N", help="How many of the last runs to list.")
    ] = 10,
    as_json: JsonOption = False,
    as_csv: CsvOption = False,
) -> None:
    """The warehouse at a glance: counts, the last runs, the last run's errors, outlets.

    --csv prints the last runs, one row each.
    """
    form = output_format(as_json, as_csv)
    from datetime import UTC

    from newsroom.warehouse import store_for, warehouse_status

    where = which_warehouse(ctx, warehouse)
    try:
        now = warehouse_status(where.warehouse, runs)
        store = store_for(where.warehouse)
        readers_see = store.what_readers_see()
        writing = store.run_in_progress()
    except NewsroomError as exc:
        fail("error", shown(exc))
    from flows.failed_runs import failed_since

    last_finished = next((r["finished_at"] for r in now.runs if r["finished_at"]), None)
    failed = failed_since(where.warehouse, last_finished)
    if form == "csv":
        print_csv(RUN_COLUMNS, [[run[k] for k in RUN_COLUMNS] for run in now.runs])
        return
    if form == "json":
        print_json(
            {
                "warehouse": absolute(where.warehouse),
                "readers_see": readers_see,
                "run_in_progress": writing,
                "failed_since_last_run": failed,
                "articles": now.articles,
                "stories": now.stories,
                "errors": now.errors,
                "failing": now.failing,
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
    totals = ((now.articles, "article"), (now.stories, "story"), (now.errors, "error"))
    counts = ", ".join(counted(n, noun) for n, noun in totals) + " recorded"
    if now.failing:  # (the others mended since: loaded, answered, or their file gone)
        counts += f", {now.failing} still failing (newsroom errors --failing)"
    out.print(f"[bold]{escaped(where.warehouse)}[/bold] ({readers_see}): {counts}")
    if writing:
        out.print("A run is writing; its results appear here when it finishes.")
    for run in failed:  # noted by the command that ran it: nothing of it is in the warehouse
        out.print(
            f"[red]{run['outcome']}[/red] {escaped(run['at'])} {escaped(run['flow'])}:"
            f" {escaped(run['reason'])} (nothing of it loaded)"
        )
    table = Table(title="last runs")
    table.add_column("run", no_wrap=True, min_width=36)
    for name in ("flow", "finished (UTC)", "seen", "new", "changed", "unchanged"):
        table.add_column(name)
    table.add_column("duplicates")
    table.add_column("failed")
    table.add_column("failed before")
    figures = ["seen", "new", "changed", "unchanged", "duplicates", "failed", "failed_before"]
    if any(run["gone"] for run in now.runs):  # (a column of noughts otherwise)
        table.add_column("files gone")
        figures.append("gone")
    if any(run["moved"] for run in now.runs):
        table.add_column("files moved")
        figures.append("moved")
    for run in now.runs:
        finished = run["finished_at"]
        table.add_row(
            str(run["run_id"]),
            str(run["flow"]),
            f"{finished.astimezone(UTC):%Y-%m-%d %H:%M:%S}" if finished else "",
            *(str(run[k]) for k in figures),
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
                escaped(o["outlet"]),
                str(o["articles"]),
                f"{float(o['short_share']):.0%}",
                f"{float(o['median_words']):.0f}",
            )
        out.print(outlets)


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

    where = which_warehouse(ctx, warehouse)
    from newsroom.errors import ExportFolderInUse

    try:
        counts = export_parquet(where.warehouse, parquet, overwrite=overwrite)
    except ExportFolderInUse as exc:  # another folder, or --overwrite: a usage mistake
        fail("error", shown(exc), EXIT_USAGE)
    except NewsroomError as exc:
        fail("error", shown(exc))
    out = console()
    # the names as wide as the longest ("translation_links" ran past a fixed width)
    width = max(map(len, counts), default=0)
    for name, rows in counts.items():
        out.print(f"  {name:<{width}}  {rows:>11,} rows")
    out.print(
        f"Exported {escaped(where.warehouse)} to [bold]{escaped(parquet)}[/bold]"
        " (articles/day=YYYY-MM-DD/…)"
    )


# -- scheduled runs -----------------------------------------------------------------------


warehouse_app = typer.Typer(
    help="Copy a warehouse to another backend, or compact a DuckLake.",
    no_args_is_help=True,
)


@warehouse_app.command("copy", cls=Command)
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
        fail("error", shown(exc))
    table = Table(
        "table", "rows", "copied", "checksum", title=f"{escaped(source)} → {escaped(target)}"
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


@warehouse_app.command("compact", cls=Command)
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

    where = which_warehouse(ctx, warehouse)
    try:
        before, after = compact_warehouse(str(where.warehouse), keep_days)
    except NewsroomError as exc:
        fail("error", shown(exc))
    if not store_for(where.warehouse).needs_upkeep:
        say(f"{escaped(where.warehouse)} is a DuckDB file: nothing to compact")
        return
    say(
        f"Compacted {escaped(where.warehouse)}: {before} data files → {after}"
        " (rows the catalog held inline are written to files too)"
    )
