"""``newsroom.toml``: what ``newsroom serve`` watches, how often, and into which warehouse.

    warehouse = "warehouse/newsroom.duckdb"   # the file users query
    runner = "local"             # or "dask:2" (a local Dask cluster), "tcp://host:8786"

    [[folders]]                  # one ``ingest-files`` deployment each
    name = "inbox"
    paths = ["~/inbox", "archive/**/*.txt"]
    interval = "10m"             # or: cron = "*/15 * * * *"

    [[feeds]]                    # one ``ingest-urls`` deployment each
    name = "wires"
    feeds = ["https://example.org/rss.xml"]
    sitemaps = []
    urls = []
    cron = "0 * * * *"
    # trust_lastmod = false      # ask for every sitemap page each run (stale <lastmod>s)
    # allow_private = true       # an intranet feed: fetch private and loopback addresses

    [[topics]]                   # followed on every run (newsroom.topics)
    name = "ukraine-war"
    query = 'ukraine (russia OR kremlin) -football'
    people = ["Vladimir Putin"]  # optional: orgs, places too; every one must be mentioned
    spike_above = 10             # optional: more new stories than this is a spike
    spike_factor = 3.0           # or this many times the recent average (the default)

    [health]                     # optional: the ``outlet-health`` check
    interval = "1h"
    min_articles = 5             # days and baselines with fewer articles do not count
    rise = 0.25                  # fail when the share of short bodies rises this much

Relative paths are relative to the config file's folder, so a schedule finds the same
files whatever directory the server or worker runs in. Plain data: no Prefect here.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from newsroom.errors import TerminalError, WarehouseError
from newsroom.search_query import QueryError
from newsroom.search_query import parse as parse_query
from newsroom.settings import CONFIG_NAME, DEFAULT_WAREHOUSE, settings
from newsroom.topics import Topic
from newsroom.warehouse.backend import file_problem, foreign_file_problem
from newsroom.warehouse.backend import parse as parse_url
from newsroom.warehouse.backend import resolve as resolve_url

DEFAULT_CONFIG = Path(CONFIG_NAME)
_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400}
_NAME = re.compile(r"^[a-z0-9][a-z0-9_-]*$")


class ConfigError(TerminalError):
    """The config file is missing or says something newsroom cannot do."""


@dataclass(frozen=True, slots=True)
class Schedule:
    """Every ``interval_seconds``, or on a cron expression (exactly one of them)."""

    interval_seconds: float | None = None
    cron: str | None = None

    def describe(self) -> str:
        return f"cron {self.cron}" if self.cron else f"every {self.interval_seconds:g} s"


@dataclass(frozen=True, slots=True)
class FolderWatch:
    """Files, directories or globs ingested by ``ingest-files`` on a schedule."""

    name: str
    paths: tuple[str, ...]
    schedule: Schedule
    max_bytes: int | None = None
    outlet: str | None = None  # of files that do not name their own (``ingest --outlet``)


@dataclass(frozen=True, slots=True)
class FeedWatch:
    """URLs, feeds and sitemaps fetched by ``ingest-urls`` on a schedule."""

    name: str
    schedule: Schedule
    urls: tuple[str, ...] = ()
    urls_file: str | None = None
    feeds: tuple[str, ...] = ()
    sitemaps: tuple[str, ...] = ()
    user_agent: str | None = None
    host_delay: float | None = None
    trust_lastmod: bool = True  # ``trust_lastmod = false``: ``fetch --ignore-lastmod``
    allow_private: bool = False  # ``allow_private = true``: ``fetch --allow-private``


@dataclass(frozen=True, slots=True)
class HealthWatch:
    """The ``outlet-health`` check: fails when an outlet's extraction gets much worse."""

    schedule: Schedule
    min_articles: int = 5
    rise: float = 0.25


@dataclass(frozen=True, slots=True)
class RunnerSetting:
    """Where a run's CPU-bound stages (decode, clean, extract, facts, MinHash) run.

    ``local``: in the flow's own process (the default). ``dask:N``: a Dask cluster of N
    worker processes on this machine, started for the run and stopped after it; workers
    read the files where they are. ``tcp://host:port``: an existing Dask cluster's
    scheduler; the flow reads the files and ships their bytes to the workers. Dedup and
    the load stay in the flow's process either way.
    """

    workers: int = 0  # worker processes of a local cluster; 0: none (in-process or address)
    address: str | None = None  # an existing cluster's scheduler

    def __str__(self) -> str:
        return self.address or (f"dask:{self.workers}" if self.workers else "local")

    @property
    def in_process(self) -> bool:
        return not (self.workers or self.address)


