import type { TableClient } from '@azure/data-tables';
import { readRangePage, type RangePageRequest } from '../store/pagedRange';
import { fingerprintOf, openContinuation, sealContinuation, type Page } from './paging';

export interface SealedPageRequest<T> extends Omit<RangePageRequest<T>, 'after'> {
  /** Everything that shapes the list (its name and filters): a token only continues the same list. */
  list: Record<string, unknown>;
  continuationToken: string | undefined;
}

/**
 * One page of a list route: the caller's continuation token is opened (and refused with 400 when
 * forged, altered or from another list) before any storage read, and the next one is sealed.
 */
export async function readSealedPage<T>(table: TableClient, request: SealedPageRequest<T>): Promise<Page<T>> {
  const { list, continuationToken, ...range } = request;
  const fingerprint = fingerprintOf(list);
  const after = continuationToken ? openContinuation(range.tenantId, fingerprint, continuationToken) : null;
  const page = await readRangePage(table, { ...range, after });
  return {
    value: page.items,
    continuationToken: page.lastKey ? sealContinuation(range.tenantId, fingerprint, page.lastKey) : null,
  };
}
