"""The ``newsroom`` command: a thin layer over the flows and the warehouse.

It turns newsroom's own errors into one-line messages and exit codes (``EXIT_CODES``);
everything it does is done by the flows beside it (runs) or ``newsroom.warehouse``
(queries). It sits here, beside the flows it starts, so the core package ``newsroom``
imports neither.

``newsroom --help`` must be quick: this module imports only typer and light parts of the
core at the top; each command imports what it needs (Prefect, DuckDB, rich) when it runs.
"""

from __future__ import annotations

import glob
import logging
import os
import shlex
import shutil
import signal
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, NoReturn

import typer

from newsroom.errors import EveryDocumentFailed, NewsroomError
from newsroom.settings import (
    DEFAULT_BATCH_SIZE,
    DEFAULT_CHUNK_SIZE,
    USER_AGENT,
)
from newsroom.sources.files import DEFAULT_MAX_BYTES

if TYPE_CHECKING:
    from types import FrameType

    from newsroom.records import Rejection, RunSummary

from flows.cli_admin import errors, export, status, warehouse_app
from flows.cli_base import (
    EXIT_CODES,
    EXIT_FAILED,
    EXIT_INTERRUPTED,
    EXIT_OK,
    EXIT_USAGE,
    Command,
    CsvOption,
    JsonOption,
    RunnerOption,
    WarehouseOption,
    Where,
    absolute,
    app,
    check_text_file,
    checked_runner,
    console,
    escaped,
    fail,
    finished,
    note,
    output_format,
    print_csv,
    print_json,
    run_exit_code,
    say,
    shown,
    state,
    wall_seconds,
    which_warehouse,
)
from flows.cli_search import report, search
from flows.failed_runs import note_failed
from flows.tempapi import start_temporary_api

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
    if state.warm:  # Prefect has read PREFECT_LOGGING_LEVEL already, in the warm runner
        logging.getLogger("prefect").setLevel(os.environ["PREFECT_LOGGING_LEVEL"])
    from flows.server import choose_api

    choice = choose_api()
    found = choice.url if choice.found else None
    if found is not None:
        os.environ["PREFECT_API_URL"] = found  # for child processes (Dask workers)
    note(f"Prefect: {escaped(choice.how)}" + ("; run by the warm runner" if state.warm else ""))
    _mark_expected_errors()
    return found


def _mark_expected_errors() -> None:
    """``_ExpectedErrors`` on the loggers Prefect reports a run's end with: the run's own,
    and the engine's, which a Ctrl-C that lands while the flow run's context is set up or
    torn down is logged by (CI saw its "Crash detected!" there, once in about thirty)."""
    for name in (*_RUN_LOGGERS, "prefect.engine"):
        logger = logging.getLogger(name)
        if not any(isinstance(f, _ExpectedErrors) for f in logger.filters):
            logger.addFilter(_ExpectedErrors())


class _ExpectedErrors(logging.Filter):
    """Prefect logs a failed run's exception with its traceback, from the task that raised
    it and again from the flow. For newsroom's own errors (a full disk, a busy or broken
    warehouse) the message says all there is to say, and the command prints it as its
    'run failed:' line: no traceback for them, and the records are marked as expected, so
    that the terminal shows the reason once (``_NotOnTheTerminal``); Prefect's API (the
    UI's run logs) keeps them. So too Prefect's lines of a Ctrl-C ("Crash detected!
    Execution was aborted by an interrupt signal."), which the command reports as its
    'interrupted:' line."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.exc_info and isinstance(record.exc_info[1], NewsroomError):
            record.exc_info = None
            record.exc_text = None
            record.newsroom_expected = True
        elif record.levelno >= logging.ERROR and _names_expected_error(record.getMessage()):
            record.newsroom_expected = True  # a task's "Finished in state Failed(… Error: …)"
        elif _INTERRUPTED in record.getMessage():
            # Ctrl-C: "Crash detected! …", "Finished in state Crashed(…)", of the tasks
            # and the flow; the command says "interrupted: …" itself
            record.newsroom_expected = True
        return True


# How Prefect's run engine words a run or task crashed by KeyboardInterrupt (Ctrl-C).
_INTERRUPTED = "Execution was aborted by an interrupt signal"


def _names_expected_error(message: str) -> bool:
    """Whether a log message reports one of newsroom's own errors by its class's name, as
    Prefect's final state of a failed task does ("… encountered an exception
    WarehouseError: …")."""
    return any(f"exception {name}:" in message for name in _error_names())


