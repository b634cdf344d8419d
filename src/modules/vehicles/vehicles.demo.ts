import { sql, type RawBuilder } from 'kysely';
import { makeActor, SYSTEM_ACTOR } from '../../core/access.js';
import { writeAudit } from '../../core/audit.js';
import type { Database } from '../../core/db.js';
import { plateOcrKey } from '../../matching/plate.js';
import { computeVinCheckDigit } from '../../matching/vin.js';
import { ingestReads } from './vehicles.reads.js';
import { mulberry32 } from '../../core/random.js';

/** How many synthetic theft reports the demo loads. */
export const DEMO_THEFTS = 400;
const STATES = ['14', '09', '19', '15', '11', '26', '31', '08'];
const MAKES: [string, string[]][] = [['Nissan', ['Versa', 'Sentra', 'March', 'NP300', 'Tsuru']], ['Chevrolet', ['Aveo', 'Spark', 'Beat', 'Silverado']],
  ['Volkswagen', ['Jetta', 'Vento', 'Gol']], ['Toyota', ['Corolla', 'Hilux', 'Yaris']], ['Honda', ['CR-V', 'Civic']], ['Kia', ['Rio', 'Forte']], ['Ford', ['Lobo', 'Ranger']]];
const COLORS = ['Blanco', 'Gris', 'Plata', 'Negro', 'Rojo', 'Azul', 'Vino'];
const LETTERS = 'ABCDEFGHJKLMNPRSTUVWXYZ';
const VIN_CHARS = 'ABCDEFGHJKLMNPRSTUVWXYZ0123456789';
const CONDITIONS = ['intacto', 'danado', 'desvalijado', 'incendiado'];


/**
 * SYNTHETIC stolen-vehicle reports (source 'demo', a third of them recovered) over the last 12 months, three plate
 * readers per demo state, and a few days of plate reads through the real ingestion path, some of them of stolen
 * plates (so the C5 view has live-looking alerts). Deterministic for a seed; a second run adds nothing.
 */
