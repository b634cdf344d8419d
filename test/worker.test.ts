import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/core/config.js';
import { registrationBody, seedTestOffences } from '../src/modules/detentions/detentions.factories.js';
import { startServer, startWorker } from '../src/server.js';
import { as, createTestApp, factories, login, type TestApp } from './helper.js';

describe('sereno worker', () => {
  it('refuses PGlite, naming why, in Spanish', async () => {
    await expect(startWorker(loadConfig({ DATABASE_URL: '', LOG_LEVEL: 'silent' }), { signals: false })).rejects.toThrow(/necesita PostgreSQL \(DATABASE_URL\)/);
  });
  it('is the only way to run without the dispatcher: a PGlite server refuses OUTBOX_DISPATCHER=0 before opening anything', async () => {
    await expect(startServer(loadConfig({ DATABASE_URL: '', DATA_DIR: '/nonexistent/sereno', LOG_LEVEL: 'silent', OUTBOX_DISPATCHER: '0' }), { demo: false }))
      .rejects.toThrow(/OUTBOX_DISPATCHER=0 necesita PostgreSQL/);
  });
});

// The split deployment: API processes without the dispatcher, one worker processing what they write. PostgreSQL only
// (a PGlite database belongs to one process).
describe.skipIf(!process.env.TEST_DATABASE_URL)('an API without the dispatcher beside a worker (PostgreSQL)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ OUTBOX_DISPATCHER: '0' });
    await seedTestOffences(t.database.db);
  });
  afterAll(async () => { await t.close(); });

  it('leaves a registration\'s events to the worker, which indexes the person', async () => {
    expect(t.config.OUTBOX_DISPATCHER).toBe(false);
    const cap = await login(t.app, (await factories(t.database).user({ roles: ['capturist'], entidad: '14' })).username);
    const res = await as(t.app, cap).post('/api/detentions', registrationBody(new Date(t.clock.now().getTime() - 3_600_000)));
    expect(res.statusCode, res.body).toBe(201);
    const folio = res.json().folio as string;
    const mentions = () => sql<{ n: number }>`SELECT count(*)::int AS n FROM person_mentions WHERE registry = 'detention' AND label = ${folio}`.execute(t.database.db).then((r) => r.rows[0].n);
    const pending = () => sql<{ n: number }>`SELECT count(*)::int AS n FROM outbox WHERE processed_at IS NULL`.execute(t.database.db).then((r) => r.rows[0].n);
    // Nothing in this process handles the event (the test app's dispatcher is never started, as the server's would not be).
    expect(await pending()).toBeGreaterThan(0);
    expect(await mentions()).toBe(0);
    const url = (t.database.pool as unknown as { options: { connectionString: string } }).options.connectionString;
    const worker = await startWorker(loadConfig({ DATABASE_URL: url, LOG_LEVEL: 'silent', OUTBOX_POLL_MS: '50' }), { signals: false });
    try {
      for (let i = 0; i < 100 && (await mentions()) === 0; i++) await new Promise((r) => setTimeout(r, 100));
      expect(await mentions()).toBe(1);
      for (let i = 0; i < 100 && (await pending()) > 0; i++) await new Promise((r) => setTimeout(r, 100));
      expect(await pending()).toBe(0);
    } finally {
      await worker.stop();
    }
  }, 60_000);
});