def parse_runner(value: object) -> RunnerSetting:
    """``"local"``, ``"dask:N"`` or a scheduler address like ``"tcp://host:8786"``."""
    text = value.strip() if isinstance(value, str) else ""
    if text in ("local", "in-process"):
        return RunnerSetting()
    if m := re.fullmatch(r"dask:(\d+)", text):
        if not 1 <= int(m.group(1)) <= 1024:
            raise ConfigError(f"runner {text!r}: give 1 to 1024 worker processes")
        return RunnerSetting(workers=int(m.group(1)))
    if re.fullmatch(r"(tcp|tls)://[^\s/:]+(:\d+)?|(tcp|tls)://\[[0-9a-fA-F:]+\](:\d+)?", text):
        return RunnerSetting(address=text)
    raise ConfigError(
        f"runner must be 'local', 'dask:N' or a Dask scheduler address like"
        f" 'tcp://host:8786', not {value!r}"
    )


@dataclass(frozen=True, slots=True)
class Config:
    """The whole file, paths made absolute."""

    source: Path
    warehouse: Path | str  # a DuckDB file, or a DuckLake URL
    folders: tuple[FolderWatch, ...] = ()
    feeds: tuple[FeedWatch, ...] = field(default_factory=tuple)
    health: HealthWatch | None = None
    runner: RunnerSetting = field(default_factory=RunnerSetting)
    topics: tuple[Topic, ...] = ()


def parse_interval(value: object) -> float:
    """Seconds from ``90``, ``"90s"``, ``"15m"``, ``"2h"`` or ``"1d"``."""
    if isinstance(value, bool):
        raise ConfigError(f"interval must be seconds or a string like '15m', not {value!r}")
    if isinstance(value, int | float):
        seconds = float(value)
    elif isinstance(value, str) and (
        m := re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*([smhd]?)\s*", value)
    ):
        seconds = float(m.group(1)) * _UNITS[m.group(2) or "s"]
    else:
        raise ConfigError(f"interval must be seconds or a string like '15m', not {value!r}")
    if seconds <= 0:
        raise ConfigError(f"interval must be positive, not {value!r}")
    return seconds


