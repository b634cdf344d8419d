-- Agreements of the Conferencia Nacional de Secretarios de Seguridad Pública: sessions, acuerdos and transitorios,
-- commitments derived from them (one row per responsible entidad), progress with evidence, liaisons (enlaces),
-- in-app reminders. Acuerdos are national documents; commitments, evidence, liaisons and notifications carry
-- the entidad they belong to (null for the Secretaría Técnica or a national institution). Volumes are small (tens
-- of sessions, thousands of commitments): under Citus these are reference/local tables, not distributed.

-- Spanish full-text search that also ignores accents ("detencion" finds "detención", "policia" finds "policía"):
-- the built-in 'spanish' configuration with unaccent applied before the Snowball stemmer.
CREATE TEXT SEARCH CONFIGURATION sereno_es (COPY = pg_catalog.spanish);
ALTER TEXT SEARCH CONFIGURATION sereno_es ALTER MAPPING FOR hword, hword_part, word WITH unaccent, spanish_stem;

-- The text of each imported document, kept as read (docx → text); one row per distinct content.
CREATE TABLE agreement_sources (
  id          bigserial PRIMARY KEY,
  filename    text,
  media_type  text NOT NULL,
  sha256      text NOT NULL UNIQUE,
  text        text NOT NULL,
  warnings    jsonb NOT NULL DEFAULT '[]'::jsonb,
  imported_at timestamptz NOT NULL,
  imported_by text NOT NULL
);

CREATE TABLE agreement_sessions (
  id           bigserial PRIMARY KEY,
  kind         text NOT NULL CHECK (kind IN ('asamblea_plenaria', 'reunion_regional', 'sesion_ordinaria', 'sesion_extraordinaria', 'reunion_nacional', 'otra')),
  name         text NOT NULL,
  -- lower-case, unaccented, single-spaced name: with the date, the idempotency key of an import
  name_key     text NOT NULL,
  numeral      text,             -- Roman numeral of a plenary assembly (XXIII), ordinal number of a zone session (2)
  year         integer NOT NULL,
  zone         text CHECK (zone IN ('Noroeste', 'Noreste', 'Occidente', 'Centro', 'Sureste')),
  date         date NOT NULL,
  end_date     date CHECK (end_date IS NULL OR end_date >= date),
  place        text,
  entidad      char(2) REFERENCES entidades(code),   -- where it was held
  participants jsonb NOT NULL DEFAULT '[]'::jsonb,  -- [{ name, position?, institution?, entidad? }]
  notes        text,
  source_id    bigint REFERENCES agreement_sources(id),
  created_at   timestamptz NOT NULL,
  created_by   text NOT NULL,
  updated_at   timestamptz NOT NULL,
  updated_by   text NOT NULL
);
CREATE UNIQUE INDEX agreement_sessions_key_uq ON agreement_sessions (name_key, date);
CREATE INDEX agreement_sessions_date_idx ON agreement_sessions (date DESC);

-- Attached documents: metadata and links (actas, anexos, oficios …); the imported source is kind 'fuente'.
CREATE TABLE agreement_documents (
  id         bigserial PRIMARY KEY,
  session_id bigint NOT NULL REFERENCES agreement_sessions(id),
  kind       text NOT NULL CHECK (kind IN ('fuente', 'acta', 'minuta', 'anexo', 'presentacion', 'oficio', 'comunicado', 'otro')),
  title      text NOT NULL,
  url        text,
  filename   text,
  reference  text,
  note       text,
  source_id  bigint REFERENCES agreement_sources(id),
  created_at timestamptz NOT NULL,
  created_by text NOT NULL
);
CREATE INDEX agreement_documents_session_idx ON agreement_documents (session_id);

-- Acuerdos and disposiciones transitorias of a session, in document order.
CREATE TABLE agreements (
  id               bigserial PRIMARY KEY,
  session_id       bigint NOT NULL REFERENCES agreement_sessions(id),
  section          text NOT NULL CHECK (section IN ('acuerdo', 'transitorio')),
  position         integer NOT NULL,
  number           integer,
  ordinal          text NOT NULL,
  title            text NOT NULL DEFAULT '',
  title_source     text NOT NULL DEFAULT 'document' CHECK (title_source IN ('document', 'derived', 'manual')),
  text             text NOT NULL,
  kind             text NOT NULL CHECK (kind IN ('toma_de_conocimiento', 'aprobacion', 'compromiso', 'instruccion_secretaria_tecnica', 'designacion', 'otro')),
  kind_source      text NOT NULL CHECK (kind_source IN ('inferred', 'manual')),
  deadline_phrases jsonb NOT NULL DEFAULT '[]'::jsonb,
  created_at       timestamptz NOT NULL,
  created_by       text NOT NULL,
  updated_at       timestamptz NOT NULL,
  updated_by       text NOT NULL,
  search           tsvector GENERATED ALWAYS AS (
    setweight(to_tsvector('sereno_es'::regconfig, ordinal || ' ' || title), 'A') || setweight(to_tsvector('sereno_es'::regconfig, text), 'B')
  ) STORED
);
CREATE INDEX agreements_session_idx ON agreements (session_id, section, position);
CREATE INDEX agreements_search_idx ON agreements USING gin (search);

