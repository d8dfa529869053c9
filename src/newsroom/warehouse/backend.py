"""Where the warehouse lives: one URL chooses the backend, this module opens it.

    warehouse/newsroom.duckdb                one DuckDB file (the default)
    duckdb:warehouse/newsroom.duckdb         the same, spelled out
    ducklake:sqlite:warehouse/lake.sqlite    DuckLake: catalog in a SQLite file, Parquet
                                             data in warehouse/lake.files/ (processes on
                                             one host)
    ducklake:postgres:dbname=news host=db1   DuckLake: catalog in PostgreSQL (a libpq
                                             conninfo), for many machines
    …#data=DIR                               where a new DuckLake keeps its Parquet files
                                             (an existing one remembers its own); DIR may
                                             be s3://bucket/prefix/ (AWS_* variables)

The other modules of the ``newsroom.warehouse`` package keep the SQL of the schema, the
reads and the loads; this module only opens connections (``Backend.connect``: a DuckDB
file, or an in-memory DuckDB with the lake attached as ``newsroom`` and ``USE``d, so the
same unqualified SQL runs on both), adapts migration SQL to what DuckLake accepts,
recognises DuckLake's commit conflicts, and gives a lake's runs their write lock. The
package is the only one that imports duckdb (ruff TID251).

What DuckLake (1.5.5, probed) lacks, and what newsroom does about it:

- PRIMARY KEY, UNIQUE and CHECK constraints: refused ("not supported in DuckLake").
  ``adapt_migration`` drops them from the migration SQL for DuckLake only; the DuckDB
  file keeps them. Nothing relies on them to be correct: article ids are derived from
  (source URI, version), and loads compare against the current rows before inserting.
- ``INSERT OR REPLACE``, ``INSERT OR IGNORE`` and ``ON CONFLICT``: they need a key, so
  they fail. ``MERGE INTO`` works on both backends and says the same thing.
- Indexes and sequences: refused; newsroom uses neither.
- Supported as on a file: views (stored in the catalog, readable under any alias),
  macros, temporary tables (they live in DuckDB's own ``temp``), ``UPDATE … FROM``,
  ``DELETE … WHERE … IN``, ``ALTER TABLE ADD COLUMN``, multi-statement transactions
  with ``ROLLBACK``.
- Readers get snapshot isolation: a reader on another connection or process sees the
  last committed transaction, and keeps its snapshot for the length of its own
  transaction. So the DuckDB file's private working file and published copy are not
  needed: a run writes the lake directly, in one transaction.
- Two writers: with a PostgreSQL catalog, concurrent inserts into one table both
  commit; an update or delete beside another writer's change fails at COMMIT with
  "Transaction conflict - …". With a SQLite catalog the loser gets "database is
  locked" (the catalog is put in WAL mode, so a reader never blocks a writer's commit).
  Either way the transaction is rolled back whole; ``is_conflict`` recognises both so
  callers retry (``WarehouseConflict`` is a ``TransientError``). Runs also take a write
  lock (``Backend.write_lock``: ``flock`` beside a SQLite catalog, a PostgreSQL advisory
  lock for a PostgreSQL one), so two runs never race each other's dedup.

Extensions come from the PyPI wheels ``duckdb-extension-ducklake``, ``-sqlite-scanner``,
``-postgres-scanner`` and ``-fts`` (the search index)
(``<package>/extensions/v<duckdb version>/<name>.duckdb_extension``) and are loaded
by path: nothing is downloaded.
"""

from __future__ import annotations

import fcntl
import hashlib
import importlib.util
import os
import random
import re
import sqlite3
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import duckdb

from newsroom.errors import WarehouseBusy, WarehouseError
from newsroom.settings import DEFAULT_WAREHOUSE

Kind = Literal["duckdb", "ducklake-sqlite", "ducklake-postgres"]
DEFAULT_URL = f"duckdb:{DEFAULT_WAREHOUSE}"
LAKE = "newsroom"  # the name the lake is attached under
_METADATA = f"__ducklake_metadata_{LAKE}"

