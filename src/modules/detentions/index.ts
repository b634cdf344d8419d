import type { SerenoModule } from '../../core/module.js';
import { loadDetentionDemo } from './detentions.demo.js';
import { detentionHandlers } from './detentions.handlers.js';
import { ensureRollup } from './detentions.rollup.js';
import { StaleImportSweeper } from './detentions.import.js';
import { detentionRoutes } from './detentions.routes.js';
import { messages } from './detentions.schema.js';

export { getDetention, getTimeline, listDetentions, recordCustodyEvent, registerDetention, updateDetention } from './detentions.service.js';
export { computeStats } from './detentions.stats.js';
export { DETENTION_RULES, FLAGS } from './detentions.rules.js';

/** Registro Nacional de Detenciones: capture, versions, custody chain, legal-deadline flags, public consultation, stats, bulk files. */
export const detentionsModule: SerenoModule = {
  name: 'detentions', routes: detentionRoutes, messages, handlers: detentionHandlers,
  seed: async (db) => { await ensureRollup(db); },
  demo: (db, o) => loadDetentionDemo(db, o),
  workers: (database, config) => [new StaleImportSweeper(database, config?.IMPORT_STALE_MINUTES ?? 15)],
};
