/**
 * Import of the Conference's documents: text (.txt/.md) or .docx → the parser (agreements.parse.ts) → an
 * editable import document (sessions, acuerdos and transitorios with inferred kinds and suggested
 * commitments) → stored in one transaction. Idempotent by session name + date: a session that already exists
 * is skipped whole, so importing the same document twice creates nothing the second time.
 */
import crypto from 'node:crypto';
import path from 'node:path';
import { z } from 'zod';
import { requirePermission, type Actor } from '../../core/access.js';
import { writeAudit } from '../../core/audit.js';
import type { Ctx } from '../../core/context.js';
import { badRequest } from '../../core/errors.js';
import { renderIssue, zodValidatorCompiler } from '../../core/http.js';
import { decodeText, parseAgreements, type ParseResult } from './agreements.parse.js';
import type { DeadlinePhraseRow, ImportDocumentInput, ImportItemInput, ImportSessionInput, ZoneName } from './agreements.schema.js';
import { ImportDocument, ImportSession } from './agreements.schema.js';
import { describeSession, inferAgreementKind, nameKey, suggestCommitments } from './agreements.rules.js';
import { sessionValues } from './agreements.service.js';
import { adb, inTx, insertCommitments } from './commitments.service.js';
import { docxToText, DocxError } from './parse-docx.js';

/** The marker core/http.ts uses for zod's own messages (rendered in the request's language). */
const ZOD_DEFAULT = '\u0000zod-default';
const TEXT_TYPES: Record<string, string> = { '.txt': 'text/plain', '.text': 'text/plain', '.md': 'text/markdown', '.markdown': 'text/markdown' };
const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
const HINTS: Record<string, string> = {
  '.pdf': 'conviértalo a texto (pdftotext -layout) o a .docx',
  '.doc': 'guárdelo como .docx o como texto (.txt)',
  '.odt': 'guárdelo como .docx o como texto (.txt)',
  '.rtf': 'guárdelo como .docx o como texto (.txt)',
};

export interface Upload { text: string; filename: string | null; media_type: string; warnings: string[] }

/** Reads an uploaded file by its extension: .txt/.md (UTF-8, UTF-16 or Windows-1252) or .docx. */
export function readUpload(buf: Buffer, filename: string): Upload {
  const ext = path.extname(filename).toLowerCase();
  if (TEXT_TYPES[ext]) {
    const d = decodeText(buf);
    return { text: d.text, filename, media_type: TEXT_TYPES[ext], warnings: d.warning ? [d.warning] : [] };
  }
  if (ext === '.docx') {
    try {
      return { text: docxToText(buf), filename, media_type: DOCX, warnings: [] };
    } catch (e) {
      throw badRequest('file_unreadable', { reason: e instanceof DocxError ? e.message : (e as Error).message });
    }
  }
  throw badRequest('file_format', { ext: ext || '—', hint: HINTS[ext] ?? 'use .txt, .md o .docx' });
}

/** What the import endpoints and the CLI receive. */
export interface ImportRequest {
  text?: string;
  filename?: string | null;
  media_type?: string;
  reference_date?: string;
  document?: ImportDocumentInput;
  create_suggested_commitments?: boolean;
  /** Warnings from reading the file (encoding). */
  read_warnings?: string[];
}

/** Kinds inferred and commitments suggested for an item that does not carry them yet. */
function enrichItem(it: Partial<ImportItemInput> & { ordinal?: string; text?: string }, session: { date: string | null | undefined; zone: ZoneName | null | undefined }): ImportItemInput {
  const title = it.title ?? '';
  const text = it.text ?? '';
  const inferred = inferAgreementKind(title, text);
  const kind = it.kind ?? inferred.kind;
  const out: ImportItemInput = { ...(it as ImportItemInput), title, kind, kind_reason: it.kind ? it.kind_reason : inferred.reason };
  if (!it.suggested_commitments && session.date) {
    const s = suggestCommitments({ title, text, kind, deadline_phrases: (it.deadline_phrases ?? []) as DeadlinePhraseRow[] }, { date: session.date, zone: session.zone ?? null });
    if (s.length) out.suggested_commitments = s;
  }
  return out;
}

/** The editable import document of a parse result: the parser's sessions with kinds, zone and suggestions filled in. */
export function toImportDocument(parse: ParseResult, source: { text?: string; filename?: string | null; media_type?: string }): ImportDocumentInput {
  return {
    sessions: parse.sessions.map((s) => enrichSession(s as unknown as ImportSessionInput)),
    warnings: parse.warnings,
    source: { filename: source.filename ?? null, media_type: source.media_type ?? 'text/plain', text: source.text },
  };
}

function enrichSession(s: ImportSessionInput): ImportSessionInput {
  const d = s.name ? describeSession(s.name) : { kind: undefined, numeral: null, zone: null };
  const zone = (s.zone ?? d.zone ?? null) as ZoneName | null;
  const ctx = { date: s.date, zone };
  return {
    ...s, kind: s.kind ?? d.kind, numeral: s.numeral ?? d.numeral, zone,
    agreements: (s.agreements ?? []).map((a) => enrichItem(a, ctx)),
    transitory: (s.transitory ?? []).map((a) => enrichItem(a, ctx)),
  };
}

