-- Why a topic spiked, or why it could not, kept with the update: `spike_rule` names the
-- rule that fired (`first_stories`, `spike_above`, `spike_factor`; NULL when the update
-- did not spike) and `spike_reason` is the sentence the artifact and the event give
-- ("12 new stories against a recent average of 2.4 (spike_factor 3)"). Both NULL for
-- updates made before this migration.
ALTER TABLE topic_stats ADD COLUMN IF NOT EXISTS spike_rule VARCHAR;
ALTER TABLE topic_stats ADD COLUMN IF NOT EXISTS spike_reason VARCHAR;
