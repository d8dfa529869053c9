-- Web documents: every response archived (compressed) for reprocessing, and what the
-- fetcher knows of each URL for conditional GET.

CREATE TABLE http_responses (
    response_id   VARCHAR PRIMARY KEY,
    url           VARCHAR NOT NULL,      -- as requested
    final_url     VARCHAR NOT NULL,      -- after redirects
    document_uri  VARCHAR,               -- the article's source_uri (canonical URL)
    status        INTEGER NOT NULL,
    headers       VARCHAR NOT NULL,      -- JSON list of [name, value] pairs
    content_type  VARCHAR,
    charset       VARCHAR,               -- as declared (header or meta)
    body_gzip     BLOB NOT NULL,         -- the decoded body, gzip-compressed
    body_size     BIGINT NOT NULL,
    body_sha256   VARCHAR NOT NULL,
    redirects     VARCHAR[] NOT NULL,
    attempts      INTEGER NOT NULL,
    elapsed_ms    DOUBLE NOT NULL,
    fetched_at    TIMESTAMPTZ NOT NULL,
    run_id        VARCHAR NOT NULL
);

CREATE TABLE url_state (
    url              VARCHAR PRIMARY KEY,
    etag             VARCHAR,
    last_modified    VARCHAR,
    last_status      INTEGER,
    last_fetched_at  TIMESTAMPTZ,
    document_uri     VARCHAR
);

-- Metadata that HTML pages carry.
ALTER TABLE article_versions ADD COLUMN authors VARCHAR[];
ALTER TABLE article_versions ADD COLUMN site_name VARCHAR;
ALTER TABLE article_versions ADD COLUMN description VARCHAR;
ALTER TABLE article_versions ADD COLUMN tags VARCHAR[];
ALTER TABLE article_versions ADD COLUMN updated_at TIMESTAMPTZ;
ALTER TABLE article_versions ADD COLUMN extraction_method VARCHAR;

-- Views pick up the new columns.
DROP VIEW stories;
DROP VIEW articles;
CREATE VIEW articles AS
SELECT * EXCLUDE (superseded_at, superseded_by)
FROM article_versions
WHERE superseded_at IS NULL;
CREATE VIEW stories AS
SELECT
    story_id,
    any_value(article_id) FILTER (WHERE is_canonical) AS canonical_article_id,
    any_value(title) FILTER (WHERE is_canonical) AS title,
    min(first_seen_at) AS first_seen_at,
    max(first_seen_at) AS last_seen_at,
    min(published_at) AS first_published_at,
    count(*) AS copies
FROM articles
GROUP BY story_id;
