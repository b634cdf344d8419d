import type { SerenoModule } from '../../core/module.js';
import { authRoutes } from './auth.routes.js';
import { messages } from './auth.schema.js';

export { getMe, login, totpValid } from './auth.service.js';

/** Sessions, passwords and the second factor. */
export const authModule: SerenoModule = { name: 'auth', routes: authRoutes, messages };
