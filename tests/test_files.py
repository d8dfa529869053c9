from __future__ import annotations

import hashlib
import os
from pathlib import Path

from newsroom.records import RawDocument, Rejection
from newsroom.sources.files import discover, file_uri, read_file, read_files


def _write(path: Path, data: bytes | str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data.encode() if isinstance(data, str) else data)
    return path


def test_discover_files_directories_and_globs(tmp_path: Path) -> None:
    a = _write(tmp_path / "in" / "a.txt", "a")
    b = _write(tmp_path / "in" / "sub" / "b.txt", "b")
    c = _write(tmp_path / "other" / "c.txt", "c")
    _write(tmp_path / "in" / ".hidden.txt", "hidden")
    _write(tmp_path / "in" / ".git" / "config", "hidden dir")

    found, rejected = discover(
        [tmp_path / "in", str(tmp_path / "other" / "*.txt"), a]  # a twice: listed once
    )
    assert [f.path for f in found] == [str(a), str(b), str(c)]
    assert rejected == []
    assert found[0].uri == a.as_uri()


def test_discover_missing_path_and_empty_glob(tmp_path: Path) -> None:
    found, rejected = discover([tmp_path / "nope.txt", str(tmp_path / "*.none")])
    assert found == []
    assert [(r.stage, r.error) for r in rejected] == [("discover", "missing")] * 2
    assert rejected[0].source_uri == file_uri(tmp_path / "nope.txt")


def test_directory_symlink_loop_is_reported_not_followed(tmp_path: Path) -> None:
    _write(tmp_path / "in" / "a.txt", "a")
    (tmp_path / "in" / "back").symlink_to(tmp_path / "in")
    found, rejected = discover([tmp_path / "in"])
    assert [Path(f.path).name for f in found] == ["a.txt"]
    assert [(r.stage, r.error) for r in rejected] == [("discover", "symlink_loop")]


def test_a_folder_or_file_reached_under_two_names_is_listed_once(tmp_path: Path) -> None:
    """A `latest` link to this month, a link to a story and a hard link are no loops:
    each file is listed once, under the first path that reaches it, and nothing fails."""
    month = tmp_path / "archive" / "2026-12"
    a = _write(month / "a.txt", "a")
    b = _write(month / "b.txt", "b")
    (tmp_path / "archive" / "latest").symlink_to(month)
    (tmp_path / "archive" / "top-story.txt").symlink_to(a)
    os.link(b, tmp_path / "archive" / "z-hard-link.txt")
    found, rejected = discover([tmp_path / "archive"])
    assert [f.path for f in found] == [str(a), str(b)]
    assert rejected == []


def test_a_link_into_a_folder_another_argument_names_lists_its_files_once(
    tmp_path: Path,
) -> None:
    a = _write(tmp_path / "2026-01" / "a.txt", "a")
    c = _write(tmp_path / "inbox" / "c.txt", "c")
    (tmp_path / "inbox" / "january").symlink_to(tmp_path / "2026-01")
    found, rejected = discover([tmp_path / "2026-01", tmp_path / "inbox"])
    assert [f.path for f in found] == [str(a), str(c)]
    assert rejected == []


def test_a_link_to_a_folder_above_its_walk_is_a_loop_once(tmp_path: Path) -> None:
    """A link to the parent of the folder walked leads back into it: the walk goes on
    through the parent's other folders and reports the loop where it closes."""
    a = _write(tmp_path / "in" / "a.txt", "a")
    o = _write(tmp_path / "other" / "o.txt", "o")
    (tmp_path / "in" / "up").symlink_to(tmp_path)
    found, rejected = discover([tmp_path / "in"])
    assert [f.path for f in found] == [str(a), str(tmp_path / "in" / "up" / "other" / "o.txt")]
    assert Path(found[1].path).resolve() == o
    assert [(r.source_uri, r.error) for r in rejected] == [
        (file_uri(tmp_path / "in" / "up" / "in"), "symlink_loop")
    ]


def test_file_symlink_loop_is_a_read_error(tmp_path: Path) -> None:
    loop = tmp_path / "loop.txt"
    loop.symlink_to(loop)
    found, rejected = discover([tmp_path])
    assert rejected == []
    result = read_file(found[0])
    assert isinstance(result, Rejection)
    assert (result.stage, result.error) == ("read", "symlink_loop")