def _error_names() -> set[str]:
    names, todo = set(), [NewsroomError]
    while todo:
        cls = todo.pop()
        names.add(cls.__name__)
        todo += cls.__subclasses__()
    return names


class _NotOnTheTerminal(logging.Filter):
    """Keeps the records ``_ExpectedErrors`` marked off the terminal, the run's own lines
    under a warning without -v (they go to its log in the Prefect UI:
    ``_run_logs_to_the_api``), and those of the temporary Prefect API's background
    services cancelled as the command ends (a service caught flushing its events logs the
    cancellation as an error, with a long traceback, after a run that succeeded: nothing
    failed)."""

    def filter(self, record: logging.LogRecord) -> bool:
        if getattr(record, "newsroom_expected", False):
            return False
        if (
            not state.verbose
            and record.levelno < logging.WARNING
            and record.name.startswith(_RUN_LOGGERS)
        ):
            return False
        import asyncio  # imported by Prefect long before a record comes

        return not (
            record.name.startswith("prefect.server.")
            and record.exc_info is not None
            and isinstance(record.exc_info[1], asyncio.CancelledError)
        )


# Prefect's loggers of a flow run's and its task runs' lines: the run's log in the UI.
_RUN_LOGGERS = ("prefect.flow_runs", "prefect.task_runs")


def _run_logs_to_the_api() -> None:
    """Without -v the terminal shows warnings and the result only; the run's log in the
    Prefect UI still gets its INFO lines ("Beginning flow run", each task's state,
    newsroom's own): a trial's run had none there, the UI an empty log. Kept off the
    terminal by ``_NotOnTheTerminal``."""
    for name in _RUN_LOGGERS:
        logger = logging.getLogger(name)
        if logger.getEffectiveLevel() > logging.INFO:
            logger.setLevel(logging.INFO)


def _quiet_expected_errors() -> None:
    """Prefect's terminal handler (set up once Prefect is imported) leaves out the records
    of an expected failure, which the command prints itself."""
    from prefect.logging.handlers import PrefectConsoleHandler

    for handler in logging.getLogger().handlers:
        if isinstance(handler, PrefectConsoleHandler) and not any(
            isinstance(f, _NotOnTheTerminal) for f in handler.filters
        ):
            handler.addFilter(_NotOnTheTerminal())


# The flow a run command starts, by the noun its summary counts.
_FLOWS = {"files": "ingest-files", "URLs": "ingest-urls", "responses": "reprocess"}


