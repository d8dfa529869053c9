-- newsroom's own full-text index (newsroom.warehouse.search), which a run extends with the
-- article versions it loaded instead of building the whole index again. It replaces the
-- fts extension's index (schema fts_main_article_versions), which could only be rebuilt.
DROP SCHEMA IF EXISTS fts_main_article_versions CASCADE;

-- The words the index leaves out (the fts extension's English list, filled by the first run).
CREATE TABLE search_stopwords (
    word VARCHAR PRIMARY KEY
);

-- Every term (a stemmed word) the index holds, numbered in the order first met.
CREATE TABLE search_words (
    term    VARCHAR PRIMARY KEY,
    term_id INTEGER NOT NULL
);

-- Every indexed article version, numbered, and its length in terms (BM25's length).
CREATE TABLE search_docs (
    article_id VARCHAR PRIMARY KEY,
    doc        INTEGER NOT NULL,
    terms      INTEGER NOT NULL
);

-- How often each term occurs in each version: the bulk sorted by term (so that a lookup
-- reads only the row groups holding its term; DuckDB skips the others by their min/max),
-- and the recent runs' postings, not yet folded into the bulk.
CREATE TABLE search_postings (
    term_id INTEGER NOT NULL,
    doc     INTEGER NOT NULL,
    tf      INTEGER NOT NULL
);
CREATE TABLE search_postings_recent (
    term_id INTEGER NOT NULL,
    doc     INTEGER NOT NULL,
    tf      INTEGER NOT NULL
);

-- The postings by name: (term, article_id, tf).
CREATE VIEW search_terms AS
SELECT w.term, d.article_id, p.tf
FROM (SELECT * FROM search_postings UNION ALL SELECT * FROM search_postings_recent) p
JOIN search_words w USING (term_id)
JOIN search_docs d USING (doc);
