import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { fuzzystrmatch } from '@electric-sql/pglite/contrib/fuzzystrmatch';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { unaccent } from '@electric-sql/pglite/contrib/unaccent';
import { createPgConfig } from '@electric-sql/pglite/node-postgres';
import { CompiledQuery, Kysely, PostgresDialect, sql, type QueryResult, type RawBuilder } from 'kysely';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import type { CoreTables } from './db-types.js';

// Dates stay 'YYYY-MM-DD' strings (no time-zone shift); int8 ids and counts become numbers.
pg.types.setTypeParser(1082, (v) => v);
pg.types.setTypeParser(20, (v) => Number(v));
pg.types.setTypeParser(1700, (v) => Number(v));

export type Db = Kysely<CoreTables>;

const PREPARE_MARK = '/* sereno:prepare */';
/**
 * Put first in a hot statement whose text never changes (only its parameters do): it then runs as a named prepared
 * statement, parsed and planned once per connection instead of at every call. PostgreSQL plans an unnamed statement
 * at every execution: the grouped registration write, about 1 ms of planning each, spent more server CPU planning
 * than executing at 300 registrations/s. Keep it off statements whose best plan depends on the parameter values
 * (PostgreSQL may settle on one generic plan after five executions).
 */
export const PREPARED = sql.raw(PREPARE_MARK);

const SLOT = '\u0000sereno-slot:';

/**
 * A statement built and compiled by Kysely ONCE, then run with new values: `build` receives `slot(i)`, a stand-in
 * for the i-th value of each call, to use wherever that value goes as a parameter (`${slot(0)}::jsonb`). Every other
 * parameter the builders put in is a constant, kept as it is. For hot statements whose text never changes: a large
 * one (the grouped registration write, with its insert, rollup and flag expressions) costs more to rebuild and
 * compile at every call than PostgreSQL takes to run it from a prepared plan.
 */
export function compiledOnce<R>(build: (slot: (i: number) => string) => RawBuilder<R>) {
  let compiled: { sql: string; params: ({ slot: number } | { value: unknown })[] } | null = null;
  return (db: Kysely<any>, values: unknown[]): Promise<QueryResult<R>> => {
    if (!compiled) {
      const c = build((i) => `${SLOT}${i}`).compile(db);
      compiled = {
        sql: c.sql,
        params: c.parameters.map((p) => (typeof p === 'string' && p.startsWith(SLOT) ? { slot: Number(p.slice(SLOT.length)) } : { value: p })),
      };
    }
    const params = compiled.params.map((p) => ('slot' in p ? values[p.slot] : p.value));
    return db.executeQuery<R>(CompiledQuery.raw(compiled.sql, params));
  };
}

const COPY_MARK = '/* sereno:copy */';
/**
 * `COPY <table> (<columns>) FROM STDIN` of `data` (COPY text format) as a statement Kysely can run — inside a
 * transaction too, on its connection. PostgreSQL only (PGlite's adapter has no COPY FROM STDIN): callers check
 * `canCopy(db)` first. It copies every row or fails as a whole (a unique violation included).
 */
export function copyFromStdin(table: string, columns: readonly string[], data: string | readonly string[] | Uint8Array): RawBuilder<never> {
  return sql<never>`${sql.raw(`${COPY_MARK}COPY ${table} (${columns.join(', ')}) FROM STDIN`)} ${data}`;
}

const COPY_ESCAPES: Record<string, string> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' };
/** One value as a field of COPY's text format (backslash, tab, newline and carriage return escaped; NULL is `\N`). */
export const copyField = (s: string) => (/[\\\t\n\r]/.test(s) ? s.replace(/[\\\t\n\r]/g, (c) => COPY_ESCAPES[c]) : s);

// Marked on the query adapter, which every Kysely derived from the database's (withTables, transactions) shares.
const copyCapable = new WeakSet<object>();
/** Whether copyFromStdin() runs on this database (a PostgreSQL server, not PGlite). */
export const canCopy = (db: Kysely<any>) => copyCapable.has(db.getExecutor().adapter);

const statementNames = new Map<string, string>();
/** A pg client that runs statements marked with PREPARED as named prepared statements (one name per text). */
class PreparingClient extends pg.Client {
  override query(config: any, values?: any, callback?: any): any {
    if (typeof config === 'string' && config.startsWith(COPY_MARK) && Array.isArray(values) && values.length === 1 && callback === undefined) {
      // copyFromStdin(): the statement's text minus its marker and its one placeholder, the data streamed after it.
      const stream = super.query(copyFrom(config.slice(COPY_MARK.length).replace(/ \$1$/, '')));
      return new Promise((resolve, reject) => {
        stream.on('error', reject);
        stream.on('finish', () => resolve({ command: 'COPY', rowCount: Number(stream.rowCount ?? 0), rows: [] }));
        // Pieces (rowtext's joinRows) are written one by one: no megabyte string is built or encoded at once.
        const data: unknown = values[0];
        if (data instanceof Uint8Array) stream.end(Buffer.from(data.buffer, data.byteOffset, data.byteLength));
        else if (Array.isArray(data)) {
          for (const piece of data) stream.write(String(piece));
          stream.end();
        } else stream.end(String(data));
      });
    }
    if (typeof config === 'string' && config.startsWith(PREPARE_MARK) && typeof values !== 'function') {
      let name = statementNames.get(config);
      if (!name) {
        name = `sereno_${crypto.createHash('sha1').update(config).digest('hex').slice(0, 20)}`;
        if (statementNames.size < 1000) statementNames.set(config, name);
      }
      return super.query({ name, text: config, values }, callback);
    }
    return super.query(config, values, callback);
  }
}

