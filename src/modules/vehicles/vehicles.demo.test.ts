import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../../test/helper.js';
import { SYSTEM_ACTOR } from '../../core/access.js';
import type { Database } from '../../core/db.js';
import { loadAdminDemo } from '../admin/admin.demo.js';
import { listAlerts } from '../alerts/index.js';
import { DEMO_THEFTS, vehicleDemo } from './vehicles.demo.js';
import { vehicleStats } from './vehicles.service.js';

describe('vehicle demo data', () => {
  let database: Database;
  const now = new Date('2026-11-23T18:00:00Z');
  beforeAll(async () => {
    database = await createTestDatabase();
    await database.db.insertInto('institutions').values({ name: 'Secretaría Técnica (prueba)', type: 'conference_secretariat', entidad: null }).execute();
    await loadAdminDemo(database, { password: 'demo-password-123456' });
  });
  afterAll(() => database.close());

  it('loads synthetic thefts, recoveries, cameras and reads with live-looking hits, once', async () => {
    const r = await vehicleDemo(database, { seed: 20261123, now });
    expect(r.summary).toMatch(new RegExp(`^${DEMO_THEFTS} robos`));
    const ctx = { db: database.db, actor: SYSTEM_ACTOR, now: () => now };
    const stats = await vehicleStats(ctx, {});
    expect(stats.totals.thefts).toBe(DEMO_THEFTS);
    expect(stats.totals.recovery_rate).toBeGreaterThan(0.2);
    expect(stats.by_entidad.length).toBeGreaterThanOrEqual(6);
    const { rows: [reads] } = await sql<{ n: number }>`SELECT count(*)::int AS n FROM plate_reads`.execute(database.db);
    expect(reads.n).toBeGreaterThan(1000);
    const alerts = await listAlerts(ctx, { kind: 'vehicle', page: 1, page_size: 50 });
    expect(alerts.total).toBeGreaterThan(5);
    expect((await vehicleDemo(database, { seed: 20261123, now })).summary).toMatch(/ya cargados/);
  });
});
