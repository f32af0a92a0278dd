import { createHmac, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import { badRequest } from '../errors';

/** `top` and `continuationToken`, as every list route takes them. */
export const pagingQuery = {
  top: z.coerce.number().int().min(1).max(999).default(100).meta({ description: 'Page size, 1–999.' }),
  continuationToken: z
    .string()
    .min(1)
    .max(2048)
    .optional()
    .meta({ description: 'The `continuationToken` of the previous page, with the same filters.' }),
};

const position = z.object({ k: z.string().max(1024), f: z.string().max(128) });

/**
 * A continuation token is a position (the last row key returned) plus a fingerprint of the
 * filters, sealed with an HMAC under the deployment's paging key and bound to the tenant. The
 * partition always comes from the caller's token; the seal means a token that was forged, edited,
 * replayed with other filters or by another tenant is refused with 400.
 */
export function sealContinuation(
  key: Buffer,
  tenantId: string,
  fingerprint: string,
  lastKey: string,
): string {
  const body = Buffer.from(JSON.stringify({ k: lastKey, f: fingerprint })).toString('base64url');
  return `${body}.${mac(key, tenantId, body)}`;
}

export function openContinuation(key: Buffer, tenantId: string, fingerprint: string, token: string): string {
  const [body, tag, extra] = token.split('.');
  if (!body || !tag || extra !== undefined || !safeEqual(tag, mac(key, tenantId, body)))
    throw invalidContinuation();
  let parsed: z.infer<typeof position>;
  try {
    parsed = position.parse(JSON.parse(Buffer.from(body, 'base64url').toString('utf8')));
  } catch {
    throw invalidContinuation();
  }
  if (parsed.f !== fingerprint) {
    throw badRequest(
      'InvalidContinuationToken',
      'The continuation token belongs to a list with other filters.',
    );
  }
  return parsed.k;
}

/** A stable digest of the filters a list was asked with. */
export function fingerprintOf(filters: Record<string, unknown>): string {
  const keys = Object.keys(filters).sort();
  const canonical = JSON.stringify(keys.map((k) => [k, filters[k] ?? null]));
  return createHmac('sha256', 'filters').update(canonical).digest('base64url').slice(0, 22);
}

function mac(key: Buffer, tenantId: string, body: string): string {
  return createHmac('sha256', key).update(`continuation-v1\n${tenantId}\n${body}`).digest('base64url');
}

function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

export function invalidContinuation() {
  return badRequest(
    'InvalidContinuationToken',
    'The continuation token is not one this service issued, or was altered.',
  );
}

export interface Page<T> {
  value: T[];
  continuationToken: string | null;
}

/** The schema of a `Page` of items: what every list route answers. */
export function pageSchema<T extends z.ZodType>(item: T) {
  return z.object({
    value: z.array(item),
    continuationToken: z
      .string()
      .nullable()
      .meta({ description: 'Pass it back to get the next page; null on the last page.' }),
  });
}
