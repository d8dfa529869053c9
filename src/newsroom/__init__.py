"""newsroom's core: article files and web pages into clean text, story clusters, facts and
a DuckDB warehouse. Importable and testable without Prefect; ``flows/`` (the command and
the Prefect flows) builds on it.

The public API:

- ``newsroom.engine``: the runs. ``ingest_files(paths, warehouse)``,
  ``ingest_urls(urls, warehouse, feeds=..., sitemaps=...)``, ``reprocess(warehouse)``;
  each returns a ``RunOutcome`` (its ``summary`` is a ``RunSummary``). They run in this
  process by default (``InProcess``); give another ``Compute`` to run the stages
  elsewhere.
- ``newsroom.warehouse``: ``Warehouse(url)`` to read (``query``, ``run_errors``, ...),
  ``store_for(url)`` for the run protocol, and ``copy_warehouse``, ``compact_warehouse``,
  ``export_parquet``, ``warehouse_status``, ``health_drops``.
- ``newsroom.records``: the typed records that travel between stages (``Article``,
  ``Rejection``, ``RunSummary``, ...).
- The stages, each usable alone: ``newsroom.decoding.decode_bytes``,
  ``newsroom.normalise.clean_text``, ``newsroom.extract.extract_html``,
  ``newsroom.facts.extract_facts``, ``newsroom.dedup.cluster_texts``,
  ``newsroom.article.build``, ``newsroom.sources`` (files, the fetcher, feeds, URLs).
- ``newsroom.config`` (``newsroom.toml``) and ``newsroom.settings`` (the environment).
- Errors: ``newsroom.errors`` (``TransientError`` may pass if retried;
  ``TerminalError`` will not).
"""
