-- Views for analysis: stories with their copies, articles per outlet per day, errors per
-- stage per day, and per-outlet extraction health. Days are UTC dates.

-- Where an article came from: the site name a page declares, else the URL's host
-- (without "www."), else 'file' for text files.
CREATE VIEW article_outlets AS
SELECT
    article_id,
    coalesce(
        nullif(trim(site_name), ''),
        CASE WHEN source_kind = 'url'
             THEN nullif(regexp_extract(lower(source_uri), '^[a-z][a-z0-9+.-]*://(?:www\.)?([^/:?#@]+)', 1), '')
        END,
        'file'
    ) AS outlet,
    CAST(timezone('UTC', coalesce(published_at, first_seen_at)) AS DATE) AS day
FROM articles;

-- One row per current article, with its story: the story's size, title and whether this
-- row is the canonical copy; for copies, how they were matched (best link).
CREATE VIEW story_copies AS
WITH best_link AS (
    SELECT article_id,
           arg_max(similar_article_id, similarity) AS matched_article_id,
           arg_max(method, similarity) AS method,
           max(similarity) AS similarity
    FROM article_links GROUP BY article_id
)
SELECT
    a.story_id,
    count(*) OVER (PARTITION BY a.story_id) AS copies,
    first(a.title) OVER (PARTITION BY a.story_id ORDER BY a.is_canonical DESC) AS story_title,
    a.article_id,
    a.is_canonical,
    a.title,
    o.outlet,
    a.source_uri,
    a.word_count,
    a.published_at,
    a.first_seen_at,
    l.matched_article_id,
    l.method,
    l.similarity
FROM articles a
JOIN article_outlets o USING (article_id)
LEFT JOIN best_link l USING (article_id);

-- Articles per outlet per day (the publication day when known, else the day first seen).
CREATE VIEW articles_per_outlet_day AS
SELECT
    o.day,
    o.outlet,
    count(*) AS articles,
    count(*) FILTER (WHERE a.is_canonical) AS canonical,
    count(DISTINCT a.story_id) AS stories,
    sum(a.word_count) AS words
FROM articles a JOIN article_outlets o USING (article_id)
GROUP BY ALL;

-- Errors per stage per day (the day the error was recorded), with an example.
CREATE VIEW errors_per_stage_day AS
SELECT
    CAST(timezone('UTC', "at") AS DATE) AS day,
    stage,
    error,
    count(*) AS errors,
    count(DISTINCT run_id) AS runs,
    any_value(detail) AS example
FROM ingest_errors
GROUP BY ALL;

-- Extraction health per outlet: how many bodies are empty or very short (< 50 words),
-- and the median body length. A sharp rise of short_share usually means the outlet
-- changed its page template and the extractor lost the article.
CREATE VIEW outlet_health AS
SELECT
    o.outlet,
    count(*) AS articles,
    count(*) FILTER (WHERE a.word_count = 0) AS empty_bodies,
    count(*) FILTER (WHERE a.word_count < 50) AS short_bodies,
    round(count(*) FILTER (WHERE a.word_count < 50) / count(*), 3) AS short_share,
    median(a.word_count) AS median_words,
    max(a.first_seen_at) AS last_seen_at
FROM articles a JOIN article_outlets o USING (article_id)
GROUP BY o.outlet;

-- The same per outlet and day, to see when health dropped.
CREATE VIEW outlet_health_day AS
SELECT
    o.outlet,
    CAST(timezone('UTC', a.first_seen_at) AS DATE) AS day,
    count(*) AS articles,
    round(count(*) FILTER (WHERE a.word_count < 50) / count(*), 3) AS short_share,
    median(a.word_count) AS median_words
FROM articles a JOIN article_outlets o USING (article_id)
GROUP BY ALL;
