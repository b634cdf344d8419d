-- Registro Nacional de Detenciones (Ley Nacional del Registro de Detenciones, DOF 27-05-2019).
-- Every registry table carries entidad and has it in its primary key and unique constraints (Citus: distribute
-- detentions, detention_versions, detention_events and detention_folio_counters by entidad, colocated).

-- The search key of a person's name: lower-case, unaccented, split on anything that is not a letter or digit,
-- particles (de, del, la, las, los, y, e) dropped, duplicates removed, tokens sorted. "José Pérez López",
-- "PEREZ LOPEZ JOSE" and "Pérez-López, José" all give 'jose lopez perez'. The dictionary is named so the
-- function can be IMMUTABLE (a generated column and an index use it).
CREATE FUNCTION detention_name_key(t text) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT AS $$
  SELECT coalesce(string_agg(DISTINCT tok, ' ' ORDER BY tok), '')
  FROM regexp_split_to_table(lower(public.unaccent('public.unaccent'::regdictionary, t)), '[^a-z0-9]+') AS tok
  WHERE tok <> '' AND tok NOT IN ('de', 'del', 'la', 'las', 'los', 'y', 'e')
$$;

-- Folio numbers: one consecutive series per entidad and registration year (RND-14-2026-0000123).
CREATE TABLE detention_folio_counters (
  entidad    char(2) NOT NULL REFERENCES entidades(code),
  year       smallint NOT NULL,
  last_value bigint NOT NULL,
  PRIMARY KEY (entidad, year)
);

CREATE SEQUENCE detentions_id_seq;

-- One row per detention: its identity and the CURRENT version (data + the columns lists, stats and the public
-- consultation need), plus the custody projection computed from detention_events. Superseded versions are kept
-- whole in detention_versions (a trigger refuses a new version whose predecessor was not kept there).
CREATE TABLE detentions (
  entidad                      char(2) NOT NULL REFERENCES entidades(code),
  id                           bigint NOT NULL DEFAULT nextval('detentions_id_seq'),
  folio                        text NOT NULL,
  source                       text NOT NULL,
  external_id                  text,
  version                      integer NOT NULL DEFAULT 1,
  version_at                   timestamptz NOT NULL,
  version_by                   jsonb NOT NULL,
  version_reason               text,
  version_changed              text[] NOT NULL DEFAULT '{}',
  -- person
  nombre                       text NOT NULL,
  apellido_paterno             text,
  apellido_materno             text,
  nombre_clave                 text GENERATED ALWAYS AS (detention_name_key(nombre || ' ' || coalesce(apellido_paterno, '') || ' ' || coalesce(apellido_materno, ''))) STORED,
  sexo                         char(1) NOT NULL CHECK (sexo IN ('H', 'M', 'X')),
  edad                         smallint,
  fecha_nacimiento             date,
  curp                         char(18),
  -- the detention
  municipio                    char(3),
  fecha_hora_detencion         timestamptz NOT NULL,
  fecha_detencion              date NOT NULL,          -- local date in the entidad's time zone (stats, reports)
  tipo                         text NOT NULL CHECK (tipo IN ('falta_administrativa', 'hecho_probablemente_delictivo')),
  supuesto                     text NOT NULL CHECK (supuesto IN ('orden_de_aprehension', 'flagrancia', 'caso_urgente', 'arresto_administrativo')),
  offence_codes                text[] NOT NULL DEFAULT '{}',
  institution_id               bigint NOT NULL REFERENCES institutions(id),
  -- registration
  registered_at                timestamptz NOT NULL,  -- when first registered (by the source system, if it says so)
  received_at                  timestamptz NOT NULL,  -- when Sereno received it
  registro_lag_min             integer NOT NULL,      -- registered_at - fecha_hora_detencion, in whole minutes
  registered_by                jsonb NOT NULL,
  -- custody projection (recomputed from detention_events)
  situacion                    text NOT NULL DEFAULT 'custodia_policial',
  situacion_juridica           text,
  ubicacion_actual             text,
  autoridad_actual             text,
  puesta_at                    timestamptz,
  mp_at                        timestamptz,
  juez_control_at              timestamptz,
  libertad_at                  timestamptz,
  extended_retention           boolean NOT NULL DEFAULT false,
  events_count                 integer NOT NULL DEFAULT 0,
  data                         jsonb NOT NULL,
  PRIMARY KEY (entidad, id),
  UNIQUE (entidad, folio),
  UNIQUE (entidad, source, external_id)
);
-- Stats and monthly reports: one index-only scan over a date range answers every breakdown.
CREATE INDEX detentions_stats_idx ON detentions (fecha_detencion, entidad)
  INCLUDE (municipio, tipo, institution_id, registro_lag_min, fecha_hora_detencion, puesta_at, mp_at, juez_control_at, libertad_at, extended_retention, offence_codes);
