-- A page that declares no site name takes its host's name only when most of the host's
-- pages that declare one declare that one (more than half of them). One host serving many
-- outlets (an aggregator, a syndication host, a mirror) had lent its commonest name, 5
-- pages of 217, to the 81 pages of others that declared none; they now keep the host.
CREATE OR REPLACE VIEW article_outlets AS
WITH a AS (
    SELECT article_id,
           nullif(trim(site_name), '') AS declared,
           CASE WHEN source_kind = 'url'
                THEN nullif(regexp_extract(lower(source_uri), '^[a-z][a-z0-9+.-]*://(?:www\.)?([^/:?#@]+)', 1), '')
           END AS host,
           CAST(timezone('UTC', coalesce(published_at, first_seen_at)) AS DATE) AS day
    FROM articles
),
host_names AS (
    SELECT host, first(declared ORDER BY pages DESC, declared) AS name
    FROM (
        SELECT host, declared, count(*) AS pages
        FROM a WHERE host IS NOT NULL AND declared IS NOT NULL
        GROUP BY host, declared
    )
    GROUP BY host
    HAVING 2 * max(pages) > sum(pages)
)
SELECT a.article_id, coalesce(a.declared, h.name, a.host, 'file') AS outlet, a.day
FROM a LEFT JOIN host_names h USING (host);
