"""The warehouse: the only package that speaks SQL.

- ``backend``: a parsed warehouse URL (a DuckDB file or a DuckLake) and how to open it.
- ``connection``: brief connections that wait while another process holds the file.
- ``schema``: numbered migrations, applied in order.
- ``reads``: ``Warehouse``, what runs and users read.
- ``load``: a run's rows into the tables, inside the caller's transaction.
- ``runs``: the run protocol, one interface over the two stores (``store_for``).
- ``admin``: copy, compact, export, status, outlet health.

A run is all or nothing where users look: a DuckDB file's runs load a private working
file and publish it whole; a DuckLake run is one transaction. Killed half way, the
warehouse is as it was.
"""

from newsroom.records import RunRecord
from newsroom.settings import DEFAULT_WAREHOUSE
from newsroom.warehouse.admin import (
    EXPORT_MANIFEST,
    EXPORTS,
    CopiedTable,
    HealthDrop,
    WarehouseStatus,
    compact_warehouse,
    copy_warehouse,
    export_parquet,
    health_drops,
    health_judged,
    warehouse_status,
)
from newsroom.warehouse.backend import Backend, parse
from newsroom.warehouse.reads import Warehouse
from newsroom.warehouse.runs import (
    WRITE_LOCK_TIMEOUT,
    LakeStore,
    RunWriter,
    SnapshotStore,
    Store,
    publish,
    published_path,
    restore_if_interrupted,
    storage_error,
    store_for,
    work_path,
    working_file,
    write_lock,
)
from newsroom.warehouse.schema import migrations

DEFAULT_PATH = DEFAULT_WAREHOUSE

__all__ = [
    "DEFAULT_PATH",
    "EXPORTS",
    "EXPORT_MANIFEST",
    "WRITE_LOCK_TIMEOUT",
    "Backend",
    "CopiedTable",
    "HealthDrop",
    "LakeStore",
    "RunRecord",
    "RunWriter",
    "SnapshotStore",
    "Store",
    "Warehouse",
    "WarehouseStatus",
    "compact_warehouse",
    "copy_warehouse",
    "export_parquet",
    "health_drops",
    "health_judged",
    "migrations",
    "parse",
    "publish",
    "published_path",
    "restore_if_interrupted",
    "storage_error",
    "store_for",
    "warehouse_status",
    "work_path",
    "working_file",
    "write_lock",
]
