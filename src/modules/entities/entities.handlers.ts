import type { Database } from '../../core/db.js';
import type { EventHandler, OutboxEvent } from '../../core/outbox.js';
import type { MentionPersona } from './entities.schema.js';
import { indexPersonMentions, type PersonMentionInput } from './entities.service.js';

interface DetentionPayload {
  id: number; folio: string; entidad: string; version?: number; institution_id?: number | null;
  fecha_hora_detencion?: string; persona?: MentionPersona & { edad?: number | null };
}

/** The mention a detention event names (none when the event carries no person). */
function mentionOf(event: OutboxEvent): PersonMentionInput | null {
  const p = event.payload as unknown as DetentionPayload;
  if (!p.persona) return null;
  const { edad: _edad, ...persona } = p.persona;
  return {
    entidad: p.entidad, registry: 'detention', recordId: p.id, label: p.folio, institutionId: p.institution_id ?? null,
    observedAt: p.fecha_hora_detencion ?? event.created_at, persona, version: p.version ?? 1,
  };
}

/** Indexes the detained person of every registered or corrected detention (idempotent upsert by entidad, registry, record id). */
export function entityHandlers(_database: Database): EventHandler[] {
  const index = (events: OutboxEvent[], db: Parameters<EventHandler['handle']>[1]) => {
    const list = events.map(mentionOf).filter((m): m is PersonMentionInput => m !== null);
    return list.length ? db.transaction().execute((trx) => indexPersonMentions(trx, list)).then(() => undefined) : Promise.resolve();
  };
  return [{
    name: 'entities.detention-mentions',
    types: ['detention.registered', 'detention.updated'],
    handle: (event, db) => index([event], db),
    handleBatch: index,
  }];
}
