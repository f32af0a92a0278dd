import type { TableClient } from '@azure/data-tables';
import { fingerprintOf, openContinuation, sealContinuation } from '../http/paging';
import { parseCycleSummary } from '../store/cycleSummaries';
import { ROW } from '../store/keys';
import { readRangePage } from '../store/pagedRange';
import { readLease } from '../store/tenantLease';
import type { CycleSummary } from './model';

export interface CycleHistoryPage {
  value: CycleSummary[];
  continuationToken: string | null;
  /** A cycle running now, so a portal can show progress instead of a stale list. */
  inProgress: { since: string } | null;
}

export async function listCycleSummaries(
  table: TableClient,
  tenantId: string,
  top: number,
  continuationToken: string | undefined,
  now: Date,
): Promise<CycleHistoryPage> {
  const fingerprint = fingerprintOf({ list: 'cycles' });
  const after = continuationToken ? openContinuation(tenantId, fingerprint, continuationToken) : null;
  const [page, lease] = await Promise.all([
    readRangePage(table, { tenantId, prefix: ROW.cyclePrefix, after, top, parse: parseCycleSummary }),
    readLease(table, tenantId, now),
  ]);
  return {
    value: page.items,
    continuationToken: page.lastKey ? sealContinuation(tenantId, fingerprint, page.lastKey) : null,
    inProgress: lease.held && lease.kind === 'cycle' ? { since: lease.acquiredAt } : null,
  };
}
