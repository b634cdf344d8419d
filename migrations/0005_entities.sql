-- The entity index (one table of person mentions fed by every registry), the priority-target watchlist
-- (Sistema de Objetivos Prioritarios) and the alerts it raises. Every table carries entidad in its primary key
-- (Citus distribution column): mentions by the entidad of the record, targets and alerts by the issuing entidad.

-- One row per (registry, record): the person as the record names them, normalised by src/matching personKeys().
CREATE TABLE person_mentions (
  entidad          char(2) NOT NULL,
  registry         text NOT NULL,           -- 'detention', later 'prison', 'personnel' …
  record_id        text NOT NULL,           -- the registry's own id (a detention's numeric id)
  label            text,                    -- what a user recognises the record by (a folio)
  institution_id   bigint,                  -- the owning institution, when the registry has one
  observed_at      timestamptz NOT NULL,    -- when the person was seen (detained, admitted …)
  full_name        text NOT NULL,           -- normalised full name (no accents, uppercase)
  sorted_tokens    text[] NOT NULL DEFAULT '{}',
  phonetic_keys    text[] NOT NULL DEFAULT '{}',
  blocking_keys    text[] NOT NULL DEFAULT '{}',
  curp             text,
  fecha_nacimiento date,
  sexo             char(1),
  aliases          text[] NOT NULL DEFAULT '{}',
  persona          jsonb NOT NULL,          -- the person fields as written, re-scored with every new algorithm
  source_version   integer NOT NULL DEFAULT 0,  -- the record version indexed (an older one never overwrites a newer)
  indexed_at       timestamptz NOT NULL,
  PRIMARY KEY (entidad, registry, record_id)
);
CREATE INDEX person_mentions_name_trgm ON person_mentions USING gin (full_name gin_trgm_ops);
CREATE INDEX person_mentions_blocking ON person_mentions USING gin (blocking_keys);
CREATE INDEX person_mentions_phonetic ON person_mentions USING gin (phonetic_keys);
CREATE INDEX person_mentions_aliases ON person_mentions USING gin (aliases);
CREATE INDEX person_mentions_curp ON person_mentions (curp) WHERE curp IS NOT NULL;

-- Objetivos prioritarios: a person a state wants to be told about, wherever they appear.
CREATE TABLE targets (
  entidad          char(2) NOT NULL REFERENCES entidades(code),    -- issuing entidad
  id               bigserial NOT NULL,
  institution_id   bigint NOT NULL REFERENCES institutions(id),    -- issuing institution (the actor's)
  version          integer NOT NULL DEFAULT 1,
  status           text NOT NULL CHECK (status IN ('active', 'suspended', 'closed')),
  persona          jsonb NOT NULL,          -- nombre, apellido_paterno, apellido_materno, alias[], curp, fecha_nacimiento, sexo
  photo_ref        text,
  reason           text NOT NULL,
  classification   text NOT NULL,
  valid_from       date NOT NULL,
  valid_until      date CHECK (valid_until IS NULL OR valid_until >= valid_from),
  contact          jsonb NOT NULL,          -- { nombre, telefono?, correo? }
  -- index keys of the person (same shapes as person_mentions), so each new mention finds its targets by index
  full_name        text NOT NULL,
  blocking_keys    text[] NOT NULL DEFAULT '{}',
  phonetic_keys    text[] NOT NULL DEFAULT '{}',
  aliases          text[] NOT NULL DEFAULT '{}',
  curp             text,
  created_at       timestamptz NOT NULL,
  created_by       jsonb NOT NULL,
  updated_at       timestamptz NOT NULL,
  updated_by       jsonb NOT NULL,
  status_reason    text,
  PRIMARY KEY (entidad, id)
);
CREATE INDEX targets_active_name_trgm ON targets USING gin (full_name gin_trgm_ops) WHERE status = 'active';
CREATE INDEX targets_active_blocking ON targets USING gin (blocking_keys) WHERE status = 'active';
CREATE INDEX targets_active_aliases ON targets USING gin (aliases) WHERE status = 'active';
CREATE INDEX targets_active_curp ON targets (curp) WHERE status = 'active' AND curp IS NOT NULL;

-- Superseded versions of a target, whole, with who changed it and why (nothing is deleted).
CREATE TABLE target_versions (
  entidad      char(2) NOT NULL,
  target_id    bigint NOT NULL,
  version      integer NOT NULL,
  data         jsonb NOT NULL,
  version_at   timestamptz NOT NULL,
  version_by   jsonb NOT NULL,
  superseded_at timestamptz NOT NULL,
  change       text NOT NULL,            -- 'updated', 'suspended', 'reactivated', 'closed'
  reason       text,
  PRIMARY KEY (entidad, target_id, version),
  FOREIGN KEY (entidad, target_id) REFERENCES targets(entidad, id)
);

-- A hit of a target on a mention. One row per (target, record) ever: a dismissed pair never alerts again.
CREATE TABLE alerts (
  issuer_entidad        char(2) NOT NULL,
  id                    bigserial NOT NULL,
  issuer_institution_id bigint NOT NULL,
  target_id             bigint NOT NULL,
  target_summary        jsonb NOT NULL,   -- the target as it was when the alert was raised
  hit_entidad           char(2) NOT NULL,
  registry              text NOT NULL,
  record_id             text NOT NULL,
  record_label          text,
  mention_persona       jsonb NOT NULL,
  observed_at           timestamptz NOT NULL,
  score                 double precision NOT NULL,
  features              jsonb NOT NULL,
  algorithm             text NOT NULL,
  trigger               text NOT NULL CHECK (trigger IN ('listing', 'mention')),
  status                text NOT NULL DEFAULT 'new' CHECK (status IN ('new', 'acknowledged', 'confirmed', 'dismissed')),
  created_at            timestamptz NOT NULL,
  acknowledged_at       timestamptz,
  acknowledged_by       jsonb,
  resolved_at           timestamptz,
  resolved_by           jsonb,
  status_reason         text,
  PRIMARY KEY (issuer_entidad, id),
  UNIQUE (issuer_entidad, target_id, hit_entidad, registry, record_id)
);
CREATE INDEX alerts_issuer_idx ON alerts (issuer_entidad, status, created_at DESC);
CREATE INDEX alerts_hit_idx ON alerts (hit_entidad, created_at DESC);
