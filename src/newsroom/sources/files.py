"""Documents from the local file system: discovery (files, directories, globs) and reading.

Both stages return what they found and what they rejected; nothing raises for a bad
path or a bad file. A directory is walked recursively, skipping hidden entries and the
folders of resources a browser saves beside a page ("story_files" beside "story.html"),
and following symbolic links; a folder or file reached again under another name is listed
once, and a link back to a folder that contains it is reported, not followed forever.
"""

from __future__ import annotations

import errno
import glob
import hashlib
import os
import re
import stat
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from fnmatch import fnmatchcase
from pathlib import Path
from urllib.parse import unquote, urlsplit

from newsroom.records import FileVersion, RawDocument, Rejection, SourceFile, utcnow

DEFAULT_MAX_BYTES = 10 * 1024 * 1024
_Inode = tuple[int, int]
_GLOB_CHARS = frozenset("*?[")


def file_uri(path: str | os.PathLike[str]) -> str:
    """The document identity of a path: an absolute file:// URI, symlinks not resolved."""
    return Path(os.path.abspath(path)).as_uri()


def _source(path: str) -> SourceFile:
    absolute = os.path.abspath(path)
    return SourceFile(path=absolute, uri=file_uri(absolute))


def _os_error_reason(exc: OSError) -> tuple[str, str]:
    if exc.errno == errno.ELOOP:
        return "symlink_loop", "the path is a symbolic link loop"
    if isinstance(exc, FileNotFoundError):
        return "missing", "no such file or directory"
    if isinstance(exc, PermissionError):
        return "unreadable", "permission denied"
    return "unreadable", f"{exc.strerror or exc}"


def _walk(
    root: str, found: list[SourceFile], rejected: list[Rejection], walked: set[_Inode]
) -> None:
    """List the files under ``root``. ``walked``: the folders this discovery has already
    listed, shared by its arguments, so a folder reached again under another name (a
    ``latest`` link to this month, a link into a folder another argument names) is not
    listed twice. Only a link back to a folder that contains it is a loop, and reported.
    """

    def visit(directory: str, above: frozenset[_Inode]) -> None:
        try:
            st = os.stat(directory)
        except OSError as exc:
            error, detail = _os_error_reason(exc)
            rejected.append(Rejection(file_uri(directory), "discover", error, detail))
            return
        key = (st.st_dev, st.st_ino)
        if key in above:
            rejected.append(
                Rejection(
                    file_uri(directory),
                    "discover",
                    "symlink_loop",
                    "a symbolic link leads back to a folder that contains it; not followed",
                )
            )
            return
        if key in walked:
            return
        walked.add(key)
        try:
            entries = sorted(os.scandir(directory), key=lambda e: e.name)
        except OSError as exc:
            error, detail = _os_error_reason(exc)
            rejected.append(Rejection(file_uri(directory), "discover", error, detail))
            return
        names = {e.name for e in entries}
        for entry in entries:
            if entry.name.startswith("."):
                continue
            try:
                is_dir = entry.is_dir(follow_symlinks=True)
            except OSError:
                is_dir = False
            if is_dir and saved_page_resources(entry.name, names):
                continue
            if is_dir:
                visit(entry.path, above | {key})
            else:
                # Files that cannot even be stat'ed (dangling links, link loops) are
                # kept: reading reports them with the exact reason.
                found.append(_source(entry.path))

    visit(root, frozenset())


# The folder a browser saves a page's images, scripts and frames in beside the page
# ("Web Page, Complete": "story.html" and "story_files/"), by the endings browsers give it:
# Chrome's and Edge's in every language, Firefox's in its own languages.
_RESOURCE_FOLDER = re.compile(
    r"(?P<page>.+?)(?:_files|-Dateien|_fichiers|_archivos|_arquivos|_file|_bestanden|-filer"
    r"|_soubory|_pliki|_tiedostot|-fájlok|_dosyalar|_файлы|_файли)",
    re.IGNORECASE,
)
_PAGE_ENDINGS = (".html", ".htm", ".xhtml", ".shtml")


def saved_page_resources(name: str, siblings: set[str]) -> bool:
    """Whether the folder *name* holds what a browser saved with a page beside it (one of
    *siblings* is the page, "story.html" beside "story_files"): its frames, scripts and
    images are no articles, and are not read. A folder so named with no such page is."""
    m = _RESOURCE_FOLDER.fullmatch(name)
    return m is not None and any(m.group("page") + end in siblings for end in _PAGE_ENDINGS)


def _inode(path: str) -> _Inode | None:
    """The file a path leads to (device, inode), or None when it cannot be stat'ed."""
    try:
        st = os.stat(path)
    except OSError:
        return None
    return (st.st_dev, st.st_ino)


