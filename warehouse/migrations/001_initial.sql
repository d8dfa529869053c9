-- newsroom warehouse, schema version 1.
-- Applied by newsroom.warehouse inside one transaction; never edit an applied file,
-- add a new numbered one.

CREATE TABLE runs (
    run_id       VARCHAR PRIMARY KEY,
    flow         VARCHAR NOT NULL,
    started_at   TIMESTAMPTZ NOT NULL,
    finished_at  TIMESTAMPTZ,
    state        VARCHAR NOT NULL,
    seen         INTEGER NOT NULL DEFAULT 0,
    new          INTEGER NOT NULL DEFAULT 0,
    changed      INTEGER NOT NULL DEFAULT 0,
    unchanged    INTEGER NOT NULL DEFAULT 0,
    duplicates   INTEGER NOT NULL DEFAULT 0,
    failed       INTEGER NOT NULL DEFAULT 0,
    parameters   VARCHAR
);

-- Every version of every document ever loaded. The view `articles` shows the current ones.
CREATE TABLE article_versions (
    article_id      VARCHAR PRIMARY KEY,
    document_id     VARCHAR NOT NULL,
    version         INTEGER NOT NULL,
    source_uri      VARCHAR NOT NULL,
    source_kind     VARCHAR NOT NULL CHECK (source_kind IN ('file', 'url')),
    title           VARCHAR NOT NULL,
    body            VARCHAR NOT NULL,
    published_at    TIMESTAMPTZ,
    dateline        VARCHAR,
    credits         VARCHAR[] NOT NULL,
    language        VARCHAR,
    word_count      INTEGER NOT NULL,
    content_sha256  VARCHAR NOT NULL,
    raw_sha256      VARCHAR NOT NULL,
    raw_size        BIGINT NOT NULL,
    raw_mtime       TIMESTAMPTZ,
    encoding        VARCHAR NOT NULL,
    removed_lines   INTEGER NOT NULL,
    story_id        VARCHAR NOT NULL,
    is_canonical    BOOLEAN NOT NULL DEFAULT false,
    fetched_at      TIMESTAMPTZ NOT NULL,
    first_seen_at   TIMESTAMPTZ NOT NULL,
    run_id          VARCHAR NOT NULL,
    superseded_at   TIMESTAMPTZ,
    superseded_by   VARCHAR,
    UNIQUE (source_uri, version)
);

CREATE VIEW articles AS
SELECT * EXCLUDE (superseded_at, superseded_by)
FROM article_versions
WHERE superseded_at IS NULL;

CREATE TABLE ingest_errors (
    source_uri  VARCHAR NOT NULL,
    stage       VARCHAR NOT NULL,
    error       VARCHAR NOT NULL,
    detail      VARCHAR NOT NULL,
    run_id      VARCHAR NOT NULL,
    "at"        TIMESTAMPTZ NOT NULL
);
