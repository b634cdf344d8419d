import type { Readable } from 'node:stream';
import { sql, type Transaction } from 'kysely';
import { inTerritory, requirePermission, SYSTEM_ACTOR, territoryCondition } from '../../core/access.js';
import { writeAudit } from '../../core/audit.js';
import type { Ctx } from '../../core/context.js';
import type { CoreTables } from '../../core/db-types.js';
import type { Worker } from '../../core/module.js';
import { canCopy, type Database } from '../../core/db.js';
import { AppError, badRequest, notFound } from '../../core/errors.js';
import { t } from '../../core/i18n.js';
import { checkFileInWorker } from './detentions.check-client.js';
import { checkFile, prepareMany, type CheckedBatch, type FileCheckHooks, type FileCheckInit } from './detentions.parse.js';
import { loadCatalog, Lookups, registerPrepared } from './detentions.prepare.js';
import type { DetentionTables, ImportError, ImportListInput } from './detentions.schema.js';
import { dbOf, defaultSource } from './detentions.service.js';
import { recorderOf, type DetentionDb, type DetentionTrx } from './detentions.store.js';

/** Batches written concurrently by one import (PostgreSQL; PGlite, a single session, simply queues them). */
export const IMPORT_WRITERS = 2;
/** The largest bulk file accepted (multipart's file size limit; the file is streamed, never held in memory), and how users read it. */
export const IMPORT_MAX_BYTES = 2 * 1024 ** 3;
export const IMPORT_MAX_LABEL = '2 GiB';
/** Rejected lines kept in an import record (all are counted). */
export const MAX_STORED_ERRORS = 10_000;

/**
 * Registers up to 1,000 detentions from a state system in one transaction. Each item is checked on its own: good
 * items are kept, bad ones reported by index; an item whose (source, external_id) exists answers its folio.
 */
export async function registerBatch(ctx: Ctx, items: unknown[]) {
  requirePermission(ctx.actor, 'detention.capture');
  const db = dbOf(ctx);
  const { prepared, rejected, warned } = await prepareMany(db, ctx, items.map((body, i) => ({ line: i, body })), new Lookups(), { requireExternalId: true });
  const outcomes = prepared.length ? await registerPrepared(db, ctx.actor, prepared, ctx.now(), 'batch') : [];
  const avisosOf = new Map(warned.map((w) => [w.line, w.issues]));
  const results = [
    ...prepared.map((p, i) => ({ index: p.line, status: outcomes[i].status, folio: outcomes[i].folio, external_id: p.row.external_id, ...(avisosOf.has(p.line) ? { avisos: avisosOf.get(p.line) } : {}) })),
    ...rejected.map((r) => ({ index: r.line, status: 'rejected' as const, external_id: r.external_id, errors: r.issues })),
  ].sort((a, b) => a.index - b.index);
  return {
    created: outcomes.filter((o) => o.status === 'created').length,
    existing: outcomes.filter((o) => o.status === 'existing').length,
    rejected: rejected.length,
    results,
  };
}

