import type { ProblemCode } from './problemCatalogue';

export type { ProblemCode } from './problemCatalogue';

/**
 * Every failure the service reports on purpose is an AppError with a stable `code`.
 * Only the HTTP edge turns one into a status and an application/problem+json body,
 * so use cases and pure rules stay free of HTTP.
 */
export type ErrorKind =
  | 'BadRequest' // 400
  | 'Unauthenticated' // 401
  | 'Forbidden' // 403
  | 'NotFound' // 404
  | 'MethodNotAllowed' // 405
  | 'Conflict' // 409
  | 'PayloadTooLarge' // 413
  | 'UnsupportedMediaType' // 415
  | 'Unprocessable' // 422
  | 'TooManyRequests' // 429
  | 'Unavailable'; // 503

export class AppError extends Error {
  readonly code: ProblemCode;
  readonly kind: ErrorKind;
  /** Safe to show the caller: never a secret, a stack or a connection string. */
  readonly detail: string;
  readonly extensions: Readonly<Record<string, unknown>>;

  constructor(kind: ErrorKind, code: ProblemCode, detail: string, extensions: Record<string, unknown> = {}) {
    super(`${code}: ${detail}`);
    this.name = 'AppError';
    this.kind = kind;
    this.code = code;
    this.detail = detail;
    this.extensions = extensions;
  }
}

export const conflict = (code: ProblemCode, detail: string, extensions?: Record<string, unknown>): AppError =>
  new AppError('Conflict', code, detail, extensions);
export const notFound = (code: ProblemCode, detail: string): AppError =>
  new AppError('NotFound', code, detail);
export const badRequest = (
  code: ProblemCode,
  detail: string,
  extensions?: Record<string, unknown>,
): AppError => new AppError('BadRequest', code, detail, extensions);

/** A refusal computed by a pure rule: the use case turns it into an AppError (409). */
export interface Refusal {
  ok: false;
  code: ProblemCode;
  message: string;
}
export type Outcome<T> = { ok: true; value: T } | Refusal;
export const refuse = (code: ProblemCode, message: string): Refusal => ({ ok: false, code, message });
export const succeed = <T>(value: T): Outcome<T> => ({ ok: true, value });