_EXTENSIONS = {
    "ducklake": "duckdb_extension_ducklake",
    "sqlite_scanner": "duckdb_extension_sqlite_scanner",
    "postgres_scanner": "duckdb_extension_postgres_scanner",
    "httpfs": "duckdb_extension_httpfs",
    "fts": "duckdb_extension_fts",
}


def extension_path(name: str) -> Path:
    """The ``.duckdb_extension`` file the wheel of extension ``name`` installs."""
    package = _EXTENSIONS[name]
    spec = importlib.util.find_spec(package)
    if spec is None or not spec.submodule_search_locations:
        raise WarehouseError(f"the {name} extension is not installed (pip package {package})")
    base = Path(next(iter(spec.submodule_search_locations)))
    path = base / "extensions" / f"v{duckdb.__version__}" / f"{name}.duckdb_extension"
    if not path.is_file():
        raise WarehouseError(f"{path} not found: {package} must match duckdb {duckdb.__version__}")
    return path


def sql_string(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def sql_identifier(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


@dataclass(frozen=True, slots=True)
class Backend:
    """A parsed warehouse URL."""

    kind: Kind
    target: str  # the DuckDB file, the SQLite catalog file, or the libpq conninfo
    data_path: str | None = None  # DuckLake's Parquet files, when given

    @property
    def is_lake(self) -> bool:
        return self.kind != "duckdb"

    @property
    def path(self) -> Path | None:
        """The local file: the DuckDB file or the SQLite catalog (None for PostgreSQL)."""
        return None if self.kind == "ducklake-postgres" else Path(self.target)

    @property
    def url(self) -> str:
        prefix = {"duckdb": "duckdb:", "ducklake-sqlite": "ducklake:sqlite:"}.get(
            self.kind, "ducklake:postgres:"
        )
        return prefix + self.target + (f"#data={self.data_path}" if self.data_path else "")

    def __str__(self) -> str:
        return self.target if self.kind == "duckdb" else self.url

    def absolute(self) -> Backend:
        """The same warehouse with its local paths made absolute (for other processes)."""
        data = self.data_path
        if data is not None and "://" not in data:
            data = str(Path(data).absolute())
        target = self.target
        if self.kind != "ducklake-postgres":
            target = str(Path(target).absolute())
        return Backend(self.kind, target, data)

    def exists(self) -> bool:
        """Whether there is a warehouse to read (a PostgreSQL catalog is assumed to be)."""
        return self.path.exists() if self.path is not None else True

    # -- connections ----------------------------------------------------------------

    def connect(self, *, read_only: bool = False) -> duckdb.DuckDBPyConnection:
        """A connection whose default catalog is the warehouse. Raises duckdb errors."""
        if self.kind == "duckdb":
            if not read_only:
                Path(self.target).parent.mkdir(parents=True, exist_ok=True)
            return duckdb.connect(self.target, read_only=read_only)
        con = duckdb.connect()
        try:
            self.attach(con, LAKE, read_only=read_only)
            con.execute(f"USE {LAKE}")
        except BaseException:
            con.close()
            raise
        return con

    def attach(self, con: duckdb.DuckDBPyConnection, alias: str, *, read_only: bool) -> None:
        """Attach this warehouse to ``con`` as ``alias`` (extensions loaded as needed)."""
        if self.kind == "duckdb":
            mode = " (READ_ONLY)" if read_only else ""
            con.execute(f"ATTACH {sql_string(self.target)} AS {alias}{mode}")
            return
        con.execute(f"LOAD {sql_string(str(extension_path('ducklake')))}")
        scanner = "sqlite_scanner" if self.kind == "ducklake-sqlite" else "postgres_scanner"
        con.execute(f"LOAD {sql_string(str(extension_path(scanner)))}")
        _s3_access(con, os.environ)
        options = []
        if read_only:
            options.append("READ_ONLY")
        data = self.data_path
        if self.kind == "ducklake-sqlite":
            catalog = Path(self.target)
            if not read_only:
                catalog.parent.mkdir(parents=True, exist_ok=True)
                _sqlite_wal(catalog)
            source = f"ducklake:sqlite:{catalog}"
            default = str(catalog.with_suffix(".files"))  # for a new lake without #data=
        else:
            source = f"ducklake:postgres:{self.target}"
            default = None
        # An existing lake remembers its data path: it is passed only when given, or
        # (the default beside a SQLite catalog) when the lake turns out to be new.
        for data_path in (data, default) if data is None else (data,):
            with_data = list(options)
            if data_path is not None:
                if not read_only and "://" not in data_path:
                    Path(data_path).mkdir(parents=True, exist_ok=True)
                with_data.append(f"DATA_PATH {sql_string(_dir(data_path))}")
            suffix = f" ({', '.join(with_data)})" if with_data else ""
            try:
                _attach(con, f"ATTACH {sql_string(source)} AS {alias}{suffix}")
                return
            except duckdb.InvalidInputException as exc:
                if "data_path is not set" not in str(exc):
                    raise
                if data_path is None and default is not None:
                    continue
                raise WarehouseError(
                    f"{self.url}: a new DuckLake needs a place for its data files:"
                    " add #data=DIR to the warehouse URL"
                ) from exc

    def is_busy(self, exc: duckdb.Error) -> bool:
        """Whether opening failed only because another process holds the warehouse."""
        text = str(exc).lower()
        if self.kind == "duckdb":
            return isinstance(exc, duckdb.IOException) and (
                "lock" in text and ("conflicting" in text or "could not set" in text)
            )
        return "database is locked" in text

    def lost_to_another_writer(self, exc: BaseException) -> bool:
        """Whether a commit failed because another writer committed a conflicting change
        first (a DuckLake's optimistic concurrency; a DuckDB file has one writer)."""
        return self.is_lake and is_conflict(exc)

    # -- runs -----------------------------------------------------------------------

    @contextmanager
    def write_lock(self, timeout: float) -> Iterator[None]:
        """Runs into a DuckLake take turns: one run's dedup and load at a time.

        A SQLite catalog: ``flock`` on ``<catalog>.lock`` (one host, like the catalog).
        A PostgreSQL catalog: a transaction-scoped advisory lock held by a connection of
        its own, released when the run ends or its process dies. (The DuckDB file's
        lock is ``newsroom.warehouse.write_lock`` on its working file.)
        """
        if self.kind == "ducklake-postgres":
            with _pg_advisory_lock(self.target, _lock_key(self.target), timeout):
                yield
            return
        path = Path(self.target).absolute()
        with file_lock(path.with_name(path.name + ".lock"), timeout, f"{self}"):
            yield

    def adapt_migration(self, sql: str) -> str:
        """Migration SQL as this backend accepts it (see the module docstring)."""
        return adapt_for_ducklake(sql) if self.is_lake else sql


def parse(url: str | Path | Backend) -> Backend:
    """A warehouse URL (or a bare path: a DuckDB file) as a ``Backend``."""
    if isinstance(url, Backend):
        return url
    text = str(url).strip()  # a URL that came through a Path keeps its scheme
    if isinstance(url, Path) and not text.startswith(("duckdb:", "ducklake:")):
        return Backend("duckdb", text)
    if text.startswith("duckdb:"):
        return Backend("duckdb", _local_file(text[len("duckdb:") :]))
    if text.startswith("ducklake:"):
        text = without_password(text)
        rest, _, data = text[len("ducklake:") :].partition("#data=")
        catalog, _, target = rest.partition(":")
        data_path = data.strip() or None
        if catalog == "sqlite":
            return Backend("ducklake-sqlite", _nonempty(target, url), data_path)
        if catalog in ("postgres", "postgresql"):
            return Backend("ducklake-postgres", _nonempty(target, redact(str(url))), data_path)
        raise WarehouseError(
            f"unsupported warehouse URL {url!r}: DuckLake catalogs are ducklake:sqlite:FILE"
            " or ducklake:postgres:CONNINFO"
        )
    return Backend("duckdb", _local_file(text))


# -- passwords ------------------------------------------------------------------------
# A PostgreSQL password never travels inside a warehouse URL: libpq takes it from
# PGPASSWORD, ~/.pgpass or a service file (PGSERVICE, service=…). A password written
# into the URL anyway is taken out when the URL is read (``without_password``) and put in
# this process's PGPASSWORD, so output, logs, Prefect parameters, artifacts and events
# only ever see the URL without it; ``redact`` masks one in any text, as a last guard.

_KV_PASSWORD = re.compile(r"""(?i)(?<![\w?&])password\s*=\s*('(?:[^'\\]|\\.)*'|[^\s#]*)""")
_URI_PASSWORD = re.compile(r"(?i)(\bpostgres(?:ql)?://[^/:@\s]*):([^@/\s]*)@")
_QUERY_PASSWORD = re.compile(r"(?i)([?&])password=([^&#\s]*)&?")
_POSTGRES_URL = re.compile(r"(?i)^(\s*ducklake:postgres(?:ql)?:)(.*?)((?:#data=.*)?)$", re.S)
MASK = "***"


def redact(text: str) -> str:
    """``text`` with every PostgreSQL password in it (conninfo ``password=…``, URI
    ``user:password@`` or ``?password=…``) replaced by ``***``."""
    text = _URI_PASSWORD.sub(rf"\1:{MASK}@", text)
    text = re.sub(r"(?i)([?&]password=)[^&#\s]*", rf"\g<1>{MASK}", text)
    return _KV_PASSWORD.sub(f"password={MASK}", text)


def _unquote_kv(value: str) -> str:
    if len(value) >= 2 and value[0] == value[-1] == "'":
        return re.sub(r"\\(.)", r"\1", value[1:-1])
    return value


def without_password(url: str) -> str:
    """``url`` with a PostgreSQL password taken out of it and put in ``PGPASSWORD`` (where
    libpq looks for it); any other URL unchanged."""
    from urllib.parse import unquote

    match = _POSTGRES_URL.match(url)
    if not match:
        return url
    prefix, conninfo, data = match.groups()
    found: list[str] = []
    if "://" in conninfo:  # a URI: postgresql://user:password@host/db?password=…

        def userinfo(m: re.Match[str]) -> str:
            found.append(unquote(m.group(2)))
            return m.group(1) + "@"

        def query(m: re.Match[str]) -> str:
            found.append(unquote(m.group(2)))
            return m.group(1) if m.group(1) == "?" or m.group(0).endswith("&") else ""

        clean = _QUERY_PASSWORD.sub(query, _URI_PASSWORD.sub(userinfo, conninfo))
        clean = clean.rstrip("?&")
    else:  # key=value pairs

        def kv(m: re.Match[str]) -> str:
            found.append(_unquote_kv(m.group(1)))
            return ""

        clean = " ".join(_KV_PASSWORD.sub(kv, conninfo).split())
    if not found:
        return url
    os.environ["PGPASSWORD"] = found[-1]
    return prefix + clean + data


def file_problem(path: str | Path) -> str | None:
    """Why ``path`` cannot be a DuckDB warehouse file, or None: checked before any work,
    so a run never does its work and then fails to publish it."""
    text = str(path).strip()
    if not text:
        return "no warehouse named: give a DuckDB file (warehouse/newsroom.duckdb) or a URL"
    if text == ":memory:":
        return "an in-memory warehouse keeps nothing: give a DuckDB file"
    if Path(text).expanduser().is_dir():
        return f"{text} is a folder: name the DuckDB file in it ({Path(text) / 'newsroom.duckdb'})"
    return None


def foreign_file_problem(path: str | Path) -> str | None:
    """Why an existing file named as the warehouse is not one (a DuckDB file carries
    ``DUCK`` at byte 8), or None. Checked where a user names the warehouse, so that a
    run never copies someone's notes as its working file."""
    file = Path(str(path).strip()).expanduser()
    if not file.is_file():
        return None
    try:
        with file.open("rb") as f:
            head = f.read(12)
    except OSError as exc:
        return f"{path} cannot be read: {exc.strerror}"
    if head[8:12] != b"DUCK":
        return f"{path} exists and is not a DuckDB database: name another file"
    return None


def resolve(url: str, base: Path) -> str:
    """``url`` with its relative local paths taken under ``base`` (a config file's folder)."""
    backend = parse(url)

    def under(path: str) -> str:
        local = Path(path).expanduser()
        return path if "://" in path or local.is_absolute() else str(base / local)

    target = backend.target if backend.kind == "ducklake-postgres" else under(backend.target)
    data = under(backend.data_path) if backend.data_path else None
    return Backend(backend.kind, target, data).url


def _local_file(target: str) -> str:
    problem = file_problem(target)
    if problem:
        raise WarehouseError(problem)
    return target.strip()


def _nonempty(target: str, url: str | Path) -> str:
    if not target.strip():
        raise WarehouseError(f"warehouse URL {str(url)!r} names no file or catalog")
    return target.strip()


def _s3_access(con: duckdb.DuckDBPyConnection, env: Mapping[str, str]) -> None:
    """Data in an S3-compatible bucket (``#data=s3://bucket/prefix/``): httpfs loaded, and
    the standard AWS variables as a secret for this connection: ``AWS_ACCESS_KEY_ID``,
    ``AWS_SECRET_ACCESS_KEY``, ``AWS_REGION`` and, for a store other than AWS (MinIO,
    Ceph, R2, …), ``AWS_ENDPOINT_URL`` (``http://host:port`` or ``https://…``)."""
    if not env.get("AWS_ACCESS_KEY_ID"):
        return
    con.execute(f"LOAD {sql_string(str(extension_path('httpfs')))}")
    region = env.get("AWS_REGION") or env.get("AWS_DEFAULT_REGION") or "us-east-1"
    options = [
        "TYPE s3",
        f"KEY_ID {sql_string(env['AWS_ACCESS_KEY_ID'])}",
        f"SECRET {sql_string(env.get('AWS_SECRET_ACCESS_KEY', ''))}",
        f"REGION {sql_string(region)}",
    ]
    endpoint = env.get("AWS_ENDPOINT_URL", "")
    if endpoint:
        scheme, _, host = endpoint.rstrip("/").rpartition("://")
        options += [
            f"ENDPOINT {sql_string(host)}",
            "URL_STYLE 'path'",
            f"USE_SSL {'false' if scheme == 'http' else 'true'}",
        ]
    con.execute(f"CREATE OR REPLACE SECRET newsroom_s3 ({', '.join(options)})")


def _dir(path: str) -> str:
    return path if path.endswith("/") else path + "/"


_CONSTRAINTS = (
    re.compile(r"\s+PRIMARY KEY\b", re.IGNORECASE),
    re.compile(r",\s*UNIQUE\s*\([^)]*\)", re.IGNORECASE),
    re.compile(r"\s+UNIQUE\b(?!\s*\()", re.IGNORECASE),
    re.compile(r"\s+CHECK\s*\((?:[^()]|\([^()]*\))*\)", re.IGNORECASE),
)


def adapt_for_ducklake(sql: str) -> str:
    """Migration SQL without the constraints DuckLake refuses (keys, UNIQUE, CHECK)."""
    for pattern in _CONSTRAINTS:
        sql = pattern.sub("", sql)
    return sql


def is_conflict(exc: BaseException) -> bool:
    """Whether a DuckLake commit lost to another writer's (worth retrying whole)."""
    text = str(exc)
    return "Transaction conflict" in text or "database is locked" in text


def _sqlite_wal(catalog: Path) -> None:
    """Put a SQLite catalog in WAL mode (it persists; a no-op once done): readers then
    never block a writer's commit."""
    try:
        con = sqlite3.connect(catalog, timeout=30)
        try:
            con.execute("PRAGMA journal_mode=WAL")
        finally:
            con.close()
    except sqlite3.Error as exc:
        raise WarehouseError(f"cannot open the catalog {catalog}: {exc}") from exc


def _lock_key(conninfo: str) -> int:
    """The advisory lock key of a PostgreSQL-cataloged lake: 63 bits of its conninfo."""
    return int(hashlib.sha256(f"newsroom\0{conninfo}".encode()).hexdigest()[:15], 16)


def _attach(con: duckdb.DuckDBPyConnection, statement: str, attempts: int = 5) -> None:
    """ATTACH a lake. Two processes that open one new lake at the same moment both create
    its catalog tables; the one that loses that race attaches again, to the lake the other
    has just made."""
    for attempt in range(attempts):
        try:
            con.execute(statement)
            return
        except duckdb.Error as exc:
            text = str(exc)
            raced = "Failed to initialize DuckLake" in text and "already exists" in text
            if not raced or attempt == attempts - 1:
                raise
            time.sleep(0.1 * (attempt + 1) * (1 + random.random()))


@contextmanager
def file_lock(lock_file: Path, timeout: float, what: str) -> Iterator[None]:
    """An exclusive ``flock`` on ``lock_file``, waited for up to ``timeout`` seconds.

    Released by the kernel when the holder exits, however it exits.
    """
    lock_file.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(lock_file, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        deadline = time.monotonic() + timeout
        delay = 0.05
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    raise WarehouseBusy(
                        f"another run is loading into {what}; waited {timeout:.0f} s"
                    ) from None
                time.sleep(delay * (1 + random.random()))
                delay = min(delay * 2, 1.0)
        try:
            yield
        finally:
            fcntl.flock(fd, fcntl.LOCK_UN)
    finally:
        os.close(fd)


def file_locked(lock_file: Path) -> bool:
    """Whether some process holds the ``file_lock`` on ``lock_file`` now (never waits)."""
    try:
        fd = os.open(lock_file, os.O_RDONLY)
    except FileNotFoundError:
        return False
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return True
    else:
        fcntl.flock(fd, fcntl.LOCK_UN)
        return False
    finally:
        os.close(fd)


@contextmanager
def _pg_advisory_lock(conninfo: str, key: int, timeout: float) -> Iterator[None]:
    """``pg_try_advisory_xact_lock(key)`` in a transaction of a connection of its own."""
    con = duckdb.connect()
    try:
        try:
            con.execute(f"LOAD {sql_string(str(extension_path('postgres_scanner')))}")
            con.execute(f"ATTACH {sql_string(conninfo)} AS newsroom_lock (TYPE postgres)")
            con.execute("BEGIN")
            query = (
                "FROM postgres_query('newsroom_lock',"
                f" 'SELECT pg_try_advisory_xact_lock({key}) AS got')"
            )
            deadline = time.monotonic() + timeout
            delay = 0.05
            while not (con.execute(query).fetchone() or (False,))[0]:
                if time.monotonic() >= deadline:
                    raise WarehouseBusy(
                        f"another run is loading into the lake; waited {timeout:.0f} s"
                    )
                time.sleep(delay * (1 + random.random()))
                delay = min(delay * 2, 1.0)
        except duckdb.Error as exc:
            raise WarehouseError(f"cannot take the run lock in PostgreSQL: {exc}") from exc
        yield
    finally:
        con.close()  # ends the transaction, and with it the lock
