-- A file renamed or moved within the folders a run reads: the run finds it gone from its
-- old path and the same bytes new at another. Its article at the new path supersedes the
-- old path's (`superseded_by`), so the story keeps one copy of it, not two; the old
-- path's row in `gone_files` names where it went (`moved_to`). `runs.moved` counts them;
-- `runs.gone` counts the files gone with nothing found in their place.
ALTER TABLE gone_files ADD COLUMN IF NOT EXISTS moved_to VARCHAR;
ALTER TABLE runs ADD COLUMN IF NOT EXISTS moved INTEGER DEFAULT 0;
