import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { ensureWebBundle } from '../src/cli/web-build.js';
import { openDatabase } from '../src/core/db.js';
import { migrate } from '../src/core/migrate.js';
import { MODULES } from '../src/modules/index.js';
import { hasSeeds, SEEDS_DIR } from './seeds.js';

declare module 'vitest' {
  export interface ProvidedContext {
    pgliteDump: string | null;
    pgTemplate: string | null;
  }
}

/**
 * Migrates and seeds one database per run, which every test file then copies: a PGlite dump on disk, or a
 * PostgreSQL template database when TEST_DATABASE_URL points at a server (as CI does).
 */
export default async function setup(project: TestProject) {
  if (!hasSeeds) console.warn(`\n  AVISO: no están las semillas de la Conferencia en ${SEEDS_DIR}; se omiten las pruebas que las leen (defina SERENO_SEEDS_DIR).\n`);
  // Browser tests share one web bundle: build it here, once, never in parallel from two test files.
  if (fs.existsSync('/usr/bin/chromium')) await ensureWebBundle(path.resolve(import.meta.dirname, '..'), () => {});
  const url = process.env.TEST_DATABASE_URL;
  if (url) {
    const name = `sereno_tpl_${process.pid}_${Date.now()}`;
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    const database = await openDatabase({ databaseUrl: url.replace(/\/[^/?]*(\?|$)/, `/${name}$1`) });
    await migrate(database.pool);
    for (const m of MODULES) if (m.seed) await m.seed(database);
    await database.close();
    project.provide('pgTemplate', name);
    project.provide('pgliteDump', null);
    return async () => {
      // Only this run's databases (named after its template): concurrent runs on one server keep theirs.
      const own = `${name.replace('sereno_tpl_', 'sereno_t_')}\\_%`;
      const { rows } = await admin.query<{ datname: string }>(`SELECT datname FROM pg_database WHERE datname LIKE $2 OR datname = $1`, [name, own]);
      for (const r of rows) await admin.query(`DROP DATABASE IF EXISTS ${r.datname} WITH (FORCE)`);
      await admin.end();
    };
  }
  const database = await openDatabase({ dataDir: 'memory://' });
  await migrate(database.pool);
  for (const m of MODULES) if (m.seed) await m.seed(database);
  const dump = await database.pglite!.dumpDataDir('none');
  const file = path.join(os.tmpdir(), `sereno-test-${process.pid}-${Date.now()}.tar`);
  fs.writeFileSync(file, Buffer.from(await dump.arrayBuffer()));
  await database.close();
  project.provide('pgliteDump', file);
  project.provide('pgTemplate', null);
  return () => fs.rmSync(file, { force: true });
}
