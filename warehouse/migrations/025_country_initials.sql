-- Countries are filed under one name from more of the names the news gives them: the
-- initials Russian and Ukrainian news use (США, РФ, ФРГ, КНР, ...), a name written without
-- its accents ("Etats-Unis"), a name another territory's CLDR name holds in brackets as its
-- sovereign ("Великобритания"), and Ukrainian names. The places already loaded are filed
-- again after this file (schema.AFTER_MIGRATION), by the name the article used (its
-- nominative, where the facts step gave one) and its article's language.
SELECT 1;
