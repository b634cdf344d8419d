-- Core: catalogues, institutions, accounts, sessions, API keys, audit log, outbox, settings.
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE EXTENSION IF NOT EXISTS fuzzystrmatch;
CREATE EXTENSION IF NOT EXISTS unaccent;

-- Catalogues are reference tables (replicated to every node under Citus).
CREATE TABLE entidades (
  code         char(2) PRIMARY KEY CHECK (code ~ '^(0[1-9]|[12][0-9]|3[0-2])$'),
  name         text NOT NULL,
  short_name   text NOT NULL,
  abbreviation text NOT NULL,
  curp_code    char(2) NOT NULL UNIQUE,
  zone         text NOT NULL,
  capital      text,
  lat          double precision,
  lon          double precision
);

CREATE TABLE municipios (
  entidad char(2) NOT NULL REFERENCES entidades(code),
  code    char(3) NOT NULL,
  name    text NOT NULL,
  PRIMARY KEY (entidad, code)
);

CREATE TABLE institution_types (
  code    text PRIMARY KEY,
  name_es text NOT NULL,
  name_en text NOT NULL
);

-- Offences (hechos probablemente delictivos) and administrative infractions (faltas administrativas).
CREATE TABLE offences (
  code                        text PRIMARY KEY,
  kind                        text NOT NULL CHECK (kind IN ('delito', 'falta')),
  name_es                     text NOT NULL,
  name_en                     text NOT NULL,
  category                    text,
  fuero                       text,
  extended_retention          boolean NOT NULL DEFAULT false,
  prision_preventiva_oficiosa boolean NOT NULL DEFAULT false,
  active                      boolean NOT NULL DEFAULT true
);

CREATE TABLE institutions (
  id         bigserial PRIMARY KEY,
  entidad    char(2) REFERENCES entidades(code),
  name       text NOT NULL,
  type       text NOT NULL REFERENCES institution_types(code),
  active     boolean NOT NULL DEFAULT true,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX institutions_name_uq ON institutions (coalesce(entidad, '00'), lower(name));

CREATE TABLE users (
  id                   bigserial PRIMARY KEY,
  username             text NOT NULL,
  display_name         text NOT NULL,
  email                text,
  password_hash        text NOT NULL,
  institution_id       bigint NOT NULL REFERENCES institutions(id),
  entidad              char(2) REFERENCES entidades(code),
  roles                text[] NOT NULL,
  capture_scope        text NOT NULL CHECK (capture_scope IN ('national', 'entidad', 'institution')),
  view_scope           text NOT NULL CHECK (view_scope IN ('national', 'entidad', 'institution')),
  active               boolean NOT NULL DEFAULT true,
  failed_logins        integer NOT NULL DEFAULT 0,
  locked_until         timestamptz,
  totp_secret          text,
  totp_enabled         boolean NOT NULL DEFAULT false,
  must_change_password boolean NOT NULL DEFAULT false,
  last_login_at        timestamptz,
  password_changed_at  timestamptz NOT NULL DEFAULT now(),
  created_by           bigint,
  created_at           timestamptz NOT NULL DEFAULT now(),
  updated_at           timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX users_username_uq ON users (lower(username));
CREATE INDEX users_entidad_idx ON users (entidad);

CREATE TABLE sessions (
  id             text PRIMARY KEY,            -- sha256 of the cookie token; the token itself is never stored
  user_id        bigint NOT NULL REFERENCES users(id),
  csrf_token     text NOT NULL,
  created_at     timestamptz NOT NULL DEFAULT now(),
  expires_at     timestamptz NOT NULL,
  last_seen_at   timestamptz NOT NULL DEFAULT now(),
  ip             text,
  user_agent     text
);
CREATE INDEX sessions_user_idx ON sessions (user_id);

CREATE TABLE api_keys (
  id             bigserial PRIMARY KEY,
  name           text NOT NULL,
  prefix         text NOT NULL UNIQUE,
  key_hash       text NOT NULL,
  institution_id bigint NOT NULL REFERENCES institutions(id),
  entidad        char(2) REFERENCES entidades(code),
  roles          text[] NOT NULL,
  active         boolean NOT NULL DEFAULT true,
  created_by     bigint,
  created_at     timestamptz NOT NULL DEFAULT now(),
  last_used_at   timestamptz,
  expires_at     timestamptz,
  revoked_at     timestamptz
);

-- Append-only, hash-chained audit log. Each row's hash covers its content and the previous row's hash.
CREATE TABLE audit_log (
  id          bigint PRIMARY KEY,
  at          timestamptz NOT NULL,
  actor_type  text NOT NULL,
  actor_id    bigint,
  actor_name  text NOT NULL,
  action      text NOT NULL,
  entity_type text,
  entity_id   text,
  entidad     char(2),
  ip          text,
  user_agent  text,
  request_id  text,
  reason      text,
  details     jsonb NOT NULL DEFAULT '{}'::jsonb,
  prev_hash   text NOT NULL,
  hash        text NOT NULL
);
CREATE SEQUENCE audit_log_id_seq OWNED BY audit_log.id;
CREATE INDEX audit_log_at_idx ON audit_log (at DESC);
CREATE INDEX audit_log_action_idx ON audit_log (action, id DESC);
CREATE INDEX audit_log_entity_idx ON audit_log (entity_type, entity_id);
CREATE INDEX audit_log_entidad_idx ON audit_log (entidad, id DESC);
CREATE INDEX audit_log_actor_idx ON audit_log (actor_type, actor_id, id DESC);

CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit_log is append-only (% refused)', TG_OP;
END $$;
CREATE TRIGGER audit_log_no_update BEFORE UPDATE OR DELETE ON audit_log
  FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();

-- Transactional outbox: written in the same transaction as the change it announces.
CREATE TABLE outbox (
  id              bigserial PRIMARY KEY,
  type            text NOT NULL,
  entidad         char(2),
  aggregate_type  text NOT NULL,
  aggregate_id    text NOT NULL,
  payload         jsonb NOT NULL,
  created_at      timestamptz NOT NULL DEFAULT now(),
  processed_at    timestamptz,
  attempts        integer NOT NULL DEFAULT 0,
  next_attempt_at timestamptz NOT NULL DEFAULT now(),
  last_error      text
);
CREATE INDEX outbox_pending_idx ON outbox (next_attempt_at, id) WHERE processed_at IS NULL;

CREATE TABLE outbox_deliveries (
  event_id     bigint NOT NULL REFERENCES outbox(id),
  handler      text NOT NULL,
  delivered_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (event_id, handler)
);

CREATE TABLE settings (
  key        text PRIMARY KEY,
  value      jsonb NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now()
);
