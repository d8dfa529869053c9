"""Python data handed to SQL as Arrow tables, registered on a connection for a block."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager

import duckdb
import pyarrow as pa


@contextmanager
def registered(con: duckdb.DuckDBPyConnection, name: str, table: pa.Table) -> Iterator[None]:
    """An Arrow table visible to SQL as ``name`` for the length of the block."""
    con.register(name, table)
    try:
        yield
    finally:
        con.unregister(name)


def strings(values: Iterable[str], column: str = "value") -> pa.Table:
    """A one-column table of strings, to join against in SQL: binding a long Python list
    as a parameter instead costs DuckDB's client about 0.1 ms an item (it tries to import
    pandas for each)."""
    return pa.table({column: pa.array(list(values), pa.string())})
