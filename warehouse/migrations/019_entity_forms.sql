-- `entities.names` lists every name the articles used for the entity: each article's
-- fullest name and the shorter forms it wrote too ("Trump" beside "Donald Trump"),
-- which `mentions.forms` holds; it listed the fullest names alone.
CREATE OR REPLACE VIEW entities AS
SELECT coalesce(m.canonical, m.entity) AS entity, m.kind,
       count(DISTINCT m.article_id) AS articles,
       sum(m.count) AS mentions,
       min(a.first_seen_at) AS first_seen_at,
       max(a.first_seen_at) AS last_seen_at,
       list_sort(list_distinct(flatten(list(list_prepend(m.entity, coalesce(m.forms, [])))))) AS names
FROM mentions m JOIN articles a USING (article_id)
WHERE m.method IS DISTINCT FROM 'teaser'
GROUP BY ALL;