def discover(
    paths: Iterable[str | os.PathLike[str]], skip: Sequence[str] = ()
) -> tuple[list[SourceFile], list[Rejection]]:
    """Expand files, directories and glob patterns into files to read, in a stable order.

    A path that matches nothing becomes a ``discover`` rejection. Each file is listed
    once even when several arguments, or several names (symbolic or hard links), reach
    it: under the first path that reaches it. ``skip``: absolute paths of files that are
    not documents (the warehouse's own, ``Store.own_paths``): a file whose absolute path
    is one of them, or continues one with ``.``, ``-`` or ``/``, is left out, named or
    found in a folder.
    """
    found: list[SourceFile] = []
    rejected: list[Rejection] = []
    walked: set[_Inode] = set()
    for raw in paths:
        path = os.fspath(raw)
        if os.path.lexists(path):
            targets = [path]
        elif _GLOB_CHARS & set(path):
            targets = sorted(glob.glob(path, recursive=True))
            if not targets:
                rejected.append(
                    Rejection(file_uri(path), "discover", "missing", "the pattern matches nothing")
                )
        else:
            rejected.append(
                Rejection(file_uri(path), "discover", "missing", "no such file or directory")
            )
            targets = []
        for target in targets:
            if os.path.isdir(target):
                _walk(target, found, rejected, walked)
            else:
                found.append(_source(target))
    unique: dict[str, SourceFile] = {}
    listed: set[_Inode] = set()
    for source in found:
        if source.uri in unique or (skip and is_skipped(source.path, skip)):
            continue
        inode = _inode(source.path)
        if inode is not None and inode in listed:
            continue
        if inode is not None:
            listed.add(inode)
        unique[source.uri] = source
    return list(unique.values()), rejected


@dataclass(frozen=True, slots=True)
class Walked:
    """The files one argument of a discovery covers: every file under ``folder`` (an
    absolute path), or those a glob ``pattern`` (absolute) matches under it."""

    folder: str
    pattern: str | None = None

    @property
    def prefix(self) -> str:
        """What the URIs of the files it covers start with."""
        uri = file_uri(self.folder)
        return uri if uri.endswith("/") else uri + "/"

    def covers(self, path: str) -> bool:
        if self.pattern is None:
            return path.startswith(self.folder.rstrip(os.sep) + os.sep)
        return _glob_matches(path.split(os.sep), self.pattern.split(os.sep))


def _glob_matches(parts: list[str], pattern: list[str]) -> bool:
    """Whether a path's parts match a glob pattern's, as ``glob.glob(..., recursive=True)``
    reads it: "**" stands for any number of folders, every other part is matched alone."""
    if not pattern:
        return not parts
    if pattern[0] == "**":
        return any(_glob_matches(parts[i:], pattern[1:]) for i in range(len(parts) + 1))
    return (
        bool(parts) and fnmatchcase(parts[0], pattern[0]) and _glob_matches(parts[1:], pattern[1:])
    )


def walked(paths: Iterable[str | os.PathLike[str]]) -> list[Walked]:
    """What a discovery of ``paths`` walks: each folder that is there, and the folder
    under which a glob pattern matches (its parts before the first with a wildcard), if
    that is there. A file named alone walks nothing, nor does a folder that is not there
    (the run reports it missing: a drive not mounted has not lost its files)."""
    found: list[Walked] = []
    for raw in paths:
        path = os.path.abspath(os.fspath(raw))
        if os.path.isdir(path):
            found.append(Walked(path))
        elif not os.path.lexists(path) and _GLOB_CHARS & set(path):
            parts = path.split(os.sep)
            fixed = next(i for i, part in enumerate(parts) if _GLOB_CHARS & set(part))
            folder = os.sep.join(parts[:fixed]) or os.sep
            if os.path.isdir(folder):
                found.append(Walked(folder, path))
    return found


def uri_path(uri: str) -> str:
    """The local path of a ``file:`` URI (``file_uri``'s inverse, on POSIX systems)."""
    return unquote(urlsplit(uri).path)


def gone_files(known: Iterable[str], found: Iterable[str], walks: Sequence[Walked]) -> list[str]:
    """Of the files an earlier run read (``known``, URIs), those a folder of ``walks``
    covers that the discovery did not find (``found``) and that are not there at all
    (a file the discovery leaves out, hidden or reached under another name, is there)."""
    listed = set(found)
    gone = []
    for uri in known:
        if uri in listed or not uri.startswith("file:"):
            continue
        path = uri_path(uri)
        if any(w.covers(path) for w in walks) and not os.path.lexists(path):
            gone.append(uri)
    return gone


def is_skipped(path: str, skip: Sequence[str]) -> bool:
    """Whether ``path`` is one of ``skip`` or continues one with ``.``, ``-`` or ``/``."""
    full = os.path.abspath(path)
    return any(full == own or (full.startswith(own) and full[len(own)] in "./-") for own in skip)


