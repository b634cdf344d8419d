import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/helper.js';
import { loadAdminDemo } from '../admin/admin.demo.js';
import { loadDetentionDemo } from '../detentions/detentions.demo.js';
import { watchlistDemo } from './watchlists.demo.js';

describe('priority-target demo data', () => {
  let t: TestApp;
  const now = new Date('2026-11-23T18:00:00Z');
  beforeAll(async () => {
    t = await createTestApp();
    await t.database.db.insertInto('institutions').values({ name: 'Secretaría Técnica (prueba)', type: 'conference_secretariat', entidad: null }).execute();
    await loadAdminDemo(t.database, { password: 'demo-password-123456' });
    await loadDetentionDemo(t.database, { seed: 20261123, now });
  }, 120_000);
  afterAll(() => t.close());

  it('lists spelling variants of persons detained in other states; indexing the detentions raises their alerts for the issuer, once', async () => {
    const r = await watchlistDemo(t.database, { seed: 20261123, now });
    expect(r.summary).toMatch(/objetivos prioritarios SINTÉTICOS/);
    const { rows: targets } = await sql<{ entidad: string; id: number }>`SELECT entidad, id FROM targets`.execute(t.database.db);
    expect(targets.length).toBeGreaterThanOrEqual(8);
    // The demo detentions' events reach the entity index, and each indexed mention is checked against the targets.
    for (let i = 0; i < 50; i++) if ((await t.dispatcher.drain()) === 0) break;
    const { rows: alerts } = await sql<{ issuer_entidad: string; hit_entidad: string; target_id: number }>`
      SELECT issuer_entidad, hit_entidad, target_id FROM alerts WHERE kind = 'person'`.execute(t.database.db);
    const alerted = new Set(alerts.map((a) => `${a.issuer_entidad}:${a.target_id}`));
    // Every target names someone detained elsewhere: each one alerts its issuer at least once, from another state.
    expect(targets.every((x) => alerted.has(`${x.entidad}:${x.id}`))).toBe(true);
    expect(alerts.some((a) => a.hit_entidad !== a.issuer_entidad)).toBe(true);
    expect((await watchlistDemo(t.database, { seed: 20261123, now })).summary).toMatch(/ya cargados/);
  }, 120_000);
});
