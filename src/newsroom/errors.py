"""Errors that raise. A bad document is not one of them: it becomes a ``Rejection``.

    NewsroomError
    ├── TransientError        worth retrying as it is
    │   ├── WarehouseBusy     another process holds the warehouse file
    │   └── WarehouseConflict a DuckLake commit lost to another writer's (flows redo the run)
    └── TerminalError         retrying the same thing gives the same failure
        ├── WarehouseError    the warehouse file is broken, or a load failed
        │   └── DiskFull      no space left where the warehouse is written
        └── EveryDocumentFailed  a run finished and recorded, but all it tried failed

Prefect tasks retry only on ``TransientError`` (see ``flows/``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from newsroom.records import RunSummary


class NewsroomError(Exception):
    """Base of every error newsroom raises on purpose."""


class TransientError(NewsroomError):
    """A failure that may pass: a locked file, a timeout, a server asking to wait."""


class TerminalError(NewsroomError):
    """A failure that will not pass by retrying."""


class WarehouseBusy(TransientError):
    """Another process holds the DuckDB file (DuckDB allows one writer, and no reader beside it)."""


class WarehouseConflict(TransientError):
    """Another writer committed a conflicting change to a DuckLake warehouse first (the
    load was rolled back whole; running it again is safe)."""


class WarehouseError(TerminalError):
    """The warehouse cannot be opened, migrated or loaded."""


class ExportFolderInUse(WarehouseError):
    """The folder an export was asked to write holds other files (a usage mistake: another
    folder, or ``--overwrite`` for a previous newsroom export there)."""


class DiskFull(WarehouseError):
    """No space left (or a quota or file size limit reached) where the warehouse is
    written. The published warehouse is unchanged; free space and run again."""


class EveryDocumentFailed(TerminalError):
    """A run that finished, loaded and published, in which every document it tried failed:
    nothing new, changed or unchanged. Its ``ingest_errors`` rows and its ``runs`` row are
    in the warehouse; ``summary`` is the run's. Flows raise it last, so that the flow run
    ends Failed (a scheduled run that read nothing is not a green one); the commands print
    the summary as for any finished run and exit 4."""

    def __init__(self, message: str, summary: RunSummary) -> None:
        super().__init__(message, summary)  # both in args: the error pickles whole
        self.summary = summary

    def __str__(self) -> str:
        return str(self.args[0])
