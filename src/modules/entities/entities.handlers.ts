import type { Database } from '../../core/db.js';
import type { EventHandler, OutboxEvent } from '../../core/outbox.js';
import type { MentionPersona } from './entities.schema.js';
import { indexPersonMention } from './entities.service.js';

interface DetentionPayload {
  id: number; folio: string; entidad: string; version?: number; institution_id?: number | null;
  fecha_hora_detencion?: string; persona?: MentionPersona & { edad?: number | null };
}

/** Indexes the detained person of every registered or corrected detention (idempotent upsert by entidad, registry, record id). */
export function entityHandlers(_database: Database): EventHandler[] {
  return [{
    name: 'entities.detention-mentions',
    types: ['detention.registered', 'detention.updated'],
    async handle(event: OutboxEvent, db) {
      const p = event.payload as unknown as DetentionPayload;
      if (!p.persona) return;
      const { edad: _edad, ...persona } = p.persona;
      await db.transaction().execute((trx) => indexPersonMention(trx, {
        entidad: p.entidad, registry: 'detention', recordId: p.id, label: p.folio, institutionId: p.institution_id ?? null,
        observedAt: p.fecha_hora_detencion ?? event.created_at, persona, version: p.version ?? 1,
      }));
    },
  }];
}