def _run(
    flow: Callable[[], RunSummary],
    sources: list[str],
    where: Where,
    form: str,
    noun: str,
    api: str | None,
) -> NoReturn:
    """Start a run (reporting to ``api`` when a running server was found), print its
    summary (or its JSON) and exit with its code."""
    import httpx  # what the Prefect client raises when its API goes away
    from prefect.settings import (
        PREFECT_API_URL,
        PREFECT_SERVER_EPHEMERAL_ENABLED,
        temporary_settings,
    )

    from newsroom.config import ConfigError, declared_topics

    try:  # the run would read them at its end: a mistake in them is said before it starts
        declared_topics()
    except ConfigError as exc:
        fail("the topics in newsroom.toml", shown(exc), EXIT_USAGE)
    _quiet_expected_errors()
    _run_logs_to_the_api()
    from flows.warm import tell_command

    tell_command(warehouse=str(absolute(where.warehouse)), flow=_FLOWS.get(noun, noun))
    if noun == "URLs" and any(kept := _kept(where)):
        said = _kept_words(*kept)
        note(f"going on from a run that did not finish: {said} taken, not asked for again")
    existed = _exists(where.warehouse)  # a first run that is interrupted creates none
    last_before = _last_run(where) if existed else None
    api_used = [""]  # the API the run reports to, once known
    try:
        with (
            ctrl_c_stops_the_run(),
            temporary_settings(updates={PREFECT_API_URL: api} if api else {}),
        ):
            if not PREFECT_API_URL.value() and PREFECT_SERVER_EPHEMERAL_ENABLED.value():
                start_temporary_api()  # guarded: a killed run leaves no server behind
            api_used[0] = str(PREFECT_API_URL.value() or "")
            summary = flow()
    except EveryDocumentFailed as exc:  # finished and recorded: a summary like any run's
        summary = exc.summary
    except httpx.TransportError as exc:  # the Prefect API went away (a server stopped)?
        if not _asked(exc, api_used[0]):
            raise
        _api_gone(exc, where, noun, last_before)
    except NewsroomError as exc:
        note_failed(where.warehouse, _FLOWS.get(noun, noun), "failed", str(exc))
        fail("run failed", shown(exc) + _pages_kept(where, noun))
    except KeyboardInterrupt:
        note_failed(where.warehouse, _FLOWS.get(noun, noun), "interrupted", "Ctrl-C")
        named = escaped(absolute(where.warehouse))
        if existed:
            after = f"; {named} is as it was before it"
        elif not _exists(where.warehouse):
            after = f", and no warehouse was created at {named} (there was none before it)"
        else:  # none before, one now: not of this run, which publishes nothing interrupted
            after = ""
        fail(
            "interrupted",
            f"nothing of this run was loaded{after}" + _pages_kept(where, noun),
            code=EXIT_INTERRUPTED,
        )
    wall = wall_seconds()
    code = run_exit_code(summary)
    finished(code)
    if form == "json":
        print_json(_summary_json(summary, wall, code))
    elif form == "csv":
        fields = _summary_json(summary, wall, code)
        fields["errors_by_stage"] = ";".join(
            f"{stage}={n}" for stage, n in sorted(summary.errors_by_stage.items())
        )
        print_csv(list(fields), [list(fields.values())])
    else:
        _print_summary(summary, sources, where, noun, wall)
    raise typer.Exit(code)


def _last_run(where: Where) -> str | None:
    """The id of the warehouse's last finished run, None before the first, or when it
    cannot be read (a lake another process is creating has no tables yet): only what
    the command says if the Prefect API goes away depends on it."""
    from newsroom.warehouse import Warehouse

    try:
        return Warehouse(where.warehouse).last_run()
    except Exception:  # any error here is no reason to stop the run
        return None


def _asked(exc: Exception, api: str) -> bool:
    """Whether a failed request was one to the Prefect API at ``api`` (a request whose
    address is unknown is taken for one: no other reaches the command)."""
    try:
        url = str(exc.request.url)  # type: ignore[attr-defined]
    except (AttributeError, RuntimeError):
        return True
    return not api or url.startswith(api.rstrip("/"))


def _run_flow(where: Where, run_id: str) -> str:
    from newsroom.warehouse import Warehouse

    return Warehouse(where.warehouse).run_info(run_id)[0]


