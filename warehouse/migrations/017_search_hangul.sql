-- The search index splits Korean into syllables, as it splits Chinese and Japanese into
-- characters (newsroom.warehouse.search): a Korean word is found inside the written word
-- that carries its particles ("서울시" in "서울시는"). The index of the articles loaded
-- before is emptied here, and the next run indexes every article version again.
DELETE FROM search_postings;
DELETE FROM search_postings_recent;
DELETE FROM search_docs;
DELETE FROM search_words;
