-- Every person a registry indexes is looked up in the active targets' GIN indexes (name trigrams, blocking keys,
-- aliases): a bulk import does it a thousand times per batch. GIN's fast update puts new entries in a pending list
-- that every lookup reads in full until a VACUUM merges it, and a watchlist is written a few rows at a time, so
-- autovacuum may not come for months: with 1,000 targets listed and not yet vacuumed, one lookup took 1.27 ms instead
-- of 0.02 ms, and a 200,000-row import's checks fell 10 minutes behind it (bench/detentions/bulk.ts). Targets are
-- written rarely and read all the time: their entries go straight into the index, and what is pending now is merged.
ALTER INDEX targets_active_name_trgm SET (fastupdate = off);
ALTER INDEX targets_active_blocking SET (fastupdate = off);
ALTER INDEX targets_active_aliases SET (fastupdate = off);
SELECT gin_clean_pending_list('targets_active_name_trgm'::regclass), gin_clean_pending_list('targets_active_blocking'::regclass),
  gin_clean_pending_list('targets_active_aliases'::regclass);
