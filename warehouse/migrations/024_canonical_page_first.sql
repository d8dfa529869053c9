-- A story's canonical copy prefers one read from a page's structure (a web page or saved
-- HTML, a NITF file: extraction_method set) over a plain text, before the most words: a
-- page copied as text keeps boxes and prompts the extractor drops (a trial's stories of a
-- page and its copy led with the copy in 9 of 12). The canonical rows of every story are
-- chosen again after this file (schema.AFTER_MIGRATION), by load.recanonicalise.
SELECT 1;