interface Resolved { document: ImportDocumentInput; parse: ParseResult | null }

function resolve(input: ImportRequest): Resolved {
  if (input.document) {
    const doc = input.document;
    return { document: { ...doc, sessions: (doc.sessions ?? []).map(enrichSession) }, parse: null };
  }
  const text = input.text ?? '';
  const parse = parseAgreements(text, { filename: input.filename ?? undefined, referenceDate: input.reference_date });
  parse.warnings.unshift(...(input.read_warnings ?? []));
  return { document: toImportDocument(parse, { text, filename: input.filename, media_type: input.media_type }), parse };
}

/** Field problems of one session, rendered in the language, with paths from the document root. */
function sessionProblems(s: unknown, index: number, lang: Actor['lang']) {
  const r = ImportSession.safeParse(s, { reportInput: true, error: () => ZOD_DEFAULT });
  if (r.success) return [];
  return r.error.issues.map((i) => {
    const out = renderIssue(i, lang);
    return { path: `sessions.${index}${i.path.length ? `.${out.path}` : ''}`, message: out.message };
  });
}

async function existingSessions(ctx: Ctx, sessions: ImportSessionInput[]) {
  const keys = sessions.filter((s) => s.name && s.date && /^\d{4}-\d{2}-\d{2}$/.test(s.date)).map((s) => ({ key: nameKey(s.name), date: s.date }));
  if (!keys.length) return new Map<string, number>();
  const rows = await adb(ctx.db).selectFrom('agreement_sessions').select(['id', 'name_key', 'date']).where('name_key', 'in', keys.map((k) => k.key)).execute();
  return new Map(rows.map((r) => [`${r.name_key}|${r.date}`, r.id]));
}

/**
 * What an import would do, without writing: the parse result, the editable import document (send it back,
 * edited, to POST /api/agreements/import), and per session whether it would be created, skipped because it
 * exists, or cannot be imported (with the fields to fix).
 */
export async function previewImport(ctx: Ctx, input: ImportRequest) {
  requirePermission(ctx.actor, 'agreement.manage');
  const { document, parse } = resolve(input);
  const existing = await existingSessions(ctx, document.sessions);
  const plan = document.sessions.map((s, i) => {
    const problems = sessionProblems(s, i, ctx.actor.lang);
    const id = s.name && s.date ? existing.get(`${nameKey(s.name)}|${s.date}`) ?? null : null;
    const items = [...(s.agreements ?? []), ...(s.transitory ?? [])];
    return {
      index: i, name: s.name ?? null, date: s.date ?? null, end_date: s.end_date ?? null, kind: s.kind ?? null, zone: s.zone ?? null, place: s.place ?? null,
      action: problems.length ? 'invalid' as const : id ? 'skip_existing' as const : 'create' as const, existing_id: id, problems,
      agreements: s.agreements?.length ?? 0, transitory: s.transitory?.length ?? 0,
      commitments: items.reduce((n, it) => n + (it.commitments?.length ?? 0), 0),
      suggested_commitments: items.reduce((n, it) => n + (it.suggested_commitments?.length ?? 0), 0),
      kinds: items.reduce<Record<string, number>>((m, it) => ({ ...m, [it.kind ?? 'otro']: (m[it.kind ?? 'otro'] ?? 0) + 1 }), {}),
    };
  });
  const creating = plan.filter((p) => p.action === 'create');
  return {
    parse,
    document,
    plan: {
      sessions: plan,
      create: { sessions: creating.length, agreements: creating.reduce((n, p) => n + p.agreements, 0), transitory: creating.reduce((n, p) => n + p.transitory, 0) },
      skip_existing: plan.filter((p) => p.action === 'skip_existing').length,
      invalid: plan.filter((p) => p.action === 'invalid').length,
    },
    warnings: document.warnings ?? parse?.warnings ?? [],
  };
}

const Validated = z.object({ sessions: ImportDocument.shape.sessions, warnings: ImportDocument.shape.warnings, source: ImportDocument.shape.source });
const validate = zodValidatorCompiler({ schema: Validated, httpPart: 'body' });

/**
 * Stores an import (agreement.manage): the document's text once (by SHA-256), each new session with its
 * acuerdos and transitorios in order, the source as the session's 'fuente' document, and the commitments the
 * document lists (plus its suggested ones when asked), all in one transaction with its audit rows. An
 * invalid session (no name or date …) fails the whole import with 400 naming the fields.
 */
