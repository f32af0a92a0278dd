import { createHash } from 'node:crypto';
import type { SyncAttribute } from './model';

/**
 * A sync error's id: the same (attribute, normalized value, conflicting source anchor) gives the same id
 * in every cycle, so a persisting error keeps its record and one that comes back gets its old id
 * (SPEC decision 10). Lower-case hex is safe as a Table Storage RowKey, unlike the anchor or the value
 * themselves (`/`, `#`, `?`...).
 */

export const SYNC_ERROR_ID_PATTERN = /^[0-9a-f]{32}$/;

export interface SyncErrorKey {
  attribute: SyncAttribute;
  /** Already normalized (directory/normalize.ts): the id must not change when only the case does. */
  normalizedValue: string;
  conflictingSourceAnchor: string;
}

export function syncErrorId(key: SyncErrorKey): string {
  // JSON keeps the three parts apart: no separator character can make two keys hash alike.
  const material = JSON.stringify([key.attribute, key.normalizedValue, key.conflictingSourceAnchor]);
  return createHash('sha256').update(material, 'utf8').digest('hex').slice(0, 32);
}

export function isSyncErrorId(value: string): boolean {
  return SYNC_ERROR_ID_PATTERN.test(value);
}
