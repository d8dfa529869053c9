"""The run engine (see ``newsroom.engine.run``): one engine for every run, whatever runs
its stages (``newsroom.engine.compute``), and the story loader every run ends with."""

from newsroom.engine.compute import Compute, InProcess, Stage, StageClock
from newsroom.engine.run import (
    DEFAULT_URL_BATCH,
    RunOutcome,
    ingest_files,
    ingest_urls,
    politeness_bound,
    reprocess,
)
from newsroom.engine.stories import RunDigest, StoryLoader
from newsroom.settings import DEFAULT_CHUNK_SIZE

__all__ = [
    "DEFAULT_CHUNK_SIZE",
    "DEFAULT_URL_BATCH",
    "Compute",
    "InProcess",
    "RunDigest",
    "RunOutcome",
    "Stage",
    "StageClock",
    "StoryLoader",
    "ingest_files",
    "ingest_urls",
    "politeness_bound",
    "reprocess",
]
