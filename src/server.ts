import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildApp } from './core/app.js';
import type { Config } from './core/config.js';
import type { Database } from './core/db.js';
import { migrate } from './core/migrate.js';
import { OutboxDispatcher } from './core/outbox.js';
import { bootstrap, openConfigured } from './bootstrap.js';
import { MODULES } from './modules/index.js';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const WEB_DIST = path.join(ROOT, 'dist', 'web');

/** The outbox dispatcher with every module's handlers. */
export function dispatcherFor(database: Database, config: Config): OutboxDispatcher {
  const dispatcher = new OutboxDispatcher(database.db, undefined, config.OUTBOX_POLL_MS, 200, database.listen, { retentionDays: config.OUTBOX_RETENTION_DAYS, coalesceMs: config.OUTBOX_COALESCE_MS });
  for (const m of MODULES) for (const h of m.handlers?.(database) ?? []) dispatcher.register(h);
  return dispatcher;
}

/**
 * Starts the whole platform in this process: database, bootstrap, outbox dispatcher (unless OUTBOX_DISPATCHER=0,
 * when a `sereno worker` runs it), HTTP server.
 */
export async function startServer(config: Config, opts: { demo: boolean }) {
  // On PGlite no other process can open the database, so nothing would ever process the events.
  if (!config.OUTBOX_DISPATCHER && !config.DATABASE_URL) throw new Error('OUTBOX_DISPATCHER=0 necesita PostgreSQL (DATABASE_URL) y un `sereno worker`: con PGlite ningún otro proceso puede procesar los eventos.');
  const t0 = performance.now();
  const database = await openConfigured(config);
  const report = await bootstrap(database, config, { demo: opts.demo });
  const dispatcher = config.OUTBOX_DISPATCHER ? dispatcherFor(database, config) : undefined;
  const app = await buildApp({ config, database, dispatcher, modules: MODULES, webDir: fs.existsSync(WEB_DIST) ? WEB_DIST : null });
  // Listen first: a backlog of events (the demo data's, at first start) drains one event per turn of the event loop,
  // and every turn Fastify's start-up takes would wait for one event.
  await app.listen({ port: config.PORT, host: config.HOST });
  await dispatcher?.start();
  const workers = MODULES.flatMap((m) => m.workers?.(database, config) ?? []);
  for (const w of workers) await w.start();
  const ms = Math.round(performance.now() - t0);
  const where = database.kind === 'pglite' ? `PGlite en ${config.dataDir}` : 'PostgreSQL (DATABASE_URL)';
  const lines = [`Sereno escucha en http://${config.HOST === '0.0.0.0' ? 'localhost' : config.HOST}:${config.PORT} — base de datos: ${where} — listo en ${ms} ms`];
  if (!dispatcher) lines.push('Eventos (outbox): los procesa otro proceso (OUTBOX_DISPATCHER=0; véase `sereno worker`).');
  if (report.migrations.length) lines.push(`Migraciones aplicadas: ${report.migrations.join(', ')}`);
  if (report.adminCreated) {
    lines.push(report.adminPassword
      ? `\n  Administrador nacional creado. Usuario: admin   Contraseña inicial: ${report.adminPassword}\n  (se muestra una sola vez; deberá cambiarla al entrar)\n`
      : '  Administrador nacional creado con la contraseña de SERENO_ADMIN_PASSWORD.');
  }
  if (report.demo.loaded) {
    lines.push(`Datos de demostración SINTÉTICOS cargados (no son registros reales):\n  ${report.demo.summaries.join('\n  ')}`);
    if (report.demo.password) lines.push(`  Contraseña de los usuarios demo.*: ${report.demo.password}`);
  }
  process.stdout.write(`${lines.join('\n')}\n`);
  const shutdown = async () => {
    await app.close();
    for (const w of workers) await w.stop();
    await dispatcher?.stop();
    await database.close();
    process.exit(0);
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
  return { app, database, dispatcher, workers, startupMs: ms };
}

/**
 * The background side of the platform without HTTP, for a PostgreSQL deployment whose API processes run with
 * OUTBOX_DISPATCHER=0: applies pending migrations, then runs the outbox dispatcher (entity index, watchlist checks,
 * alerts) and the modules' workers (webhook deliveries) until stopped. The API's node thread then serves requests
 * and bulk files alone. PGlite is one process's database, so it needs the dispatcher in the server.
 */
export async function startWorker(config: Config, opts: { signals?: boolean } = {}) {
  if (!config.DATABASE_URL) throw new Error('sereno worker necesita PostgreSQL (DATABASE_URL): con PGlite la base de datos es de un solo proceso y el servidor procesa los eventos.');
  const database = await openConfigured(config);
  const { applied } = await migrate(database.pool);
  const dispatcher = dispatcherFor(database, config);
  await dispatcher.start();
  const workers = MODULES.flatMap((m) => m.workers?.(database, config) ?? []);
  for (const w of workers) await w.start();
  process.stdout.write(`Sereno worker: procesa los eventos (outbox) de PostgreSQL (DATABASE_URL)${applied.length ? `; migraciones aplicadas: ${applied.join(', ')}` : ''}\n`);
  const stop = async () => {
    for (const w of workers) await w.stop();
    await dispatcher.stop();
    await database.close();
  };
  if (opts.signals !== false) {
    const exit = () => { void stop().then(() => process.exit(0)); };
    process.once('SIGINT', exit);
    process.once('SIGTERM', exit);
  }
  return { database, dispatcher, workers, stop };
}
