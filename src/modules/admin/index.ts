import type { SerenoModule } from '../../core/module.js';
import { loadAdminDemo } from './admin.demo.js';
import { adminRoutes } from './admin.routes.js';
import { messages } from './admin.schema.js';

export { createApiKey, createInstitution, createUser } from './admin.service.js';

/** Institutions, users and API keys, scoped to the administrator's territory. */
export const adminModule: SerenoModule = { name: 'admin', routes: adminRoutes, messages, demo: (db, o) => loadAdminDemo(db, o) };