export async function importAgreements(ctx: Ctx, input: ImportRequest) {
  requirePermission(ctx.actor, 'agreement.manage');
  const { document } = resolve(input);
  if (!document.sessions.length) throw badRequest('import_nothing', {}, { warnings: document.warnings ?? [] });
  const checked = validate(document);
  if ('error' in checked && checked.error) throw checked.error;
  const doc = (checked as { value: z.infer<typeof Validated> }).value;
  const now = ctx.now();
  const who = ctx.actor.name;
  const sourceText = doc.source?.text ?? input.text ?? null;
  const result = await inTx(ctx, async (trx, raw) => {
    let sourceId: number | null = null;
    if (sourceText) {
      const sha = crypto.createHash('sha256').update(sourceText).digest('hex');
      await trx.insertInto('agreement_sources').values({
        filename: doc.source?.filename ?? input.filename ?? null, media_type: doc.source?.media_type ?? input.media_type ?? 'text/plain', sha256: sha, text: sourceText,
        warnings: JSON.stringify(doc.warnings ?? []), imported_at: now, imported_by: who,
      }).onConflict((oc) => oc.column('sha256').doNothing()).execute();
      sourceId = (await trx.selectFrom('agreement_sources').select('id').where('sha256', '=', sha).executeTakeFirstOrThrow()).id;
    }
    const out: { id: number; name: string; date: string; status: 'created' | 'existing'; agreements: number; transitory: number; commitments: number }[] = [];
    const audits = [];
    for (const [si, s] of doc.sessions.entries()) {
      const row = await trx.insertInto('agreement_sessions').values(sessionValues({ ...s, kind: s.kind, zone: s.zone ?? null, numeral: s.numeral ?? undefined }, who, now, sourceId))
        .onConflict((oc) => oc.columns(['name_key', 'date']).doNothing()).returning('id').executeTakeFirst();
      if (!row) {
        const prior = await trx.selectFrom('agreement_sessions').select('id').where('name_key', '=', nameKey(s.name)).where('date', '=', s.date).executeTakeFirstOrThrow();
        out.push({ id: prior.id, name: s.name, date: s.date, status: 'existing', agreements: 0, transitory: 0, commitments: 0 });
        continue;
      }
      const items = [
        ...s.agreements.map((it, i) => ({ it, section: 'acuerdo' as const, position: i + 1, path: `sessions.${si}.agreements.${i}` })),
        ...s.transitory.map((it, i) => ({ it, section: 'transitorio' as const, position: i + 1, path: `sessions.${si}.transitory.${i}` })),
      ];
      const ids = items.length ? await trx.insertInto('agreements').values(items.map(({ it, section, position }) => {
        const inferred = inferAgreementKind(it.title ?? '', it.text);
        return {
          session_id: row.id, section, position, number: it.number ?? null, ordinal: it.ordinal, title: it.title ?? '', title_source: it.title_source ?? 'document',
          text: it.text, kind: it.kind ?? inferred.kind, kind_source: it.kind && it.kind !== inferred.kind ? 'manual' as const : 'inferred' as const,
          deadline_phrases: JSON.stringify(it.deadline_phrases ?? []), created_at: now, created_by: who, updated_at: now, updated_by: who,
        };
      })).returning('id').execute() : [];
      if (sourceId) {
        await trx.insertInto('agreement_documents').values({
          session_id: row.id, kind: 'fuente', title: `Documento importado${doc.source?.filename ?? input.filename ? `: ${doc.source?.filename ?? input.filename}` : ''}`,
          url: null, filename: doc.source?.filename ?? input.filename ?? null, reference: null, note: null, source_id: sourceId, created_at: now, created_by: who,
        }).execute();
      }
      let commitments = 0;
      for (const [k, { it, path: p }] of items.entries()) {
        const specs = [...(it.commitments ?? []).map((c, j) => ({ c, p: `${p}.commitments.${j}` })),
          ...(input.create_suggested_commitments ? (it.suggested_commitments ?? []).map((c, j) => ({ c, p: `${p}.suggested_commitments.${j}` })) : [])];
        for (const { c, p: cp } of specs) commitments += (await insertCommitments(trx, raw, ctx.actor, now, ids[k].id, c, cp)).ids.length;
      }
      const counts = { agreements: s.agreements.length, transitory: s.transitory.length, commitments };
      out.push({ id: row.id, name: s.name, date: s.date, status: 'created', ...counts });
      audits.push({ action: 'agreement.session_imported', entityType: 'agreement_session', entityId: row.id, details: { name: s.name, date: s.date, source_id: sourceId, ...counts } });
    }
    const created = out.filter((o) => o.status === 'created');
    const totals = {
      sessions: created.length, agreements: created.reduce((n, o) => n + o.agreements, 0), transitory: created.reduce((n, o) => n + o.transitory, 0),
      commitments: created.reduce((n, o) => n + o.commitments, 0),
    };
    audits.push({ action: 'agreement.import_completed', entityType: 'agreement_source', entityId: sourceId, details: { filename: doc.source?.filename ?? input.filename ?? null, created: totals, existing: out.length - created.length } });
    await writeAudit(raw, ctx.actor, audits, now);
    return { source_id: sourceId, created: totals, skipped_existing: out.length - created.length, sessions: out };
  });
  return { ...result, warnings: document.warnings ?? [] };
}

