import type { ErrorScanPage } from '../store/errorRepository';
import type { TenantStore } from '../store/tenantStore';
import type { SyncErrorFilters } from './errorQuery';
import { lastCycleStart } from './lastCycleStart';
import { syncErrorCsvHeader, syncErrorCsvLine } from './syncErrorCsv';
import { syncErrorView } from './syncErrorView';

/**
 * The whole filtered list as CSV (SPEC decision 20: paging does not apply), produced one storage
 * page (at most 1,000 rows) at a time: parsed records never pile up. The body is a byte stream that
 * is read from storage only as fast as the client takes it: the app enables HTTP streaming
 * (shared/http/route.ts), so the Functions host and the local host send each page as it comes, and
 * the next page is read when the socket has taken the last one. `onRowsRead` hears each page's
 * rows as it is read (the tenant's rate limit charges them).
 *
 * The first page is read before this resolves: a storage failure there still becomes an ordinary
 * problem response. A failure on a later page can only end the body early; `onError` hears of it
 * (to log it with the invocation id) before it propagates, so the transfer is cut, never passed
 * off as complete.
 */
export async function exportSyncErrorsCsv(
  store: TenantStore,
  filters: SyncErrorFilters,
  onError: (error: unknown) => void,
  onRowsRead: (count: number) => void = () => undefined,
): Promise<AsyncIterable<Uint8Array>> {
  const cycleStartedAt = filters.state === 'open' ? await lastCycleStart(store.cycles) : null;
  const chunks = csvChunks(store.errors.scan(filters), cycleStartedAt, onRowsRead);
  const first = await chunks.next();
  return encoded(first, chunks, onError);
}

async function* csvChunks(
  pages: AsyncIterable<ErrorScanPage>,
  cycleStartedAt: string | null,
  onRowsRead: (count: number) => void,
): AsyncGenerator<string> {
  let pending = syncErrorCsvHeader(); // sent with the first page, so that reading it is the prefetch
  for await (const page of pages) {
    onRowsRead(page.read);
    for (const row of page.rows) pending += syncErrorCsvLine(syncErrorView(row.error, cycleStartedAt));
    yield pending;
    pending = '';
  }
  if (pending) yield pending;
}

async function* encoded(
  first: IteratorResult<string>,
  rest: AsyncGenerator<string>,
  onError: (error: unknown) => void,
): AsyncGenerator<Uint8Array> {
  if (first.done) return;
  yield Buffer.from(first.value, 'utf8');
  try {
    for await (const chunk of rest) if (chunk) yield Buffer.from(chunk, 'utf8');
  } catch (error) {
    onError(error);
    throw error;
  }
}
