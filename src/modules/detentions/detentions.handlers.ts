import { sql } from 'kysely';
import type { Database } from '../../core/db.js';
import type { EventHandler, OutboxEvent } from '../../core/outbox.js';
import { indexPersonMentions, type PersonMentionInput } from '../entities/index.js';
import { BATCH_REGISTERED, detentionMention } from './detentions.prepare.js';
import type { DetentionDocument } from './detentions.schema.js';

/**
 * Records read and indexed per statement (a batch event names a thousand; a retried backlog may bring several):
 * small enough that encoding one statement's mentions (~5 ms) does not hold the event loop the API shares.
 */
const CHUNK = 1000;

/**
 * Indexes the persons of bulk writes' batches (`detention.batch_registered`, which names records by id) in the
 * entity index, read from the table as they are now: the same mentions single registrations' events give, at the
 * record's current version (the upsert keeps the newest, so a correction indexed first is not overwritten). Only
 * for events written before bulk writes indexed their persons themselves: those say `indexed` and are skipped.
 */
export function detentionHandlers(_database: Database): EventHandler[] {
  const index = async (events: OutboxEvent[], db: Parameters<EventHandler['handle']>[1]) => {
    // Events a bulk write now emits say `indexed`: their persons were written with the records.
    const keys = events.filter((e) => !(e.payload as { indexed?: boolean }).indexed)
      .flatMap((e) => ((e.payload as { ids?: number[] }).ids ?? []).map((id) => ({ entidad: e.entidad!, id })));
    if (keys.length === 0) return;
    await db.transaction().execute(async (trx) => {
      for (let i = 0; i < keys.length; i += CHUNK) {
        const part = keys.slice(i, i + CHUNK);
        const { rows } = await sql<{ entidad: string; id: string; folio: string; version: number; institution_id: string; fecha_hora_detencion: Date; persona: DetentionDocument['persona'] }>`
          SELECT d.entidad, d.id, d.folio, d.version, d.institution_id, d.fecha_hora_detencion, d.data -> 'persona' AS persona
          FROM unnest(${part.map((k) => k.entidad)}::char(2)[], ${part.map((k) => k.id)}::int8[]) AS k(entidad, id)
          JOIN detentions d ON d.entidad = k.entidad AND d.id = k.id`.execute(trx);
        const mentions = rows.map((r): PersonMentionInput => ({
          entidad: r.entidad, registry: 'detention', recordId: Number(r.id), label: r.folio,
          ...detentionMention({ institution_id: Number(r.institution_id), fecha_hora_detencion: r.fecha_hora_detencion, data: { persona: r.persona } as DetentionDocument }, r.version),
        }));
        await indexPersonMentions(trx, mentions);
      }
    });
  };
  return [{ name: 'detentions.batch-mentions', types: [BATCH_REGISTERED], bulkTypes: [BATCH_REGISTERED], handle: (event, db) => index([event], db), handleBatch: index }];
}
