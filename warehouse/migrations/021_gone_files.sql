-- A file gone from the folder it was read from: a later run that walked that folder (or
-- matched that pattern) found it deleted or moved away. Its articles stay (no run removes
-- articles); an error it had is no longer `failing` (nothing is left to mend there). A run
-- that finds the file again removes its row. `runs.gone` counts the files each run found
-- gone.
CREATE TABLE IF NOT EXISTS gone_files (
    source_uri  VARCHAR NOT NULL,
    run_id      VARCHAR NOT NULL,
    "at"        TIMESTAMPTZ NOT NULL
);
ALTER TABLE runs ADD COLUMN IF NOT EXISTS gone INTEGER DEFAULT 0;
