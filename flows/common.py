"""Pieces every flow shares: the progress bar and the run's summary artifact."""

from __future__ import annotations

import logging
import re
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import ExitStack, contextmanager
from typing import Any

from flows import owners
from newsroom.engine import RunDigest, RunOutcome
from newsroom.errors import EveryDocumentFailed
from newsroom.records import Rejection, RunSummary
from newsroom.report import counted
from newsroom.topics import TopicUpdate

# A run shorter than this shows no bar: it would only flicker.
PROGRESS_AFTER_SECONDS = 0.5
# Without a terminal (cron, a CI log, output to a file) a line of progress this often.
PROGRESS_LINE_SECONDS = 30.0


@contextmanager
def progress_bar(*, enabled: bool) -> Iterator[Callable[[int, int], None]]:
    """A progress bar on stderr for interactive runs, lines of progress when stderr is no
    terminal (``_progress_lines``); a no-op when not ``enabled``. The run calls
    ``advance(done, total)``, per document where it can; the bar appears once the run
    has taken ``PROGRESS_AFTER_SECONDS``. While it shows, Prefect's log lines are
    printed through the bar's console, above it, instead of over it."""
    if not enabled:
        yield lambda n, total: None
        return
    if not sys.stderr.isatty():
        yield _progress_lines()
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeRemainingColumn

    started = time.monotonic()
    done = 0
    with ExitStack() as stack:
        bar: list[tuple[Progress, Any]] = []

        def advance(n: int, total: int) -> None:
            nonlocal done
            done += n
            if not bar:
                if time.monotonic() - started < PROGRESS_AFTER_SECONDS:
                    return
                progress = stack.enter_context(
                    Progress(
                        "[progress.description]{task.description}",
                        BarColumn(),
                        MofNCompleteColumn(),
                        TimeRemainingColumn(),
                        console=Console(stderr=True),
                        transient=True,
                    )
                )
                stack.enter_context(_logs_through(progress.console))
                bar.append((progress, progress.add_task("ingesting", total=total)))
            progress, task_id = bar[0]
            progress.update(task_id, completed=done)

        yield advance


def _progress_lines(clock: Callable[[], float] = time.monotonic) -> Callable[[int, int], None]:
    """Progress as plain lines on stderr, one each ``PROGRESS_LINE_SECONDS`` ("ingesting:
    812 of 1,941 (41 %), 3 min 10 s so far, about 4 min 27 s left, then the load"), and
    one when all are read: a run whose output goes to a file or a log showed nothing
    between its first lines and its summary, and then no sense of how long it would take."""
    started = last = clock()
    done = 0

    def advance(n: int, total: int) -> None:
        nonlocal done, last
        done += n
        now = clock()
        spent = now - started
        finished = total > 0 and done >= total
        # the last one said as soon as all are read, in a run long enough to have lines:
        # the stories and the load come after it, and a trial's run was silent meanwhile
        if now - last < PROGRESS_LINE_SECONDS and not (finished and spent >= PROGRESS_LINE_SECONDS):
            return
        last = now
        share = f" ({100 * done // total} %)" if total else ""
        if finished:
            line = f"all read in {_min_s(spent)}; finding copies and loading"
        elif done > 0:
            # what is left at the pace so far (the terminal's bar shows the same estimate)
            left = _min_s(spent * (total - done) / done)
            line = f"{_min_s(spent)} so far, about {left} left, then the load"
        else:
            line = f"{_min_s(spent)} so far"
        print(f"ingesting: {done:,} of {total:,}{share}, {line}", file=sys.stderr, flush=True)

    return advance


def _min_s(seconds: float) -> str:
    """Seconds as "45 s" or "3 min 10 s"."""
    minutes, rest = divmod(int(seconds), 60)
    return f"{minutes} min {rest} s" if minutes else f"{rest} s"


@contextmanager
def _logs_through(console: Any) -> Iterator[None]:
    """Prefect's console log handlers print through ``console`` (the bar's) meanwhile."""
    handlers = [
        h
        for logger in [logging.getLogger(), *_loggers()]
        for h in logger.handlers
        if type(h).__name__ == "PrefectConsoleHandler" and hasattr(h, "console")
    ]
    before = [h.console for h in handlers]
    for handler in handlers:
        handler.console = console
    try:
        yield
    finally:
        for handler, own in zip(handlers, before, strict=True):
            handler.console = own


