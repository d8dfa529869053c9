"""Settings that come from the environment, read in one place.

Every ``NEWSROOM_*`` variable the package honours is a field of ``Settings``; code asks
``settings()`` instead of reading ``os.environ`` itself. (``newsroom.toml`` holds what a
project chooses: ``newsroom.config``. Database passwords are read where connections are
opened: ``newsroom.warehouse.backend``.)

- ``NEWSROOM_CACHE_DIR``: where built tables (the gazetteer) are kept; default
  ``$XDG_CACHE_HOME/newsroom`` or ``~/.cache/newsroom``.
- ``NEWSROOM_SPOOL_DIR``: where a DuckLake run keeps its chunks for a retry; default the
  temporary folder.
- ``NEWSROOM_PUBLISH_WAIT``: seconds a run waits for a SQL client holding the published
  snapshot read-write before it gives up; default 60.
- ``NEWSROOM_FACTS``: ``off`` (or 0, false, no) skips finding who/what/where/when.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

# The warehouse every command uses unless told otherwise: the file users query.
DEFAULT_WAREHOUSE = Path("warehouse") / "newsroom.duckdb"
_OFF = ("off", "0", "false", "no")


@dataclass(frozen=True, slots=True)
class Settings:
    cache_dir: Path
    spool_dir: Path
    publish_wait: float
    facts: bool

    @classmethod
    def from_env(cls, env: Mapping[str, str]) -> Settings:
        xdg = env.get("XDG_CACHE_HOME")
        cache = env.get("NEWSROOM_CACHE_DIR") or (
            str((Path(xdg) if xdg else Path.home() / ".cache") / "newsroom")
        )
        return cls(
            cache_dir=Path(cache),
            spool_dir=Path(env.get("NEWSROOM_SPOOL_DIR") or tempfile.gettempdir()),
            publish_wait=float(env.get("NEWSROOM_PUBLISH_WAIT") or 60),
            facts=env.get("NEWSROOM_FACTS", "on").strip().lower() not in _OFF,
        )


def settings() -> Settings:
    """The settings as the environment gives them now."""
    return Settings.from_env(os.environ)