/** The format a file name (or MIME type) says it has. */
export function formatOf(fileName: string, mime?: string): 'csv' | 'xlsx' | null {
  const n = fileName.toLowerCase();
  if (n.endsWith('.csv') || n.endsWith('.txt') || mime === 'text/csv') return 'csv';
  if (n.endsWith('.xlsx') || mime === 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet') return 'xlsx';
  return null;
}

const importColumns = ['id', 'entidad', 'source', 'file_name', 'format', 'status', 'total_rows', 'created', 'existing', 'rejected', 'errors', 'warned', 'warnings', 'failure', 'started_at', 'finished_at', 'actor'] as const;

/**
 * Imports a CSV or XLSX file of detentions: streamed, validated row by row, good rows inserted 1,000 per transaction
 * (the next batch is validated while the previous one is written), bad rows reported by line. Idempotent on
 * (entidad, source, external_id): a re-sent or interrupted file adds only what is missing. Progress is committed
 * with each batch in the import record, readable at GET /api/detentions/imports/:id.
 */
export async function importDetentions(ctx: Ctx, file: { fileName: string; mime?: string; stream: Readable }, opts: { source?: string; worker?: boolean }) {
  requirePermission(ctx.actor, 'detention.capture');
  const format = formatOf(file.fileName, file.mime);
  if (!format) {
    file.stream.resume();
    throw badRequest('import_format_unsupported', { name: file.fileName });
  }
  const source = opts.source ?? defaultSource(ctx.actor);
  if (!/^[\w.:-]{1,100}$/.test(source)) {
    file.stream.resume();
    throw badRequest('import_source_required');
  }
  const db = dbOf(ctx);
  const started = ctx.now();
  const rec = await db.transaction().execute(async (trx) => {
    const r = await trx.insertInto('detention_imports').values({
      entidad: ctx.actor.entidad, institution_id: ctx.actor.institutionId, actor: JSON.stringify(recorderOf(ctx.actor)), source, file_name: file.fileName.slice(0, 300),
      format, status: 'processing', errors: '[]', started_at: started, updated_at: started,
    }).returning('id').executeTakeFirstOrThrow();
    await writeAudit(trx as unknown as Transaction<CoreTables>, ctx.actor, { action: 'detention.import_started', entityType: 'detention_import', entityId: r.id, entidad: ctx.actor.entidad, details: { file_name: file.fileName, format, source } }, started);
    return r;
  });
  const importId = Number(rec.id);
  const init: FileCheckInit = { format, source, actor: ctx.actor, encoding: canCopy(db) ? 'copy' : 'packed', catalog: await loadCatalog(db) };

  let failure: unknown = null;
  const write = async (batch: CheckedBatch) => {
    const { rows, rollup, rejected, warned, total } = batch;
    const now = ctx.now();
    const progress = async (trx: DetentionTrx, outcomes: { status: string }[]) => {
      const created = outcomes.filter((o) => o.status === 'created').length;
      await sql`UPDATE detention_imports SET total_rows = total_rows + ${total}::int, created = created + ${created}::int,
        existing = existing + ${outcomes.length - created}::int, rejected = rejected + ${rejected.length}::int,
        errors = CASE WHEN jsonb_array_length(errors) < ${MAX_STORED_ERRORS}::int THEN errors || ${JSON.stringify(rejected)}::jsonb ELSE errors END,
        warned = warned + ${warned.length}::int,
        warnings = CASE WHEN jsonb_array_length(warnings) < ${MAX_STORED_ERRORS}::int THEN warnings || ${JSON.stringify(warned)}::jsonb ELSE warnings END,
        updated_at = ${now.toISOString()}::timestamptz WHERE id = ${importId}::int8`.execute(trx);
    };
    if (rows.length) await registerPrepared(db, ctx.actor, rows, now, `import:${importId}`, progress, { entityType: 'detention_import', entityId: String(importId), rollup });
    else await db.transaction().execute((trx) => progress(trx, []));
  };
  // Up to WRITERS batches are written at once (their inserts and events proceed in parallel; the import row, the
  // rollup rows and the audit chain are taken last and in order), while the next batch is read and checked — in a
  // worker thread for a large file, so this thread only writes.
  const inFlight: Promise<void>[] = [];
  const settled = () => Promise.all(inFlight.splice(0));
  const hooks: FileCheckHooks = {
    now: ctx.now,
    batch: async (b) => {
      while (inFlight.length >= IMPORT_WRITERS) await inFlight.shift();
      if (failure) throw failure;
      inFlight.push(write(b).catch((e) => { failure = e; }));
    },
  };
  try {
    await (opts.worker ? checkFileInWorker : checkFile)(init, file.stream, hooks);
    await settled();
    if (failure) throw failure;
    await finish(db, ctx, importId, 'completed', null);
  } catch (caught) {
    file.stream.resume();
    await settled().catch(() => {});
    // The client closed the connection mid-upload: the file's sender, not the server, cut it.
    const err = uploadCut(caught) ? new AppError('import_upload_cut', 400)
      : (caught as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE' ? new AppError('file_too_large', 413, { limit: IMPORT_MAX_LABEL }) : caught;
    const message = err instanceof AppError ? t(ctx.actor.lang, err.code, err.params) : (err as Error).message;
    await finish(db, ctx, importId, 'failed', message.slice(0, 2000));
    // The failed import's record (what was kept, and why it stopped) is named in the answer.
    if (err instanceof AppError) throw new AppError(err.code, err.status, err.params, { ...((err.details as object | undefined) ?? err.params), import_id: importId });
    throw err;
  }
  return getImport(ctx, importId);
}

/** Whether an error is the upload's connection closing before the file ended (Node's `aborted`, ECONNRESET). */
const uploadCut = (err: unknown) => (err as { code?: string })?.code === 'ECONNRESET' || (err as Error)?.message === 'aborted';

/**
 * Marks failed the imports still `processing` whose last batch was committed more than `staleMinutes` ago: their
 * server stopped mid-file (a restart, a crash) or their upload hung, and nothing else would ever finish them. Each
 * is audited (`detention.import_finished`, reason `stale`). An import that was only slow and later finishes sets
 * its own status again. Answers the ids marked.
 */
export async function failStaleImports(db: DetentionDb, now: Date, staleMinutes: number): Promise<number[]> {
  const cutoff = new Date(now.getTime() - staleMinutes * 60_000);
  return db.transaction().execute(async (trx) => {
    const rows = await trx.updateTable('detention_imports')
      .set({ status: 'failed', failure: t('es', 'import_stale', { minutes: staleMinutes }), finished_at: now, updated_at: now })
      .where('status', '=', 'processing').where('updated_at', '<', cutoff)
      .returning(['id', 'entidad', 'total_rows', 'created', 'existing', 'rejected']).execute();
    await writeAudit(trx as unknown as Transaction<CoreTables>, SYSTEM_ACTOR, rows.map((r) => ({
      action: 'detention.import_finished', entityType: 'detention_import', entityId: Number(r.id), entidad: r.entidad,
      details: { status: 'failed', reason: 'stale', stale_minutes: staleMinutes, total_rows: r.total_rows, created: r.created, existing: r.existing, rejected: r.rejected },
    })), now);
    return rows.map((r) => Number(r.id));
  });
}

/** Runs failStaleImports() once a minute (and at start): safe in several processes at once (one UPDATE decides). */
export class StaleImportSweeper implements Worker {
  readonly name = 'detention-import-sweeper';
  private timer: NodeJS.Timeout | null = null;
  private readonly db: DetentionDb;
  constructor(database: Database, private readonly staleMinutes: number, private readonly now: () => Date = () => new Date()) {
    this.db = database.db.withTables<DetentionTables>() as unknown as DetentionDb;
  }
  async start(): Promise<void> {
    const tick = async () => {
      await failStaleImports(this.db, this.now(), this.staleMinutes).catch(() => {}); // tried again next minute
      if (this.timer) this.timer = setTimeout(() => void tick(), 60_000).unref();
    };
    this.timer = setTimeout(() => void tick(), 0).unref();
  }
  async stop(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }
}

async function finish(db: DetentionDb, ctx: Ctx, id: number, status: 'completed' | 'failed', failure: string | null) {
  const now = ctx.now();
  await db.transaction().execute(async (trx) => {
    const r = await trx.updateTable('detention_imports').set({ status, failure, finished_at: now, updated_at: now }).where('id', '=', id)
      .returning(['total_rows', 'created', 'existing', 'rejected']).executeTakeFirstOrThrow();
    await writeAudit(trx as unknown as Transaction<CoreTables>, ctx.actor, { action: 'detention.import_finished', entityType: 'detention_import', entityId: id, entidad: ctx.actor.entidad, details: { status, ...r, failure } }, now);
  });
}

/**
 * The import records in the reader's territory, newest first, with their counts but not their line lists (one
 * record's lines: getImport). A file whose upload page was closed can be found here, still `processing` or done.
 */
export async function listImports(ctx: Ctx, q: ImportListInput) {
  requirePermission(ctx.actor, 'detention.read');
  const db = dbOf(ctx);
  let base = db.selectFrom('detention_imports').where(territoryCondition(ctx.actor, 'view', { entidad: 'entidad', institution: 'institution_id' }));
  if (q.status) base = base.where('status', '=', q.status);
  const [items, total] = await Promise.all([
    base.select(['id', 'entidad', 'source', 'file_name', 'format', 'status', 'total_rows', 'created', 'existing', 'rejected', 'warned', 'failure', 'started_at', 'updated_at', 'finished_at', 'actor'])
      .orderBy('id', 'desc').limit(q.page_size).offset((q.page - 1) * q.page_size).execute(),
    base.select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow(),
  ]);
  return { items: items.map((r) => ({ ...r, id: Number(r.id) })), total: total.n, page: q.page, page_size: q.page_size };
}

/** One import record with its counts and rejected lines; only within the importer's territory (404 otherwise). */
export async function getImport(ctx: Ctx, id: number) {
  requirePermission(ctx.actor, 'detention.read');
  const db = dbOf(ctx);
  const r = await db.selectFrom('detention_imports').select(importColumns).select('institution_id').where('id', '=', id).executeTakeFirst();
  if (!r || !inTerritory(ctx.actor, 'view', { entidad: r.entidad, institution_id: r.institution_id })) throw notFound('import_not_found');
  const { institution_id: _i, ...rest } = r;
  const byLine = (list: ImportError[]) => [...list].sort((a, b) => a.line - b.line); // batches may commit out of order
  const errors = byLine(r.errors as ImportError[]);
  const warnings = byLine(r.warnings as ImportError[]);
  return { ...rest, id: Number(r.id), errors, error_lines_stored: errors.length, warnings, warning_lines_stored: warnings.length };
}

