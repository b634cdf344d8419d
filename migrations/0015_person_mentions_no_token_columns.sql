-- person_mentions.sorted_tokens and .phonetic_keys were written for every mention and read by no query: candidates
-- are found by blocking keys (which carry the surnames' phonetic keys and the given names' canonical keys), CURP,
-- aliases and the full name's trigrams, and are scored from `persona`. A bulk import of detentions encoded and copied
-- both arrays for every person it named. (The matching code still computes them: PersonKeys.)
ALTER TABLE person_mentions DROP COLUMN sorted_tokens, DROP COLUMN phonetic_keys;