@contextmanager
def logs_to_run() -> Iterator[None]:
    """newsroom's own log records (``logging.getLogger("newsroom…")``: a warehouse made
    again, a wait for a read-write client) go to the flow run's log in the Prefect UI
    meanwhile, as they go to stderr. Prefect sends only its run loggers there; its
    ``PREFECT_LOGGING_EXTRA_LOGGERS`` setting would send others, but it is read once a
    process, and a changed ``PREFECT_*`` setting sends the run past the warm runner.
    Each record is tagged with this flow run's id, so one logged from a thread without
    Prefect's run context (the fetcher's, a dedup worker) lands in the run's log too."""
    from prefect.context import FlowRunContext
    from prefect.logging.handlers import APILogHandler

    context = FlowRunContext.get()
    if context is None or context.flow_run is None:
        yield
        return
    handler = APILogHandler()
    handler.addFilter(_OfRun(str(context.flow_run.id)))
    logger = logging.getLogger("newsroom")
    logger.addHandler(handler)
    try:
        yield
    finally:
        logger.removeHandler(handler)


# The flows whose runs newsroom records an owner for (``flows.owners``).
RUN_FLOWS = ("ingest-files", "ingest-urls")


def claim_run() -> None:
    """This process recorded as the owner of the flow run it runs (unless ``newsroom
    serve`` recorded itself), and the runs of newsroom's flows left going by a process of
    this machine that has gone marked crashed (``flows.owners``). A failure is a warning
    in the run's log, never the run's failure."""
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.filters import FlowFilter, FlowFilterName
    from prefect.context import FlowRunContext
    from prefect.states import Crashed

    context = FlowRunContext.get()
    if context is None or context.flow_run is None:
        return
    this = context.flow_run  # read when the run started: after serve recorded itself
    try:
        with get_client(sync_client=True) as client:
            if not this.infrastructure_pid:
                client.update_flow_run(this.id, infrastructure_pid=owners.owner(owners.RUN))
            runs = client.read_flow_runs(
                flow_filter=FlowFilter(name=FlowFilterName(any_=list(RUN_FLOWS))),
                flow_run_filter=owners.going(),
            )
            for run, message in owners.orphaned(r for r in runs if r.id != this.id):
                client.set_flow_run_state(run.id, Crashed(message=message), force=True)
    except Exception as exc:  # the API busy or gone: the run goes on
        logging.getLogger("newsroom").warning(
            "could not record this run's process or end runs left going: %s", exc
        )


class _OfRun(logging.Filter):
    def __init__(self, flow_run_id: str) -> None:
        super().__init__()
        self.flow_run_id = flow_run_id

    def filter(self, record: logging.LogRecord) -> bool:
        if not getattr(record, "flow_run_id", None):
            record.flow_run_id = self.flow_run_id
        return True


def _loggers() -> list[logging.Logger]:
    return [
        logger
        for logger in logging.Logger.manager.loggerDict.values()
        if isinstance(logger, logging.Logger)
    ]


