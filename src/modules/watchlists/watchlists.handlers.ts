import type { Database } from '../../core/db.js';
import type { EventHandler, OutboxEvent } from '../../core/outbox.js';
import { MENTION_INDEXED } from '../entities/index.js';
import { checkMentionsAgainstTargets } from './watchlists.service.js';

const keyOf = (event: OutboxEvent) => event.payload as { entidad: string; registry: string; record_id: string };

/** Every indexed mention is checked against every active target (alerts are idempotent per target and record). */
export function watchlistHandlers(_database: Database): EventHandler[] {
  return [{
    name: 'watchlists.check-mention',
    types: [MENTION_INDEXED],
    async handle(event, db) {
      await checkMentionsAgainstTargets(db, [keyOf(event)]);
    },
    async handleBatch(events, db) {
      await checkMentionsAgainstTargets(db, events.map(keyOf));
    },
  }];
}
