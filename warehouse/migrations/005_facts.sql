-- Who, what, where, when: facts found in each article version, with provenance.

-- Every extracted field value, with the method that produced it and a confidence, so a
-- wrong value can be traced and a better method compared against the old one.
CREATE TABLE article_fields (
    article_id  VARCHAR NOT NULL,
    field       VARCHAR NOT NULL,   -- published_at, author, credit_outlet, site_name, language, word_count, reading_time, ...
    value       VARCHAR NOT NULL,
    method      VARCHAR NOT NULL,
    confidence  DOUBLE NOT NULL
);

-- People, organisations and places mentioned in an article.
CREATE TABLE mentions (
    article_id    VARCHAR NOT NULL,
    entity        VARCHAR NOT NULL,   -- the fullest name used in the article
    kind          VARCHAR NOT NULL,   -- person | org | place
    count         INTEGER NOT NULL,   -- mentions, a surname alone counted for its full name
    first_offset  INTEGER NOT NULL,   -- character offset of the first mention in body
    titles        VARCHAR[] NOT NULL  -- titles seen with a person: "Major General", ...
);

CREATE TABLE quotes (
    article_id  VARCHAR NOT NULL,
    text        VARCHAR NOT NULL,
    speaker     VARCHAR,
    "offset"    INTEGER NOT NULL,
    method      VARCHAR NOT NULL,
    confidence  DOUBLE NOT NULL
);

CREATE TABLE sources_cited (
    article_id  VARCHAR NOT NULL,
    source      VARCHAR NOT NULL,
    phrase      VARCHAR NOT NULL,
    "offset"    INTEGER NOT NULL
);

CREATE TABLE amounts (
    article_id  VARCHAR NOT NULL,
    value       DOUBLE NOT NULL,
    what        VARCHAR NOT NULL,
    text        VARCHAR NOT NULL,
    "offset"    INTEGER NOT NULL
);

-- Entities across the current articles.
CREATE VIEW entities AS
SELECT m.entity, m.kind,
       count(DISTINCT m.article_id) AS articles,
       sum(m.count) AS mentions,
       min(a.first_seen_at) AS first_seen_at,
       max(a.first_seen_at) AS last_seen_at
FROM mentions m JOIN articles a USING (article_id)
GROUP BY m.entity, m.kind;
