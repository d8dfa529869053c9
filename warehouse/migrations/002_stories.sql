-- Near-duplicate stories: LSH band keys per article, verified links, and the stories view.

-- Every current article's LSH band keys (whole-text and lead bands). A run joins its new
-- articles' keys against this table to find candidates. Rows of superseded versions are
-- deleted when a newer version is loaded.
CREATE TABLE article_bands (
    article_id  VARCHAR NOT NULL,
    band_key    BIGINT NOT NULL
);

-- Why articles share a story: one row per verified match, from the article that joined.
CREATE TABLE article_links (
    article_id          VARCHAR NOT NULL,
    similar_article_id  VARCHAR NOT NULL,
    similarity          DOUBLE NOT NULL,   -- word-shingle Jaccard of the two bodies
    containment         DOUBLE NOT NULL,   -- share of the shorter body found in the longer
    method              VARCHAR NOT NULL,  -- 'exact' | 'jaccard' | 'containment'
    run_id              VARCHAR NOT NULL,
    created_at          TIMESTAMPTZ NOT NULL
);

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
