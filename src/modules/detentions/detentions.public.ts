import { sql, type Transaction } from 'kysely';
import { writeAudit } from '../../core/audit.js';
import type { Ctx } from '../../core/context.js';
import type { CoreTables } from '../../core/db-types.js';
import { AppError } from '../../core/errors.js';
import { DETENTION_RULES } from './detentions.rules.js';
import type { PublicInput } from './detentions.schema.js';
import { dbOf } from './detentions.service.js';

/** What the public learns about one match: the detaining institution and where the person is now. Nothing else. */
export interface PublicMatch {
  autoridad: string;
  lugar: string;
  entidad: string;
}

/**
 * The public consultation the law requires: given a FULL name (a given name and at least one surname), says whether
 * that person is registered as detained now, by which institution and where. Matching is exact on the set of name
 * tokens after normalisation (accents, case, order and the particles de/del/la/las/los/y ignored), so a partial name
 * finds nothing. A person whose release was recorded no longer appears. Every query is audited with the caller's IP.
 */
export async function consultDetention(ctx: Ctx, q: PublicInput): Promise<{ detenida: boolean; registros: PublicMatch[] }> {
  const rules = DETENTION_RULES.publicConsultation;
  const db = dbOf(ctx);
  const structured = q.apellido_paterno !== undefined || q.apellido_materno !== undefined;
  const text = [q.nombre, q.apellido_paterno ?? '', q.apellido_materno ?? ''].join(' ');
  const { rows: [keys] } = await sql<{ full_key: string; given: string; surnames: string }>`
    SELECT detention_name_key(${text}) AS full_key, detention_name_key(${q.nombre}) AS given,
           detention_name_key(${`${q.apellido_paterno ?? ''} ${q.apellido_materno ?? ''}`}) AS surnames`.execute(db);
  const tokens = keys.full_key.split(' ').filter(Boolean);
  const tooShort = tokens.length < rules.minTokens || tokens.some((tk) => tk.length < rules.minTokenLength)
    || (structured && (!keys.given || !keys.surnames));
  if (tooShort) throw new AppError('public_query_too_short', 400, { min: rules.minTokenLength });
  const rows = await db.selectFrom('detentions as d')
    .innerJoin('institutions as i', 'i.id', 'd.institution_id')
    .innerJoin('entidades as e', 'e.code', 'd.entidad')
    .select(['d.folio', 'd.entidad', 'i.name as autoridad', 'd.ubicacion_actual', 'e.name as entidad_nombre'])
    .where('d.nombre_clave', '=', keys.full_key)
    .where('d.libertad_at', 'is', null)
    .orderBy('d.fecha_hora_detencion', 'desc')
    .limit(20)
    .execute();
  await db.transaction().execute((trx) => writeAudit(trx as unknown as Transaction<CoreTables>, ctx.actor, {
    action: 'detention.public_consulted', entityType: 'detention',
    details: { nombre_clave: keys.full_key, matches: rows.length, folios: rows.map((r) => r.folio) },
  }, ctx.now()));
  return {
    detenida: rows.length > 0,
    registros: rows.map((r) => ({ autoridad: r.autoridad, lugar: r.ubicacion_actual ?? r.autoridad, entidad: r.entidad_nombre })),
  };
}
