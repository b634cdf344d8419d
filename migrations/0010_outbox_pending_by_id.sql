-- The dispatcher asks for the oldest due events: WHERE processed_at IS NULL AND next_attempt_at <= now() ORDER BY id
-- LIMIT n. With only (next_attempt_at, id) indexed, PostgreSQL walked the primary key from the first event ever
-- written and skipped every processed one: each pass cost O(all events processed so far) — 30 ms behind 200,000
-- processed events, and the outbox keeps them. The pending events in id order answer it by reading n index entries.
CREATE INDEX outbox_pending_id_idx ON outbox (id) WHERE processed_at IS NULL;
DROP INDEX outbox_pending_idx;
