import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { z, type ZodType } from 'zod';
import { AppError } from './errors.js';
import { t, type Lang } from './i18n.js';

const DEFAULT_MARK = '\u0000zod-default';
const zodLocales = { es: z.locales.es(), en: z.locales.en() };

/** A request part (body, query, params) that failed its zod schema. */
export class RequestValidationError extends Error {
  statusCode = 400;
  /**
   * `also`: what a service found wrong in the fields that did pass the schema (an unknown catalogue code, say), as
   * i18n keys, so one answer names every broken field.
   */
  constructor(readonly issues: z.core.$ZodIssue[], readonly part: string, readonly also: FieldIssueKey[] = []) {
    super('validation_failed');
  }
}

/** A field rule's finding: the field's path and the i18n key (and parameters) of its message. */
export interface FieldIssueKey { path: string; key: string; params?: Record<string, unknown> }

/**
 * Fastify validator compiler for zod schemas. Issues keep their input so the error handler can render
 * zod's own messages in the request's language; schema-specific messages are i18n keys.
 */
export function zodValidatorCompiler({ schema, httpPart }: { schema: unknown; httpPart?: string }) {
  return (data: unknown) => {
    const result = (schema as ZodType).safeParse(data, { reportInput: true, error: () => DEFAULT_MARK });
    if (result.success) return { value: result.data };
    return { error: new RequestValidationError(result.error.issues, httpPart ?? 'body') };
  };
}

const RECEIVED: Record<Lang, Record<string, string>> = {
  es: { number: 'un número', boolean: 'un valor lógico', object: 'un objeto', array: 'una lista', null: 'nulo' },
  en: { number: 'a number', boolean: 'a boolean', object: 'an object', array: 'a list', null: 'null' },
};

/**
 * zod's own message for an issue, in plain words for the cases people meet most (a missing field, text where a
 * number goes, a length or a range), and zod's locale for the rest. Needs the issue's input (`reportInput`).
 */
export function zodMessage(issue: z.core.$ZodIssue, lang: Lang): string {
  const i = issue as z.core.$ZodIssue & { input?: unknown; expected?: string; origin?: string; minimum?: number | bigint; maximum?: number | bigint };
  if (i.code === 'invalid_type' && i.input === undefined) return t(lang, 'field.required');
  if (i.code === 'invalid_type' && i.expected === 'number' && typeof i.input === 'string') return t(lang, 'zod.expected_number', { value: i.input.slice(0, 40) });
  if (i.code === 'invalid_type' && i.expected === 'string' && i.input !== null && typeof i.input !== 'string') {
    const kind = Array.isArray(i.input) ? 'array' : typeof i.input;
    if (RECEIVED[lang][kind]) return t(lang, 'zod.expected_text', { received: RECEIVED[lang][kind] });
  }
  if ((i.code === 'too_small' || i.code === 'too_big') && (i.origin === 'string' || i.origin === 'number' || i.origin === 'array')) {
    const kind = i.origin === 'string' ? 'text' : i.origin === 'number' ? 'number' : 'list';
    return t(lang, `zod.${kind}_${i.code === 'too_small' ? 'min' : 'max'}`, { minimum: String(i.minimum), maximum: String(i.maximum) });
  }
  const m = (zodLocales[lang].localeError as (x: unknown) => string | { message: string } | undefined)(issue);
  return typeof m === 'object' && m ? m.message : String(m ?? issue.message);
}

export interface IssueOut {
  path: string;
  in?: string;
  code: string;
  message: string;
}

/** Renders one zod issue in the language; a custom message is an i18n key (or literal text). */
export function renderIssue(issue: z.core.$ZodIssue, lang: Lang, part?: string): IssueOut {
  let path = issue.path.map(String).join('.');
  if (issue.code === 'unrecognized_keys') path = issue.keys.map((k) => (path ? `${path}.${k}` : k)).join(', ');
  let message: string;
  if (issue.message === DEFAULT_MARK) {
    message = zodMessage(issue, lang);
  } else {
    message = t(lang, issue.message, issue as unknown as Record<string, unknown>);
  }
  const where = part && part !== 'body' ? (part === 'querystring' ? 'query' : part) : undefined;
  return { path: where ? `${where}.${path}` : path || where || '(cuerpo)', in: part, code: issue.code, message: String(message) };
}

export interface ErrorBody {
  error: { code: string; message: string; details?: unknown };
}

/** Translates `{ issues: [{ path, key, params }] }` details produced by service-level field rules. */
function renderFieldIssues(details: unknown, lang: Lang): IssueOut[] | null {
  const issues = (details as { issues?: { path: string; key?: string; params?: Record<string, unknown>; message?: string }[] })?.issues;
  if (!Array.isArray(issues)) return null;
  return issues.map((i) => ({ path: i.path, code: 'custom', message: i.key ? t(lang, i.key, i.params) : (i.message ?? '') }));
}

