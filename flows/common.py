"""Pieces every flow shares: the retry rule, the progress bar, the run artifact."""

from __future__ import annotations

import re
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from time import perf_counter
from typing import Any, TypeVar, cast

from newsroom.backends import parse as parse_url
from newsroom.dedup import Link
from newsroom.errors import TransientError
from newsroom.pipeline import summarise
from newsroom.records import Article, LoadResult, Rejection, RunSummary
from newsroom.warehouse import RunRecord, Warehouse

# Below this many documents a run is short and a progress bar is noise.
PROGRESS_MIN_ITEMS = 200


T = TypeVar("T")


def unwalked(value: T) -> T:
    """A large task argument Prefect passes as it is, without walking every element for
    futures and lineage (about 5% of a 10,000-document run otherwise)."""
    from prefect.utilities.annotations import quote

    return cast(T, quote(value))


class StageClock:
    """Seconds spent per stage of a run, for its artifact."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = {}

    @contextmanager
    def __call__(self, stage: str) -> Iterator[None]:
        started = perf_counter()
        try:
            yield
        finally:
            self.seconds[stage] = self.seconds.get(stage, 0.0) + perf_counter() - started


def retry_transient(task: Any, task_run: Any, state: Any) -> bool:
    """Prefect ``retry_condition_fn``: retry only what may pass (a busy warehouse, a timeout)."""
    try:
        state.result()
    except TransientError:
        return True
    except Exception:
        return False
    return False


@contextmanager
def progress_bar(total: int, *, enabled: bool) -> Iterator[Callable[[int], None]]:
    """A progress bar on stderr for long interactive runs; a no-op otherwise."""
    if not enabled or total < PROGRESS_MIN_ITEMS or not sys.stderr.isatty():
        yield lambda n: None
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeRemainingColumn

    with Progress(
        "[progress.description]{task.description}",
        BarColumn(),
        MofNCompleteColumn(),
        TimeRemainingColumn(),
        console=Console(stderr=True),
        transient=True,
    ) as progress:
        bar = progress.add_task("ingesting", total=total)
        yield lambda n: progress.advance(bar, n)


@dataclass
class RunDigest:
    """The first new stories and new copies of a run, for its artifact (not all of them:
    a run of a million articles is summarised, not listed)."""

    limit: int = 20
    stories: list[tuple[str, str, str]] = field(default_factory=list)  # story, title, source
    copies: list[tuple[str, str, str, Link]] = field(default_factory=list)  # …, best link

    def add(self, articles: Sequence[Article], links: Sequence[Link]) -> None:
        best: dict[str, Link] = {}
        for link in links:
            if link.source_uri not in best or link.similarity > best[link.source_uri].similarity:
                best[link.source_uri] = link
        for a in articles:
            joined = best.get(a.source_uri)
            if joined is None and len(self.stories) < self.limit:
                self.stories.append((a.story_id or "", a.title, a.source_uri))
            elif joined is not None and len(self.copies) < self.limit:
                self.copies.append((a.story_id or "", a.title, a.source_uri, joined))


def summary_markdown(
    summary: RunSummary,
    rejections: Sequence[Rejection],
    digest: RunDigest | None = None,
    stages: dict[str, float] | None = None,
) -> str:
    """The run's artifact: counts, new stories and new copies, then errors by stage."""
    lines = [
        f"# Run `{summary.run_id}`",
        "",
        "| documents seen | new | changed | unchanged | new stories | copies joined | failed "
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
    if stages:
        lines += ["", "| stage | seconds |", "|---|---:|"]
        lines += [f"| {stage} | {seconds:.2f} |" for stage, seconds in stages.items()]
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
            "## New copies of stories",
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


def report_run(
    run: RunRecord,
    warehouse: str,
    result: LoadResult,
    rejections: Sequence[Rejection],
    digest: RunDigest,
    seconds: float,
    stages: dict[str, float] | None = None,
) -> RunSummary:
    """A finished run's summary: logged, and published as the flow's markdown artifact."""
    from prefect.artifacts import create_markdown_artifact
    from prefect.logging import get_run_logger

    summary = summarise(
        run.run_id,
        Warehouse(parse_url(warehouse).absolute()),
        run.seen,
        result,
        rejections,
        seconds,
    )
    create_markdown_artifact(
        markdown=summary_markdown(summary, rejections, digest, stages=stages),
        key=f"{run.flow}-summary",
        description=f"What this {run.flow} run did",
    )
    get_run_logger().info(
        "seen %d, new %d, changed %d, unchanged %d, new stories %d, copies %d, failed %d",
        summary.seen,
        summary.new,
        summary.changed,
        summary.unchanged,
        summary.new_stories,
        summary.duplicates,
        summary.failed,
    )
    return summary
