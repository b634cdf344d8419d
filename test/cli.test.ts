import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../src/core/db.js';

const run = promisify(execFile);
const BIN = path.resolve('bin/sereno.mjs');

/** The CLI against a real on-disk PGlite (or the CI PostgreSQL database through DATABASE_URL-less data dir). */
describe('sereno CLI', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sereno-cli-'));
  const env = { ...process.env, DATA_DIR: dir, DATABASE_URL: '', LOG_LEVEL: 'silent', SERENO_NEW_USER_PASSWORD: 'una-contraseña-larga-1' };
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
  const cli = (...args: string[]) => run(process.execPath, [BIN, ...args], { env, timeout: 60_000 });

  it('migrates, creates a user and an API key, and verifies the audit chain', async () => {
    const m = await cli('migrate');
    expect(m.stdout).toMatch(/Aplicadas: 0001_core\.sql/);
    // migrate alone creates no institution: the first user command bootstraps the first admin's institution.
    const created = await cli('user', 'create', '--username', 'ana.jal', '--name', 'Ana Jalisco', '--institution', '1', '--roles', 'analyst', '--view-scope', 'national', '--capture-scope', 'national');
    expect(created.stdout).toMatch(/Usuario ana\.jal creado/);
    const key = await cli('apikey', 'create', '--name', 'CAD estatal', '--institution', '1', '--roles', 'capturist');
    expect(key.stdout).toMatch(/srn_[0-9a-f]{12}_/);
    const reset = await cli('user', 'reset-password', 'ana.jal');
    expect(reset.stdout).toMatch(/Contraseña nueva de ana\.jal: \w{5}-/);
    const ok = await cli('audit', 'verify');
    expect(ok.stdout).toMatch(/Bitácora íntegra: \d+ filas verificadas/);
  }, 120_000);

  it('exits non-zero and names the row when one audit row was changed in the database', async () => {
    const database = await openDatabase({ dataDir: dir });
    const target = await database.db.selectFrom('audit_log').select(['id']).where('action', '=', 'apikey.created').executeTakeFirstOrThrow();
    await sql`ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_update`.execute(database.db);
    await sql`UPDATE audit_log SET actor_name = 'alguien-mas' WHERE id = ${target.id}`.execute(database.db);
    await sql`ALTER TABLE audit_log ENABLE TRIGGER audit_log_no_update`.execute(database.db);
    await database.close();
    const err = await cli('audit', 'verify').then(() => null, (e: { code: number; stderr: string }) => e);
    expect(err).not.toBeNull();
    expect(err!.code).toBe(2);
    expect(err!.stderr).toContain(`la primera fila rota es id=${target.id}`);
  }, 120_000);
});
