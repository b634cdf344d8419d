import type { Transaction } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, factories, type TestApp } from '../../../test/helper.js';
import { SYSTEM_ACTOR } from '../../core/access.js';
import { openDatabase, type Database } from '../../core/db.js';
import type { CoreTables } from '../../core/db-types.js';
import { alertBus } from './alerts.bus.js';
import { AlertFanout } from './alerts.fanout.js';
import type { AlertRow, NewAlert } from './alerts.schema.js';
import { raiseAlerts } from './alerts.service.js';

/**
 * The cross-process fan-out: an alert committed through one connection (another API process, as far as this one can
 * tell — nothing is published locally) reaches this process's SSE bus through NOTIFY. On PostgreSQL the fan-out uses a
 * second pool, as a second process would; on PGlite (one session) the same database.
 */
describe('alerts: SSE fan-out across processes through LISTEN/NOTIFY', () => {
  let t: TestApp;
  let other: Database;
  let fanout: AlertFanout;
  let institutionId: number;

  beforeAll(async () => {
    t = await createTestApp();
    institutionId = (await factories(t.database).institution('14', 'c5', 'C5 Jalisco')).id;
    const url = (t.database.pool as unknown as { options: { connectionString?: string } }).options.connectionString;
    other = t.database.kind === 'postgresql' && url ? await openDatabase({ databaseUrl: url, poolSize: 2 }) : t.database;
    fanout = new AlertFanout(other);
    await fanout.start();
  });
  afterAll(async () => {
    await fanout.stop();
    if (other !== t.database) await other.close();
    await t.close();
  });

  const alert = (recordId: string): NewAlert => ({
    target: { id: 77, entidad: '14', institution_id: institutionId, institution_name: 'C5 Jalisco', persona: { nombre: 'Guillermo' }, classification: 'otro', reason: 'prueba', contact: { nombre: 'C5' }, valid_until: null },
    hit: { entidad: '09', registry: 'detention', record_id: recordId, label: `RND-09-2026-${recordId}`, persona: { nombre: 'Memo' }, observed_at: new Date() },
    score: 0.97, features: {}, algorithm: 'sereno-person-v1', trigger: 'mention',
  });
  const next = (pred: (r: AlertRow) => boolean, ms: number) => new Promise<AlertRow | null>((resolve) => {
    const on = (r: AlertRow) => { if (pred(r)) { alertBus.off('alert', on); clearTimeout(timer); resolve(r); } };
    const timer = setTimeout(() => { alertBus.off('alert', on); resolve(null); }, ms);
    alertBus.on('alert', on);
  });

  it('publishes a committed alert raised elsewhere, once; never a rolled-back one', async () => {
    const rolledBack = next((r) => r.record_id === '9000001', 1500);
    await t.database.db.transaction().execute(async (trx) => {
      await raiseAlerts(trx as Transaction<CoreTables>, SYSTEM_ACTOR, [alert('9000001')], new Date());
      throw new Error('rollback');
    }).catch(() => undefined);
    expect(await rolledBack).toBeNull();

    const got = next((r) => r.record_id === '9000002', 5000);
    const created = await t.database.db.transaction().execute((trx) => raiseAlerts(trx as Transaction<CoreTables>, SYSTEM_ACTOR, [alert('9000002')], new Date()));
    const row = await got;
    expect(row).not.toBeNull();
    expect(Number(row!.id)).toBe(Number(created[0].id));
    // A second notification (another alert) does not publish the first one again.
    const dup = next((r) => r.record_id === '9000002', 1000);
    await t.database.db.transaction().execute((trx) => raiseAlerts(trx as Transaction<CoreTables>, SYSTEM_ACTOR, [alert('9000003')], new Date()));
    expect(await dup).toBeNull();
  });
});