export async function vehicleDemo(database: Database, opts: { seed: number; now: Date }): Promise<{ summary: string }> {
  const rnd = mulberry32(opts.seed ^ 0x0ca75);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rnd() * xs.length)];
  const db = database.db;
  const now = opts.now;
  const actor = makeActor({ ...SYSTEM_ACTOR, name: 'demo' });
  const { rows: [done] } = await sql<{ n: number }>`SELECT count(*)::int AS n FROM vehicle_reports WHERE source = 'demo'`.execute(db);
  if (done.n > 0) return { summary: 'vehículos demo ya cargados' };
  const { rows: states } = await sql<{ code: string; lat: number; lon: number }>`SELECT code, lat, lon FROM entidades WHERE code = ANY(${STATES})`.execute(db);
  const { rows: insts } = await sql<{ id: number; entidad: string; type: string }>`SELECT id, entidad, type FROM institutions WHERE entidad = ANY(${STATES}) AND active`.execute(db);
  const instOf = (e: string, type?: string) => insts.find((i) => i.entidad === e && (!type || i.type === type)) ?? insts.find((i) => i.entidad === e);
  const usable = states.filter((s) => s.lat != null && instOf(s.code));
  if (usable.length === 0) return { summary: 'vehículos demo: sin instituciones demo' };

  const by = JSON.stringify({ type: 'system', id: null, name: 'demo' });
  const plates: { plate: string; entidad: string; status: string }[] = [];
  const rows: RawBuilder<unknown>[] = [];
  for (let i = 0; i < DEMO_THEFTS; i++) {
    const st = pick(usable);
    const [make, models] = pick(MAKES);
    const plate = `${pick([...LETTERS])}${pick([...LETTERS])}${pick([...LETTERS])}${String(Math.floor(rnd() * 10000)).padStart(4, '0')}`;
    let vin = Array.from({ length: 17 }, () => pick([...VIN_CHARS])).join('');
    vin = vin.slice(0, 8) + computeVinCheckDigit(vin.slice(0, 8) + '0' + vin.slice(9))! + vin.slice(9);
    const stolenAt = new Date(now.getTime() - rnd() * 365 * 86_400_000);
    const recovered = rnd() < 0.35 && now.getTime() - stolenAt.getTime() > 86_400_000;
    const recoveredAt = recovered ? new Date(stolenAt.getTime() + rnd() * Math.min(40 * 86_400_000, now.getTime() - stolenAt.getTime())) : null;
    const lat = st.lat + (rnd() - 0.5) * 0.6;
    const lon = st.lon + (rnd() - 0.5) * 0.6;
    const inst = instOf(st.code, 'prosecutor')!;
    const status = recovered ? 'recovered' : 'stolen';
    plates.push({ plate, entidad: st.code, status });
    rows.push(sql`(${st.code}, ${inst.id}, 'demo', ${`demo-${i}`}, ${status}, ${plate}, ${plateOcrKey(plate)}, ${st.code}, ${vin}, true, ${make}, ${pick(models)},
      ${2008 + Math.floor(rnd() * 17)}, ${pick(COLORS)}, ${rnd() < 0.4}, ${stolenAt}, ${lat}, ${lon}, ${'Vía pública (demo)'}, ${`CI-DEMO-${st.code}-${1000 + i}`},
      ${recoveredAt}, ${recovered ? JSON.stringify({ lat: lat + (rnd() - 0.5) * 0.3, lon: lon + (rnd() - 0.5) * 0.3, condition: pick(CONDITIONS), institution_id: inst.id, place: 'Predio (demo)' }) : null}::jsonb,
      ${now}, ${by}::jsonb, ${now}, ${by}::jsonb)`);
  }
  await db.transaction().execute(async (trx) => {
    const { rows: ids } = await sql<{ entidad: string; id: number; stolen_at: Date; recovered_at: Date | null; recovery: unknown }>`
      INSERT INTO vehicle_reports (entidad, institution_id, source, external_id, status, plate, plate_ocr_key, plate_entidad, vin, vin_check_ok, make, model, year,
        color, with_violence, stolen_at, lat, lon, place, carpeta, recovered_at, recovery, created_at, created_by, updated_at, updated_by)
      VALUES ${sql.join(rows)} ON CONFLICT DO NOTHING RETURNING entidad, id, stolen_at, recovered_at, recovery`.execute(trx);
    const ev = ids.flatMap((r) => [
      sql`(${r.entidad}, ${r.id}, 1, 'reported', ${r.stolen_at}, '{}'::jsonb, ${now}, ${by}::jsonb)`,
      ...(r.recovered_at ? [sql`(${r.entidad}, ${r.id}, 2, 'recovered', ${r.recovered_at}, ${JSON.stringify(r.recovery)}::jsonb, ${now}, ${by}::jsonb)`] : []),
    ]);
    await sql`INSERT INTO vehicle_report_events (entidad, report_id, seq, kind, at, data, recorded_at, recorded_by) VALUES ${sql.join(ev)}`.execute(trx);
    await writeAudit(trx, actor, { action: 'demo.vehicles_loaded', details: { reports: ids.length } }, now);
  });

  const cams: { id: number; entidad: string }[] = [];
  await db.transaction().execute(async (trx) => {
    const values = usable.flatMap((st) => [0, 1, 2].map((k) => sql`(${st.code}, ${instOf(st.code, 'c5')!.id}, ${`ARCO-${st.code}-${k + 1}`}, ${`Arco lector ${k + 1} (demo)`},
      ${st.lat + (rnd() - 0.5) * 0.5}, ${st.lon + (rnd() - 0.5) * 0.5}, ${pick(['norte', 'sur', 'oriente', 'poniente'])}, ${now}, ${by}::jsonb)`));
    const { rows: c } = await sql<{ id: number; entidad: string }>`INSERT INTO lpr_cameras (entidad, institution_id, code, name, lat, lon, direction, created_at, created_by)
      VALUES ${sql.join(values)} ON CONFLICT DO NOTHING RETURNING id, entidad`.execute(trx);
    cams.push(...c.map((r) => ({ id: Number(r.id), entidad: r.entidad })));
    await writeAudit(trx, actor, { action: 'demo.cameras_loaded', details: { cameras: c.length } }, now);
  });

  const stolen = plates.filter((p) => p.status === 'stolen');
  const reads = [];
  for (let i = 0; i < 1500; i++) {
    const cam = pick(cams);
    const hit = rnd() < 0.02 && stolen.length;
    const plate = hit ? pick(stolen).plate : `${pick([...LETTERS])}${pick([...LETTERS])}${pick([...LETTERS])}${String(Math.floor(rnd() * 10000)).padStart(4, '0')}`;
    const shown = hit && rnd() < 0.5 ? plate.replace(/1/g, 'I').replace(/0/g, 'O') : plate;
    reads.push({
      camera_id: cam.id, read_at: new Date(now.getTime() - rnd() * 3 * 86_400_000).toISOString(), candidates: [{ plate: shown, confidence: 0.8 + rnd() * 0.2 }],
      direction: pick(['norte', 'sur']), image_ref: `demo://lpr/${cam.id}/${i}.jpg`,
    });
  }
  const out = await ingestReads({ db, actor, now: () => now }, reads, { database, retentionDays: 90, maxDistance: 1 });
  return { summary: `${DEMO_THEFTS} robos de vehículo (${plates.length - stolen.length} recuperados), ${cams.length} arcos lectores, ${out.stored} lecturas de placas, ${out.alerts.length} alertas vehiculares` };
}
