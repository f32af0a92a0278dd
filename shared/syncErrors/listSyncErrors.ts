import type { Page } from '../http/paging';
import { readSealedPage, type PagedTable } from '../http/sealedPage';
import { errorQuery, parseErrorRow, type SyncErrorFilters } from './errorQuery';
import { lastCycleStart } from './lastCycleStart';
import { syncErrorView, type SyncErrorView } from './syncErrorView';

/**
 * One page of the tenant's errors in key order. The last cycle's start is read once for the whole
 * page, and only where it is used (open errors).
 */
export async function listSyncErrors(
  pages: PagedTable,
  tenantId: string,
  filters: SyncErrorFilters,
  top: number,
  continuationToken: string | undefined,
): Promise<Page<SyncErrorView>> {
  const query = errorQuery(filters);
  const [page, cycleStartedAt] = await Promise.all([
    readSealedPage(pages, {
      tenantId,
      list: query.fingerprint,
      continuationToken,
      prefix: query.prefix,
      top,
      filter: query.filter,
      parse: parseErrorRow,
      keep: query.keep,
    }),
    filters.state === 'open' ? lastCycleStart(pages.table, tenantId) : Promise.resolve(null),
  ]);
  return { ...page, value: page.value.map((row) => syncErrorView(row.error, cycleStartedAt)) };
}
