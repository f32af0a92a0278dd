import { runPreflight, type KeyedRow } from '../preflight/runPreflight';
import type { TenantStore } from '../store/tenantStore';

/**
 * The tenant's Preflight rows, computed from a fresh read of everything a cycle reads (the prediction is
 * the cycle's own plan on it). Nothing is stored: the rows always reflect the objects as they are now, and
 * a row's id stays the same while its value does. `onRowsRead` hears how many entities were read (the
 * tenant's rate limit charges them).
 */
export async function readPreflight(
  store: TenantStore,
  now: Date,
  onRowsRead: (count: number) => void,
): Promise<KeyedRow[]> {
  const snapshot = await store.snapshot();
  onRowsRead(snapshot.entitiesRead);
  return runPreflight({ ...snapshot, tenantId: store.tenantId, now });
}
