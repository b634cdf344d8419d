import { sql } from 'kysely';
import { makeActor } from '../../core/access.js';
import type { Database } from '../../core/db.js';
import { mulberry32 } from '../../core/random.js';
import { createTarget } from './watchlists.service.js';

/** How many SYNTHETIC priority targets each demo state lists. */
const PER_STATE = 2;
const CLASSES = ['orden_de_aprehension', 'alto_impacto', 'persona_buscada'] as const;

/** A spelling variant as another state's capturist might type it (dropped accent, s/z, b/v swapped). */
function variant(name: string, rnd: () => number): string {
  const plain = name.normalize('NFD').replace(/[\u0300-\u036f]/g, '');
  const swaps: [RegExp, string][] = [[/z/i, 's'], [/s/i, 'z'], [/v/i, 'b'], [/b/i, 'v'], [/y/i, 'i']];
  const [re, to] = swaps[Math.floor(rnd() * swaps.length)];
  return re.test(plain) ? plain.replace(re, to) : plain;
}

/**
 * SYNTHETIC priority targets: each demo state's secretariat lists PER_STATE persons who were detained (in the demo
 * detentions) in another state, written with a spelling variant. The entity index raises the alerts as soon as the
 * demo detentions are indexed after start-up, so the Alertas page of the issuing C5 is alive. A second run adds nothing.
 */
export async function watchlistDemo(database: Database, opts: { seed: number; now: Date }): Promise<{ summary: string }> {
  const db = database.db;
  const { rows: [done] } = await sql<{ n: number }>`SELECT count(*)::int AS n FROM targets WHERE reason LIKE 'DEMO %'`.execute(db);
  if (done.n > 0) return { summary: 'objetivos demo ya cargados' };
  const rnd = mulberry32(opts.seed ^ 0x7a26e7);
  const { rows: issuers } = await sql<{ entidad: string; id: number }>`
    SELECT DISTINCT ON (entidad) entidad, id FROM institutions WHERE entidad IS NOT NULL AND active AND type <> 'c5' ORDER BY entidad, id`.execute(db);
  const { rows: detained } = await sql<{ entidad: string; nombre: string; apellido_paterno: string | null; apellido_materno: string | null; sexo: string; fecha_nacimiento: string | null }>`
    SELECT entidad, nombre, apellido_paterno, apellido_materno, sexo, fecha_nacimiento::text FROM detentions
    WHERE source = 'demo' AND apellido_paterno IS NOT NULL AND apellido_materno IS NOT NULL ORDER BY entidad, id LIMIT 2000`.execute(db);
  let listed = 0;
  for (const issuer of issuers) {
    const actor = makeActor({ type: 'system', id: null, name: 'demo', roles: ['analyst'], institutionId: Number(issuer.id), entidad: issuer.entidad, captureScope: 'entidad', viewScope: 'entidad' });
    const elsewhere = detained.filter((d) => d.entidad !== issuer.entidad);
    for (let i = 0; i < PER_STATE && elsewhere.length; i++) {
      const p = elsewhere[Math.floor(rnd() * elsewhere.length)];
      await createTarget({ db, actor, now: () => opts.now }, {
        persona: { nombre: variant(p.nombre, rnd), apellido_paterno: p.apellido_paterno, apellido_materno: p.apellido_materno, alias: [], sexo: p.sexo as 'H' | 'M' | 'X', fecha_nacimiento: p.fecha_nacimiento },
        reason: `DEMO — carpeta de investigación ${issuer.entidad}/2026/${String(100 + listed).padStart(4, '0')} (sintética)`,
        classification: CLASSES[listed % CLASSES.length],
        contact: { nombre: 'Mesa de objetivos prioritarios (demo)', telefono: null, correo: null },
      });
      listed++;
    }
  }
  return { summary: `${listed} objetivos prioritarios SINTÉTICOS en ${issuers.length} entidades (cada uno detenido, con otra grafía, en otra entidad)` };
}
