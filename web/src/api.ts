import i18n, { acceptLanguage } from './i18n';

/** One field problem of a 400 `validation_failed` answer. */
export interface Issue { path: string; message: string }

/** An error answer of the Sereno API: `{ error: { code, message, details } }`. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: Record<string, unknown> | null = null,
  ) {
    super(message);
    this.name = 'ApiError';
  }

  /** Field issues (`details.issues`), empty when there are none. */
  get issues(): Issue[] {
    const issues = (this.details as { issues?: unknown } | null)?.issues;
    return Array.isArray(issues) ? (issues as Issue[]) : [];
  }
}

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** Value of a readable cookie (the CSRF token lives in `sereno_csrf`). */
export function readCookie(name: string): string | null {
  for (const part of document.cookie.split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k === name) return decodeURIComponent(v.join('='));
  }
  return null;
}

type QueryValue = string | number | boolean | null | undefined;

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  body?: unknown;
  /** Query-string parameters; empty, null and undefined values are left out. */
  query?: Record<string, QueryValue>;
  signal?: AbortSignal;
}

/** Builds `/api/...?a=1` leaving out empty parameters. */
export function withQuery(path: string, query?: Record<string, QueryValue>): string {
  if (!query) return path;
  const qs = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v !== undefined && v !== null && v !== '') qs.set(k, String(v));
  const s = qs.toString();
  return s ? `${path}?${s}` : path;
}

/** Listeners told about every API error (the app uses it to react to expired sessions). */
const errorListeners = new Set<(e: ApiError) => void>();
export function onApiError(fn: (e: ApiError) => void): () => void {
  errorListeners.add(fn);
  return () => errorListeners.delete(fn);
}

/**
 * Calls the Sereno API with the session cookie, the chosen language and, on unsafe methods, the CSRF header.
 * Resolves to the parsed JSON (undefined on 204); rejects with ApiError.
 */
export async function api<T = unknown>(path: string, opts: RequestOptions = {}): Promise<T> {
  const method = opts.method ?? 'GET';
  const headers: Record<string, string> = { Accept: 'application/json', 'Accept-Language': acceptLanguage() };
  if (opts.body !== undefined) headers['Content-Type'] = 'application/json';
  if (UNSAFE.has(method)) {
    const csrf = readCookie('sereno_csrf');
    if (csrf) headers['X-CSRF-Token'] = csrf;
  }
  let res: Response;
  try {
    res = await fetch(withQuery(path, opts.query), {
      method,
      headers,
      credentials: 'same-origin',
      body: opts.body !== undefined ? JSON.stringify(opts.body) : undefined,
      signal: opts.signal,
    });
  } catch (e) {
    if ((e as Error).name === 'AbortError') throw e;
    const err = new ApiError(0, 'network_error', i18n.t('errors.network'));
    errorListeners.forEach((fn) => fn(err));
    throw err;
  }
  if (res.status === 204) return undefined as T;
  const text = await res.text();
  let data: unknown = null;
  try {
    data = text ? JSON.parse(text) : null;
  } catch {
    data = null;
  }
  if (!res.ok) {
    const env = (data as { error?: { code?: string; message?: string; details?: Record<string, unknown> } } | null)?.error;
    const err = new ApiError(res.status, env?.code ?? `http_${res.status}`, env?.message ?? `HTTP ${res.status}`, env?.details ?? null);
    errorListeners.forEach((fn) => fn(err));
    throw err;
  }
  return data as T;
}

/** Shorthands. */
export const get = <T>(path: string, query?: RequestOptions['query'], signal?: AbortSignal) => api<T>(path, { query, signal });
export const post = <T>(path: string, body?: unknown) => api<T>(path, { method: 'POST', body });
export const patch = <T>(path: string, body?: unknown) => api<T>(path, { method: 'PATCH', body });
