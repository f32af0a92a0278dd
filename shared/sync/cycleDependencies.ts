import type { Services } from '../services';
import type { CycleDependencies } from './runSyncCycle';

/** What a cycle needs from the process, the same for the HTTP route and the timer. */
export function cycleDependencies(services: Services): CycleDependencies & { store: Services['store'] } {
  return {
    store: services.store,
    now: services.now,
    leaseSeconds: services.config.SYNC_LEASE_SECONDS,
    recordRequests: true,
    onCycleFinished: (tenantId) => {
      services.openErrors.forget(tenantId);
    },
  };
}
