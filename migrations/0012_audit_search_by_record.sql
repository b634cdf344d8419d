-- The auditor's search by record ("entity id": a folio, a user id) without naming its type compared every row of the
-- log: audit_log_entity_idx leads with entity_type. Lead with the id instead; (entity_id, entity_type) answers
-- both the id alone and the id with its type.
CREATE INDEX audit_log_entity_id_idx ON audit_log (entity_id, entity_type);
DROP INDEX audit_log_entity_idx;
-- A record written by a bulk import is named in its batch's row (details.folios, one row per 1,000 records). The search
-- by folio read every batch row's list; this index finds the batch row that names the folio.
CREATE INDEX audit_log_batch_folios_idx ON audit_log USING gin ((details -> 'folios')) WHERE action = 'detention.batch_registered';
