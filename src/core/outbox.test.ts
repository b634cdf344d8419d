import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../test/helper.js';
import type { Database } from './db.js';
import { BULK_PER_PASS, emitEvents, OutboxDispatcher, pruneOutbox, type OutboxEvent } from './outbox.js';

describe('outbox', () => {
  let database: Database;
  beforeAll(async () => { database = await createTestDatabase(); });
  afterAll(() => database.close());

  it('writes events only when the transaction commits', async () => {
    await expect(database.db.transaction().execute(async (trx) => {
      await emitEvents(trx, { type: 'test.rolled_back', aggregateType: 't', aggregateId: 1, payload: {} });
      throw new Error('rollback');
    })).rejects.toThrow('rollback');
    const n = await database.db.selectFrom('outbox').select('id').where('type', '=', 'test.rolled_back').execute();
    expect(n).toHaveLength(0);
  });

  it('delivers each event to each handler, retries only the failed handler, and completes the event', async () => {
    const seenA: number[] = [];
    const seenB: number[] = [];
    let failB = true;
    const d = new OutboxDispatcher(database.db, undefined, 10_000);
    d.register({ name: 'a', types: ['test.thing'], handle: async (e: OutboxEvent) => { seenA.push(e.id); } });
    d.register({ name: 'b', types: '*', handle: async (e: OutboxEvent) => { if (failB) throw new Error('down'); seenB.push(e.id); } });
    await database.db.transaction().execute((trx) => emitEvents(trx, [
      { type: 'test.thing', entidad: '14', aggregateType: 't', aggregateId: 1, payload: { n: 1 } },
      { type: 'test.other', aggregateType: 't', aggregateId: 2, payload: { n: 2 } },
    ]));
    expect(await d.drain()).toBe(0);
    expect(seenA).toHaveLength(1);
    const failed = await database.db.selectFrom('outbox').selectAll().where('type', 'in', ['test.thing', 'test.other']).orderBy('id').execute();
    expect(failed.every((e) => e.processed_at === null && e.attempts === 1 && /down/.test(e.last_error ?? ''))).toBe(true);

    failB = false;
    await database.db.updateTable('outbox').set({ next_attempt_at: new Date(0) }).execute(); // the back-off has passed
    expect(await d.drain()).toBe(2);
    expect(seenA).toHaveLength(1); // not run again: its delivery was recorded
    expect(seenB).toHaveLength(2);
    const done = await database.db.selectFrom('outbox').select(['processed_at']).where('type', 'in', ['test.thing', 'test.other']).execute();
    expect(done.every((e) => e.processed_at !== null)).toBe(true);
  });

  it('hands a backlog to a batch handler at once and, when the batch fails, retries its events one by one', async () => {
    const batches: number[][] = [];
    const single: number[] = [];
    const d = new OutboxDispatcher(database.db, undefined, 10_000);
    d.register({
      name: 'batched', types: ['test.bulk'],
      handle: async (e: OutboxEvent) => { if ((e.payload as { bad?: boolean }).bad) throw new Error('bad event'); single.push(e.id); },
      handleBatch: async (events: OutboxEvent[]) => {
        if (events.some((e) => (e.payload as { bad?: boolean }).bad)) throw new Error('one bad event in the batch');
        batches.push(events.map((e) => e.id));
      },
    });
    const emit = (payloads: Record<string, unknown>[]) => database.db.transaction().execute((trx) =>
      emitEvents(trx, payloads.map((payload, i) => ({ type: 'test.bulk', aggregateType: 't', aggregateId: i, payload }))));
    await emit(Array.from({ length: 50 }, (_, i) => ({ i })));
    expect(await d.drain()).toBe(50);
    expect(batches).toHaveLength(1);
    expect(batches[0]).toHaveLength(50);
    expect(batches[0]).toEqual([...batches[0]].sort((a, b) => a - b));
    expect(single).toHaveLength(0);

    await emit([{ i: 1 }, { i: 2, bad: true }, { i: 3 }]);
    expect(await d.drain()).toBe(2);
    expect(single).toHaveLength(2);
    const left = await database.db.selectFrom('outbox').selectAll().where('type', '=', 'test.bulk').where('processed_at', 'is', null).execute();
    expect(left).toHaveLength(1);
    expect(left[0].payload).toEqual({ i: 2, bad: true });
    expect(left[0].last_error).toMatch(/batched: bad event/);
  });

  it('takes bulk events after the live ones, a few per pass, so a live event never waits behind a bulk backlog', async () => {
    const order: string[] = [];
    const run = async (events: OutboxEvent[]) => {
      order.push(events.map((e) => `${e.type}:${(e.payload as { n: number }).n}`).join(','));
      // A live event committed while the bulk backlog is being worked through.
      if (events.some((e) => (e.payload as { n: number }).n === 3)) {
        await database.db.transaction().execute((trx) => emitEvents(trx, { type: 'test.live', aggregateType: 't', aggregateId: 99, payload: { n: 99 } }));
      }
    };
    const d = new OutboxDispatcher(database.db, undefined, 10_000);
    d.register({ name: 'both', types: ['test.live', 'test.batch'], bulkTypes: ['test.batch'], handle: (e: OutboxEvent) => run([e]), handleBatch: run });
    const emit = (type: string, ns: number[]) => database.db.transaction().execute((trx) => emitEvents(trx, ns.map((n) => ({ type, aggregateType: 't', aggregateId: n, payload: { n } }))));
    await emit('test.batch', [1, 2, 3, 4, 5, 6, 7]); // a bulk file's backlog, written first
    await emit('test.live', [10, 11]);
    expect(await d.drain()).toBe(10);
    // Per pass (one batch call per handler): the due live events first, oldest first, then at most BULK_PER_PASS bulk
    // ones; the live event written mid-backlog is taken by the very next pass, ahead of the bulk events still waiting.
    expect(BULK_PER_PASS).toBe(1);
    expect(order).toEqual(['test.live:10,test.live:11,test.batch:1', 'test.batch:2', 'test.batch:3', 'test.live:99,test.batch:4', 'test.batch:5', 'test.batch:6', 'test.batch:7']);
  });

  it('runs promptly after a write when started', async () => {
    const d = new OutboxDispatcher(database.db, undefined, 60_000, 200, database.listen);
    const got = new Promise<OutboxEvent>((resolve) => d.register({ name: 'prompt', types: ['test.prompt'], handle: async (e) => resolve(e) }));
    await d.start();
    await database.db.transaction().execute((trx) => emitEvents(trx, { type: 'test.prompt', aggregateType: 't', aggregateId: 9, payload: { ok: true } }));
    const e = await got;
    expect(e.payload).toEqual({ ok: true });
    await d.stop();
  });

  it('prunes events processed before the retention period, keeps newer and unprocessed ones, and audits it', async () => {
    const now = new Date('2026-11-23T18:00:00Z');
    const day = 86_400_000;
    await database.db.transaction().execute((trx) => emitEvents(trx, Array.from({ length: 6 }, (_, i) => ({ type: 'test.prune', aggregateType: 't', aggregateId: i, payload: { i } }))));
    const ids = (await database.db.selectFrom('outbox').select('id').where('type', '=', 'test.prune').orderBy('id').execute()).map((r) => Number(r.id));
    // Ages (created / processed), oldest first: two processed 40 days ago, one stuck unprocessed since then, one
    // processed 40 days ago after it, one created 40 days ago but processed 10 days ago, one new and processed.
    const set = async (id: number, created: number, processed: number | null) => database.db.updateTable('outbox')
      .set({ created_at: new Date(now.getTime() - created * day), processed_at: processed == null ? null : new Date(now.getTime() - processed * day) }).where('id', '=', id).execute();
    // The earlier tests' events precede ours: remove them, so ours are the oldest.
    await database.db.deleteFrom('outbox_deliveries').execute();
    await database.db.deleteFrom('outbox').where('type', '!=', 'test.prune').execute();
    await set(ids[0], 41, 40); await set(ids[1], 41, 40); await set(ids[2], 41, null); await set(ids[3], 40, 40); await set(ids[4], 40, 10); await set(ids[5], 1, 1);
    await database.db.insertInto('outbox_deliveries').values({ event_id: ids[0], handler: 'h' }).execute();
    // The stuck one is kept; pruning stops at the first event processed after the cut-off (ids[4]).
    expect(await pruneOutbox(database.db, 30, now)).toBe(3);
    const left = (await database.db.selectFrom('outbox').select('id').where('type', '=', 'test.prune').orderBy('id').execute()).map((r) => Number(r.id));
    expect(left).toEqual([ids[2], ids[4], ids[5]]);
    expect(await database.db.selectFrom('outbox_deliveries').select('event_id').where('event_id', '=', ids[0]).execute()).toHaveLength(0);
    const audit = await database.db.selectFrom('audit_log').select(['action', 'details']).where('action', '=', 'outbox.pruned').execute();
    expect(audit).toHaveLength(1);
    expect(audit[0].details).toMatchObject({ events: 3, retention_days: 30 });
    expect(await pruneOutbox(database.db, 30, now)).toBe(0); // nothing more, and no second audit row
    expect(await database.db.selectFrom('audit_log').select('id').where('action', '=', 'outbox.pruned').execute()).toHaveLength(1);
  });
});
