import type { Page } from '../store/cursor';
import { readSealedPage, sealedPageFromMemory, type PagedTable } from '../store/cursor';
import { readErrorsVersion } from '../store/errorsVersion';
import { openErrorRowKey, ROW } from '../store/keys';
import { readAll } from '../store/partitionQueries';
import { errorQuery, matchesFilters, parseErrorRow, type SyncErrorFilters } from './errorQuery';
import { lastCycleStart } from './lastCycleStart';
import type { CachedOpenErrors, OpenErrorCache } from './openErrorCache';
import { syncErrorView, type SyncErrorView } from './syncErrorView';

/**
 * One page of the tenant's errors in key order. Open errors, the list admins work from, are served
 * from memory while the tenant's errors version is unchanged (a point read per request instead of
 * two range queries); history is read from storage. Both paths page alike.
 */
export async function listSyncErrors(
  pages: PagedTable,
  cache: OpenErrorCache,
  tenantId: string,
  filters: SyncErrorFilters,
  top: number,
  continuationToken: string | undefined,
  /** Hears how many rows were read from storage (the history's pages; open errors come from memory). */
  onRowsRead: (count: number) => void = () => undefined,
): Promise<Page<SyncErrorView>> {
  const query = errorQuery(filters);
  if (filters.state === 'open') {
    const open = await openErrors(pages, cache, tenantId);
    const keep = matchesFilters(filters);
    const rows = open.rows.filter(keep).map((row) => ({ rowKey: openErrorRowKey(row.error.id), item: row }));
    const page = sealedPageFromMemory(
      pages,
      { tenantId, list: query.fingerprint, continuationToken, prefix: query.prefix, top },
      rows,
    );
    return { ...page, value: page.value.map((row) => syncErrorView(row.error, open.lastCycleStartedAt)) };
  }
  let read = 0;
  const page = await readSealedPage(pages, {
    tenantId,
    list: query.fingerprint,
    continuationToken,
    prefix: query.prefix,
    top,
    filter: query.filter,
    parse: (entity) => {
      read += 1;
      return parseErrorRow(entity);
    },
    keep: query.keep,
  }).finally(() => onRowsRead(read));
  return { ...page, value: page.value.map((row) => syncErrorView(row.error, null)) };
}

async function openErrors(
  pages: PagedTable,
  cache: OpenErrorCache,
  tenantId: string,
): Promise<CachedOpenErrors> {
  const version = await readErrorsVersion(pages.table, tenantId);
  const cached = cache.get(tenantId, version, Date.now());
  if (cached) return cached;
  // Read under the version seen first: a change meanwhile bumps it, and the next request reloads.
  const [rows, lastCycleStartedAt] = await Promise.all([
    readAll(pages.table, tenantId, ROW.openErrorPrefix, parseErrorRow),
    lastCycleStart(pages.table, tenantId),
  ]);
  const entry: CachedOpenErrors = { version, rows, lastCycleStartedAt, loadedAt: Date.now() };
  cache.set(tenantId, entry);
  return entry;
}
