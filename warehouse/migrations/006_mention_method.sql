-- The rule that typed each entity (a name of newsroom.facts.rules.Method: given_name,
-- title_person, gazetteer, acronym, surname, …), so a wrong row in mentions can be
-- traced to the rule that made it. Rows loaded before this column existed say 'unknown'.
ALTER TABLE mentions ADD COLUMN method VARCHAR DEFAULT 'unknown';