def _api_gone(exc: Exception, where: Where, noun: str, last_before: str | None) -> NoReturn:
    """The Prefect API stopped answering during the run (its server stopped): say so once,
    and whether the run got as far as loading, by the warehouse's own record of it. A run
    that loaded ends as it would have, its figures read back; one that did not failed."""
    flow = _FLOWS.get(noun, noun)
    gone = f"the Prefect API stopped answering during the run ({shown(exc)})"
    run_id = _last_run(where) if _exists(where.warehouse) else None
    if run_id is None or run_id == last_before or _run_flow(where, run_id) != flow:
        note_failed(where.warehouse, flow, "failed", gone)
        fail("run failed", f"{gone}: nothing of it was loaded" + _pages_kept(where, noun))
    from flows.cli_base import figures_exit_code
    from newsroom.warehouse import Warehouse

    figures = Warehouse(where.warehouse).run_figures(run_id)
    code = EXIT_OK if figures is None else figures_exit_code(figures)
    figures = figures or {}
    finished(code)
    counts = ", ".join(f"{name} {figures[name]:,}" for name in figures)
    note(
        f"{gone} after it had loaded: run {run_id[:8]} is in the warehouse ({counts}), but"
        " the Prefect UI's record of it is incomplete. Its failures: newsroom errors --run"
        f" {run_id[:8]}"
    )
    raise typer.Exit(code)


def _pages_kept(where: Where, noun: str) -> str:
    """What a URL run that did not finish leaves for the next (``newsroom.sources.fetched``),
    as a sentence to add; nothing for other runs, or when nothing is kept."""
    if noun != "URLs":
        return ""
    from newsroom.settings import settings

    kept, refusals = _kept(where)
    if not kept and not refusals:
        return ""
    hours = f"{settings().keep_fetched:g}"
    them = "it" if kept + refusals == 1 else "them"
    return (
        f". {_kept_words(kept, refusals).capitalize()} kept for {hours} h: the same command"
        f" takes {them} instead of asking again"
    )


def _kept(where: Where) -> tuple[int, int]:
    from newsroom.sources.fetched import kept_counts
    from newsroom.warehouse.backend import parse

    try:
        return kept_counts(parse(where.warehouse).absolute().url)
    except NewsroomError:
        return 0, 0


def _kept_words(pages: int, refusals: int) -> str:
    """ "the 412 pages fetched and 6,133 refusals (gone, robots.txt) are": what a stopped
    URL run left for the next."""
    parts = []
    if pages:
        parts.append("the page fetched" if pages == 1 else f"the {pages:,} pages fetched")
    if refusals:
        refused = "1 refusal" if refusals == 1 else f"{refusals:,} refusals"
        parts.append(f"{refused} (gone, robots.txt)" if pages else f"the {refused}")
    verb = "is" if pages + refusals == 1 else "are"
    return f"{' and '.join(parts)} {verb}"


@contextmanager
def ctrl_c_stops_the_run() -> Iterator[None]:
    """Ctrl-C raises KeyboardInterrupt where it lands, as by default, and is remembered
    (``newsroom.engine.compute.STOP``): a library that swallows the KeyboardInterrupt
    cannot keep the run going, as the next stage raises it again, before anything is
    published. (Two full test suites each saw a single Ctrl-C lost that way: the run
    loaded everything and exited 0.) And an error that ends the run after a press is
    raised as the KeyboardInterrupt it came from."""
    from newsroom.engine.compute import STOP

    def pressed(signum: int, frame: FrameType | None) -> None:
        STOP.set()
        signal.default_int_handler(signum, frame)

    STOP.clear()
    try:
        before = signal.signal(signal.SIGINT, pressed)
    except ValueError:  # not the main thread: the interpreter's handler stays
        yield
        return
    try:
        yield
    except (KeyboardInterrupt, EveryDocumentFailed):  # the latter finished: it is recorded
        raise
    except BaseException as exc:
        # A library can also turn the KeyboardInterrupt into an error of its own: Prefect's
        # engine, hit while creating a task run, raised ValueError('Task run is not set')
        # recording the crash (a full suite's run exited 1, not 130). After a press, an
        # error that ends the run unfinished is the interrupt's.
        if STOP.is_set():
            raise KeyboardInterrupt(f"Ctrl-C, which then raised {exc!r}") from exc
        raise
    finally:
        signal.signal(signal.SIGINT, before)
        STOP.clear()


