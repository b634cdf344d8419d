import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../test/helper.js';
import { compiledOnce, DATA_DIR_LOCK, lockDataDir, PREPARED, type Database } from './db.js';

describe('PostgreSQL sessions', () => {
  let database: Database;
  beforeAll(async () => { database = await createTestDatabase(); });
  afterAll(() => database.close());

  // A large table's estimates pass jit_above_cost, and PostgreSQL then compiled the bulk import's rollup statement at
  // every batch (132 ms instead of 37 at 1M rows). PGlite has no JIT, so there is nothing to check there.
  it('run without JIT on PostgreSQL', async ({ skip }) => {
    if (database.kind !== 'postgresql') skip();
    const { rows } = await sql<{ jit: string }>`SHOW jit`.execute(database.db);
    expect(rows[0].jit).toBe('off');
  });
});

describe('PREPARED statements', () => {
  let database: Database;
  beforeAll(async () => { database = await createTestDatabase(); });
  afterAll(() => database.close());

  it('run as one named prepared statement per connection, with each call its own parameters', async () => {
    await database.db.connection().execute(async (conn) => {
      const results: number[] = [];
      for (let i = 0; i < 8; i++) {
        const { rows } = await sql<{ x: number }>`${PREPARED} SELECT ${i}::int * 10 + 1 AS x`.execute(conn);
        results.push(rows[0].x);
      }
      expect(results).toEqual([1, 11, 21, 31, 41, 51, 61, 71]);
      const { rows } = await sql<{ name: string; statement: string }>`SELECT name, statement FROM pg_prepared_statements`.execute(conn);
      const mine = rows.filter((r) => r.statement.includes('* 10 + 1'));
      expect(mine).toHaveLength(1);
      expect(mine[0].name).toMatch(/^sereno_[0-9a-f]{20}$/);
    });
  });

  it('leave unmarked statements unnamed, and a failing prepared statement fails only its own call', async () => {
    await database.db.connection().execute(async (conn) => {
      await sql`SELECT 'not prepared' AS x`.execute(conn);
      await expect(sql`${PREPARED} SELECT 1 / ${0}::int AS x`.execute(conn)).rejects.toThrow(/division by zero/);
      const { rows: [r] } = await sql<{ x: number }>`${PREPARED} SELECT 2 / ${1}::int AS x`.execute(conn);
      expect(r.x).toBe(2);
      const { rows } = await sql<{ statement: string }>`SELECT statement FROM pg_prepared_statements`.execute(conn);
      expect(rows.some((s) => s.statement.includes('not prepared'))).toBe(false);
    });
  });
});

describe('compiledOnce statements', () => {
  let database: Database;
  beforeAll(async () => { database = await createTestDatabase(); });
  afterAll(() => database.close());

  it('are built and compiled once, and run with each call\'s values in their slots and the constants kept', async () => {
    let builds = 0;
    const at = (iso: string) => sql`${iso}::timestamptz`;
    const stmt = compiledOnce<{ label: string; n: number; day: string; c: string }>((slot) => {
      builds++;
      return sql`SELECT ${slot(0)}::text AS label, ${slot(1)}::int + ${5}::int AS n, to_char(${at(slot(2))} AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS day,
        ${'constante'}::text AS c, ${slot(1)}::int AS again`;
    });
    const a = (await stmt(database.db, ['uno', 1, '2026-12-01T10:00:00Z'])).rows[0];
    const b = (await stmt(database.db, ['dos', 40, '2026-01-31T23:59:00Z'])).rows[0];
    expect(a).toEqual({ label: 'uno', n: 6, day: '2026-12-01', c: 'constante', again: 1 });
    expect(b).toEqual({ label: 'dos', n: 45, day: '2026-01-31', c: 'constante', again: 40 });
    expect(builds).toBe(1);
  });
});

describe('PGlite data directory lock', () => {
  it('refuses a second opening of a directory in use, naming the process; frees it on release; takes over a dead process\'s lock', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sereno-lock-'));
    try {
      const release = lockDataDir(dir);
      expect(fs.readFileSync(path.join(dir, DATA_DIR_LOCK), 'utf8').trim()).toBe(String(process.pid));
      expect(() => lockDataDir(dir)).toThrow(/ya está abierta en este proceso/);
      release();
      expect(fs.existsSync(path.join(dir, DATA_DIR_LOCK))).toBe(false);
      // Another live process holds it (our parent, which is alive): refused with its pid.
      fs.writeFileSync(path.join(dir, DATA_DIR_LOCK), `${process.ppid}\n`);
      expect(() => lockDataDir(dir)).toThrow(new RegExp(`en uso por otro proceso de Sereno \\(pid ${process.ppid}\\)`));
      // A process that is gone: its lock is taken over.
      fs.writeFileSync(path.join(dir, DATA_DIR_LOCK), '2147483646\n');
      const again = lockDataDir(dir);
      expect(fs.readFileSync(path.join(dir, DATA_DIR_LOCK), 'utf8').trim()).toBe(String(process.pid));
      again();
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
