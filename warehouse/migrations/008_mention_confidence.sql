-- How sure the method that typed each entity was (the name tagger's marginal probability,
-- newsroom.facts.tagger; 1.0 for a rule the tagger did not read), and every form the
-- article used for it ("WTO" beside "World Trade Organisation", "Trump" beside "Donald
-- Trump"). Rows loaded before these columns existed have NULL.
ALTER TABLE mentions ADD COLUMN confidence DOUBLE;
ALTER TABLE mentions ADD COLUMN forms VARCHAR[];
