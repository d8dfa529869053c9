-- Where an article came from, one name a site: the site name a page declares; for a page
-- that declares none, the name most pages of its host declare (a site gives og:site_name
-- on some pages only, and was listed under two names, "The Harbour Gazette" and its
-- host); else the URL's host (without "www."), else 'file' for text files.
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
)
SELECT a.article_id, coalesce(a.declared, h.name, a.host, 'file') AS outlet, a.day
FROM a LEFT JOIN host_names h USING (host);
