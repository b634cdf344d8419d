import type { Database } from '../../core/db.js';
import type { EventHandler, OutboxEvent } from '../../core/outbox.js';
import { MENTION_INDEXED, MENTIONS_INDEXED } from '../entities/index.js';
import { checkMentionsAgainstTargets } from './watchlists.service.js';

type MentionKey = { entidad: string; registry: string; record_id: string };
/** The mention keys an event names: one (`person_mention.indexed`) or a batch of one entidad (`person_mentions.indexed`). */
const keysOf = (event: OutboxEvent): MentionKey[] => {
  const p = event.payload as unknown as MentionKey | { entidad: string; mentions: { registry: string; record_id: string }[] };
  return 'mentions' in p ? p.mentions.map((m) => ({ entidad: p.entidad, registry: m.registry, record_id: m.record_id })) : [p];
};

/** Every indexed mention is checked against every active target (alerts are idempotent per target and record). */
export function watchlistHandlers(_database: Database): EventHandler[] {
  return [{
    name: 'watchlists.check-mention',
    types: [MENTION_INDEXED, MENTIONS_INDEXED],
    async handle(event, db) {
      await checkMentionsAgainstTargets(db, keysOf(event));
    },
    async handleBatch(events, db) {
      // A pass may bring 200 batch events of a thousand mentions each: checked a few thousand per statement.
      const keys = events.flatMap(keysOf);
      for (let i = 0; i < keys.length; i += 5000) await checkMentionsAgainstTargets(db, keys.slice(i, i + 5000));
    },
  }];
}
