import type { SerenoModule } from '../../core/module.js';
import { auditRoutes } from './audit.routes.js';
import { messages } from './audit.schema.js';

export { getAuditRow, listAudit, verifyAudit } from './audit.service.js';

/** Browsing and verifying the audit log. */
export const auditModule: SerenoModule = { name: 'audit', routes: auditRoutes, messages };
