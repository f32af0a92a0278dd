import type { HttpResponseInit } from '@azure/functions';
import { AppError, type ErrorKind } from '../errors';

const STATUS: Record<ErrorKind, number> = {
  BadRequest: 400,
  Unauthenticated: 401,
  Forbidden: 403,
  NotFound: 404,
  MethodNotAllowed: 405,
  Conflict: 409,
  PayloadTooLarge: 413,
  UnsupportedMediaType: 415,
  Unprocessable: 422,
  TooManyRequests: 429,
  Unavailable: 503,
};

const TITLES: Record<ErrorKind, string> = {
  BadRequest: 'Bad request',
  Unauthenticated: 'Authentication required',
  Forbidden: 'Forbidden',
  NotFound: 'Not found',
  MethodNotAllowed: 'Method not allowed',
  Conflict: 'Conflict',
  PayloadTooLarge: 'Payload too large',
  UnsupportedMediaType: 'Unsupported media type',
  Unprocessable: 'Unprocessable content',
  TooManyRequests: 'Too many requests',
  Unavailable: 'Service unavailable',
};

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

export function statusOf(kind: ErrorKind): number {
  return STATUS[kind];
}

/** RFC 9457 problem details; `code` is the stable machine-readable reason. */
export function problemResponse(
  error: AppError,
  extraHeaders: Record<string, string> = {},
): HttpResponseInit {
  const status = STATUS[error.kind];
  return {
    status,
    headers: { 'content-type': PROBLEM_CONTENT_TYPE, ...extraHeaders },
    body: JSON.stringify({
      type: `https://errors.entra-sync-remediation.dev/${error.code}`,
      title: TITLES[error.kind],
      status,
      detail: error.detail,
      code: error.code,
      ...error.extensions,
    }),
  };
}

/** The answer to anything unexpected: no message, no stack, only the id to find it in the logs. */
export function internalErrorResponse(invocationId: string): HttpResponseInit {
  return {
    status: 500,
    headers: { 'content-type': PROBLEM_CONTENT_TYPE },
    body: JSON.stringify({
      type: 'https://errors.entra-sync-remediation.dev/InternalError',
      title: 'Internal server error',
      status: 500,
      detail: 'The request failed unexpectedly. Quote the invocation id when reporting it.',
      code: 'InternalError',
      invocationId,
    }),
  };
}

export function jsonResponse(
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): HttpResponseInit {
  return {
    status,
    headers: { 'content-type': 'application/json; charset=utf-8', ...headers },
    body: serialized(body),
  };
}

/** The JSON of frozen bodies (pages served again from memory), made once each. */
const made = new WeakMap<object, string>();

function serialized(body: unknown): string {
  if (typeof body !== 'object' || body === null || !Object.isFrozen(body)) return JSON.stringify(body);
  let json = made.get(body);
  if (json === undefined) made.set(body, (json = JSON.stringify(body)));
  return json;
}
