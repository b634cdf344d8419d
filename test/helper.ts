import fs from 'node:fs';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { inject } from 'vitest';
import pg from 'pg';
import { buildApp } from '../src/core/app.js';
import { hashPassword } from '../src/core/auth/passwords.js';
import { loadConfig, type Config } from '../src/core/config.js';
import { openDatabase, type Database } from '../src/core/db.js';
import { OutboxDispatcher } from '../src/core/outbox.js';
import type { Worker } from '../src/core/module.js';
import { MODULES } from '../src/modules/index.js';
import type { Role, Scope } from '../src/shared/permissions.js';

let counter = 0;

/** A fresh, migrated and seeded database for one test file (PGlite copy, or a PostgreSQL database from the template). */
export async function createTestDatabase(): Promise<Database> {
  const template = inject('pgTemplate');
  if (template) {
    const url = process.env.TEST_DATABASE_URL!;
    const name = `${template.replace('sereno_tpl_', 'sereno_t_')}_${process.pid}_${counter++}`;
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name} TEMPLATE ${template}`);
    const database = await openDatabase({ databaseUrl: url.replace(/\/[^/?]*(\?|$)/, `/${name}$1`), poolSize: 5 });
    const close = database.close;
    database.close = async () => {
      await close();
      await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await admin.end();
    };
    return database;
  }
  const dump = inject('pgliteDump')!;
  return openDatabase({ dataDir: 'memory://', loadDataDir: new Blob([fs.readFileSync(dump)]) });
}

/** A controllable clock: tests move time instead of sleeping. */
export class TestClock {
  constructor(public current = new Date('2026-11-23T12:00:00-06:00')) {}
  now = () => new Date(this.current);
  advance(ms: number) { this.current = new Date(this.current.getTime() + ms); }
}

export interface TestApp {
  app: FastifyInstance;
  database: Database;
  dispatcher: OutboxDispatcher;
  /** Module workers, built but not started (a test starts the ones it needs, as it does the dispatcher). */
  workers: Worker[];
  clock: TestClock;
  config: Config;
  close(): Promise<void>;
}

/**
 * The test app logs what the server logs at error level — a 500's stack, with its request id — and nothing else, so a
 * server fault that shows up once in many runs leaves its cause in the run's output. TEST_LOG=silent turns it off.
 */
const TEST_LOGGER = { level: process.env.TEST_LOG ?? 'error' };

/** The real application over a real database, driven through `app.inject`. */
export async function createTestApp(env: Record<string, string> = {}, opts: { webDir?: string } = {}): Promise<TestApp> {
  const database = await createTestDatabase();
  const config = loadConfig({ LOG_LEVEL: 'silent', SERENO_DEMO: '0', ...env });
  const clock = new TestClock();
  const dispatcher = new OutboxDispatcher(database.db, undefined, 50, 200, database.listen);
  for (const m of MODULES) for (const h of m.handlers?.(database) ?? []) dispatcher.register(h);
  const app = await buildApp({ config, database, dispatcher, modules: MODULES, clock: clock.now, logger: TEST_LOGGER, webDir: opts.webDir });
  await app.ready();
  const workers = MODULES.flatMap((m) => m.workers?.(database) ?? []);
  return { app, database, dispatcher, workers, clock, config, close: async () => { await app.close(); for (const w of workers) await w.stop(); await database.close(); } };
}

const PASSWORD = 'correct-horse-battery-staple';
let passwordHash: Promise<string> | null = null;

/** Factories: each call makes new, uniquely named rows (no shared fixtures). */
export function factories(database: Database) {
  const db = database.db;
  return {
    async institution(entidad: string | null, type = 'security_secretariat', name?: string) {
      return db.insertInto('institutions').values({ entidad, type, name: name ?? `Institución ${entidad ?? 'nacional'} ${++counter}` }).returningAll().executeTakeFirstOrThrow();
    },
    async user(opts: { roles: Role[]; entidad: string | null; institutionId?: number; scope?: Scope; captureScope?: Scope; viewScope?: Scope; username?: string; password?: string; totpSecret?: string }) {
      const institutionId = opts.institutionId ?? (await this.institution(opts.entidad)).id;
      const scope = opts.scope ?? (opts.entidad ? 'entidad' : 'national');
      const hash = opts.password ? await hashPassword(opts.password) : await (passwordHash ??= hashPassword(PASSWORD));
      const username = opts.username ?? `u${++counter}_${opts.roles[0]}`;
      const row = await db.insertInto('users').values({
        username, display_name: `Usuario ${username}`, password_hash: hash, institution_id: institutionId, entidad: opts.entidad,
        roles: opts.roles, capture_scope: opts.captureScope ?? scope, view_scope: opts.viewScope ?? scope,
        totp_secret: opts.totpSecret ?? null, totp_enabled: !!opts.totpSecret,
      }).returningAll().executeTakeFirstOrThrow();
      return { ...row, password: opts.password ?? PASSWORD };
    },
  };
}

export interface Session {
  cookie: string;
  csrf: string;
}

/** Logs in through the real endpoint and returns the cookies a browser would keep. */
export async function login(app: FastifyInstance, username: string, password = PASSWORD): Promise<Session> {
  const res = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password } });
  if (res.statusCode !== 200) throw new Error(`login ${username} failed: ${res.statusCode} ${res.body}`);
  const cookies = res.cookies as { name: string; value: string }[];
  const session = cookies.find((c) => c.name === 'sereno_session')!.value;
  const csrf = cookies.find((c) => c.name === 'sereno_csrf')!.value;
  return { cookie: `sereno_session=${session}; sereno_csrf=${csrf}`, csrf };
}

/** Requests on behalf of a session (cookie + CSRF header), or anonymously when session is null. */
export function as(app: FastifyInstance, session: Session | null) {
  const headers = (extra?: Record<string, string>) => ({ ...(session ? { cookie: session.cookie, 'x-csrf-token': session.csrf } : {}), ...extra });
  const send = (method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE', url: string, payload?: unknown, extra?: Record<string, string>): Promise<LightMyRequestResponse> =>
    app.inject({ method, url, payload: payload as never, headers: headers(extra) });
  return {
    get: (url: string, extra?: Record<string, string>) => send('GET', url, undefined, extra),
    post: (url: string, payload?: unknown, extra?: Record<string, string>) => send('POST', url, payload ?? {}, extra),
    patch: (url: string, payload?: unknown, extra?: Record<string, string>) => send('PATCH', url, payload ?? {}, extra),
    delete: (url: string, extra?: Record<string, string>) => send('DELETE', url, undefined, extra),
  };
}
