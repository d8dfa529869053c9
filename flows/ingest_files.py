"""The ``ingest-files`` flow: files, directories and globs into the warehouse.

A thin adapter: the run is ``newsroom.engine.ingest_files``, its stages run as Prefect
tasks (``flows.runners.PrefectCompute``: ``discover``, ``current-versions``, then per
batch ``read-N`` and ``normalise-N``, every chunk ``dedup-N`` and ``load-N``, and
``publish``), and the flow publishes the run's summary as an artifact.

``runner`` chooses where the batches are cleaned: in this process, on a local Dask
cluster whose workers read the files where they are (``read-normalise-N``), or on a
cluster at an address, which gets the bytes this process read. Dedup and the loads stay
here.
"""

from __future__ import annotations

from prefect import flow
from prefect.logging import get_run_logger
from prefect.runtime import flow_run

from flows.common import claim_run, logs_to_run, progress_bar, report_run
from flows.runners import PrefectCompute
from newsroom import engine
from newsroom.config import declared_topics
from newsroom.records import RunSummary
from newsroom.settings import DEFAULT_BATCH_SIZE, DEFAULT_CHUNK_SIZE, DEFAULT_WAREHOUSE
from newsroom.sources.files import DEFAULT_MAX_BYTES


@flow(name="ingest-files", log_prints=False)
def ingest_files(
    paths: list[str],
    warehouse: str = str(DEFAULT_WAREHOUSE),
    max_bytes: int = DEFAULT_MAX_BYTES,
    batch_size: int = DEFAULT_BATCH_SIZE,
    show_progress: bool = False,
    chunk_size: int = DEFAULT_CHUNK_SIZE,
    runner: str = "local",
    outlet: str | None = None,
    retry_failed: bool = False,
) -> RunSummary:
    """Read text files, clean them into articles and load them into the warehouse.

    Files are read and cleaned ``batch_size`` at a time; every ``chunk_size`` articles
    are placed in stories and loaded, so memory stays bounded however many files come.
    ``runner``: ``local``, ``dask:N`` or a Dask scheduler address (``flows.runners``).
    ``outlet``: the outlet of files that do not name their own (a saved page's site name
    wins), recorded with the method ``given``. A file that failed in an earlier run is
    read again only once it changes, or with ``retry_failed``.
    """
    claim_run()
    with (
        logs_to_run(),
        PrefectCompute(runner) as compute,
        progress_bar(enabled=show_progress) as advance,
    ):
        outcome = engine.ingest_files(
            paths,
            warehouse,
            compute=compute,
            run_id=_run_id(),
            max_bytes=max_bytes,
            batch_size=batch_size,
            chunk_size=chunk_size,
            progress=advance,
            log=get_run_logger(),
            topics=declared_topics(),
            outlet=outlet,
            retry_failed=retry_failed,
        )
    return report_run(outcome)


def _run_id() -> str | None:
    """The flow run's id, which is the run's; a command that handed the run to the warm
    runner is told it (``flows.warm.tell_command``)."""
    from flows.warm import tell_command

    found = flow_run.get_id()
    if found:
        tell_command(run_id=str(found))
    return str(found) if found else None
