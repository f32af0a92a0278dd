import { readSealedPage, type PagedTable } from '../store/cursor';
import { parseCycleSummary } from '../store/cycleSummaries';
import { ROW } from '../store/keys';
import { readLease } from '../store/tenantLease';
import type { CycleSummary } from './model';

export interface CycleHistoryPage {
  value: CycleSummary[];
  continuationToken: string | null;
  /** A cycle running now, so a portal can show progress instead of a stale list. */
  inProgress: { since: string } | null;
}

export async function listCycleSummaries(
  pages: PagedTable,
  tenantId: string,
  top: number,
  continuationToken: string | undefined,
  now: Date,
): Promise<CycleHistoryPage> {
  const [page, lease] = await Promise.all([
    readSealedPage(pages, {
      tenantId,
      list: { list: 'cycles' },
      continuationToken,
      prefix: ROW.cyclePrefix,
      top,
      parse: parseCycleSummary,
    }),
    readLease(pages.table, tenantId, now),
  ]);
  return {
    ...page,
    inProgress: lease.held && lease.kind === 'cycle' ? { since: lease.acquiredAt } : null,
  };
}