-- One row per responsible party. A commitment "of every state of the zone" is expanded to one row per entidad,
-- the rows sharing group_key.
CREATE TABLE agreement_commitments (
  id                 bigserial PRIMARY KEY,
  agreement_id       bigint NOT NULL REFERENCES agreements(id),
  group_key          uuid NOT NULL,
  entidad            char(2) REFERENCES entidades(code),
  responsible_kind   text NOT NULL CHECK (responsible_kind IN ('entidad', 'institution', 'secretaria_tecnica')),
  responsible_scope  text NOT NULL,  -- how it was assigned: zone:Occidente, all_states, entidades, institution, secretaria_tecnica
  responsible_name   text NOT NULL,
  institution_id     bigint REFERENCES institutions(id),
  deliverable        text NOT NULL,
  deadline           date,
  deadline_kind      text NOT NULL CHECK (deadline_kind IN ('none', 'explicit', 'relative', 'recurring')),
  deadline_phrase    text,
  recurrence         text CHECK (recurrence IN ('daily', 'weekly', 'biweekly', 'monthly', 'bimonthly', 'quarterly', 'four-monthly', 'semiannual', 'yearly')),
  next_due           date,
  due_date           date GENERATED ALWAYS AS (CASE WHEN recurrence IS NOT NULL THEN next_due ELSE deadline END) STORED,
  remind_days_before integer NOT NULL DEFAULT 7 CHECK (remind_days_before BETWEEN 0 AND 365),
  status             text NOT NULL CHECK (status IN ('proposed', 'approved', 'in_progress', 'fulfilled', 'overdue', 'cancelled')),
  progress           integer NOT NULL DEFAULT 0 CHECK (progress BETWEEN 0 AND 100),
  last_report_at     timestamptz,
  status_changed_at  timestamptz NOT NULL,
  status_changed_by  text NOT NULL,
  approved_at        timestamptz,
  approved_by        text,
  fulfilled_at       timestamptz,
  fulfilled_by       text,
  overdue_at         timestamptz,
  cancelled_at       timestamptz,
  cancelled_by       text,
  cancel_reason      text,
  external_id        text,
  created_at         timestamptz NOT NULL,
  created_by         text NOT NULL,
  updated_at         timestamptz NOT NULL
);
CREATE INDEX agreement_commitments_agreement_idx ON agreement_commitments (agreement_id);
CREATE INDEX agreement_commitments_entidad_idx ON agreement_commitments (entidad, status, due_date);
CREATE INDEX agreement_commitments_due_idx ON agreement_commitments (due_date) WHERE status IN ('approved', 'in_progress');
CREATE UNIQUE INDEX agreement_commitments_external_uq ON agreement_commitments (external_id, coalesce(entidad, '00')) WHERE external_id IS NOT NULL;

-- Every change of a commitment: creation, status changes (with who and when), progress reports, edits.
CREATE TABLE agreement_commitment_history (
  id            bigserial PRIMARY KEY,
  commitment_id bigint NOT NULL REFERENCES agreement_commitments(id),
  entidad       char(2),
  at            timestamptz NOT NULL,
  actor_id      bigint,
  actor_name    text NOT NULL,
  action        text NOT NULL,
  from_status   text,
  to_status     text,
  progress      integer,
  note          text,
  details       jsonb NOT NULL DEFAULT '{}'::jsonb
);
CREATE INDEX agreement_commitment_history_idx ON agreement_commitment_history (commitment_id, id);

CREATE TABLE agreement_evidence (
  id              bigserial PRIMARY KEY,
  commitment_id   bigint NOT NULL REFERENCES agreement_commitments(id),
  entidad         char(2),
  document_ref    text,
  url             text,
  note            text,
  period_due      date,   -- recurring commitments: the due date this delivery covers
  created_at      timestamptz NOT NULL,
  created_by      bigint,
  created_by_name text NOT NULL,
  CHECK (document_ref IS NOT NULL OR url IS NOT NULL OR note IS NOT NULL)
);
CREATE INDEX agreement_evidence_commitment_idx ON agreement_evidence (commitment_id, id);

-- Enlaces designated by oficio, per entidad and optionally per commitment. Never deleted: ended with active = false.
CREATE TABLE agreement_liaisons (
  id            bigserial PRIMARY KEY,
  entidad       char(2) NOT NULL REFERENCES entidades(code),
  commitment_id bigint REFERENCES agreement_commitments(id),
  name          text NOT NULL,
  position      text NOT NULL,
  oficio_number text NOT NULL,
  oficio_date   date NOT NULL,
  email         text,
  phone         text,
  active        boolean NOT NULL DEFAULT true,
  ended_at      timestamptz,
  created_at    timestamptz NOT NULL,
  created_by    text NOT NULL
);
CREATE INDEX agreement_liaisons_entidad_idx ON agreement_liaisons (entidad, active);
CREATE INDEX agreement_liaisons_commitment_idx ON agreement_liaisons (commitment_id);

-- In-app notifications for the responsible entidad (null: the Secretaría Técnica). One per commitment, kind and
-- due date, so a reminder sweep run twice (or by two processes) notifies once.
CREATE TABLE agreement_notifications (
  id            bigserial PRIMARY KEY,
  entidad       char(2),
  commitment_id bigint NOT NULL REFERENCES agreement_commitments(id),
  kind          text NOT NULL CHECK (kind IN ('reminder_due', 'overdue')),
  due_date      date NOT NULL,
  params        jsonb NOT NULL DEFAULT '{}'::jsonb,
  created_at    timestamptz NOT NULL,
  read_at       timestamptz,
  read_by       text,
  UNIQUE (commitment_id, kind, due_date)
);
CREATE INDEX agreement_notifications_entidad_idx ON agreement_notifications (entidad, created_at DESC);