def _exists(warehouse: Path | str) -> bool:
    """Whether there is a warehouse there (a DuckLake's catalog on PostgreSQL always is);
    a warehouse that cannot be looked at counts as one."""
    from newsroom.warehouse import Warehouse

    try:
        return Warehouse(warehouse).exists()
    except NewsroomError:
        return True


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
        "translations": summary.translations,
        "failed": summary.failed,
        "failed_before": summary.failed_before,
        "gone": summary.gone,
        "moved": summary.moved,
        "errors_by_stage": dict(summary.errors_by_stage),
        "run_seconds": round(summary.seconds, 3),
        "wall_seconds": round(wall, 3),
        "exit_code": code,
    }


def _print_summary(
    summary: RunSummary, sources: list[str], where: Where, noun: str, wall: float
) -> None:
    from rich.table import Table

    out = console()
    # the counts right-aligned, with thousands marked, and no spaces after them (a piped
    # summary's lines ended in spaces)
    table = Table(show_header=False, box=None, padding=(0, 0, 0, 2))
    table.add_column()
    table.add_column(justify="right")
    rows = [
        (f"{noun} seen", summary.seen),
        ("new", summary.new),
        ("changed (new version kept)", summary.changed),
        ("unchanged", summary.unchanged),
        ("new stories", summary.new_stories),
        ("duplicates (copies of known stories)", summary.duplicates),
        ("translations linked", summary.translations if summary.translations else None),
        ("failed", summary.failed),
        (
            "failed before, failing the same way"
            if noun == "responses"
            else "failed before, unchanged (not read again)",
            summary.failed_before or None,
        ),
        ("moved or renamed (same bytes at a new path)", summary.moved or None),
        ("gone since an earlier run", summary.gone or None),
    ]
    for label, n in rows:
        if n is not None:
            table.add_row(label, f"{n:,}")
    loaded = summary.new + summary.changed + summary.unchanged
    done = "Ingested" if loaded or not summary.failed else "Nothing ingested from"
    out.print(
        f"\n{done} {escaped(', '.join(sources))} into [bold]{escaped(where.warehouse)}[/bold]"
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
        out.print(f"{summary.failed} failed ({stages}):")
        shown = _first_errors(where, summary.run_id)
        for error in shown:
            out.print(
                f"  {escaped(error.source_uri)}: {error.stage} {error.error}"
                f" ({escaped(error.detail)})",
                soft_wrap=True,
            )
        hidden = summary.failed - len(shown)
        more = f"  … and {hidden:,} more" if hidden > 0 else "In full"
        out.print(f"{more}: newsroom errors --run {summary.run_id}{warehouse_arg}")
    if summary.failed_before and noun == "responses":  # reprocess reads every one again
        one = summary.failed_before == 1
        out.print(
            f"{summary.failed_before:,} archived {'page' if one else 'pages'} still"
            f" {'fails' if one else 'fail'} as {'it' if one else 'they'} failed before: not"
            f" recorded again (newsroom errors --failing{warehouse_arg} lists them)."
        )
    elif summary.failed_before:
        verb = "is" if summary.failed_before == 1 else "are"
        out.print(
            f"{summary.failed_before:,} failed in an earlier run and {verb} unchanged: not read"
            f" again (newsroom errors --failing{warehouse_arg} lists them; --retry-failed"
            " reads them)."
        )
    if summary.moved:
        one = summary.moved == 1
        out.print(
            f"{summary.moved:,} {'file' if one else 'files'} read in an earlier run"
            f" {'was' if one else 'were'} found at a new path: the article at the new path"
            f" supersedes the old path's (gone_files.moved_to names {'it' if one else 'them'})."
        )
    if summary.gone:
        one = summary.gone == 1
        files, verb, they = ("file", "is", "it") if one else ("files", "are", "they")
        out.print(
            f"{summary.gone:,} {files} read in an earlier run {verb} gone from the folders"
            f" read: what {they} loaded stays (the table gone_files lists"
            f" {'it' if one else 'them'})."
        )
    from newsroom.warehouse import store_for

    out.print(
        "Look at it: "
        + escaped(store_for(where.warehouse).how_to_query(str(where.warehouse), _duckdb_cli()))
    )


# The failures a run's summary shows; ``newsroom errors`` lists them all.
_SHOWN_ERRORS = 3


def _first_errors(where: Where, run_id: str) -> list[Rejection]:
    """The run's first failures with their reasons ("--allow-private" is in a fetch's), or
    none when the warehouse cannot be read now (the summary stands without them)."""
    from newsroom.warehouse import Warehouse

    try:
        errors: list[Rejection] = Warehouse(where.warehouse).run_errors(run_id, _SHOWN_ERRORS)
    except NewsroomError:
        return []
    return errors


def _duckdb_cli() -> str:
    """The DuckDB shell as the user can type it: ``duckdb`` when it is on PATH, else the
    one installed beside this Python (``.venv/bin/duckdb``)."""
    if shutil.which("duckdb"):
        return "duckdb"
    beside = Path(sys.executable).parent / "duckdb"
    return shlex.quote(str(beside)) if beside.exists() else "duckdb"


def _outlet(name: str | None) -> str | None:
    """The outlet named with ``--outlet``, its spaces tidied; a blank name is a usage error."""
    if name is None:
        return None
    tidy = " ".join(name.split())
    if not tidy:
        fail("--outlet is blank", "name the outlet, as in --outlet 'BBC News'", EXIT_USAGE)
    return tidy


def _missing(paths: list[str]) -> list[str]:
    """Paths that name nothing: a file or folder that does not exist, a glob pattern that
    matches no file (most likely mistyped; a run would only record it as an error)."""
    return [
        p
        for p in paths
        if not os.path.lexists(p) and not (set("*?[") & set(p) and glob.glob(p, recursive=True))
    ]


@app.command(cls=Command, epilog=EXIT_CODES)
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
    outlet: Annotated[
        str | None,
        typer.Option(
            metavar="NAME",
            help="The outlet these files come from ('BBC News'), for files that do not name"
            " their own (a saved page's site name wins). Stored as the article's site_name"
            " with the method 'given'; without it a file's outlet is 'file'.",
        ),
    ] = None,
    retry_failed: Annotated[
        bool,
        typer.Option(
            "--retry-failed",
            help="Read again the files that failed in an earlier run and have not changed"
            " since (by default they are skipped and counted as 'failed before').",
        ),
    ] = False,
    as_json: JsonOption = False,
    as_csv: CsvOption = False,
) -> None:
    """Ingest text files (PATH...: files, directories or glob patterns) into the
    warehouse, through the Prefect flow 'ingest-files'.

    A path that does not exist, or a pattern that matches no file, stops the command at
    once (exit 2). The warehouse's own
    files are never read as documents. Files already loaded and unchanged are not read
    again; nor are files that failed before and are unchanged (--retry-failed reads them).
    """
    form = output_format(as_json, as_csv)
    missing = _missing(paths)
    if missing:
        fail("no such file or directory, or no file matches", escaped(", ".join(missing)),
             EXIT_USAGE)  # fmt: skip
    given_outlet = _outlet(outlet)
    runner = checked_runner(runner)
    where = which_warehouse(ctx, warehouse, loads=True)
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
            show_progress=form == "text",
            outlet=given_outlet,
            retry_failed=retry_failed,
        ),
        list(paths),
        where,
        form,
        "files",
        api,
    )


