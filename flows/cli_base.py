"""What every ``newsroom`` command shares: exit codes, the app and its options, output
(``say``, ``note``, ``fail``, ``--json``), and where the warehouse is.

``newsroom --help`` must be quick: this module imports only typer and light parts of the
core at the top; each command imports what it needs (Prefect, DuckDB, rich) when it runs.
"""

from __future__ import annotations

import json
import os
import re
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, NoReturn

import typer
from typer.core import TyperCommand

from newsroom.errors import NewsroomError

if TYPE_CHECKING:
    from rich.console import Console

    from newsroom.records import RunSummary

STARTED = time.monotonic()  # close to the process's start: wall times are counted from it
_clock = {"started": STARTED}


def wall_seconds() -> float:
    """Seconds since the command started (in the user's shell, not in the warm runner)."""
    return time.monotonic() - _clock["started"]


def restart_clock(started: float) -> None:
    """Count wall time from ``started`` (``time.monotonic()`` of the command that handed
    its run to the warm runner: the clock is the same for every process)."""
    _clock["started"] = started


EXIT_OK = 0  # done; no document failed
EXIT_FAILED = 1  # the run failed whole (nothing loaded), or the command could not do its work
EXIT_USAGE = 2  # bad arguments or missing paths: nothing was done
EXIT_SOME_FAILED = 3  # the run finished; some documents failed, the others were loaded
EXIT_ALL_FAILED = 4  # the run finished; documents were tried and every one failed
EXIT_INTERRUPTED = 130  # Ctrl-C (128 + SIGINT, as shells report it): nothing of the run loaded
EXIT_CODES = """\b
Exit codes:
  0  done, and no document failed
  1  the run failed whole (nothing was loaded), or the command could not do its work
  2  usage error: bad arguments, missing paths (nothing was done)
  3  the run finished, but some documents failed (newsroom errors lists them)
  4  the run finished, but every document it tried failed (nothing was loaded)
  130  interrupted (Ctrl-C): nothing of the run was loaded
"""


def run_exit_code(summary: RunSummary) -> int:
    """A finished run's exit code: 0, or 3 when some documents failed, 4 when all did."""
    return _exit_code(summary.failed, summary.every_one_failed)


def _exit_code(failed: int, every_one_failed: bool) -> int:
    if not failed:
        return EXIT_OK
    return EXIT_ALL_FAILED if every_one_failed else EXIT_SOME_FAILED


def recorded_exit_code(warehouse: str, run_id: str) -> int | None:
    """The exit code of a run as the warehouse recorded it (``run_exit_code``), or None
    when the warehouse has no finished run of that id."""
    from newsroom.warehouse import Warehouse

    store = Warehouse(warehouse)
    figures = store.run_figures(run_id) if store.exists() else None
    return None if figures is None else figures_exit_code(figures)


def figures_exit_code(figures: dict[str, int]) -> int:
    """The exit code of a run by its recorded counts (``Warehouse.run_figures``)."""
    from newsroom.records import all_failed

    return _exit_code(figures["failed"], all_failed(**figures))


# The exit code a command has earned once its work is done, before it prints its result
# (``finished``): what it exits with when the reader of its output stops reading.
_earned = [EXIT_OK]


def finished(code: int) -> None:
    """Record that the command's work is done with ``code``, before its result is printed."""
    _earned[0] = code


class Command(TyperCommand):
    """Usage lines as Click writes them (``PATH...``), not ``{PATH}...``; a reader that
    stops reading the output (``newsroom status | head -1``) is no failure: the command
    exits with the code its work earned (Click's own answer, 1, says a run failed)."""

    def collect_usage_pieces(self, ctx: Any) -> list[str]:
        return [re.sub(r"^\{(.*)\}", r"\1", p) for p in super().collect_usage_pieces(ctx)]

    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except BrokenPipeError:
            _nowhere()
            raise typer.Exit(_earned[0]) from None


def _nowhere() -> None:
    """What is left to print goes nowhere, at exit too (Python's advice for EPIPE)."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())


app = typer.Typer(
    help="newsroom: articles from text files and web pages into a DuckDB warehouse.\n\n"
    "A command prints warnings and its result (-v: Prefect's log too), and says which"
    " warehouse and which Prefect API it uses, on stderr. --json on status, errors,"
    " search and the runs prints one JSON document on stdout instead.",
    epilog=EXIT_CODES,
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)


@dataclass
class _State:
    verbose: int = 0
    warm: bool = False  # run by the warm runner (flows.warm), not in the user's process


state = _State()


# -- output -----------------------------------------------------------------------------


def console(*, stderr: bool = False) -> Console:
    """A console on stdout (or stderr). Not a terminal (a pipe, a file): no wrapping, no
    width limit, no colour, so ids and paths come out whole and lines whole."""
    from rich.console import Console

    class _Console(Console):
        def on_broken_pipe(self) -> None:
            """The reader stopped reading: rich sends the rest nowhere and exits 1, which
            says a run failed; the command's earned code instead (``Command``)."""
            _nowhere()
            raise SystemExit(_earned[0])

    stream = sys.stderr if stderr else sys.stdout
    if stream.isatty():
        return _Console(stderr=stderr)
    return _Console(stderr=stderr, width=100_000, soft_wrap=True, no_color=True, highlight=False)


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


