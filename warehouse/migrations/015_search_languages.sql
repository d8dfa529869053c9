-- The search index stems each article in its language (newsroom.warehouse.search): the
-- index of the articles loaded before is emptied here, and the next run indexes every
-- article version again, its terms in its language (a run indexes what is not indexed).
DELETE FROM search_postings;
DELETE FROM search_postings_recent;
DELETE FROM search_docs;
DELETE FROM search_words;