@app.command(cls=Command, epilog=EXIT_CODES)
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
    ignore_lastmod: Annotated[
        bool,
        typer.Option(
            "--ignore-lastmod",
            help="Ask for every page a sitemap lists, whatever its <lastmod> says (for sites"
            " that leave it stale when they edit a page); pages fetched before are asked for"
            " conditionally and count as unchanged when the site says so.",
        ),
    ] = False,
    retry_failed: Annotated[
        bool,
        typer.Option(
            "--retry-failed",
            help="Ask again for the pages whose last attempt failed in a way asking again"
            " does not mend (gone, refused by robots.txt, no article in them): by default"
            " a feed's or sitemap's pages that did are skipped and counted as 'failed"
            " before' until their sitemap says they changed.",
        ),
    ] = False,
    runner: RunnerOption = "local",
    as_json: JsonOption = False,
    as_csv: CsvOption = False,
) -> None:
    """Fetch web pages (URL..., --urls-file, --feed, --sitemap) into the warehouse,
    through the Prefect flow 'ingest-urls'.

    An argument that is no http or https URL stops the command at once (exit 2); the
    lines of a --urls-file that are not are recorded as errors of the run.
    """
    form = output_format(as_json, as_csv)
    if not (urls or urls_file or feed or sitemap):
        fail("nothing to fetch", "give URLs, --urls-file, --feed or --sitemap", EXIT_USAGE)
    from newsroom.sources.http import unusable_url

    unusable = [
        p for u in (*(urls or []), *(feed or []), *(sitemap or [])) if (p := unusable_url(u))
    ]
    if unusable:
        fail("not a web address", escaped("; ".join(unusable)), EXIT_USAGE)
    if urls_file is not None:
        check_text_file(urls_file, "--urls-file")
    runner = checked_runner(runner)
    where = which_warehouse(ctx, warehouse, loads=True)
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
            show_progress=form == "text",
            trust_canonical_from=list(trust_canonical_from or []),
            trust_lastmod=not ignore_lastmod,
            retry_failed=retry_failed,
        ),
        sources,
        where,
        form,
        "URLs",
        api,
    )


