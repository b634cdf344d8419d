import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import { SYSTEM_ACTOR, type Actor } from '../../core/access.js';
import type { Ctx } from '../../core/context.js';
import type { Database } from '../../core/db.js';
import { addDays, todayMx } from './agreements.rules.js';
import { getAgreement } from './agreements.service.js';
import { adb, createCommitments, createLiaison, reportProgress, runReminders } from './commitments.service.js';
import { importAgreements } from './import.service.js';

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

/** The seed documents beside the repository (../shared/seeds), if that folder exists. */
export const SEEDS_DIR = path.resolve(REPO_ROOT, '../shared/seeds');

/** Used when the seeds are not beside the repository: a small document of our own, clearly synthetic. */
export const SYNTHETIC_DOCUMENT = `ACUERDOS

PRIMERA REUNIÓN REGIONAL DE LA ZONA OCCIDENTE 2025
CONFERENCIA NACIONAL DE SECRETARIOS DE SEGURIDAD PÚBLICA
Guadalajara, Jalisco, a doce de marzo de dos mil veinticinco

(Documento sintético de demostración de Sereno; no es un documento oficial.)

ACUERDO PRIMERO.- Los integrantes de la Conferencia Nacional de Secretarios de Seguridad Pública de la Zona Occidente aprueban el orden del día de la reunión.

ACUERDO SEGUNDO.- Los integrantes se comprometen a enviar mensualmente al Centro Nacional de Información los números telefónicos de extorsión reportados a las líneas 089.

ACUERDO TERCERO.- Las entidades de la zona se comprometen a actualizar los usuarios y perfiles de Plataforma México a más tardar el treinta de junio de dos mil veinticinco.

ACUERDO CUARTO.- Se instruye a la Secretaría Técnica a presentar el tablero de cumplimiento del Registro Nacional de Detenciones durante el segundo semestre de 2025.

ACUERDO QUINTO.- Los integrantes toman conocimiento de la exposición sobre las detenciones registradas en la zona.

TRANSITORIOS

PRIMERO.- El presente acuerdo entrará en vigor el día de su aprobación.
`;

/** A small deterministic generator (mulberry32), so the demo is the same on every machine. */
function prng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Demo data: the three seed documents (or the synthetic one) imported as the secretariat would, then
 * commitments for some acuerdos with deadlines spread around `now` (some overdue), SYNTHETIC progress and
 * evidence (labelled as such), a few enlaces, and the reminder sweep.
 */
export async function loadAgreementsDemo(database: Database, opts: { seed: number; now: Date }): Promise<{ summary: string }> {
  const actor: Actor = { ...SYSTEM_ACTOR, name: 'demo (sintético)' };
  const ctx: Ctx = { db: database.db, actor, now: () => opts.now };
  const files = fs.existsSync(SEEDS_DIR) ? fs.readdirSync(SEEDS_DIR).filter((f) => /^\d{3}_.+\.(txt|md)$/.test(f)).sort() : [];
  const docs = files.length ? files.map((f) => ({ filename: f, text: fs.readFileSync(path.join(SEEDS_DIR, f), 'utf8') })) : [{ filename: 'demo-sintetico.txt', text: SYNTHETIC_DOCUMENT }];
  let sessions = 0;
  let agreements = 0;
  for (const d of docs) {
    const r = await importAgreements(ctx, { text: d.text, filename: d.filename, media_type: 'text/plain' });
    sessions += r.created.sessions;
    agreements += r.created.agreements;
  }

  const db = adb(database.db);
  const picks = await db.selectFrom('agreements as a').innerJoin('agreement_sessions as s', 's.id', 'a.session_id').select(['a.id'])
    .where('a.section', '=', 'acuerdo').where('a.kind', 'in', ['compromiso', 'instruccion_secretaria_tecnica'])
    .where(sql<boolean>`NOT EXISTS (SELECT 1 FROM agreement_commitments c WHERE c.agreement_id = a.id)`)
    .orderBy('s.date', 'desc').orderBy('a.position').limit(8).execute();
  const day = todayMx(opts.now);
  const offsets = [20, -45, 5, 60, -10, 3, 120, -20];
  const rnd = prng(opts.seed);
  const created: { id: number; entidad: string | null; recurring: boolean; due: string | null }[] = [];
  for (const [i, p] of picks.entries()) {
    const { suggested_commitments: suggested } = await getAgreement(ctx, p.id);
    for (const s of suggested) {
      const due = addDays(day, offsets[i % offsets.length]);
      const r = await createCommitments(ctx, p.id, {
        ...s, status: 'approved', deadline: s.recurrence ? null : due, next_due: s.recurrence ? addDays(day, offsets[i % offsets.length] % 31) : null,
        deadline_phrase: s.deadline_phrase ?? null, external_id: `demo:${p.id}:${s.responsible.kind}`,
      });
      created.push(...r.items.map((c) => ({ id: c.id, entidad: c.entidad, recurring: !!c.recurrence, due: c.due_date })));
    }
  }

  let fulfilled = 0;
  let reported = 0;
  for (const c of created) {
    const roll = rnd();
    const ref = `Oficio DEMO/${c.entidad ?? 'ST'}/${String(c.id).padStart(4, '0')} (sintético)`;
    if (roll < 0.3) {
      await reportProgress(ctx, c.id, { progress: 100, note: 'Cumplimiento sintético de demostración.', evidence: [{ document_ref: ref, url: `https://example.org/sereno-demo/evidencia/${c.id}` }] });
      fulfilled++;
    } else if (roll < 0.65) {
      const progress = 10 * (2 + Math.floor(rnd() * 7));
      await reportProgress(ctx, c.id, { progress, note: 'Avance sintético de demostración.', evidence: c.recurring || rnd() < 0.5 ? [{ document_ref: ref }] : [] });
      reported++;
    }
  }

  let liaisons = 0;
  for (const [entidad, name] of [['14', 'Jalisco'], ['09', 'Ciudad de México'], ['19', 'Nuevo León']] as const) {
    await createLiaison(ctx, { entidad, name: `Enlace demo ${name}`, position: 'Director de Vinculación (sintético)', oficio_number: `DEMO/${entidad}/001/${opts.now.getFullYear()}`, oficio_date: addDays(day, -40) });
    liaisons++;
    const own = created.find((c) => c.entidad === entidad);
    if (own) {
      await createLiaison(ctx, { entidad, commitment_id: own.id, name: `Responsable demo ${name}`, position: 'Jefe de Departamento (sintético)', oficio_number: `DEMO/${entidad}/002/${opts.now.getFullYear()}`, oficio_date: addDays(day, -20) });
      liaisons++;
    }
  }
  const sweep = await runReminders(ctx);
  const source = files.length ? `${files.length} documentos semilla` : 'un documento sintético';
  return {
    summary: `${sessions} sesiones y ${agreements} acuerdos importados de ${source}; ${created.length} compromisos (${fulfilled} cumplidos y ${reported} con avance SINTÉTICOS, ${sweep.marked_overdue} vencidos), ${liaisons} enlaces, ${sweep.reminders + sweep.overdue_notifications} notificaciones`,
  };
}
