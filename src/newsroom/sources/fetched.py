"""Pages a URL run fetched and has not loaded yet, kept so that stopping it costs no refetch.

A run is all or nothing in the warehouse, and its pages are fetched at the hosts' pace:
2,000 pages of one outlet take over half an hour at the default spacing. Stopped half
way (Ctrl-C, a crash, a failed load), such a run used to leave nothing behind, and the
next one asked every host for every page again. So each response is written as it
comes back (on the fetcher's thread) to a SQLite file of the user's cache (``fetched/`` in
``NEWSROOM_CACHE_DIR``, one file per warehouse, named by a digest of its address); the
next URL run of that warehouse takes a page from there instead of asking for it again,
when it was fetched less than ``NEWSROOM_KEEP_FETCHED`` hours ago (24 by default; 0
keeps nothing). A run that finishes forgets every page it asked for or took, and a file
nobody has written for that long goes at the next run's start.

The file holds each response as the warehouse would archive it (cookies already left
out), its fields as JSON and its body as bytes: nothing in it is executed when read; and
each refusal asking again does not mend (gone, 404 or 410, robots.txt, a type or size
refused), which the next run records again without asking.
The file is a convenience: when it cannot be written or read, the run fetches as if it
were not there, and says so once.
"""

from __future__ import annotations

import hashlib
import json
import logging
import sqlite3
import threading
import time
from collections.abc import Iterable, Iterator, Sequence
from contextlib import closing, suppress
from datetime import datetime
from pathlib import Path

from newsroom.records import ArchivedResponse, Rejection
from newsroom.settings import settings
from newsroom.warehouse.reads import is_lasting

logger = logging.getLogger(__name__)

# Each response, and each refusal asking again does not mend, kept beside the pages (a
# resumed crawl of a sitemap whose pages are mostly gone asked each host for each of them
# again); times in seconds since the epoch.
_SCHEMA = """
CREATE TABLE IF NOT EXISTS responses (
    url TEXT PRIMARY KEY, fetched_at REAL NOT NULL, fields TEXT NOT NULL, content BLOB NOT NULL
);
CREATE TABLE IF NOT EXISTS refusals (
    url TEXT PRIMARY KEY, at REAL NOT NULL, error TEXT NOT NULL, detail TEXT NOT NULL
);
"""
_IN_ONE_QUERY = 500  # URLs per lookup or delete: SQLite's bound on parameters is 999 at least


def store_path(warehouse: str) -> Path:
    """The file that keeps the unloaded pages of the warehouse at ``warehouse`` (its URL,
    absolute; the digest keeps a password in a PostgreSQL catalog's address out of it)."""
    digest = hashlib.sha256(warehouse.encode()).hexdigest()[:20]
    return settings().cache_dir / "fetched" / f"{digest}.sqlite"


class FetchedPages:
    """The pages of unfinished runs of one warehouse; ``keep`` them as they come, ``take``
    them instead of fetching, ``forget`` them once loaded."""

    def __init__(self, warehouse: str, hours: float | None = None) -> None:
        self.hours = settings().keep_fetched if hours is None else hours
        self.path = store_path(warehouse)
        self._con: sqlite3.Connection | None = None
        self._lock = threading.Lock()  # the fetcher's thread keeps, the run's takes
        self._broken = self.hours <= 0  # keeping nothing: no file at all

    def _connect(self, create: bool) -> sqlite3.Connection | None:
        if self._broken:
            return None
        if self._con is None:
            if not create and not self.path.is_file():
                return None
            self.path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
            self._con = sqlite3.connect(self.path, timeout=10.0, check_same_thread=False)
            self._con.execute("PRAGMA synchronous = OFF")  # a page lost in a crash is refetched
            self._con.executescript(_SCHEMA)
        return self._con

    def _give_up(self, exc: Exception) -> None:
        logger.warning(
            "the pages fetched cannot be kept in %s (%s): a run stopped before it loads"
            " will fetch them again",
            self.path,
            exc,
        )
        self.close()
        self._broken = True

    def take(self, urls: Sequence[str]) -> dict[str, ArchivedResponse | Rejection]:
        """The responses, and the refusals that asking again does not mend, kept for
        ``urls`` within the keeping time, by URL."""
        with self._lock:
            return self._take(urls)

    def _take(self, urls: Sequence[str]) -> dict[str, ArchivedResponse | Rejection]:
        try:
            con = self._connect(create=False)
            if con is None:
                return {}
            since = time.time() - self.hours * 3600
            found: dict[str, ArchivedResponse | Rejection] = {}
            for part, marks in _in_parts(urls):
                rows = con.execute(
                    f"SELECT fields, content FROM responses WHERE url IN ({marks})"
                    " AND fetched_at >= ?",
                    [*part, since],
                )
                for fields, content in rows:
                    response = _response(fields, content)
                    found[response.url] = response
                refused = con.execute(
                    f"SELECT url, error, detail FROM refusals WHERE url IN ({marks}) AND at >= ?",
                    [*part, since],
                )
                for url, error, detail in refused:
                    found.setdefault(url, Rejection(url, "fetch", error, detail))
            return found
        except (sqlite3.Error, OSError, ValueError, KeyError, TypeError) as exc:
            self._give_up(exc)
            return {}

    def keep(self, results: Iterable[ArchivedResponse | Rejection]) -> None:
        """Keep the responses and the lasting refusals among ``results`` (from any
        thread), each in place of an earlier one of its URL."""
        with self._lock:
            self._keep(results)

    def _keep(self, results: Iterable[ArchivedResponse | Rejection]) -> None:
        now = time.time()
        rows, refusals = [], []
        for r in results:
            if isinstance(r, ArchivedResponse):
                if r.url:  # every response has one; an empty key would match nothing
                    rows.append((r.url, r.fetched_at.timestamp(), _fields(r), r.content))
            elif r.stage == "fetch" and is_lasting(r.error, r.detail):
                refusals.append((r.source_uri, now, r.error, r.detail))
        if not rows and not refusals:
            return
        try:
            con = self._connect(create=True)
            if con is None:
                return
            with con:
                con.executemany("INSERT OR REPLACE INTO responses VALUES (?, ?, ?, ?)", rows)
                con.executemany("INSERT OR REPLACE INTO refusals VALUES (?, ?, ?, ?)", refusals)
        except (sqlite3.Error, OSError) as exc:
            self._give_up(exc)

    def forget(self, urls: Sequence[str]) -> None:
        """Drop the pages of ``urls`` (loaded now); the file goes when nothing is left."""
        with self._lock:
            self._forget(urls)

    def _forget(self, urls: Sequence[str]) -> None:
        try:
            con = self._connect(create=False)
            if con is None:
                return
            with con:
                for part, marks in _in_parts(urls):
                    con.execute(f"DELETE FROM responses WHERE url IN ({marks})", part)
                    con.execute(f"DELETE FROM refusals WHERE url IN ({marks})", part)
            [(left,)] = con.execute(
                "SELECT (SELECT count(*) FROM responses) + (SELECT count(*) FROM refusals)"
            ).fetchall()
        except (sqlite3.Error, OSError) as exc:
            self._give_up(exc)
            return
        if not left:
            self.close()
            with suppress(OSError):
                self.path.unlink()

    def close(self) -> None:
        if self._con is not None:
            with suppress(sqlite3.Error):
                self._con.close()
            self._con = None