@app.command(cls=Command, epilog=EXIT_CODES)
def reprocess(
    ctx: typer.Context,
    warehouse: WarehouseOption = None,
    runner: RunnerOption = "local",
    as_json: JsonOption = False,
    as_csv: CsvOption = False,
) -> None:
    """Re-extract every archived web page (no fetching); changed text becomes a new
    revision."""
    form = output_format(as_json, as_csv)
    runner = checked_runner(runner)
    where = which_warehouse(ctx, warehouse)
    api = _prefect_defaults()
    from flows.reprocess import reprocess as reprocess_flow

    _run(
        lambda: reprocess_flow(
            warehouse=str(where.warehouse), runner=runner, show_progress=form == "text"
        ),
        ["archived responses"],
        where,
        form,
        "responses",
        api,
    )


# -- reading the warehouse -------------------------------------------------------------------


# The commands that read or look after a warehouse (flows.cli_admin), in help's order.
app.command(cls=Command)(errors)
app.command(cls=Command)(status)
app.command(cls=Command)(export)
app.command(cls=Command)(search)
app.command(cls=Command)(report)


@app.command(cls=Command)
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
        fail("config", shown(exc), EXIT_USAGE)
    if not (settings.folders or settings.feeds):
        fail("config", f"{settings.source} has no [[folders]] or [[feeds]]: nothing to serve", 2)
    os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
    os.environ.setdefault("DO_NOT_TRACK", "1")
    os.environ["NEWSROOM_CONFIG"] = str(settings.source)  # the runs update its [[topics]]
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
        fail("error", shown(exc))


def _serve(settings: Any, limit: int | None, api: str | None = None) -> None:
    from flows.serve import first_runs, serve_config, serve_start

    start = serve_start()
    say(f"Serving {escaped(settings.source)} into [bold]{escaped(settings.warehouse)}[/bold]:")
    for name, what, first in first_runs(settings, start):
        say(f"  {name}: {escaped(what)}; first run {first:%Y-%m-%d %H:%M:%S} UTC")
    serve_config(settings, limit=limit, api=api, start=start)