def load_config(path: str | Path = DEFAULT_CONFIG) -> Config:
    """Read and check a config file; every problem is a ``ConfigError`` naming the entry."""
    source = Path(path).expanduser().absolute()
    try:
        data = tomllib.loads(source.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise ConfigError(f"no config file at {source}") from exc
    except (OSError, tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError(f"cannot read {source}: {exc}") from exc
    return config_from_dict(data, source)


def find_config(start: Path | None = None) -> Path | None:
    """The config file commands use: ``NEWSROOM_CONFIG``, else the nearest
    ``newsroom.toml`` in ``start`` (the current folder) or a folder above it, else the
    user's (``~/.config/newsroom/newsroom.toml``); None when there is none."""
    chosen = settings()
    if chosen.config is not None:
        return chosen.config.absolute()
    folder = (start or Path.cwd()).absolute()
    for candidate in (folder, *folder.parents):
        if (candidate / CONFIG_NAME).is_file():
            return candidate / CONFIG_NAME
    return chosen.user_config if chosen.user_config.is_file() else None


def warehouse_location(start: Path | None = None) -> tuple[Path | str, Path | None]:
    """The warehouse a command uses when none is given, and the config file that named it:
    the ``warehouse`` of ``find_config(start)`` (its default, ``warehouse/newsroom.duckdb``
    beside the file, when it names none), else ``./warehouse/newsroom.duckdb`` and None.
    Only the ``warehouse`` entry is read: a schedule entry ``newsroom serve`` would refuse
    does not stop ``newsroom status``."""
    source = find_config(start)
    if source is None:
        return DEFAULT_WAREHOUSE, None
    try:
        data = tomllib.loads(source.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError(f"cannot read {source}: {exc}") from exc
    return _warehouse(data, source), source


def declared_topics(start: Path | None = None) -> tuple[Topic, ...]:
    """The topics of ``find_config(start)``, for a run to update; none without a config.
    Only ``[[topics]]`` is read: a schedule entry ``newsroom serve`` would refuse does
    not stop a run by hand."""
    source = find_config(start)
    if source is None:
        return ()
    try:
        data = tomllib.loads(source.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError(f"cannot read {source}: {exc}") from exc
    try:
        return _topics(data)
    except ConfigError as exc:
        raise ConfigError(f"{source}: {exc}") from exc


def _topics(data: dict[str, Any]) -> tuple[Topic, ...]:
    topics = tuple(_topic(entry, i) for i, entry in enumerate(data.get("topics", [])))
    names = [t.name for t in topics]
    duplicated = sorted({n for n in names if names.count(n) > 1})
    if duplicated:
        raise ConfigError(f"topic names used twice: {', '.join(duplicated)}")
    return topics


def _topic(entry: object, index: int) -> Topic:
    where = f"[[topics]] #{index + 1}"
    table = _table(entry, where)
    keys = {"name", "query", "people", "orgs", "places", "spike_above", "spike_factor"}
    _no_unknown(table, keys, where)
    name = _name(table, where)
    query = _str(table.get("query"), f"{where} ({name}) query")
    try:
        parse_query(query)
    except QueryError as exc:
        raise ConfigError(f"{where} ({name}): {exc}") from exc
    above, factor = table.get("spike_above"), table.get("spike_factor", 3.0)
    if above is not None and (not isinstance(above, int) or isinstance(above, bool) or above < 0):
        raise ConfigError(f"{where} ({name}): spike_above must be a whole number of stories")
    if not isinstance(factor, int | float) or isinstance(factor, bool) or factor <= 1:
        raise ConfigError(f"{where} ({name}): spike_factor must be a number above 1")
    return Topic(
        name=name,
        query=query,
        people=tuple(_strings(table.get("people", []), f"{where} people")),
        orgs=tuple(_strings(table.get("orgs", []), f"{where} orgs")),
        places=tuple(_strings(table.get("places", []), f"{where} places")),
        spike_above=above,
        spike_factor=float(factor),
    )


def config_from_dict(data: dict[str, Any], source: Path) -> Config:
    base = source.parent
    known = {"warehouse", "folders", "feeds", "health", "runner", "topics"}
    _no_unknown(data, known, str(source))
    warehouse = _warehouse(data, source)
    folders = tuple(_folder(entry, base, i) for i, entry in enumerate(data.get("folders", [])))
    feeds = tuple(_feed(entry, base, i) for i, entry in enumerate(data.get("feeds", [])))
    names = [f"ingest-files/{f.name}" for f in folders] + [f"ingest-urls/{f.name}" for f in feeds]
    duplicated = sorted({n for n in names if names.count(n) > 1})
    if duplicated:
        raise ConfigError(f"{source}: names used twice: {', '.join(duplicated)}")
    health = _health(data["health"]) if "health" in data else None
    runner = parse_runner(data["runner"]) if "runner" in data else RunnerSetting()
    return Config(
        source=source,
        warehouse=warehouse,
        folders=folders,
        feeds=feeds,
        health=health,
        runner=runner,
        topics=_topics(data),
    )


def _warehouse(data: dict[str, Any], source: Path) -> Path | str:
    base = source.parent
    warehouse_url = _str(data.get("warehouse", str(DEFAULT_WAREHOUSE)), "warehouse")
    if warehouse_url.startswith(("duckdb:", "ducklake:")):  # a URL (newsroom.warehouse.backend)
        try:
            backend = parse_url(resolve_url(warehouse_url, base))
        except WarehouseError as exc:
            raise ConfigError(f"{source}: warehouse: {exc}") from exc
        # a lake's URL stays a string: a Path would fold the '//' of a postgresql:// URI
        return Path(backend.target) if backend.kind == "duckdb" else backend.url
    resolved = _resolve(base, warehouse_url)
    problem = (
        file_problem(warehouse_url) or file_problem(resolved) or foreign_file_problem(resolved)
    )
    if problem:
        raise ConfigError(f"{source}: warehouse: {problem}")
    return resolved


def _health(entry: object) -> HealthWatch:
    table = _table(entry, "[health]")
    _no_unknown(table, {"interval", "cron", "min_articles", "rise"}, "[health]")
    min_articles = table.get("min_articles", 5)
    rise = table.get("rise", 0.25)
    if not isinstance(min_articles, int) or isinstance(min_articles, bool) or min_articles < 1:
        raise ConfigError("[health]: min_articles must be a positive integer")
    if not isinstance(rise, int | float) or not 0 < rise <= 1:
        raise ConfigError("[health]: rise must be a share between 0 and 1")
    return HealthWatch(_schedule(table, "[health]"), min_articles, float(rise))


def _folder(entry: object, base: Path, index: int) -> FolderWatch:
    where = f"[[folders]] #{index + 1}"
    table = _table(entry, where)
    _no_unknown(table, {"name", "paths", "interval", "cron", "max_bytes", "outlet"}, where)
    name = _name(table, where)
    paths = _strings(table.get("paths"), f"{where} paths")
    if not paths:
        raise ConfigError(f"{where} ({name}): paths is empty")
    max_bytes = table.get("max_bytes")
    if max_bytes is not None and (not isinstance(max_bytes, int) or max_bytes <= 0):
        raise ConfigError(f"{where} ({name}): max_bytes must be a positive integer")
    outlet = table.get("outlet")
    if outlet is not None and (not isinstance(outlet, str) or not outlet.strip()):
        raise ConfigError(f"{where} ({name}): outlet must be a non-empty string")
    return FolderWatch(
        name=name,
        paths=tuple(str(_resolve(base, p)) for p in paths),
        schedule=_schedule(table, f"{where} ({name})"),
        max_bytes=max_bytes,
        outlet=" ".join(outlet.split()) if outlet else None,
    )


def _feed(entry: object, base: Path, index: int) -> FeedWatch:
    where = f"[[feeds]] #{index + 1}"
    table = _table(entry, where)
    keys = {"name", "urls", "urls_file", "feeds", "sitemaps", "interval", "cron"}
    options = {"user_agent", "host_delay", "trust_lastmod", "allow_private"}
    _no_unknown(table, keys | options, where)
    name = _name(table, where)
    urls = _strings(table.get("urls", []), f"{where} urls")
    feeds = _strings(table.get("feeds", []), f"{where} feeds")
    sitemaps = _strings(table.get("sitemaps", []), f"{where} sitemaps")
    urls_file = table.get("urls_file")
    if not (urls or feeds or sitemaps or urls_file):
        raise ConfigError(f"{where} ({name}): give urls, urls_file, feeds or sitemaps")
    host_delay = table.get("host_delay")
    return FeedWatch(
        name=name,
        schedule=_schedule(table, f"{where} ({name})"),
        urls=tuple(urls),
        urls_file=str(_resolve(base, _str(urls_file, "urls_file"))) if urls_file else None,
        feeds=tuple(feeds),
        sitemaps=tuple(sitemaps),
        user_agent=_str(table["user_agent"], "user_agent") if "user_agent" in table else None,
        host_delay=float(host_delay) if isinstance(host_delay, int | float) else None,
        trust_lastmod=_bool(table.get("trust_lastmod", True), f"{where} trust_lastmod"),
        allow_private=_bool(table.get("allow_private", False), f"{where} allow_private"),
    )


def _schedule(table: dict[str, Any], where: str) -> Schedule:
    interval, cron = table.get("interval"), table.get("cron")
    if (interval is None) == (cron is None):
        raise ConfigError(f"{where}: give exactly one of interval or cron")
    if cron is not None:
        cron = _str(cron, f"{where} cron").strip()
        if len(cron.split()) not in (5, 6):
            raise ConfigError(f"{where}: cron {cron!r} is not a 5-field cron expression")
        return Schedule(cron=cron)
    return Schedule(interval_seconds=parse_interval(interval))


def _resolve(base: Path, path: str) -> Path:
    """A path from the file: ``~`` expanded, relative ones under the file's folder.

    Glob patterns stay patterns (``base/archive/**/*.txt``)."""
    expanded = Path(path).expanduser()
    return expanded if expanded.is_absolute() else base / expanded


def _table(entry: object, where: str) -> dict[str, Any]:
    if not isinstance(entry, dict):
        raise ConfigError(f"{where} must be a table")
    return entry


def _name(table: dict[str, Any], where: str) -> str:
    name = table.get("name")
    if not isinstance(name, str) or not _NAME.match(name):
        raise ConfigError(f"{where}: name must be lowercase letters, digits, '-' or '_'")
    return name


def _str(value: object, what: str) -> str:
    if not isinstance(value, str) or not value:
        raise ConfigError(f"{what} must be a non-empty string, not {value!r}")
    return value


def _bool(value: object, what: str) -> bool:
    if not isinstance(value, bool):
        raise ConfigError(f"{what} must be true or false, not {value!r}")
    return value


def _strings(value: object, what: str) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
        raise ConfigError(f"{what} must be a list of strings")
    return list(value)


def _no_unknown(table: dict[str, Any], known: set[str], where: str) -> None:
    unknown = sorted(set(table) - known)
    if unknown:
        raise ConfigError(f"{where}: unknown keys {', '.join(unknown)}")
