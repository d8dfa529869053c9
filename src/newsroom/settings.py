"""Settings that come from the environment, read in one place.

Every ``NEWSROOM_*`` variable the package honours is a field of ``Settings``; code asks
``settings()`` instead of reading ``os.environ`` itself. (``newsroom.toml`` holds what a
project chooses: ``newsroom.config``. Database passwords are read where connections are
opened: ``newsroom.warehouse.backend``.)

- ``NEWSROOM_CACHE_DIR``: where built tables (the gazetteer) are kept; default
  ``$XDG_CACHE_HOME/newsroom`` or ``~/.cache/newsroom``.
- ``NEWSROOM_SPOOL_DIR``: where a DuckLake run keeps its chunks for a retry; default the
  temporary folder.
- ``NEWSROOM_KEEP_FETCHED``: hours the pages of a URL run that did not finish are kept
  for the next run of its warehouse to take instead of fetching them again
  (``newsroom.sources.fetched``); default 24, 0 keeps none.
- ``NEWSROOM_PUBLISH_WAIT``: seconds a run waits for a SQL client holding the published
  snapshot read-write before it gives up; default 60.
- ``NEWSROOM_FACTS``: ``off`` (or 0, false, no) skips finding who/what/where/when.
- ``NEWSROOM_USER_AGENT``: the User-Agent ``newsroom fetch`` sends; name a contact in it
  (``newsroom (+mailto:desk@example.org)``). Default ``USER_AGENT``, which names none.
- ``NEWSROOM_WAREHOUSE``: the warehouse when ``--warehouse`` is not given (read by the
  command's option; ``warehouse_location`` says where else it comes from).
- ``NEWSROOM_CONFIG``: the ``newsroom.toml`` to use instead of the nearest one (the
  current folder's or a parent's, else the user's: ``$XDG_CONFIG_HOME/newsroom/`` or
  ``~/.config/newsroom/``).
- ``NEWSROOM_STATE_DIR``: where ``newsroom server start`` keeps the background Prefect
  server's pid, port and log; default ``$XDG_STATE_HOME/newsroom`` or
  ``~/.local/state/newsroom``.
- ``NEWSROOM_PREFECT``: how a run finds a Prefect API when ``PREFECT_API_URL`` is not
  set: ``auto`` (the default: the background server, else one on 127.0.0.1:4200, else
  a temporary one for the run) or ``temporary`` (always a temporary one).
- ``NEWSROOM_WARM``: ``off`` (or 0, false, no) makes run commands never hand their run to
  the warm runner ``newsroom server start`` keeps (``flows.warm``).

The defaults the command's help shows live here too, so that ``newsroom --help`` imports
nothing heavy.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

# The warehouse every command uses unless told otherwise (or a newsroom.toml names one):
# the file users query.
DEFAULT_WAREHOUSE = Path("warehouse") / "newsroom.duckdb"
CONFIG_NAME = "newsroom.toml"
# Articles a run places in stories and loads together (newsroom.engine.stories).
DEFAULT_CHUNK_SIZE = 20_000
# Documents a task reads and cleans together (newsroom.pipeline).
DEFAULT_BATCH_SIZE = 250
# Sent by ``newsroom fetch`` unless --user-agent, NEWSROOM_USER_AGENT or a feed's
# ``user_agent`` says otherwise. It names no contact: a polite crawler should.
USER_AGENT = "newsroom/0.1 (article ingestion for news research)"
_OFF = ("off", "0", "false", "no")


@dataclass(frozen=True, slots=True)
class Settings:
    cache_dir: Path
    spool_dir: Path
    keep_fetched: float
    publish_wait: float
    facts: bool
    user_agent: str
    config: Path | None
    user_config: Path
    state_dir: Path
    prefect: str
    warm: bool

    @classmethod
    def from_env(cls, env: Mapping[str, str]) -> Settings:
        xdg = env.get("XDG_CACHE_HOME")
        cache = env.get("NEWSROOM_CACHE_DIR") or (
            str((Path(xdg) if xdg else Path.home() / ".cache") / "newsroom")
        )
        state = env.get("NEWSROOM_STATE_DIR") or str(
            Path(env.get("XDG_STATE_HOME") or Path.home() / ".local" / "state") / "newsroom"
        )
        prefect = (env.get("NEWSROOM_PREFECT") or "auto").strip().lower()
        user_config = (
            Path(env.get("XDG_CONFIG_HOME") or Path.home() / ".config") / "newsroom" / CONFIG_NAME
        )
        config = env.get("NEWSROOM_CONFIG")
        return cls(
            cache_dir=Path(cache),
            spool_dir=Path(env.get("NEWSROOM_SPOOL_DIR") or tempfile.gettempdir()),
            keep_fetched=_hours(env.get("NEWSROOM_KEEP_FETCHED"), 24.0),
            publish_wait=float(env.get("NEWSROOM_PUBLISH_WAIT") or 60),
            facts=facts_setting(env),
            user_agent=(env.get("NEWSROOM_USER_AGENT") or "").strip() or USER_AGENT,
            config=Path(config).expanduser() if config else None,
            user_config=user_config,
            state_dir=Path(state).expanduser(),
            prefect=prefect if prefect in ("auto", "temporary") else "auto",
            warm=env.get("NEWSROOM_WARM", "on").strip().lower() not in _OFF,
        )


def settings() -> Settings:
    """The settings as the environment gives them now."""
    return Settings.from_env(os.environ)


def _hours(value: str | None, default: float) -> float:
    """A number of hours; the default when unset or no number (a setting that only
    saves work is not worth failing a run over)."""
    try:
        return max(float(value), 0.0) if value and value.strip() else default
    except ValueError:
        return default


def facts_setting(env: Mapping[str, str]) -> bool:
    """``NEWSROOM_FACTS``: on unless it says off (or 0, false, no)."""
    return env.get("NEWSROOM_FACTS", "on").strip().lower() not in _OFF
