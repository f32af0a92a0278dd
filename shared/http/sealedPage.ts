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

export interface MemoryPageRequest {
  tenantId: string;
  list: Record<string, unknown>;
  continuationToken: string | undefined;
  prefix: string;
  top: number;
}

/**
 * The same page as readSealedPage over rows already in memory (filtered, in row-key order), with
 * tokens interchangeable with it: a list may move between the two paths between pages.
 */
export function sealedPageFromMemory<T>(
  pages: PagedTable,
  request: MemoryPageRequest,
  rows: readonly { rowKey: string; item: T }[],
): Page<T> {
  const fingerprint = fingerprintOf(request.list);
  const after = request.continuationToken
    ? openContinuation(pages.pagingKey, request.tenantId, fingerprint, request.continuationToken)
    : null;
  if (after !== null && !after.startsWith(request.prefix)) throw invalidContinuation();
  const start = after === null ? 0 : rows.findIndex((row) => row.rowKey > after);
  const slice = start < 0 ? [] : rows.slice(start, start + request.top + 1);
  const value = slice.slice(0, request.top);
  const last = value[value.length - 1];
  return {
    value: value.map((row) => row.item),
    continuationToken:
      slice.length > request.top && last
        ? sealContinuation(pages.pagingKey, request.tenantId, fingerprint, last.rowKey)
        : null,
  };
}
