/** The one error type services throw; the HTTP error handler renders it as `{ error: { code, message, details } }`. */
export class AppError extends Error {
  constructor(
    readonly code: string,
    readonly status: number,
    readonly params: Record<string, unknown> = {},
    readonly details?: unknown,
  ) {
    super(code);
    this.name = 'AppError';
  }
}

/** 404 for a record that does not exist *or* lies outside the actor's territory: existence never leaks. */
export const notFound = (code = 'not_found', params: Record<string, unknown> = {}) => new AppError(code, 404, params);
export const badRequest = (code: string, params: Record<string, unknown> = {}, details?: unknown) => new AppError(code, 400, params, details);
export const unauthenticated = (code = 'unauthenticated') => new AppError(code, 401);
export const forbidden = (code = 'forbidden', params: Record<string, unknown> = {}) => new AppError(code, 403, params);
export const conflict = (code = 'conflict', params: Record<string, unknown> = {}) => new AppError(code, 409, params);

/** A validation failure on one field, named by its path, for rules zod cannot express (e.g. a municipality outside the entidad). */
export function fieldError(path: string, messageKey: string, params: Record<string, unknown> = {}) {
  return new AppError('validation_failed', 400, {}, { issues: [{ path, key: messageKey, params }] });
}
