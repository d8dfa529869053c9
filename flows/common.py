"""Pieces every flow shares: the retry rule, the progress bar, the run artifact."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from newsroom.errors import TransientError
from newsroom.records import Rejection, RunSummary

# Below this many documents a run is short and a progress bar is noise.
PROGRESS_MIN_ITEMS = 200


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


def summary_markdown(summary: RunSummary, rejections: Sequence[Rejection]) -> str:
    """The run's artifact: counts, then errors by stage with the first few reasons."""
    lines = [
        f"# Run `{summary.run_id}`",
        "",
        "| documents seen | new | changed | unchanged | duplicates | failed | seconds |",
        "|---:|---:|---:|---:|---:|---:|---:|",
        f"| {summary.seen} | {summary.new} | {summary.changed} | {summary.unchanged} "
        f"| {summary.duplicates} | {summary.failed} | {summary.seconds:.1f} |",
        "",
        f"Warehouse: `{summary.warehouse}`",
    ]
    if summary.new == 0 and summary.changed == 0 and summary.failed == 0:
        lines += ["", "Nothing new."]
    if rejections:
        lines += ["", "## Errors by stage", "", "| stage | count |", "|---|---:|"]
        lines += [f"| {stage} | {n} |" for stage, n in sorted(summary.errors_by_stage.items())]
        lines += ["", "| source | stage | error | detail |", "|---|---|---|---|"]
        for r in rejections[:10]:
            detail = r.detail.replace("|", "\\|")
            lines.append(f"| `{r.source_uri}` | {r.stage} | {r.error} | {detail} |")
        if len(rejections) > 10:
            lines.append(f"\n…and {len(rejections) - 10} more in `ingest_errors`.")
    return "\n".join(lines)
