import type { TableClient } from '@azure/data-tables';
import { fingerprintOf, openContinuation, sealContinuation, type Page } from '../http/paging';
import { readRangePage } from '../store/pagedRange';
import { errorQuery, parseErrorRow, type SyncErrorFilters } from './errorQuery';
import { lastCycleStart } from './lastCycleStart';
import { syncErrorView, type SyncErrorView } from './syncErrorView';

/**
 * One page of the tenant's errors in key order. The token is opened before anything is read, so a
 * forged one or one from a list with other filters costs no storage read. The last cycle's start is
 * read once for the whole page, and only where it is used (open errors).
 */
export async function listSyncErrors(
  table: TableClient,
  tenantId: string,
  filters: SyncErrorFilters,
  top: number,
  continuationToken: string | undefined,
): Promise<Page<SyncErrorView>> {
  const query = errorQuery(filters);
  const fingerprint = fingerprintOf(query.fingerprint);
  const after = continuationToken ? openContinuation(tenantId, fingerprint, continuationToken) : null;
  const [page, cycleStartedAt] = await Promise.all([
    readRangePage(table, {
      tenantId,
      prefix: query.prefix,
      after,
      top,
      filter: query.filter,
      parse: parseErrorRow,
      keep: query.keep,
    }),
    filters.state === 'open' ? lastCycleStart(table, tenantId) : Promise.resolve(null),
  ]);
  return {
    value: page.items.map((row) => syncErrorView(row.error, cycleStartedAt)),
    continuationToken: page.lastKey ? sealContinuation(tenantId, fingerprint, page.lastKey) : null,
  };
}
