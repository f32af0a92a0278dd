import type { Page } from '../store/cursor';
import type { TenantStore } from '../store/tenantStore';
import { matchesFilters, type SyncErrorFilters } from './errorQuery';
import { lastCycleStart } from './lastCycleStart';
import type { CachedOpenErrors, OpenErrorCache } from './openErrorCache';
import { syncErrorView, type SyncErrorView } from './syncErrorView';

/**
 * One page of the tenant's errors in key order. Open errors, the list admins work from, are served
 * from memory while the tenant's errors version is unchanged (a point read per request instead of
 * two range queries); history is read from storage. Both paths page alike.
 */
export async function listSyncErrors(
  store: TenantStore,
  cache: OpenErrorCache,
  filters: SyncErrorFilters,
  top: number,
  continuationToken: string | undefined,
  /** Hears how many rows were read from storage (the history's pages; open errors come from memory). */
  onRowsRead: (count: number) => void = () => undefined,
): Promise<Page<SyncErrorView>> {
  if (filters.state === 'open') {
    const open = await openErrors(store, cache);
    // The same page asked again under the same version is the same page (its token is sealed the
    // same way): kept with the entry, frozen, so its JSON is made once too (jsonResponse).
    const key = JSON.stringify([filters, top, continuationToken ?? null]);
    const kept = open.pages?.get(key);
    if (kept) return kept;
    const rows = open.rows.filter(matchesFilters(filters));
    const page = store.errors.openPageFromMemory(filters, rows, top, continuationToken);
    const view = Object.freeze({
      ...page,
      value: page.value.map((row) => syncErrorView(row.error, open.lastCycleStartedAt)),
    });
    open.pages ??= new Map();
    if (open.pages.size >= PAGES_KEPT) open.pages.clear();
    open.pages.set(key, view);
    return view;
  }
  const page = await store.errors.listPage(filters, top, continuationToken, onRowsRead);
  return { ...page, value: page.value.map((row) => syncErrorView(row.error, null)) };
}

/** Pages kept per tenant and version: the first pages admins open, not every filter combination. */
const PAGES_KEPT = 32;

async function openErrors(store: TenantStore, cache: OpenErrorCache): Promise<CachedOpenErrors> {
  const { tenantId } = store;
  const fresh = cache.fresh(tenantId, Date.now());
  if (fresh) return fresh;
  const version = await store.errors.version();
  const cached = cache.get(tenantId, version, Date.now());
  if (cached) return cached;
  // Read under the version seen first: a change meanwhile bumps it, and the next request reloads.
  const [rows, lastCycleStartedAt] = await Promise.all([
    store.errors.openRows(),
    lastCycleStart(store.cycles),
  ]);
  const entry: CachedOpenErrors = { version, rows, lastCycleStartedAt, loadedAt: Date.now() };
  cache.set(tenantId, entry);
  return entry;
}
