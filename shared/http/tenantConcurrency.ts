/**
 * How many requests of one tenant may be in flight at once in this process, and how many of them
 * heavy (a CSV export, a scan of the history, a sync cycle). Beyond either bound the request is
 * refused at once (429 with Retry-After), never queued: a queue would only move the wait, and the
 * memory, from the tenant's client to the service. Like the token bucket it is per process.
 */
export interface ConcurrencyLimits {
  perTenant: number;
  heavyPerTenant: number;
}

/**
 * A slot is held until its request is done, a streamed body included; past this it is given back
 * anyway, so that a body nobody ever reads (a failure between the handler and the socket) cannot
 * hold it for good. The Functions timeout of host.json is 10 minutes.
 */
const MAX_HOLD_MS = 10 * 60_000;

export interface TenantConcurrency {
  /** A release function (safe to call more than once), or null when the tenant is at a bound. */
  tryEnter(tenantId: string, heavy: boolean): (() => void) | null;
  /** Requests in flight (all, heavy) for a tenant; for tests and diagnostics. */
  inFlight(tenantId: string): { all: number; heavy: number };
}

/**
 * The limits come from CONCURRENT_REQUESTS_PER_TENANT (default 16: ten parallel imports of one tenant
 * still run together) and CONCURRENT_HEAVY_REQUESTS_PER_TENANT (default 1: an export, a search of
 the history or a sync cycle at a time; `npm run load` measures what a second one costs the others).
 */
export function createTenantConcurrency(limits: ConcurrencyLimits): TenantConcurrency {
  // Only tenants with a request in flight have an entry, so the map never outgrows the traffic.
  const counts = new Map<string, { all: number; heavy: number }>();
  return {
    tryEnter(tenantId, heavy) {
      const count = counts.get(tenantId) ?? { all: 0, heavy: 0 };
      if (count.all >= limits.perTenant || (heavy && count.heavy >= limits.heavyPerTenant)) return null;
      count.all += 1;
      if (heavy) count.heavy += 1;
      counts.set(tenantId, count);
      let held = true;
      const release = (): void => {
        if (!held) return;
        held = false;
        clearTimeout(watchdog);
        count.all -= 1;
        if (heavy) count.heavy -= 1;
        if (count.all === 0) counts.delete(tenantId);
      };
      const watchdog = setTimeout(release, MAX_HOLD_MS);
      watchdog.unref();
      return release;
    },
    inFlight(tenantId) {
      const count = counts.get(tenantId);
      return { all: count?.all ?? 0, heavy: count?.heavy ?? 0 };
    },
  };
}