# Files of text that hold data or code, not an article, by their name's ending: a folder
# of articles with a spreadsheet or a script beside them, or a project's own folder.
_DATA_FILES = {
    **dict.fromkeys((".csv", ".tsv"), "a table of values"),
    **dict.fromkeys((".json", ".jsonl", ".ndjson", ".geojson"), "JSON data"),
    **dict.fromkeys(
        (".yaml", ".yml", ".toml", ".ini", ".cfg", ".conf", ".lock"), "a settings file"
    ),
    **dict.fromkeys(
        (".py", ".js", ".mjs", ".ts", ".css", ".sql", ".sh", ".rb", ".go", ".rs", ".java", ".c"),
        "source code",
    ),
}


# What browsers name a file while they download it: the file is renamed when it completes.
_UNFINISHED = {
    ".crdownload": "Chrome's and Edge's .crdownload",
    ".part": "Firefox's .part",
    ".partial": "a .partial file",
}


def read_file(
    source: SourceFile, max_bytes: int = DEFAULT_MAX_BYTES, outlet: str | None = None
) -> RawDocument | Rejection:
    """Read one file's bytes with provenance (``outlet``: the outlet the person who ran the
    ingest named for these files), or say why it cannot be read."""

    st: os.stat_result | None = None

    def reject(error: str, detail: str, sha256: str | None = None) -> Rejection:
        if st is None:
            return Rejection(source.uri, "read", error, detail)
        mtime = datetime.fromtimestamp(st.st_mtime, UTC)
        return Rejection(source.uri, "read", error, detail, sha256, st.st_size, mtime)

    try:
        st = os.stat(source.path)
    except OSError as exc:
        st = _link_itself(source.path)  # a looping or broken symlink: what the link is
        return reject(*_os_error_reason(exc))
    if stat.S_ISDIR(st.st_mode):
        return reject("not_a_file", "the path is a directory")
    if not stat.S_ISREG(st.st_mode):
        return reject("not_a_file", "not a regular file (a device, socket or pipe)")
    if st.st_size > max_bytes:
        return reject("too_large", f"{st.st_size:,} bytes is over the limit of {max_bytes:,} bytes")
    try:
        with open(source.path, "rb") as handle:
            data = handle.read(max_bytes + 1)
    except OSError as exc:
        return reject(*_os_error_reason(exc))
    if len(data) > max_bytes:
        return reject("too_large", f"the file grew past the limit of {max_bytes:,} bytes")
    if not data:
        return reject("empty_file", "the file is empty", hashlib.sha256(data).hexdigest())
    ending = os.path.splitext(source.path)[1].lower()
    if ending in _UNFINISHED:
        return reject(
            "unfinished_download",
            f"an unfinished download ({_UNFINISHED[ending]}): read once it completes"
            " and takes its own name",
            hashlib.sha256(data).hexdigest(),
        )
    kind = _DATA_FILES.get(ending)
    if kind is not None:
        return reject(
            "not_an_article",
            f"{kind}, not an article (text files and saved web pages are read)",
            hashlib.sha256(data).hexdigest(),
        )
    return RawDocument(
        source_uri=source.uri,
        source_kind="file",
        data=data,
        sha256=hashlib.sha256(data).hexdigest(),
        size=len(data),
        mtime=datetime.fromtimestamp(st.st_mtime, UTC),
        path=source.path,
        fetched_at=utcnow(),
        outlet=outlet,
    )


def unmodified(source: SourceFile, known: FileVersion | None) -> bool:
    """Whether the file still has the size and modification time of its loaded version
    (or of the version that failed, ``known.failed``).

    The quick check rsync makes: a watched folder's unchanged files are not read again.
    (A rewrite that keeps both size and mtime goes unseen; touch the file to force it.)
    """
    if known is None or known.mtime is None:
        return False
    try:
        st = os.stat(source.path)
    except OSError:
        found = _link_itself(source.path) if known.failed else None
        if found is None:
            return False
        st = found
    return st.st_size == known.size and datetime.fromtimestamp(st.st_mtime, UTC) == known.mtime


def _link_itself(path: str) -> os.stat_result | None:
    """The symlink's own size and time when what it points to cannot be looked at (a loop,
    a missing target): what a failure of it is remembered by."""
    try:
        return os.lstat(path)
    except OSError:
        return None


def read_files(
    sources: Sequence[SourceFile],
    max_bytes: int = DEFAULT_MAX_BYTES,
    known: dict[str, FileVersion] | None = None,
    outlet: str | None = None,
) -> tuple[list[RawDocument], list[Rejection], list[str]]:
    """Read a batch of files; the URIs of files unmodified since their last version
    (loaded, or failed) are skipped and listed."""
    docs: list[RawDocument] = []
    rejected: list[Rejection] = []
    skipped: list[str] = []
    for source in sources:
        if known and unmodified(source, known.get(source.uri)):
            skipped.append(source.uri)
            continue
        result = read_file(source, max_bytes, outlet)
        if isinstance(result, Rejection):
            rejected.append(result)
        else:
            docs.append(result)
    return docs, rejected, skipped
