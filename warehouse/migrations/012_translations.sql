-- Translated copies: an article and its translation into another language (a different
-- article, in its own story), linked by the numbers and names they share
-- (newsroom.translations). Each run adds its articles' anchor keys and links them.

-- Every article version's anchor keys (numbers by their digits, names in Latin letters
-- cut to five): the run that loads an article adds its row; a run adds the rows of
-- articles loaded before this table existed.
CREATE TABLE IF NOT EXISTS article_anchors (
    article_id  VARCHAR NOT NULL,
    anchors     VARCHAR[] NOT NULL
);

-- One row per link, from the article of the run that made it.
CREATE TABLE IF NOT EXISTS translation_links (
    article_id             VARCHAR NOT NULL,
    translated_article_id  VARCHAR NOT NULL,
    language               VARCHAR NOT NULL,
    translated_language    VARCHAR NOT NULL,
    score                  DOUBLE NOT NULL,   -- shared anchor weight over the larger article's
    shared_anchors         INTEGER NOT NULL,
    method                 VARCHAR NOT NULL,  -- 'anchors'
    run_id                 VARCHAR NOT NULL,
    created_at             TIMESTAMPTZ NOT NULL
);

-- Both directions of every link between current articles: an article's translations.
CREATE OR REPLACE VIEW article_translations AS
SELECT article_id, translated_article_id, translated_language, score, shared_anchors, method
FROM translation_links
WHERE article_id IN (SELECT article_id FROM articles)
  AND translated_article_id IN (SELECT article_id FROM articles)
UNION ALL
SELECT translated_article_id, article_id, language, score, shared_anchors, method
FROM translation_links
WHERE article_id IN (SELECT article_id FROM articles)
  AND translated_article_id IN (SELECT article_id FROM articles);
