import type { Page } from '../store/cursor';
import type { TenantStore } from '../store/tenantStore';
import type { PreflightRow } from '../preflight/model';
import type { KeyedRow } from '../preflight/runPreflight';
import { matchesPreflight, preflightFingerprint, type PreflightFilters } from './preflightFilters';

/** Listing keys: source order, then the value's place in its object (runPreflight's key). */
const PREFIX = 'preflight:';

/**
 * One page of the filtered rows, in source order, with a sealed continuation token like every list's:
 * bound to the tenant and the filters, refused with 400 when forged or reused with other filters. A
 * token names a position, so rows fixed between two pages do not shift the next page.
 */
export function listPreflight(
  store: TenantStore,
  rows: readonly KeyedRow[],
  filters: PreflightFilters,
  top: number,
  continuationToken: string | undefined,
): Page<PreflightRow> {
  const keep = matchesPreflight(filters);
  const listed = rows
    .filter(({ row }) => keep(row))
    .map(({ key, row }) => ({ key: PREFIX + key, item: row }));
  return store.pageOfRows(
    { list: preflightFingerprint(filters), continuationToken, prefix: PREFIX, top },
    listed,
  );
}
