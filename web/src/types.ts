import type { Permission, Role, Scope } from './shared';

/** The signed-in user, as GET /api/auth/me answers. */
export interface Me {
  id: number;
  username: string;
  display_name: string;
  roles: Role[];
  permissions: Permission[];
  institution: { id: number; name: string; type: string } | null;
  entidad: { code: string; name: string } | null;
  capture_scope: Scope;
  view_scope: Scope;
  totp_enabled: boolean;
  must_change_password: boolean;
}

/** A page of a list endpoint. */
export interface Paged<T> { items: T[]; total: number }

export interface Entidad { code: string; name: string; short_name?: string; abbreviation: string; curp_code: string; zone: string }
export interface InstitutionType { code: string; name_es: string; name_en: string }
export interface RoleInfo { code: Role; name_es: string; name_en: string; permissions: Permission[] }

export interface Institution { id: number; name: string; type: string; entidad: string | null; entidad_name: string | null; active: boolean; created_at: string }

export interface User {
  id: number; username: string; display_name: string; email: string | null; institution_id: number; institution_name: string;
  entidad: string | null; roles: Role[]; capture_scope: Scope; view_scope: Scope; active: boolean; locked_until: string | null;
  totp_enabled: boolean; last_login_at: string | null; created_at: string;
}

export interface ApiKey {
  id: number; name: string; prefix: string; institution_id: number; institution_name: string; entidad: string | null; roles: Role[];
  active: boolean; last_used_at: string | null; created_at: string; expires_at: string | null;
}

export interface AuditRow {
  id: number; at: string; actor_type: 'user' | 'api_key' | 'system' | 'public'; actor_id: number | null; actor_name: string | null;
  action: string; entity_type: string | null; entity_id: string | null; entidad: string | null; ip: string | null; user_agent: string | null;
  request_id: string | null; reason: string | null; details: unknown; hash: string; prev_hash?: string | null;
  /** Lists shows the details' arrays cut to their first items; GET /api/audit/:id answers them whole. */
  details_truncated?: boolean;
  /** A search by folio that found it inside a bulk batch row: where it is in the batch. */
  match?: { folio: string; position: number; count: number; id: number | null; external_id: string | null };
}

export interface Meta { name: string; version: string; demo: boolean; database: string }
