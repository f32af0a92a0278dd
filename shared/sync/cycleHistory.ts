import type { TenantStore } from '../store/tenantStore';
import type { CycleSummary } from './model';

export interface CycleHistoryPage {
  value: CycleSummary[];
  continuationToken: string | null;
  /** A cycle running now, so a portal can show progress instead of a stale list. */
  inProgress: { since: string } | null;
}

export async function listCycleSummaries(
  store: TenantStore,
  top: number,
  continuationToken: string | undefined,
  now: Date,
): Promise<CycleHistoryPage> {
  const [page, lease] = await Promise.all([store.cycles.list(top, continuationToken), store.lease.read(now)]);
  return {
    ...page,
    inProgress: lease.held && lease.kind === 'cycle' ? { since: lease.acquiredAt } : null,
  };
}
