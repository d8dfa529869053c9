-- An entity the article names only in a teaser (a line linking to another story, which
-- the cleaner takes out of the body: "NEXT The UN ... ceasefire in Gaza") is kept as a
-- mention with method 'teaser'; it has no place in the body, so its first_offset is NULL.
-- What the warehouse counts (this view, topics, the report, search's --person/--org/
-- --place) is what the stories themselves name: teasers' names are left out of it.
ALTER TABLE mentions ALTER COLUMN first_offset DROP NOT NULL;

CREATE OR REPLACE VIEW entities AS
SELECT m.entity, m.kind,
       count(DISTINCT m.article_id) AS articles,
       sum(m.count) AS mentions,
       min(a.first_seen_at) AS first_seen_at,
       max(a.first_seen_at) AS last_seen_at
FROM mentions m JOIN articles a USING (article_id)
WHERE m.method IS DISTINCT FROM 'teaser'
GROUP BY m.entity, m.kind;
