-- Topics watched on every run (newsroom.toml [[topics]]): one row per topic per run in
-- topic_stats, with the stories that were new or grew and the entities of the period.
-- Periods run from the topic's previous update (exclusive) to this one (inclusive), by
-- the time articles were first loaded.

CREATE TABLE topic_stats (
    topic           VARCHAR NOT NULL,
    run_id          VARCHAR NOT NULL,
    "at"            TIMESTAMPTZ NOT NULL,   -- the run's time: this period's end
    since           TIMESTAMPTZ,            -- the previous update's: NULL the first time
    query           VARCHAR NOT NULL,
    articles        INTEGER NOT NULL,       -- matching current articles, all told
    stories         INTEGER NOT NULL,
    new_articles    INTEGER NOT NULL,       -- matching articles first loaded this period
    new_stories     INTEGER NOT NULL,       -- stories whose first article came this period
    grown_stories   INTEGER NOT NULL,       -- older stories that gained copies this period
    recent_average  DOUBLE,                 -- mean new_stories of the last 5 updates
    spiked          BOOLEAN NOT NULL
);

CREATE TABLE topic_stories (
    topic          VARCHAR NOT NULL,
    run_id         VARCHAR NOT NULL,
    story_id       VARCHAR NOT NULL,
    title          VARCHAR NOT NULL,
    change         VARCHAR NOT NULL,        -- 'new' | 'grown'
    copies         INTEGER NOT NULL,        -- its current articles, all told
    copies_added   INTEGER NOT NULL,        -- of them, first loaded this period
    outlets        VARCHAR[] NOT NULL,
    outlets_added  VARCHAR[] NOT NULL       -- outlets that carried it first this period
);

CREATE TABLE topic_entities (
    topic            VARCHAR NOT NULL,
    run_id           VARCHAR NOT NULL,
    kind             VARCHAR NOT NULL,      -- person | org | place
    entity           VARCHAR NOT NULL,
    mentions         INTEGER NOT NULL,      -- matching articles naming it, this period
    mentions_before  INTEGER NOT NULL,      -- the same in the period before
    quotes           INTEGER NOT NULL,      -- quotes it is the speaker of, this period
    quotes_before    INTEGER NOT NULL
);
