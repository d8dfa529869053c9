-- The search index keeps "й" when it folds accents away (newsroom.warehouse.search), so
-- that Russian words are stemmed as they inflect, and reads full-width digits and letters
-- as ASCII ("１６" is "16"): the index of the articles loaded before is emptied here, and
-- the next run indexes every article version again.
DELETE FROM search_postings;
DELETE FROM search_postings_recent;
DELETE FROM search_docs;
DELETE FROM search_words;
