import type { Database } from '../../core/db.js';
import type { EventHandler, OutboxEvent } from '../../core/outbox.js';
import type { MentionPersona } from './entities.schema.js';
import { indexPersonMentions, type PersonMentionInput } from './entities.service.js';

interface DetentionPayload {
  id: number; folio: string; entidad: string; version?: number; institution_id?: number | null;
  fecha_hora_detencion?: string; persona?: MentionPersona & { edad?: number | null };
}

/** Mentions indexed per statement: a dispatcher pass may bring 200 batch events of a thousand records each. */
const CHUNK = 5000;

/** The mention one detention's payload names (none when it carries no person). */
function mentionOf(p: DetentionPayload, createdAt: Date | string): PersonMentionInput | null {
  if (!p.persona) return null;
  const { edad: _edad, ...persona } = p.persona;
  return {
    entidad: p.entidad, registry: 'detention', recordId: p.id, label: p.folio, institutionId: p.institution_id ?? null,
    observedAt: p.fecha_hora_detencion ?? createdAt, persona, version: p.version ?? 1,
  };
}

/** The mentions an event names: one record (`detention.registered`, `detention.updated`) or a bulk write's batch. */
function mentionsOf(event: OutboxEvent): PersonMentionInput[] {
  const p = event.payload as unknown as DetentionPayload | { items: DetentionPayload[] };
  const list = 'items' in p ? p.items : [p];
  return list.map((x) => mentionOf(x, event.created_at)).filter((m): m is PersonMentionInput => m !== null);
}

/** Indexes the detained person of every registered (alone or in a bulk batch) or corrected detention (idempotent upsert by entidad, registry, record id). */
export function entityHandlers(_database: Database): EventHandler[] {
  const index = async (events: OutboxEvent[], db: Parameters<EventHandler['handle']>[1]) => {
    const list = events.flatMap(mentionsOf);
    if (list.length === 0) return;
    await db.transaction().execute(async (trx) => {
      for (let i = 0; i < list.length; i += CHUNK) await indexPersonMentions(trx, list.slice(i, i + CHUNK));
    });
  };
  return [{
    name: 'entities.detention-mentions',
    types: ['detention.registered', 'detention.batch_registered', 'detention.updated'],
    handle: (event, db) => index([event], db),
    handleBatch: index,
  }];
}
