import type { z } from 'zod';
import { badRequest, type AppError } from '../errors';

/** Keys worth naming back: they look like field names. Anything else is only counted, never echoed. */
const NAMEABLE_KEY = /^[A-Za-z_$][\w.$-]{0,63}$/;

function messageOf(issue: z.core.$ZodIssue): string {
  if (issue.code !== 'unrecognized_keys') return issue.message;
  const named = issue.keys.filter((k) => NAMEABLE_KEY.test(k));
  const others = issue.keys.length - named.length;
  const parts = [named.length > 0 ? `unknown field(s) ${named.map((k) => `"${k}"`).join(', ')}` : ''];
  if (others > 0) parts.push(`${others} unknown field(s) with unusual names`);
  return `${parts.filter(Boolean).join(' and ')}: remove them`;
}

/** A zod failure → 400 ValidationFailed naming each rejected field (never echoing values). */
export function validationError(error: z.ZodError, where: 'body' | 'query' | 'route'): AppError {
  const errors = error.issues.slice(0, 50).map((issue) => ({
    field: [
      where,
      ...issue.path.map((p) => (typeof p === 'string' && !NAMEABLE_KEY.test(p) ? '?' : String(p))),
    ].join('.'),
    message: messageOf(issue),
  }));
  const first = errors[0];
  const detail = first
    ? `${first.field}: ${first.message}${errors.length > 1 ? ` (and ${errors.length - 1} more)` : ''}`
    : `Invalid ${where}.`;
  return badRequest('ValidationFailed', detail, { errors });
}

/**
 * Parses a request's query string against a schema of string fields. A key given twice is refused:
 * which of its values counts would otherwise depend on who reads it (the cost rule reads the first,
 * a parser the last), and `?state=open&state=resolved` could run a history search costed as a list.
 */
export function parseQuery<S extends z.ZodType>(query: URLSearchParams, schema: S): z.infer<S> {
  const raw: Record<string, string> = {};
  for (const [key, value] of query) {
    if (Object.hasOwn(raw, key)) {
      const field = NAMEABLE_KEY.test(key) ? `query.${key}` : 'query.?';
      throw badRequest('ValidationFailed', `${field}: given more than once`, {
        errors: [{ field, message: 'given more than once' }],
      });
    }
    raw[key] = value;
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) throw validationError(parsed.error, 'query');
  return parsed.data;
}
