-- A bulk file's rows that were registered with data-quality warnings (avisos: a CURP that contradicts the person's
-- name, sex, birth date or age; an age that contradicts the birth date), reported by line like the rejected ones:
-- the state system that sent the file learns which records to correct. The first 10,000 are kept; all are counted.
ALTER TABLE detention_imports
  ADD COLUMN warned integer NOT NULL DEFAULT 0,
  ADD COLUMN warnings jsonb NOT NULL DEFAULT '[]'::jsonb;
