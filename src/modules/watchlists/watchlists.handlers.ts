import type { Database } from '../../core/db.js';
import type { EventHandler } from '../../core/outbox.js';
import { MENTION_INDEXED } from '../entities/index.js';
import { checkMentionAgainstTargets } from './watchlists.service.js';

/** Every indexed mention is checked against every active target (alerts are idempotent per target and record). */
export function watchlistHandlers(_database: Database): EventHandler[] {
  return [{
    name: 'watchlists.check-mention',
    types: [MENTION_INDEXED],
    async handle(event, db) {
      const p = event.payload as { entidad: string; registry: string; record_id: string };
      await checkMentionAgainstTargets(db, p);
    },
  }];
}
