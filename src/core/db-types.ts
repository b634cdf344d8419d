import type { ColumnType, Generated } from 'kysely';

type Timestamp = ColumnType<Date, Date | string, Date | string>;
type NullableTimestamp = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
type GeneratedTimestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type Json = ColumnType<unknown, string, string>;

/** Row types of the core tables; modules declare their own and use `db.withTables<...>()`. */
export interface CoreTables {
  entidades: { code: string; name: string; short_name: string; abbreviation: string; curp_code: string; zone: string; capital: string | null; lat: number | null; lon: number | null };
  municipios: { entidad: string; code: string; name: string };
  institution_types: { code: string; name_es: string; name_en: string };
  offences: { code: string; kind: 'delito' | 'falta'; name_es: string; name_en: string; category: string | null; fuero: string | null; extended_retention: boolean; prision_preventiva_oficiosa: boolean; active: Generated<boolean> };
  institutions: { id: Generated<number>; entidad: string | null; name: string; type: string; active: Generated<boolean>; created_at: GeneratedTimestamp; updated_at: GeneratedTimestamp };
  users: {
    id: Generated<number>;
    username: string;
    display_name: string;
    email: string | null;
    password_hash: string;
    institution_id: number;
    entidad: string | null;
    roles: string[];
    capture_scope: string;
    view_scope: string;
    active: Generated<boolean>;
    failed_logins: Generated<number>;
    locked_until: NullableTimestamp;
    totp_secret: string | null;
    totp_enabled: Generated<boolean>;
    must_change_password: Generated<boolean>;
    last_login_at: NullableTimestamp;
    password_changed_at: GeneratedTimestamp;
    created_by: number | null;
    created_at: GeneratedTimestamp;
    updated_at: GeneratedTimestamp;
  };
  sessions: { id: string; user_id: number; csrf_token: string; created_at: GeneratedTimestamp; expires_at: Timestamp; last_seen_at: GeneratedTimestamp; ip: string | null; user_agent: string | null };
  api_keys: {
    id: Generated<number>;
    name: string;
    prefix: string;
    key_hash: string;
    institution_id: number;
    entidad: string | null;
    roles: string[];
    active: Generated<boolean>;
    created_by: number | null;
    created_at: GeneratedTimestamp;
    last_used_at: NullableTimestamp;
    expires_at: NullableTimestamp;
    revoked_at: NullableTimestamp;
  };
  audit_log: {
    id: number;
    at: Timestamp;
    actor_type: string;
    actor_id: number | null;
    actor_name: string;
    action: string;
    entity_type: string | null;
    entity_id: string | null;
    entidad: string | null;
    ip: string | null;
    user_agent: string | null;
    request_id: string | null;
    reason: string | null;
    details: Json;
    prev_hash: string;
    hash: string;
  };
  outbox: {
    id: Generated<number>;
    type: string;
    entidad: string | null;
    aggregate_type: string;
    aggregate_id: string;
    payload: Json;
    created_at: GeneratedTimestamp;
    processed_at: NullableTimestamp;
    attempts: Generated<number>;
    next_attempt_at: GeneratedTimestamp;
    last_error: string | null;
  };
  outbox_deliveries: { event_id: number; handler: string; delivered_at: GeneratedTimestamp };
  settings: { key: string; value: Json; updated_at: GeneratedTimestamp };
}
