import { catalogsModule } from '../catalogs/index.js';
import type { SerenoModule } from '../core/module.js';
import { adminModule } from './admin/index.js';
import { agreementsModule } from './agreements/index.js';
import { auditModule } from './audit/index.js';
import { authModule } from './auth/index.js';
import { detentionsModule } from './detentions/index.js';
import { entitiesModule } from './entities/index.js';
import { watchlistsModule } from './watchlists/index.js';
import { alertsModule } from './alerts/index.js';
import { webhooksModule } from './webhooks/index.js';
import { vehiclesModule } from './vehicles/index.js';

/** Every module of the application, in load order (seeds and demo data run in this order). */
export const MODULES: SerenoModule[] = [catalogsModule, authModule, adminModule, auditModule, agreementsModule, detentionsModule, entitiesModule, watchlistsModule, alertsModule, vehiclesModule, webhooksModule];