/** The one mapping from errors to HTTP answers, in the DHIS2/Outline manner: typed errors in, envelope out. */
export function renderError(err: unknown, req: FastifyRequest): { status: number; body: ErrorBody; log: boolean } {
  const lang = req.lang ?? 'es';
  if (err instanceof RequestValidationError) {
    const issues = [...err.issues.map((i) => renderIssue(i, lang, err.part)), ...(renderFieldIssues({ issues: err.also }, lang) ?? [])];
    const summary = issues.map((i) => `${i.path}: ${i.message}`).join('; ');
    return { status: 400, body: { error: { code: 'validation_failed', message: t(lang, 'validation_failed', { summary }), details: { issues } } }, log: false };
  }
  if (err instanceof AppError) {
    const fieldIssues = renderFieldIssues(err.details, lang);
    if (fieldIssues) {
      const summary = fieldIssues.map((i) => `${i.path}: ${i.message}`).join('; ');
      return { status: err.status, body: { error: { code: err.code, message: t(lang, err.code, { ...err.params, summary }), details: { issues: fieldIssues } } }, log: false };
    }
    return { status: err.status, body: { error: { code: err.code, message: t(lang, err.code, err.params), details: err.details ?? err.params } }, log: false };
  }
  const fe = err as FastifyError & { code?: string };
  switch (fe.code) {
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return { status: 400, body: { error: { code: 'invalid_json', message: t(lang, 'invalid_json', { detail: fe.message.replace(/^.*?: /, '') }) } }, log: false };
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return { status: 400, body: { error: { code: 'empty_body', message: t(lang, 'empty_body') } }, log: false };
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return { status: 413, body: { error: { code: 'body_too_large', message: t(lang, 'body_too_large', { limit: req.routeOptions?.bodyLimit ?? req.server.initialConfig.bodyLimit }) } }, log: false };
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return { status: 415, body: { error: { code: 'unsupported_media_type', message: t(lang, 'unsupported_media_type', { type: req.headers['content-type'] ?? '' }) } }, log: false };
    // @fastify/multipart's limits and faults, which otherwise reach the user in its own English.
    case 'FST_REQ_FILE_TOO_LARGE':
      return { status: 413, body: { error: { code: 'file_too_large', message: t(lang, 'file_too_large', { limit: req.routeOptions?.config?.fileLimit ?? '—' }) } }, log: false };
    case 'FST_PARTS_LIMIT':
    case 'FST_FILES_LIMIT':
    case 'FST_FIELDS_LIMIT':
      return { status: 413, body: { error: { code: 'multipart_too_many', message: t(lang, 'multipart_too_many') } }, log: false };
    case 'FST_PROTO_VIOLATION':
    case 'FST_INVALID_JSON_FIELD_ERROR':
    case 'FST_INVALID_MULTIPART_CONTENT_TYPE':
      return { status: 400, body: { error: { code: 'multipart_invalid', message: t(lang, 'multipart_invalid', { detail: fe.message }) } }, log: false };
    case 'FST_MP_PREMATURE_CLOSE':
      return { status: 400, body: { error: { code: 'upload_cut', message: t(lang, 'upload_cut') } }, log: false };
    case '23505': // unique_violation from PostgreSQL
      return { status: 409, body: { error: { code: 'conflict', message: t(lang, 'conflict') } }, log: true };
  }
  if (err instanceof SyntaxError && (fe.statusCode ?? 0) === 400) {
    return { status: 400, body: { error: { code: 'invalid_json', message: t(lang, 'invalid_json', { detail: err.message }) } }, log: false };
  }
  if (fe.statusCode === 429) {
    return { status: 429, body: { error: { code: 'rate_limited', message: t(lang, 'rate_limited', { after: (fe as { after?: string }).after ?? '1 minute' }) } }, log: false };
  }
  if (fe.statusCode && fe.statusCode >= 400 && fe.statusCode < 500) {
    const code = (fe.code ?? 'bad_request').toLowerCase().replace(/^fst_err_/, '');
    return { status: fe.statusCode, body: { error: { code, message: fe.message } }, log: false };
  }
  return { status: 500, body: { error: { code: 'internal_error', message: t(lang, 'internal_error', { request_id: req.id }) } }, log: true };
}

/** Fastify error handler: logs server faults with the request id, never shows internals. */
export function errorHandler(this: unknown, err: unknown, req: FastifyRequest, reply: FastifyReply) {
  const { status, body, log } = renderError(err, req);
  if (log || status >= 500) req.log.error({ err, request_id: req.id }, 'request failed');
  reply.status(status).send(body);
}

declare module 'fastify' {
  interface FastifyRequest {
    lang: Lang;
  }
}
