import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../../test/helper.js';
import { SYSTEM_ACTOR } from '../../core/access.js';
import type { Database } from '../../core/db.js';
import { loadAdminDemo } from '../admin/admin.demo.js';
import { checkCurp } from './curp.js';
import { DEMO_DETENTIONS, loadDetentionDemo } from './detentions.demo.js';
import { seedTestOffences } from './detentions.factories.js';
import { warningsFor } from './detentions.prepare.js';
import type { DetentionDocument } from './detentions.schema.js';
import { computeStats } from './detentions.stats.js';

describe('demo data', () => {
  let database: Database;
  const now = new Date('2026-11-23T18:00:00Z');

  beforeAll(async () => {
    database = await createTestDatabase();
    await seedTestOffences(database.db);
    // What bootstrap creates before any demo: the Conference's technical secretariat.
    await database.db.insertInto('institutions').values({ name: 'Secretaría Técnica (prueba)', type: 'conference_secretariat', entidad: null }).execute();
    await loadAdminDemo(database, { password: 'demo-password-123456' });
  });
  afterAll(() => database.close());

  it('loads thousands of realistic synthetic detentions quickly, deterministically and only once', async () => {
    const t0 = performance.now();
    const r = await loadDetentionDemo(database, { seed: 20261123, now });
    const ms = performance.now() - t0;
    expect(r.summary).toMatch(new RegExp(`^${DEMO_DETENTIONS} detenciones SINTÉTICAS`));
    // The target is < 3 s on an idle machine; the bound here leaves room for a loaded CI runner.
    expect(ms).toBeLessThan(60_000);
    const q = await sql<{ n: number; folios: number; sources: string[]; entidades: number; released: number; events: number; curps: number; mixed: number }>`
      SELECT count(*)::int AS n, count(DISTINCT folio)::int AS folios, array_agg(DISTINCT source) AS sources, count(DISTINCT entidad)::int AS entidades,
             count(*) FILTER (WHERE libertad_at IS NOT NULL)::int AS released, sum(events_count)::int AS events,
             count(curp)::int AS curps, count(DISTINCT tipo)::int AS mixed
      FROM detentions`.execute(database.db);
    expect(q.rows[0]).toMatchObject({ n: DEMO_DETENTIONS, folios: DEMO_DETENTIONS, sources: ['demo'], entidades: 8, mixed: 2 });
    expect(q.rows[0].released).toBeGreaterThan(DEMO_DETENTIONS / 3);
    expect(q.rows[0].events).toBeGreaterThan(DEMO_DETENTIONS * 2);
    const curps = await sql<{ curp: string; data: DetentionDocument }>`SELECT curp, data FROM detentions WHERE curp IS NOT NULL`.execute(database.db);
    expect(curps.rows.length).toBeGreaterThan(DEMO_DETENTIONS / 4);
    expect(curps.rows.filter((c) => !checkCurp(c.curp).ok)).toEqual([]);
    // Each agrees with the person it is recorded with: no demo record shows a CURP warning (name, sex, birth date, age).
    expect(curps.rows.flatMap((c) => warningsFor(c.data, 'es').filter((w) => w.code.startsWith('curp_')).map((w) => `${c.curp}: ${w.message}`))).toEqual([]);

    const stats = await computeStats({ db: database.db, actor: SYSTEM_ACTOR, now: () => now }, { from: '2025-11-01', to: '2026-11-23' });
    expect(stats.total).toBe(DEMO_DETENTIONS);
    expect(stats.flags.registro_tardio).toBeGreaterThan(0);
    expect(stats.flags.puesta_demorada).toBeGreaterThan(0);
    expect(stats.flags.arresto_excedido).toBeGreaterThan(0);
    expect(stats.flags.retencion_mp_excedida).toBeGreaterThan(0);
    expect(stats.per_offence.length).toBeGreaterThan(0);

    const again = await loadDetentionDemo(database, { seed: 20261123, now });
    expect(again.summary).toMatch(/^0 detenciones/);
  });
});
