import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../test/helper.js';
import { canCopy, copyFromStdin, type Database } from './db.js';
import { encodeField, joinFields, joinRows, selectPacked, type RowEncoding } from './rowtext.js';

describe('encoded rows', () => {
  let database: Database;
  beforeAll(async () => { database = await createTestDatabase(); });
  afterAll(() => database.close());

  // 3,000 rows of ~100 characters: about 300 KB of COPY text, so several pieces of at most ~64 KB.
  const values = Array.from({ length: 3000 }, (_, i) => ({ n: i, note: `fila ${i}\tcon tabulador, «comillas» "dobles" y \\ ${'x'.repeat(60)}` }));
  const lines = (encoding: RowEncoding) => values.map((v) => joinFields(encoding, [encodeField(encoding, v.n), encodeField(encoding, v.note)]));

  it('joins COPY lines into pieces of whole lines that together are the rows, and packed rows into one string', () => {
    const pieces = joinRows('copy', lines('copy'));
    expect(pieces.length).toBeGreaterThan(3);
    for (const p of pieces) {
      expect(p.endsWith('\n')).toBe(true);
      expect(p.length).toBeLessThan(65536 + 200);
    }
    expect(pieces.join('')).toBe(`${lines('copy').join('\n')}\n`);
    expect(joinRows('copy', [])).toEqual([]);
    expect(typeof joinRows('packed', lines('packed'))).toBe('string');
  });

  it('writes every row of a many-piece value, whichever way the database takes it', async () => {
    const encoding: RowEncoding = canCopy(database.db) ? 'copy' : 'packed';
    await database.db.transaction().execute(async (trx) => {
      await sql`CREATE TEMPORARY TABLE rowtext_test (n int4, note text) ON COMMIT DROP`.execute(trx);
      const text = joinRows(encoding, lines(encoding));
      if (encoding === 'copy') await copyFromStdin('rowtext_test', ['n', 'note'], text).execute(trx);
      else await sql`INSERT INTO rowtext_test (n, note) ${selectPacked([['n', 'int4'], ['note', 'text']], text)}`.execute(trx);
      const { rows } = await sql<{ n: number; note: string }>`SELECT n, note FROM rowtext_test ORDER BY n`.execute(trx);
      expect(rows).toEqual(values);
    });
  });
});
