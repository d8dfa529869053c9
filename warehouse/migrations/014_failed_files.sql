-- A file that fails a stage is read again only once it changes: its error row keeps
-- what it was (hash, size, modification time; NULL where not known, and for rows loaded
-- before this migration), and `runs.failed_before` counts the files a run did not read
-- again because they failed before and are unchanged since (`newsroom ingest
-- --retry-failed` reads them all again).
ALTER TABLE ingest_errors ADD COLUMN IF NOT EXISTS raw_sha256 VARCHAR;
ALTER TABLE ingest_errors ADD COLUMN IF NOT EXISTS raw_size BIGINT;
ALTER TABLE ingest_errors ADD COLUMN IF NOT EXISTS raw_mtime TIMESTAMPTZ;
ALTER TABLE runs ADD COLUMN IF NOT EXISTS failed_before INTEGER DEFAULT 0;