def test_read_keeps_provenance(tmp_path: Path) -> None:
    path = _write(tmp_path / "a.txt", "Hello world.\n")
    os.utime(path, (1_700_000_000, 1_700_000_000))
    [source], _ = discover([path])
    doc = read_file(source)
    assert isinstance(doc, RawDocument)
    assert doc.data == b"Hello world.\n"
    assert doc.size == 13
    assert doc.sha256 == hashlib.sha256(b"Hello world.\n").hexdigest()
    assert doc.mtime is not None and doc.mtime.timestamp() == 1_700_000_000
    assert doc.mtime.tzinfo is not None
    assert doc.source_uri == path.as_uri() and doc.source_kind == "file"


def test_read_rejects_empty_too_large_and_special_files(tmp_path: Path) -> None:
    empty = _write(tmp_path / "empty.txt", b"")
    big = _write(tmp_path / "big.txt", b"x" * 2048)
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    found, _ = discover([empty, big, fifo])
    docs, rejected, _ = read_files(found, max_bytes=1024)
    assert docs == []
    assert [(Path(r.source_uri).name, r.stage, r.error) for r in rejected] == [
        ("empty.txt", "read", "empty_file"),
        ("big.txt", "read", "too_large"),
        ("pipe.txt", "read", "not_a_file"),
    ]
    assert "1,024" in rejected[1].detail


def test_unreadable_file(tmp_path: Path) -> None:
    """A file without read permission. Root reads anything, so as root the read runs with
    the effective user switched to nobody, and back."""
    secret = _write(tmp_path / "secret.txt", "secret")
    secret.chmod(0o000)
    tmp_path.chmod(0o755)
    [source], _ = discover([secret])
    as_root = os.geteuid() == 0
    if as_root:
        os.setegid(65534)
        os.seteuid(65534)
    try:
        result = read_file(source)
    finally:
        if as_root:
            os.seteuid(0)
            os.setegid(0)
    assert isinstance(result, Rejection)
    assert (result.stage, result.error) == ("read", "unreadable")


def test_a_file_of_white_space_only_is_empty_as_a_file_of_no_bytes(
    tmp_path: Path, warehouse_path: Path
) -> None:
    """A trial's file of blank lines and spaces was reported as ``no_article_text``
    (nothing left after removing boilerplate, "0 lines removed"), which tells its
    reader to look for boilerplate that was never there: it is empty, as a file of no
    bytes is (``empty_file`` at the read stage), the other white space of Unicode
    (UTF-8's no-break space, a UTF-16 file with its byte order mark) included."""
    from newsroom.engine import ingest_files
    from readback import query

    _write(tmp_path / "in" / "zero.txt", b"")
    _write(tmp_path / "in" / "blank.txt", b"  \n\n\t \r\n   \n")
    _write(tmp_path / "in" / "nbsp.txt", "\u00a0 \n\u3000\n")
    _write(tmp_path / "in" / "utf16.txt", " \n\n \n".encode("utf-16"))
    summary = ingest_files([str(tmp_path / "in")], warehouse_path).summary
    assert (summary.seen, summary.failed) == (4, 4)
    found = query(warehouse_path, "SELECT source_uri, stage, error, detail FROM ingest_errors")
    reasons = {Path(uri).name: (stage, error) for uri, stage, error, _ in found}
    assert reasons == dict.fromkeys(
        ["zero.txt", "blank.txt", "nbsp.txt", "utf16.txt"], ("read", "empty_file")
    ), found
    details = {Path(uri).name: detail for uri, _, _, detail in found}
    assert details["zero.txt"] == "the file is empty"
    assert details["blank.txt"] == "the file is empty: 12 bytes of white space and nothing else"


def test_an_unfinished_download_is_refused_until_it_completes(tmp_path: Path) -> None:
    # a trial's half-downloaded page was read as an article's text
    for name in ("story.html.crdownload", "story.html.part"):
        path = _write(tmp_path / name, "<html><body><p>The council voted on Tues")
        result = read_file(discover([path])[0][0])
        assert isinstance(result, Rejection), name
        assert (result.stage, result.error) == ("read", "unfinished_download"), result
        assert "read once it completes" in result.detail
