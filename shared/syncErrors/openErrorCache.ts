import type { Page } from '../store/cursor';
import type { SyncErrorView } from './syncErrorView';
import type { ErrorRow } from './errorQuery';

/** A tenant's open errors as last read, with the version (and the last cycle) they were read under. */
export interface CachedOpenErrors {
  version: string;
  /** In row-key order, as the list pages them. */
  rows: readonly ErrorRow[];
  lastCycleStartedAt: string | null;
  loadedAt: number;
  /** When the version was last read and found to be this one. */
  checkedAt?: number;
  /** Pages of the list already made from these rows, by their request (listSyncErrors.ts). */
  pages?: Map<string, Readonly<Page<SyncErrorView>>>;
}

export interface OpenErrorCache {
  /**
   * The entry, if its version was confirmed less than REVALIDATE_MS ago: served without a storage
   * read. Changes made through this instance's store forget it at once (services.ts).
   */
  fresh(tenantId: string, now: number): CachedOpenErrors | undefined;
  /** The entry, if it was read under `version` (which was just read: it is confirmed now). */
  get(tenantId: string, version: string, now: number): CachedOpenErrors | undefined;
  set(tenantId: string, entry: CachedOpenErrors): void;
  /** After this process ran a cycle for the tenant: its derived lastSeenAt moved on. */
  forget(tenantId: string): void;
}

/**
 * Bounds what a version cannot tell: a cycle that changed no error leaves the version as it is, so
 * on an instance other than the one that ran it, the derived lastSeenAt may trail by this long.
 */
const MAX_AGE_MS = 60_000;

/**
 * How long a confirmed version is trusted without reading it again. Under load (the list at 50
 * connections) this takes the one storage read off nearly every request; the price is that an error
 * changed through another instance shows here up to this much later.
 */
export const REVALIDATE_MS = 1_000;

/**
 * Per process, like the SDK clients: bounded by the number of tenants (least recently used out)
 * and by age, and only ever served while the tenant's errors version is the one it was read under.
 */
export function createOpenErrorCache(maxTenants = 200): OpenErrorCache {
  const entries = new Map<string, CachedOpenErrors>();
  return {
    fresh(tenantId, now) {
      const entry = entries.get(tenantId);
      if (!entry || now - entry.loadedAt > MAX_AGE_MS) return undefined;
      return now - (entry.checkedAt ?? entry.loadedAt) < REVALIDATE_MS ? entry : undefined;
    },
    get(tenantId, version, now) {
      const entry = entries.get(tenantId);
      if (!entry || entry.version !== version || now - entry.loadedAt > MAX_AGE_MS) return undefined;
      entries.delete(tenantId);
      entry.checkedAt = now;
      entries.set(tenantId, entry);
      return entry;
    },
    forget(tenantId) {
      entries.delete(tenantId);
    },
    set(tenantId, entry) {
      entries.delete(tenantId);
      entries.set(tenantId, entry);
      while (entries.size > maxTenants) {
        const oldest = entries.keys().next().value;
        if (oldest === undefined) break;
        entries.delete(oldest);
      }
    },
  };
}
