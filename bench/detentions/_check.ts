/**
 * Diagnostic, not a benchmark figure: what checking a bulk file costs per row on one thread, stage by stage (what
 * the import's worker thread does): reading the CSV, turning rows into bodies, the zod and document checks, encoding
 * the rows and their persons' mentions. Run: N=50000 npx tsx bench/detentions/_check.ts
 */
import { Readable } from 'node:stream';
import { openDatabase } from '../../src/core/db.js';
import { migrate } from '../../src/core/migrate.js';
import { MODULES } from '../../src/modules/index.js';
import { makeActor } from '../../src/core/access.js';
import { checkFile } from '../../src/modules/detentions/detentions.parse.js';
import { loadCatalog } from '../../src/modules/detentions/detentions.prepare.js';
import { createBenchDatabase, syntheticBodies } from './common.js';

const N = Number(process.env.N ?? 50000);
const bdb = await createBenchDatabase('bench_detentions_check');
const database = await openDatabase({ databaseUrl: bdb.url });
await migrate(database.pool);
for (const m of MODULES) if (m.seed) await m.seed(database);
const inst = await database.db.insertInto('institutions').values({ entidad: '14', type: 'c5', name: 'chk' }).returning('id').executeTakeFirstOrThrow();
const actor = makeActor({ type: 'api_key', id: 1, name: 'api:chk', roles: ['capturist'], institutionId: Number(inst.id), entidad: '14', captureScope: 'institution', viewScope: 'entidad' });
const catalog = await loadCatalog(database.db as never);
await database.close();
await bdb.drop();

const COLUMNS = ['external_id', 'fecha_hora_registro', 'nombre', 'apellido_paterno', 'apellido_materno', 'edad', 'sexo', 'senas_particulares', 'entidad', 'municipio', 'domicilio',
  'fecha_hora_detencion', 'motivo', 'tipo', 'supuesto', 'offence_codes', 'agentes', 'autoridad_destino_tipo', 'autoridad_destino_nombre', 'lugar_traslado'];
const cell = (v: unknown) => { const s = v == null ? '' : String(v); return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s; };
const body = syntheticBodies(7, { entidad: '14', now: new Date(), spreadDays: 360, idPrefix: 'chk', orderedCount: N });
const lines = [COLUMNS.join(',')];
for (let i = 0; i < N; i++) {
  const b = body(i);
  lines.push([b.external_id, b.fecha_hora_registro, b.persona.nombre, b.persona.apellido_paterno, b.persona.apellido_materno, b.persona.edad, b.persona.sexo,
    b.persona.senas_particulares, b.lugar.entidad, b.lugar.municipio, b.lugar.domicilio, b.fecha_hora_detencion, b.motivo, b.tipo, b.supuesto, b.offence_codes.join('|'),
    b.autoridad_detencion.agentes.map((a) => `${a.nombre}|${a.cargo}|${a.unidad}`).join(';'), b.autoridad_destino.tipo, b.autoridad_destino.nombre, b.lugar_traslado].map(cell).join(','));
}
const file = Buffer.from(lines.join('\n'));
function* chunks() { for (let i = 0; i < file.length; i += 65536) yield file.subarray(i, i + 65536); }
for (let round = 0; round < 3; round++) {
  let rows = 0;
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  await checkFile({ format: 'csv', source: 'chk', actor, encoding: 'copy', catalog }, Readable.from(chunks()), { now: () => new Date(), batch: async (b) => { rows += b.rows.length; } });
  const c = process.cpuUsage(c0);
  console.log(`round ${round}: ${rows} rows checked in ${Math.round(performance.now() - t0)} ms; ${((c.user + c.system) / rows).toFixed(1)} µs of CPU a row`);
}
