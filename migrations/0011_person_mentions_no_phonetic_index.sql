-- No query reads person_mentions by its phonetic keys: candidates are found by blocking keys (which carry the
-- surnames' phonetic keys), CURP, aliases and the full name's trigrams (person_mentions_blocking, _curp, _aliases,
-- _name_trgm). The GIN index on phonetic_keys was written for every mention and never used; a bulk import of
-- detentions paid it for every person it named. The column stays (it is returned and re-scored).
DROP INDEX IF EXISTS person_mentions_phonetic;
