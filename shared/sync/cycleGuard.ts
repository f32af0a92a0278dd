import type { TableClient } from '@azure/data-tables';
import { conflict } from '../errors';
import { readLease } from '../store/tenantLease';

/**
 * Object writes wait for a running cycle to end: a cycle rewrites the cloud objects it read, so an
 * import, a soft or hard delete, or an on-premises delete landing in the middle could be undone by
 * it. The client retries (409 SyncCycleInProgress), as Entra Connect's exports wait for its run.
 */
export async function refuseWhileCycleRuns(table: TableClient, tenantId: string, now: Date): Promise<void> {
  const lease = await readLease(table, tenantId, now);
  if (lease.held && lease.kind === 'cycle') {
    throw conflict('SyncCycleInProgress', 'A sync cycle is running for this tenant; retry when it ends.', {
      runningSince: lease.acquiredAt,
    });
  }
}
