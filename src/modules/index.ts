import { catalogsModule } from '../catalogs/index.js';
import type { SerenoModule } from '../core/module.js';
import { adminModule } from './admin/index.js';
import { auditModule } from './audit/index.js';
import { authModule } from './auth/index.js';

/** Every module of the application, in load order (seeds and demo data run in this order). */
export const MODULES: SerenoModule[] = [catalogsModule, authModule, adminModule, auditModule];
