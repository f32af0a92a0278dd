import { notFound } from '../errors';
import type { TenantStore } from '../store/tenantStore';
import { isSyncErrorId } from '../sync/errorId';
import { lastCycleStart } from './lastCycleStart';
import { syncErrorView, type SyncErrorView } from './syncErrorView';

/**
 * One error of the caller's tenant, open or resolved (SPEC decision 10). An id that cannot be one,
 * an unknown id and another tenant's id all get the same 404: nothing tells them apart.
 */
export async function getSyncError(store: TenantStore, id: string): Promise<SyncErrorView> {
  if (!isSyncErrorId(id)) throw syncErrorNotFound();
  // Most reads are of open errors, which need the last cycle's start: read both at once.
  const [row, cycleStartedAt] = await Promise.all([store.errors.get(id), lastCycleStart(store.cycles)]);
  if (row === null) throw syncErrorNotFound();
  return syncErrorView(row.record, cycleStartedAt);
}

export function syncErrorNotFound() {
  return notFound('SyncErrorNotFound', 'No sync error has this id in your tenant.');
}