def shown(exc: BaseException) -> str:
    """An error as the terminal shows it: passwords masked, no rich markup read in it."""
    from rich.markup import escape

    from newsroom.warehouse.backend import redact

    return escape(redact(str(exc)))


def escaped(text: object) -> str:
    from rich.markup import escape

    return escape(str(text))


def print_csv(header: list[str], rows: list[list[object]]) -> None:
    """A header and rows as CSV on stdout (dates as ISO 8601, None as an empty field)."""
    import csv

    writer = csv.writer(sys.stdout, lineterminator="\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow(
            ["" if v is None else v.isoformat() if hasattr(v, "isoformat") else v for v in row]
        )
    sys.stdout.flush()


def print_json(value: object) -> None:
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
            raise typer.BadParameter(shown(exc)) from exc
        return text
    path = text.removeprefix("duckdb:").strip()
    problem = file_problem(path) or foreign_file_problem(path)
    if problem:
        raise typer.BadParameter(problem)
    return Path(path).expanduser()


def check_text_file(path: Path, option: str) -> None:
    """Exit 2 at once, with one line, unless ``path`` is a readable UTF-8 text file."""
    try:
        path.read_bytes().decode("utf-8-sig")
    except OSError as exc:
        fail(option, f"cannot read {escaped(path)}: {exc.strerror}", EXIT_USAGE)
    except UnicodeDecodeError as exc:
        line = exc.object[: exc.start].count(b"\n") + 1
        fail(
            option,
            f"{escaped(path)} is not UTF-8 text (line {line:,}); save it as UTF-8, one URL a line",
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
CsvOption = Annotated[
    bool,
    typer.Option("--csv", help="Print the result as CSV on stdout (a header, then rows)."),
]


def output_format(as_json: bool, as_csv: bool) -> str:
    """'json', 'csv' or 'text'; both asked for is a usage error."""
    if as_json and as_csv:
        fail("usage", "give --json or --csv, not both", EXIT_USAGE)
    return "json" if as_json else "csv" if as_csv else "text"


@dataclass(frozen=True, slots=True)
class Where:
    """The warehouse a command uses, and whether the user named it (hints then repeat it)."""

    warehouse: Path | str
    named: bool


def which_warehouse(ctx: typer.Context, given: Path | str | None, loads: bool = False) -> Where:
    """The warehouse: --warehouse, NEWSROOM_WAREHOUSE, the nearest newsroom.toml's, or
    ./warehouse/newsroom.duckdb; the command says which, on stderr. A command that
    ``loads`` into it also says when no warehouse is there yet (a mistyped path would
    otherwise start a new warehouse without a word)."""
    if given is not None:
        source = ctx.get_parameter_source("warehouse")
        from_env = source is not None and source.name == "ENVIRONMENT"
        how = "NEWSROOM_WAREHOUSE" if from_env else "--warehouse"
        note(f"warehouse: {escaped(absolute(given))} ({how}){_new(given) if loads else ''}")
        return Where(given, True)
    from newsroom.config import warehouse_location

    try:
        warehouse, config = warehouse_location()
    except NewsroomError as exc:
        fail("config", shown(exc), EXIT_USAGE)
    new = _new(warehouse) if loads else ""
    if config is None:
        note(
            f"warehouse: {escaped(absolute(warehouse))}"
            f" (the default: no newsroom.toml here or in a folder above){new}"
        )
    else:
        note(f"warehouse: {escaped(absolute(warehouse))} (from {escaped(config)}){new}")
    return Where(warehouse, False)


def _new(warehouse: Path | str) -> str:
    """What to add when no local warehouse file is there yet ("; none is there yet: …"),
    else ""."""
    from newsroom.errors import NewsroomError
    from newsroom.warehouse.backend import parse

    try:
        path = parse(warehouse).path
    except NewsroomError:
        return ""  # the command's own check says what is wrong with it
    if path is None or path.exists():
        return ""
    folder = "" if path.parent.is_dir() else f", in a new folder {escaped(str(path.parent))}"
    return f"; none is there yet: this run starts a new warehouse{folder}"


def absolute(warehouse: Path | str) -> str:
    return str(warehouse.absolute()) if isinstance(warehouse, Path) else str(warehouse)


def checked_runner(value: str) -> str:
    """The runner setting, checked before any run starts (exit 2 if it makes no sense)."""
    from newsroom.config import ConfigError, parse_runner

    try:
        return str(parse_runner(value))
    except ConfigError as exc:
        fail("--runner", shown(exc), EXIT_USAGE)
