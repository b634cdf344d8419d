-- Appending to the hash-chained audit log in ONE server-side step (src/core/audit.ts writeAudit).
--
-- Before, a writer took the chain's advisory lock, read the head hash, drew ids and inserted the rows in four round
-- trips and then kept the lock until its client sent COMMIT: every client round trip (and every wait of a busy
-- event loop) sat inside the section that serialises all writers. Now the client computes each row's canonical
-- content (everything but its id and the previous hash: `tail`) and this function, inside the caller's
-- transaction, takes the lock, reads the head, draws ids and links the rows:
--   hash = sha256(prev_hash || E'\n' || '[' || id || ',' || tail)
-- which is byte for byte what auditHash() computes in TypeScript, so `sereno audit verify` is unchanged.
-- VOLATILE: each query inside sees rows committed after the lock was granted, even when the function is called
-- from a larger statement that started earlier (READ COMMITTED takes a new snapshot per query here).
CREATE FUNCTION audit_append(p_rows jsonb) RETURNS integer LANGUAGE plpgsql VOLATILE AS $$
DECLARE
  n integer := jsonb_array_length(p_rows);
  prev text;
  ids bigint[];
  hashes text[] := '{}';
  prevs text[] := '{}';
  h text;
  i integer;
BEGIN
  IF n = 0 THEN RETURN 0; END IF;
  PERFORM pg_advisory_xact_lock(74230002);
  SELECT a.hash INTO prev FROM audit_log a ORDER BY a.id DESC LIMIT 1;
  prev := coalesce(prev, repeat('0', 64));
  SELECT array_agg(nextval('audit_log_id_seq')) INTO ids FROM generate_series(1, n);
  FOR i IN 1..n LOOP
    h := encode(sha256(convert_to(prev || E'\n[' || ids[i]::text || ',' || (p_rows -> (i - 1) ->> 'tail'), 'UTF8')), 'hex');
    prevs := prevs || prev;
    hashes := hashes || h;
    prev := h;
  END LOOP;
  INSERT INTO audit_log (id, at, actor_type, actor_id, actor_name, action, entity_type, entity_id, entidad, ip, user_agent, request_id, reason, details, prev_hash, hash)
  SELECT ids[e.o], (e.v ->> 'at')::timestamptz, e.v ->> 'actor_type', (e.v ->> 'actor_id')::bigint, e.v ->> 'actor_name', e.v ->> 'action',
         e.v ->> 'entity_type', e.v ->> 'entity_id', e.v ->> 'entidad', e.v ->> 'ip', e.v ->> 'user_agent', e.v ->> 'request_id', e.v ->> 'reason',
         coalesce(e.v -> 'details', '{}'::jsonb), prevs[e.o], hashes[e.o]
  FROM jsonb_array_elements(p_rows) WITH ORDINALITY AS e(v, o)
  ORDER BY e.o;
  RETURN n;
END $$;