-- Lists, newest first, within an entidad.
CREATE INDEX detentions_list_idx ON detentions (entidad, fecha_hora_detencion DESC, id DESC);
-- Name search (public consultation and staff lists) and CURP search.
CREATE INDEX detentions_nombre_idx ON detentions (nombre_clave);
CREATE INDEX detentions_curp_idx ON detentions (curp) WHERE curp IS NOT NULL;

-- Every superseded version, whole, with who made it and why. Append-only.
CREATE TABLE detention_versions (
  entidad        char(2) NOT NULL,
  detention_id   bigint NOT NULL,
  version        integer NOT NULL,
  data           jsonb NOT NULL,
  version_at     timestamptz NOT NULL,
  version_by     jsonb NOT NULL,
  version_reason text,
  version_changed text[] NOT NULL,
  superseded_at  timestamptz NOT NULL,
  PRIMARY KEY (entidad, detention_id, version),
  FOREIGN KEY (entidad, detention_id) REFERENCES detentions (entidad, id)
);

-- The custody chain: puesta a disposición, revisión médica, traslado, cambio de situación jurídica, libertad. Append-only.
CREATE TABLE detention_events (
  entidad        char(2) NOT NULL,
  detention_id   bigint NOT NULL,
  seq            integer NOT NULL,
  tipo           text NOT NULL CHECK (tipo IN ('puesta_a_disposicion', 'revision_medica', 'traslado', 'cambio_situacion_juridica', 'libertad')),
  ocurrido_at    timestamptz NOT NULL,
  recorded_at    timestamptz NOT NULL,
  recorded_by    jsonb NOT NULL,
  external_id    text,
  data           jsonb NOT NULL,
  PRIMARY KEY (entidad, detention_id, seq),
  UNIQUE (entidad, detention_id, external_id),
  FOREIGN KEY (entidad, detention_id) REFERENCES detentions (entidad, id)
);

-- Bulk files: one row per uploaded file, updated in the same transaction as each batch it commits. This is an
-- operational log of the importer (its entidad may be null for a national importer), not a registry table.
CREATE TABLE detention_imports (
  id            bigserial PRIMARY KEY,
  entidad       char(2) REFERENCES entidades(code),
  institution_id bigint,
  actor         jsonb NOT NULL,
  source        text NOT NULL,
  file_name     text NOT NULL,
  format        text NOT NULL CHECK (format IN ('csv', 'xlsx')),
  status        text NOT NULL CHECK (status IN ('processing', 'completed', 'failed')),
  total_rows    integer NOT NULL DEFAULT 0,
  created       integer NOT NULL DEFAULT 0,
  existing      integer NOT NULL DEFAULT 0,
  rejected      integer NOT NULL DEFAULT 0,
  errors        jsonb NOT NULL DEFAULT '[]'::jsonb,
  failure       text,
  started_at    timestamptz NOT NULL,
  updated_at    timestamptz NOT NULL,
  finished_at   timestamptz
);
CREATE INDEX detention_imports_entidad_idx ON detention_imports (entidad, id DESC);

-- Nothing is deleted; identity never changes; a new version requires the previous one kept in detention_versions.
CREATE FUNCTION detentions_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    RAISE EXCEPTION 'detentions: a detention is never deleted (folio %)', OLD.folio;
  END IF;
  IF NEW.entidad <> OLD.entidad OR NEW.id <> OLD.id OR NEW.folio <> OLD.folio OR NEW.source <> OLD.source
     OR NEW.external_id IS DISTINCT FROM OLD.external_id OR NEW.registered_at <> OLD.registered_at OR NEW.received_at <> OLD.received_at THEN
    RAISE EXCEPTION 'detentions: identity columns cannot change (folio %)', OLD.folio;
  END IF;
  IF NEW.data IS DISTINCT FROM OLD.data OR NEW.version <> OLD.version THEN
    IF NEW.version <> OLD.version + 1 THEN
      RAISE EXCEPTION 'detentions: a change of data must be version % (folio %)', OLD.version + 1, OLD.folio;
    END IF;
    IF NOT EXISTS (SELECT 1 FROM detention_versions v WHERE v.entidad = OLD.entidad AND v.detention_id = OLD.id AND v.version = OLD.version) THEN
      RAISE EXCEPTION 'detentions: version % must be kept in detention_versions before it is superseded (folio %)', OLD.version, OLD.folio;
    END IF;
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER detentions_guard BEFORE UPDATE OR DELETE ON detentions FOR EACH ROW EXECUTE FUNCTION detentions_guard();

CREATE FUNCTION detention_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '% is append-only (% refused)', TG_TABLE_NAME, TG_OP;
END $$;
CREATE TRIGGER detention_versions_append_only BEFORE UPDATE OR DELETE ON detention_versions FOR EACH ROW EXECUTE FUNCTION detention_append_only();
CREATE TRIGGER detention_events_append_only BEFORE UPDATE OR DELETE ON detention_events FOR EACH ROW EXECUTE FUNCTION detention_append_only();
