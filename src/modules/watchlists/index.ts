import type { SerenoModule } from '../../core/module.js';
import { watchlistDemo } from './watchlists.demo.js';
import { watchlistHandlers } from './watchlists.handlers.js';
import { watchlistsRoutes } from './watchlists.routes.js';
import { messages } from './watchlists.schema.js';

export { checkMentionAgainstTargets, checkMentionsAgainstTargets, createTarget, getTarget, listTargets, listTargetVersions, setTargetStatus, updateTarget } from './watchlists.service.js';

/** Sistema de Objetivos Prioritarios: priority targets searched exhaustively on listing and on every new mention (issue 4). */
export const watchlistsModule: SerenoModule = { name: 'watchlists', routes: watchlistsRoutes, handlers: watchlistHandlers, messages, demo: (database, o) => watchlistDemo(database, o) };
