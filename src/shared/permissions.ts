/**
 * Permission names and the roles that grant them. Imported by server, web and CLI; imports nothing.
 * A role says *what* a user may do; the user's territory (national / entidad / institution) says *where*.
 */
export const PERMISSIONS = [
  'user.manage',
  'institution.manage',
  'apikey.manage',
  'audit.read',
  'catalog.manage',
  'detention.capture',
  'detention.read',
  'detention.dashboard',
  'person.search',
  'watchlist.manage',
  'watchlist.read',
  'alert.read',
  'alert.work',
  'vehicle.capture',
  'vehicle.read',
  'agreement.manage',
  'agreement.read',
  'agreement.progress',
] as const;

export type Permission = (typeof PERMISSIONS)[number];

export const ROLES = [
  'national_admin',
  'state_admin',
  'capturist',
  'analyst',
  'c5_operator',
  'auditor',
  'secretariat',
  'liaison',
] as const;

export type Role = (typeof ROLES)[number];

/** Territory levels, from widest to narrowest. Capture and view/search territories are set separately (as DHIS2 does). */
export const SCOPES = ['national', 'entidad', 'institution'] as const;
export type Scope = (typeof SCOPES)[number];

export const ROLE_PERMISSIONS: Record<Role, readonly Permission[]> = {
  national_admin: PERMISSIONS,
  state_admin: ['user.manage', 'institution.manage', 'apikey.manage', 'detention.read', 'agreement.read', 'agreement.progress'],
  capturist: ['detention.capture', 'detention.read', 'vehicle.capture', 'vehicle.read'],
  analyst: ['detention.read', 'detention.dashboard', 'person.search', 'watchlist.read', 'watchlist.manage', 'alert.read', 'vehicle.read', 'agreement.read'],
  c5_operator: ['detention.read', 'alert.read', 'alert.work', 'watchlist.read', 'vehicle.read'],
  auditor: ['audit.read'],
  secretariat: ['agreement.manage', 'agreement.read', 'agreement.progress'],
  liaison: ['agreement.read', 'agreement.progress', 'detention.dashboard'],
};

/** Spanish and English labels for roles, shown in the UI and the CLI. */
export const ROLE_LABELS: Record<Role, { es: string; en: string }> = {
  national_admin: { es: 'Administrador nacional', en: 'National administrator' },
  state_admin: { es: 'Administrador estatal', en: 'State administrator' },
  capturist: { es: 'Capturista', en: 'Capturist' },
  analyst: { es: 'Analista', en: 'Analyst' },
  c5_operator: { es: 'Operador C5', en: 'C5 operator' },
  auditor: { es: 'Auditor', en: 'Auditor' },
  secretariat: { es: 'Secretaría Técnica de la Conferencia', en: 'Conference technical secretariat' },
  liaison: { es: 'Enlace estatal', en: 'State liaison' },
};

/** All permissions granted by a set of roles. */
export function permissionsFor(roles: readonly string[]): Permission[] {
  const out = new Set<Permission>();
  for (const r of roles) for (const p of ROLE_PERMISSIONS[r as Role] ?? []) out.add(p);
  return [...out].sort();
}
