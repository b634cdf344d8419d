/** The only door from the web into the server's tree: shared, dependency-free code (a test enforces it). */
export { PERMISSIONS, ROLES, SCOPES, ROLE_LABELS, ROLE_PERMISSIONS, permissionsFor } from '../../src/shared/permissions.ts';
export type { Permission, Role, Scope } from '../../src/shared/permissions.ts';
export { COMMITMENT_STATUSES, COMMITMENT_TRANSITIONS } from '../../src/shared/agreements.ts';
export type { CommitmentStatus } from '../../src/shared/agreements.ts';
