import type { TableClient } from '@azure/data-tables';
import { readRangePage, type RangePageRequest } from '../store/pagedRange';
import { fingerprintOf, invalidContinuation, openContinuation, sealContinuation, type Page } from './paging';

/** A table and the key its list routes seal continuation tokens with. */
export interface PagedTable {
  table: TableClient;
  pagingKey: Buffer;
}

export interface SealedPageRequest<T> extends Omit<RangePageRequest<T>, 'after'> {
  /** Everything that shapes the list (its name and filters): a token only continues the same list. */
  list: Record<string, unknown>;
  continuationToken: string | undefined;
}

/**
 * One page of a list route: the caller's continuation token is opened (and refused with 400 when
 * forged, altered or from another list) before any storage read, and the next one is sealed.
 */
export async function readSealedPage<T>(pages: PagedTable, request: SealedPageRequest<T>): Promise<Page<T>> {
  const { list, continuationToken, ...range } = request;
  const fingerprint = fingerprintOf(list);
  const after = continuationToken
    ? openContinuation(pages.pagingKey, range.tenantId, fingerprint, continuationToken)
    : null;
  // Defence in depth: a position outside the list's own key range is never read from.
  if (after !== null && !after.startsWith(range.prefix)) throw invalidContinuation();
  const page = await readRangePage(pages.table, { ...range, after });
  return {
    value: page.items,
    continuationToken: page.lastKey
      ? sealContinuation(pages.pagingKey, range.tenantId, fingerprint, page.lastKey)
      : null,
  };
}
