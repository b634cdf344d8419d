import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../test/helper.js';
import { SYSTEM_ACTOR } from './access.js';
import { canonicalJson, verifyAuditChain, writeAudit } from './audit.js';
import type { Database } from './db.js';

describe('audit log', () => {
  let database: Database;
  beforeAll(async () => { database = await createTestDatabase(); });
  afterAll(() => database.close());

  it('chains rows written in separate and concurrent transactions, and verifies', async () => {
    for (let i = 0; i < 5; i++) {
      await database.db.transaction().execute((trx) => writeAudit(trx, SYSTEM_ACTOR, { action: 'test.written', entityId: i, details: { i, nested: { b: 2, a: [1, 'x'] } } }));
    }
    await Promise.all([0, 1, 2, 3].map((i) => database.db.transaction().execute((trx) => writeAudit(trx, SYSTEM_ACTOR, [{ action: 'test.batch', details: { i } }, { action: 'test.batch2', details: { i } }]))));
    const rows = await database.db.selectFrom('audit_log').select(['id', 'prev_hash', 'hash']).orderBy('id').execute();
    expect(rows.length).toBeGreaterThanOrEqual(13);
    for (let i = 1; i < rows.length; i++) expect(rows[i].prev_hash).toBe(rows[i - 1].hash);
    const r = await verifyAuditChain(database.db);
    expect(r).toMatchObject({ ok: true, first_broken_id: null });
    expect(r.checked).toBe(rows.length);
  });

  it('links a bulk append of 1,500 rows in order, each hash as TypeScript computes it', async () => {
    const before = await database.db.selectFrom('audit_log').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
    const entries = Array.from({ length: 1500 }, (_, i) => ({ action: 'test.bulk', entityType: 'thing', entityId: i, details: { i, name: `Núñez ${i}` } }));
    await database.db.transaction().execute((trx) => writeAudit(trx, SYSTEM_ACTOR, entries));
    const rows = await database.db.selectFrom('audit_log').select(['id', 'entity_id']).where('action', '=', 'test.bulk').orderBy('id').execute();
    expect(rows.map((r) => r.entity_id)).toEqual(entries.map((e) => String(e.entityId)));
    const r = await verifyAuditChain(database.db);
    expect(r).toMatchObject({ ok: true, checked: Number(before.n) + 1500 });
  });

  it('refuses UPDATE and DELETE through the append-only trigger', async () => {
    await expect(sql`UPDATE audit_log SET action = 'x'`.execute(database.db)).rejects.toThrow(/append-only/);
    await expect(sql`DELETE FROM audit_log`.execute(database.db)).rejects.toThrow(/append-only/);
  });

  it('names the first row whose content was changed behind its back', async () => {
    const target = await database.db.selectFrom('audit_log').select('id').orderBy('id').offset(3).limit(1).executeTakeFirstOrThrow();
    await sql`ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_update`.execute(database.db);
    await sql`UPDATE audit_log SET details = '{"i": 999}'::jsonb WHERE id = ${target.id}`.execute(database.db);
    await sql`ALTER TABLE audit_log ENABLE TRIGGER audit_log_no_update`.execute(database.db);
    const r = await verifyAuditChain(database.db);
    expect(r.ok).toBe(false);
    expect(r.first_broken_id).toBe(target.id);
    expect(r.reason).toMatch(/modificada/);
  });

  it('canonical JSON ignores key order', () => {
    expect(canonicalJson({ b: 1, a: { d: [2, { y: 1, x: 2 }], c: null } })).toBe(canonicalJson({ a: { c: null, d: [2, { x: 2, y: 1 }] }, b: 1 }));
  });
});

describe('audit log deletion', () => {
  it('detects a deleted row by the broken link', async () => {
    const database = await createTestDatabase();
    for (let i = 0; i < 4; i++) await database.db.transaction().execute((trx) => writeAudit(trx, SYSTEM_ACTOR, { action: 'test.x', details: { i } }));
    const rows = await database.db.selectFrom('audit_log').select('id').orderBy('id').execute();
    await sql`ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_update`.execute(database.db);
    await sql`DELETE FROM audit_log WHERE id = ${rows[1].id}`.execute(database.db);
    const r = await verifyAuditChain(database.db);
    expect(r).toMatchObject({ ok: false, first_broken_id: rows[2].id });
    await database.close();
  });
});