def summary_markdown(
    summary: RunSummary,
    rejections: Sequence[Rejection],
    digest: RunDigest | None = None,
    stages: dict[str, float] | None = None,
    topics: Sequence[tuple[TopicUpdate, str]] = (),
) -> str:
    """The run's artifact: counts, the topics (linked to their artifacts), new stories and
    new copies, then errors by stage."""
    lines = [
        f"# Run `{summary.run_id}`",
        "",
        "| documents seen | new | changed | unchanged | new stories | duplicates | failed "
        "| seconds |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|",
        f"| {summary.seen} | {summary.new} | {summary.changed} | {summary.unchanged} "
        f"| {summary.new_stories} | {summary.duplicates} | {summary.failed} "
        f"| {summary.seconds:.1f} |",
        "",
        f"Warehouse: {_cell(summary.warehouse, 300)}",
    ]
    if summary.new == 0 and summary.changed == 0 and summary.failed == 0:
        lines += ["", "Nothing new."]
    if summary.failed_before:
        lines += [
            "",
            f"{summary.failed_before:,} {'file' if summary.failed_before == 1 else 'files'}"
            f" failed in an earlier run and {'is' if summary.failed_before == 1 else 'are'}"
            " unchanged: not read again.",
        ]
    if summary.moved:
        lines += [
            "",
            f"{summary.moved:,} {'file' if summary.moved == 1 else 'files'} read in an earlier"
            f" run {'was' if summary.moved == 1 else 'were'} found at a new path"
            " (`gone_files.moved_to`): the article there supersedes the old path's.",
        ]
    if summary.gone:
        lines += [
            "",
            f"{summary.gone:,} {'file' if summary.gone == 1 else 'files'} read in an earlier"
            f" run {'is' if summary.gone == 1 else 'are'} gone from the folders read"
            f" (`gone_files`); what {'it' if summary.gone == 1 else 'they'} loaded stays.",
        ]
    if stages:
        lines += ["", "| stage | seconds |", "|---|---:|"]
        lines += [f"| {stage} | {seconds:.2f} |" for stage, seconds in stages.items()]
    if topics:
        lines += [
            "",
            "## Topics",
            "",
            "| topic | new stories | grown stories | recent average | spike |",
            "|---|---:|---:|---:|---|",
        ]
        for update, page in topics:
            average = "" if update.recent_average is None else f"{update.recent_average:.1f}"
            lines.append(
                f"| [{_cell(update.topic)}]({page}) | {update.new_stories}"
                f" | {update.grown_stories} | {average} | {'**spike**' if update.spiked else ''} |"
            )
    digest = digest or RunDigest()
    if digest.stories:
        lines += ["", "## New stories", "", "| story | title | source |", "|---|---|---|"]
        lines += [
            f"| `{story}` | {_cell(title)} | {_cell(uri, 300)} |"
            for story, title, uri in digest.stories
        ]
        if summary.new_stories > len(digest.stories):
            lines.append(f"\n…the first {len(digest.stories)} of {summary.new_stories}.")
    if digest.copies:
        lines += [
            "",
            "## New duplicates of known stories",
            "",
            "| story | title | source | method | similarity |",
            "|---|---|---|---|---:|",
        ]
        for story, title, uri, link in digest.copies:
            lines.append(
                f"| `{story}` | {_cell(title)} | {_cell(uri, 300)} | {link.method}"
                f" | {link.similarity:.2f} |"
            )
        if summary.duplicates > len(digest.copies):
            lines.append(f"\n…the first {len(digest.copies)} of {summary.duplicates}.")
    if rejections:
        lines += ["", "## Errors by stage", "", "| stage | count |", "|---|---:|"]
        lines += [f"| {stage} | {n} |" for stage, n in sorted(summary.errors_by_stage.items())]
        lines += ["", "| source | stage | error | detail |", "|---|---|---|---|"]
        for r in rejections[:10]:
            lines.append(
                f"| {_cell(r.source_uri, 300)} | {r.stage} | {_cell(r.error)} | {_cell(r.detail)} |"
            )
        if len(rejections) > 10:
            lines.append(f"\n…and {len(rejections) - 10} more in `ingest_errors`.")
    return "\n".join(lines)


_MARKDOWN_SPECIAL = re.compile(r"([\\`*{}\[\]()#+!|~])")  # '_' inside words is text


def markdown_text(text: object, limit: int = 120) -> str:
    """Text from a page or a file (a title, a URL, an error) as inert markdown: HTML and
    markdown characters escaped, one line, at most ``limit`` characters. Nothing a page
    says becomes a tag, a link or a table cell border in the run's artifact."""
    flat = " ".join(str(text).split())[:limit]
    flat = flat.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _MARKDOWN_SPECIAL.sub(r"\\\1", flat)


_cell = markdown_text


def topic_markdown(update: TopicUpdate, warehouse: str | None = None) -> str:
    """A topic's artifact: what the run changed in it, and who is mentioned and quoted
    (in ``warehouse``: a run into another warehouse writes the same artifact key)."""
    since = f"{update.since:%Y-%m-%d %H:%M} UTC" if update.since else "the start"
    lines = [
        f"# Topic `{_cell(update.topic)}`",
        "",
        *([f"Warehouse: `{_cell(warehouse, 300)}`.", ""] if warehouse else []),
        f"Query: `{_cell(update.query, 300)}`. Since {since}:"
        f" {update.new_stories} new {'story' if update.new_stories == 1 else 'stories'},"
        f" {counted(update.grown_stories, 'story')} with new copies"
        f" ({counted(update.stories, 'story')}, {counted(update.articles, 'article')} in all).",
    ]
    if update.spiked:
        lines += ["", f"**Spike**: {_cell(update.spike_reason)}."]
    elif update.spike_reason:
        lines += ["", f"No spike: {_cell(update.spike_reason)}."]
    if update.changes:
        lines += [
            "",
            "## New and growing stories",
            "",
            "| story | title | change | copies (new) | outlets (new) |",
            "|---|---|---|---:|---|",
        ]
        for story in update.changes[:20]:
            added = f" (+{_cell(', '.join(story.outlets_added))})" if story.outlets_added else ""
            lines.append(
                f"| `{story.story_id}` | {_cell(story.title)} | {story.change}"
                f" | {story.copies} (+{story.copies_added})"
                f" | {_cell(', '.join(story.outlets))}{added} |"
            )
    if update.entities:
        lines += [
            "",
            "## Mentioned and quoted: this period (the one before)",
            "",
            "| kind | name | articles | quotes |",
            "|---|---|---:|---:|",
        ]
        lines += [
            f"| {e.kind} | {_cell(e.entity)} | {e.mentions} ({e.mentions_before})"
            f" | {e.quotes} ({e.quotes_before}) |"
            for e in update.entities
        ]
    return "\n".join(lines)


