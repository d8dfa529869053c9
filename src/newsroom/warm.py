"""Loading once what every run loads: for a process that runs many (the warm runner).

A run loads, lazily and on its first document, the language model, the gazetteer, the
given names and word lists, trafilatura and DuckDB. ``warm_up`` makes one text and one
page go through the same path a run's documents take, so that all of it is in memory
before the warm runner forks its first run.
"""

from __future__ import annotations

import hashlib

from newsroom.records import RawDocument, SourceKind

_TEXT = """\
Flood defences hold as river peaks in the north

LONDON (Reuters) - Flood defences along the River Severn held on Tuesday as the river
peaked, the Environment Agency said, after a week of heavy rain across England and Wales.
"The barriers did what they were built to do," said Jane Smith, a spokeswoman for the
agency, adding that about 1,200 homes had been protected in Shrewsbury.
"""

_PAGE = f"""<!doctype html><html lang="en"><head><title>Flood defences hold</title>
<meta property="og:title" content="Flood defences hold as river peaks in the north">
</head><body><nav><a href="/">Home</a></nav><article><h1>Flood defences hold</h1>
{"".join(f"<p>{line}</p>" for line in _TEXT.splitlines()[2:])}
</article></body></html>"""


def _document(name: str, text: str, kind: SourceKind) -> RawDocument:
    data = text.encode()
    return RawDocument(
        source_uri=f"warm-up:{name}",
        source_kind=kind,
        data=data,
        sha256=hashlib.sha256(data).hexdigest(),
        size=len(data),
        mtime=None,
    )


def warm_up() -> None:
    """One text and one page through ``pipeline.to_article``; the warehouse module imported."""
    import newsroom.warehouse  # noqa: F401  (DuckDB)
    from newsroom.pipeline import to_article

    to_article(_document("text", _TEXT, "file"))
    to_article(_document("page", _PAGE, "file"))