# -- the background Prefect server ----------------------------------------------------------

server_app = typer.Typer(
    help="Keep a Prefect server running in the background, so runs start quickly.",
    no_args_is_help=True,
)
app.add_typer(server_app, name="server")


@server_app.command("start", cls=Command)
def server_start(
    port: Annotated[int, typer.Option(min=1, max=65535, metavar="PORT")] = 4200,
    warm: Annotated[
        bool,
        typer.Option(
            "--warm/--no-warm",
            help="Also keep the warm runner: a process with everything a run needs already"
            " imported, to which ingest, fetch and reprocess hand their runs (seconds"
            " quicker each).",
        ),
    ] = True,
) -> None:
    """Start a Prefect server on 127.0.0.1 in the background (until 'newsroom server
    stop'); every newsroom run then uses it, and its UI shows their history."""
    from flows.server import BackgroundServer, ServerError, WarmRunner

    server = BackgroundServer()
    try:
        if server.running():
            say(f"already running: {server.api} (pid {server.pid}); UI {server.api[:-4]}")
        else:
            note("starting the Prefect server (this takes up to a minute)…")
            api = server.start(port)
            say(
                f"Prefect server running: {api} (pid {server.pid}); UI {api[:-4]}; log {server.log}"
            )
        runner = WarmRunner()
        if warm and not runner.running():
            pid = runner.start()
            say(f"warm runner ready (pid {pid}): runs skip their imports; log {runner.log}")
    except ServerError as exc:
        fail("server", escaped(exc))


@server_app.command("stop", cls=Command)
def server_stop() -> None:
    """Stop the background Prefect server and the warm runner."""
    from flows.server import BackgroundServer, WarmRunner

    runner = WarmRunner()
    pid = runner.pid
    if runner.stop():
        say(f"stopped the warm runner (pid {pid})")
    server = BackgroundServer()
    pid = server.pid
    if server.stop():
        say(f"stopped the Prefect server (pid {pid})")
    else:
        say("no background Prefect server was running")


@server_app.command("status", cls=Command)
def server_status(as_json: JsonOption = False) -> None:
    """Whether the background Prefect server runs, and which API runs use (exit 0 when a
    server answers, 1 when runs would start a temporary one)."""
    from flows.server import BackgroundServer, WarmRunner, choose_api

    server = BackgroundServer()
    running = server.running()
    runner = WarmRunner()
    warm = runner.running()
    choice = choose_api()
    if as_json:
        print_json(
            {
                "background_server": server.api if running else None,
                "pid": server.pid if running else None,
                "warm_runner_pid": runner.pid if warm else None,
                "runs_use": choice.url,
                "how": choice.how,
            }
        )
    else:
        if running:
            say(f"background Prefect server: {server.api} (pid {server.pid}), log {server.log}")
        else:
            say("background Prefect server: not running ('newsroom server start' starts one)")
        if warm:
            say(f"warm runner: pid {runner.pid}, log {runner.log}")
        else:
            say("warm runner: not running (runs import everything themselves)")
        if choice.temporary:
            say("runs start a temporary Prefect server each, which adds half a minute or so")
        else:
            say(f"runs use {escaped(choice.how)}")
    raise typer.Exit(EXIT_FAILED if choice.temporary else EXIT_OK)


# -- warehouses ------------------------------------------------------------------------------

app.add_typer(warehouse_app, name="warehouse")


def main() -> None:
    """The console entry point: a run command goes to the warm runner when one is there
    (``flows.warm``), else the command runs here."""
    from flows.cli_base import STARTED
    from flows.warm import hand_over

    code = hand_over(sys.argv[1:], STARTED)
    if code is not None:
        sys.exit(code)
    app(prog_name="newsroom")


__all__ = ["EXIT_CODES", "app", "main", "run_exit_code"]
