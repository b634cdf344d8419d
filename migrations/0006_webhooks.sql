-- Webhooks for state systems: an institution subscribes a URL to alert events; every delivery is a row (at least
-- once, survives restarts), every attempt is logged. Kind-agnostic: driven by `alert.*` outbox events, whatever the
-- alert's kind (person, vehicle …); nothing here reads the alerts table.

CREATE TABLE webhook_subscriptions (
  id              bigserial PRIMARY KEY,
  institution_id  bigint NOT NULL REFERENCES institutions(id),
  entidad         char(2) REFERENCES entidades(code),   -- the institution's entidad (territory checks; null: national)
  scope           text NOT NULL DEFAULT 'institution' CHECK (scope IN ('institution', 'entidad')),
  url             text NOT NULL,
  -- The HMAC key. Kept readable because signing needs it; shown to the subscriber once (creation, rotation).
  secret          text NOT NULL,
  events          text[] NOT NULL,
  description     text,
  active          boolean NOT NULL DEFAULT true,
  created_at      timestamptz NOT NULL,
  created_by      jsonb NOT NULL,
  updated_at      timestamptz NOT NULL,
  secret_rotated_at timestamptz
);
CREATE INDEX webhook_subscriptions_institution ON webhook_subscriptions (institution_id) WHERE active;
CREATE INDEX webhook_subscriptions_entidad ON webhook_subscriptions (entidad) WHERE active AND scope = 'entidad';

-- One row per (subscription, event): the exact body to sign and send, and where its delivery stands.
CREATE TABLE webhook_deliveries (
  id                bigserial PRIMARY KEY,
  subscription_id   bigint NOT NULL REFERENCES webhook_subscriptions(id),
  event_id          bigint NOT NULL,          -- the outbox event (receivers may use it as an idempotency key)
  event_type        text NOT NULL,
  body              text NOT NULL,
  status            text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'delivered', 'failed')),
  attempts          integer NOT NULL DEFAULT 0,
  next_attempt_at   timestamptz,              -- due time while pending (also the lease of an attempt in flight)
  last_status_code  integer,
  last_error        text,
  created_at        timestamptz NOT NULL,
  delivered_at      timestamptz,
  UNIQUE (subscription_id, event_id)
);
CREATE INDEX webhook_deliveries_due ON webhook_deliveries (next_attempt_at) WHERE status = 'pending';
CREATE INDEX webhook_deliveries_subscription ON webhook_deliveries (subscription_id, created_at DESC);

-- The delivery log: every HTTP attempt with its outcome.
CREATE TABLE webhook_attempts (
  delivery_id     bigint NOT NULL REFERENCES webhook_deliveries(id),
  attempt         integer NOT NULL,
  at              timestamptz NOT NULL,
  status_code     integer,
  error           text,
  duration_ms     integer NOT NULL,
  next_retry_at   timestamptz,
  PRIMARY KEY (delivery_id, attempt)
);