/** An open database: one Kysely over `pg`, whether the server is PGlite (embedded) or PostgreSQL. */
export interface Database {
  kind: 'pglite' | 'postgresql';
  db: Db;
  pool: pg.Pool;
  pglite?: PGlite;
  /** Subscribes to a NOTIFY channel (delivered at commit); returns the unsubscribe function. */
  listen(channel: string, onNotify: () => void): Promise<() => Promise<void>>;
  close(): Promise<void>;
}

export interface OpenOptions {
  databaseUrl?: string;
  /** Directory for PGlite files, or 'memory://' for an in-memory database. */
  dataDir?: string;
  poolSize?: number;
  /** Start PGlite from a dump made by `dumpDataDir` (tests copy one migrated database per file). */
  loadDataDir?: Blob | File;
}

const pgliteExtensions = { pg_trgm, fuzzystrmatch, unaccent };

/**
 * Settings of every PostgreSQL session Sereno opens. JIT off: its statements are short, and once a table is large
 * the planner's estimates pass `jit_above_cost`, so PostgreSQL compiled the bulk import's rollup statement at every
 * 1,000-row batch — at 1M rows that statement took 132 ms instead of 37, and the import ran at 4,556 rows/s instead
 * of 7,803 (bench/README.md). PGOPTIONS, or `options` in DATABASE_URL, still override it.
 */
const SESSION_OPTIONS = ['-c jit=off', process.env.PGOPTIONS].filter(Boolean).join(' ');

/** Opens PostgreSQL when a URL is given, otherwise embedded PGlite in `dataDir`. One code path after this. */
export async function openDatabase(opts: OpenOptions): Promise<Database> {
  if (opts.databaseUrl) {
    const pool = new pg.Pool({ connectionString: opts.databaseUrl, max: opts.poolSize ?? 10, Client: PreparingClient, options: SESSION_OPTIONS });
    pool.on('error', () => {}); // idle-client errors surface on the next query instead of crashing the process
    const db = new Kysely<CoreTables>({ dialect: new PostgresDialect({ pool }) });
    copyCapable.add(db.getExecutor().adapter);
    const listen = async (channel: string, onNotify: () => void) => {
      const client = new pg.Client({ connectionString: opts.databaseUrl });
      client.on('error', () => {});
      await client.connect();
      client.on('notification', (n) => { if (n.channel === channel) onNotify(); });
      await client.query(`LISTEN ${channel}`);
      return async () => { await client.end().catch(() => {}); };
    };
    return { kind: 'postgresql', db, pool, listen, close: () => db.destroy() };
  }
  const dir = opts.dataDir ?? 'memory://';
  const onDisk = !dir.startsWith('memory://');
  if (onDisk) fs.mkdirSync(path.resolve(dir), { recursive: true });
  const unlock = onDisk ? lockDataDir(path.resolve(dir)) : () => {};
  let pglite: PGlite;
  try {
    pglite = await PGlite.create(onDisk ? path.resolve(dir) : undefined, {
      extensions: pgliteExtensions,
      loadDataDir: opts.loadDataDir,
    });
  } catch (err) {
    unlock();
    throw err;
  }
  // PGlite is a single session: a pool of one serialises every query and transaction.
  const pool = new pg.Pool({ ...createPgConfig(pglite), max: 1, Client: PreparingClient } as pg.PoolConfig);
  const db = new Kysely<CoreTables>({ dialect: new PostgresDialect({ pool }) });
  return {
    kind: 'pglite',
    db,
    pool,
    pglite,
    listen: async (channel, onNotify) => pglite.listen(channel, onNotify),
    close: async () => {
      await db.destroy();
      await pglite.close();
      unlock();
    },
  };
}

/** Data directories this process holds open. */
const heldDirs = new Set<string>();
/** The lock file of a PGlite data directory: the pid of the process using it. */
export const DATA_DIR_LOCK = 'sereno.pid';

/**
 * Takes a PGlite data directory for this process, or refuses with a clear error when another live process (or this
 * one) has it open: PGlite has no postmaster to keep a second server out, and two of them writing the same files
 * corrupt the database (seen: a second `npm start` on the same DATA_DIR left a directory that aborts at the next
 * start). A lock left by a process that is gone (a crash, a kill -9) is taken over. Returns the release function.
 */
export function lockDataDir(dir: string): () => void {
  const file = path.join(dir, DATA_DIR_LOCK);
  if (heldDirs.has(dir)) throw new Error(`La carpeta de datos ${dir} ya está abierta en este proceso.`);
  for (let attempt = 0; ; attempt++) {
    try {
      fs.writeFileSync(file, `${process.pid}\n`, { flag: 'wx' });
      break;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST' || attempt > 0) throw err;
      const pid = Number(fs.readFileSync(file, 'utf8').trim());
      if (Number.isInteger(pid) && pid > 0 && pid !== process.pid && isAlive(pid)) {
        throw new Error(`La carpeta de datos ${dir} está en uso por otro proceso de Sereno (pid ${pid}). Deténgalo antes de iniciar otro, `
          + `o use otra carpeta (DATA_DIR); dos procesos sobre la misma carpeta dañarían la base de datos.`);
      }
      fs.rmSync(file, { force: true }); // stale: its process is gone
    }
  }
  heldDirs.add(dir);
  return () => {
    if (!heldDirs.delete(dir)) return;
    try {
      if (Number(fs.readFileSync(file, 'utf8').trim()) === process.pid) fs.rmSync(file, { force: true });
    } catch { /* already gone */ }
  };
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
