import { createHash } from 'node:crypto';
import type { PreflightAttribute } from './model';

/** 32 lower-case hex digits, like a sync error's id. */
export const PREFLIGHT_ROW_ID_PATTERN = /^[0-9a-f]{32}$/;

/**
 * A row's id: the same (source anchor, attribute, value) gives the same id on every read, so the LDIF
 * route can take the ids a listing showed. The value is kept as written (case included): an LDIF delete
 * must name it exactly. JSON keeps the three parts apart.
 */
export function preflightRowId(sourceAnchor: string, attribute: PreflightAttribute, value: string): string {
  return createHash('sha256')
    .update(JSON.stringify([sourceAnchor, attribute, value]), 'utf8')
    .digest('hex')
    .slice(0, 32);
}