def kept_counts(warehouse: str) -> tuple[int, int]:
    """The pages and the lasting refusals unfinished runs of ``warehouse`` left to take,
    within the keeping time ((0, 0) when none or unreadable)."""
    path = store_path(warehouse)
    if not path.is_file():
        return 0, 0
    since = [time.time() - settings().keep_fetched * 3600]
    try:
        with closing(sqlite3.connect(path, timeout=2.0)) as con:
            [(pages,)] = con.execute(
                "SELECT count(*) FROM responses WHERE fetched_at >= ?", since
            ).fetchall()
            [(refusals,)] = con.execute(
                "SELECT count(*) FROM refusals WHERE at >= ?", since
            ).fetchall()
    except sqlite3.Error:
        return 0, 0
    return int(pages), int(refusals)


def remove_stale(hours: float | None = None) -> None:
    """Remove the files of warehouses no run has fetched for in the keeping time (a
    warehouse deleted or moved leaves its file behind)."""
    hours = settings().keep_fetched if hours is None else hours
    folder = settings().cache_dir / "fetched"
    if not folder.is_dir():
        return
    oldest = time.time() - max(hours, 0) * 3600
    for path in folder.glob("*.sqlite*"):
        with suppress(OSError):
            if path.stat().st_mtime < oldest:
                path.unlink()


def _in_parts(urls: Sequence[str]) -> Iterator[tuple[list[str], str]]:
    """``urls`` in parts of ``_IN_ONE_QUERY``, each with its ``?`` marks for ``IN (…)``."""
    for first in range(0, len(urls), _IN_ONE_QUERY):
        part = list(urls[first : first + _IN_ONE_QUERY])
        yield part, ",".join("?" * len(part))


def _fields(response: ArchivedResponse) -> str:
    return json.dumps(
        {
            "url": response.url,
            "final_url": response.final_url,
            "document_uri": response.document_uri,
            "status": response.status,
            "headers": [list(pair) for pair in response.headers],
            "content_type": response.content_type,
            "charset": response.charset,
            "redirects": list(response.redirects),
            "attempts": response.attempts,
            "elapsed": response.elapsed,
            "fetched_at": response.fetched_at.isoformat(),
            "etag": response.etag,
            "last_modified": response.last_modified,
        }
    )


def _response(fields: str, content: bytes) -> ArchivedResponse:
    f = json.loads(fields)
    return ArchivedResponse(
        url=f["url"],
        final_url=f["final_url"],
        document_uri=f["document_uri"],
        status=int(f["status"]),
        headers=tuple((str(k), str(v)) for k, v in f["headers"]),
        content_type=f["content_type"],
        charset=f["charset"],
        content=bytes(content),
        redirects=tuple(f["redirects"]),
        attempts=int(f["attempts"]),
        elapsed=float(f["elapsed"]),
        fetched_at=datetime.fromisoformat(f["fetched_at"]),
        etag=f["etag"],
        last_modified=f["last_modified"],
    )