SPIKE_EVENT = "newsroom.topic.spiked"


def report_topics(
    updates: Sequence[TopicUpdate], warehouse: str | None = None
) -> list[tuple[TopicUpdate, str]]:
    """Each topic's artifact (key ``topic-NAME``) and its link for the summary; a
    ``newsroom.topic.spiked`` event for each topic that spiked (docs/operations.md says
    how an automation notifies on it)."""
    from prefect.artifacts import create_markdown_artifact
    from prefect.events import emit_event
    from prefect.settings import PREFECT_UI_URL

    ui = (PREFECT_UI_URL.value() or "").rstrip("/")
    linked = []
    for update in updates:
        artifact = create_markdown_artifact(
            markdown=topic_markdown(update, warehouse),
            key=f"topic-{update.topic.replace('_', '-')}",
            description=f"Topic {update.topic} after this run"
            + (f", in {warehouse}" if warehouse else ""),
        )
        linked.append((update, f"{ui}/artifacts/artifact/{artifact}"))
        if update.spiked:
            emit_event(
                event=SPIKE_EVENT,
                resource={
                    "prefect.resource.id": f"newsroom.topic.{update.topic}",
                    "prefect.resource.name": update.topic,
                },
                payload={
                    "topic": update.topic,
                    "query": update.query,
                    "run_id": update.run_id,
                    "new_stories": update.new_stories,
                    "recent_average": update.recent_average,
                    "rule": update.spike_rule,  # newsroom.topics: which rule fired
                    "reason": update.spike_reason,
                    "titles": [s.title for s in update.changes if s.change == "new"][:10],
                },
            )
    return linked


def report_run(outcome: RunOutcome) -> RunSummary:
    """A finished run's summary: logged, and published as the flow's markdown artifact,
    after an artifact per topic it links to. When every document the run tried failed,
    a warning says how many and where they are listed, and ``EveryDocumentFailed`` ends
    the flow run Failed (its errors are loaded already); some failed among others
    loaded is a normal run."""
    from prefect.artifacts import create_markdown_artifact
    from prefect.logging import get_run_logger

    summary, flow = outcome.summary, outcome.record.flow
    topics = report_topics(outcome.topics, summary.warehouse)
    create_markdown_artifact(
        markdown=summary_markdown(
            summary, outcome.rejections, outcome.digest, stages=outcome.stages, topics=topics
        ),
        key=f"{flow}-summary",
        description=f"What this {flow} run did",
    )
    # every count that makes up "seen" (trial17: moved, gone and failed before were left
    # out, and the line did not add up)
    extra = [
        f", {label} {n}"
        for label, n in (
            ("failed before", summary.failed_before),
            ("moved", summary.moved),
            ("gone", summary.gone),
        )
        if n
    ]
    get_run_logger().info(
        "seen %d, new %d, changed %d, unchanged %d, new stories %d, duplicates %d, failed %d%s",
        summary.seen,
        summary.new,
        summary.changed,
        summary.unchanged,
        summary.new_stories,
        summary.duplicates,
        summary.failed,
        "".join(extra),
    )
    if summary.every_one_failed:
        import shlex

        tried = "the one document" if summary.failed == 1 else f"all {summary.failed} documents"
        message = (
            f"{tried} this run tried failed, nothing was loaded:"
            f" newsroom errors --run {summary.run_id}"
            + (f" --warehouse {shlex.quote(summary.warehouse)}" if summary.warehouse else "")
            + " lists them"
        )
        get_run_logger().warning("%s", message)
        raise EveryDocumentFailed(message, summary)
    return summary
