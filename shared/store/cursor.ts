import { createHmac, timingSafeEqual } from 'node:crypto';
import { odata } from '@azure/data-tables';
import { z } from 'zod';
import { badRequest } from '../errors';
import type { EntityTable } from './entityTable';
import { prefixEnd } from './keys';
import { MAX_PAGE_SIZE } from './partitionQueries';

/**
 * Paging, all of it: a keyset page over one prefix of a tenant's partition, and the continuation
 * token that resumes it, sealed so that a client can neither forge nor move it. The list routes
 * hand out `Page<T>` with the token already sealed; nothing above the store sees a row key.
 */

export interface Page<T> {
  value: T[];
  continuationToken: string | null;
}

const position = z.object({ k: z.string().max(1024), f: z.string().max(128) });

/**
 * A continuation token is a position (the last row key returned) plus a fingerprint of the
 * filters, sealed with an HMAC under the deployment's paging key and bound to the tenant. The
 * partition always comes from the caller's token; the seal means a token that was forged, edited,
 * replayed with other filters or by another tenant is refused with 400.
 */
export function sealContinuation(
  key: Buffer,
  tenantId: string,
  fingerprint: string,
  lastKey: string,
): string {
  const body = Buffer.from(JSON.stringify({ k: lastKey, f: fingerprint })).toString('base64url');
  return `${body}.${mac(key, tenantId, body)}`;
}

export function openContinuation(key: Buffer, tenantId: string, fingerprint: string, token: string): string {
  const [body, tag, extra] = token.split('.');
  if (!body || !tag || extra !== undefined || !safeEqual(tag, mac(key, tenantId, body)))
    throw invalidContinuation();
  let parsed: z.infer<typeof position>;
  try {
    parsed = position.parse(JSON.parse(Buffer.from(body, 'base64url').toString('utf8')));
  } catch {
    throw invalidContinuation();
  }
  if (parsed.f !== fingerprint) {
    throw badRequest(
      'InvalidContinuationToken',
      'The continuation token belongs to a list with other filters.',
    );
  }
  return parsed.k;
}

/** A stable digest of the filters a list was asked with. */
export function fingerprintOf(filters: Record<string, unknown>): string {
  const keys = Object.keys(filters).sort();
  const canonical = JSON.stringify(keys.map((k) => [k, filters[k] ?? null]));
  return createHmac('sha256', 'filters').update(canonical).digest('base64url').slice(0, 22);
}

function mac(key: Buffer, tenantId: string, body: string): string {
  return createHmac('sha256', key).update(`continuation-v1\n${tenantId}\n${body}`).digest('base64url');
}

function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

export function invalidContinuation() {
  return badRequest(
    'InvalidContinuationToken',
    'The continuation token is not one this service issued, or was altered.',
  );
}

export interface RangePageRequest<T> {
  tenantId: string;
  /** The partition read: the tenant's control partition unless given (tenantLayout.ts). */
  partitionKey?: string;
  prefix: string;
  /** Exclusive: the row key after which to continue. */
  after: string | null;
  top: number;
  /** Server-side filter, built with `odata` by the caller. */
  filter?: string;
  parse: (entity: unknown) => T;
  /** Filters the service cannot do (substring search), applied while reading. */
  keep?: (item: T) => boolean;
}

export interface RangePage<T> {
  items: T[];
  /** The row key of each item. */
  keys: string[];
  /** Row key of the last item returned when more may follow, else null. */
  lastKey: string | null;
}

/** A keyset page over one prefix of the tenant's partition, in row key order. */
export async function readRangePage<T>(
  table: EntityTable,
  request: RangePageRequest<T>,
): Promise<RangePage<T>> {
  const lower = request.after ? odata`RowKey gt ${request.after}` : odata`RowKey ge ${request.prefix}`;
  const range = `${odata`PartitionKey eq ${request.partitionKey ?? request.tenantId}`} and ${lower} and ${odata`RowKey lt ${prefixEnd(request.prefix)}`}`;
  const filter = request.filter ? `${range} and (${request.filter})` : range;
  const items: T[] = [];
  const keys: string[] = [];
  let lastKey: string | null = null;
  const pages = table
    .listEntities({ queryOptions: { filter } })
    .byPage({ maxPageSize: Math.min(MAX_PAGE_SIZE, request.keep ? MAX_PAGE_SIZE : request.top + 1) });
  for await (const page of pages) {
    for (const entity of page) {
      const item = request.parse(entity);
      if (request.keep && !request.keep(item)) continue;
      if (items.length === request.top) return { items, keys, lastKey };
      items.push(item);
      lastKey = String(entity.rowKey);
      keys.push(lastKey);
    }
  }
  return { items, keys, lastKey: null };
}

/** A table and the key its list routes seal continuation tokens with. */
export interface PagedTable {
  table: EntityTable;
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

export interface ShardedPageRequest<T> extends Omit<SealedPageRequest<T>, 'partitionKey'> {
  /** The partitions the list spans, read one after another in this order. */
  partitions: readonly string[];
}

/** How many partitions a page reads at once when the one before held too few rows to fill it. */
const SHARD_WINDOW = 8;
const SHARD_POSITION = /^([0-9]{1,3}):(.*)$/s;

/**
 * One page of a list spread over several partitions (a tenant's directory): partition by
 * partition, each in row-key order. The sealed position names the partition's index beside the
 * last row key, so a token still continues only the same list.
 */
export async function readShardedSealedPage<T>(
  pages: PagedTable,
  request: ShardedPageRequest<T>,
): Promise<Page<T>> {
  const { list, continuationToken, partitions, ...range } = request;
  const fingerprint = fingerprintOf({ ...list, partitions: partitions.length });
  let shard = 0;
  let after: string | null = null;
  if (continuationToken) {
    const position = openContinuation(pages.pagingKey, range.tenantId, fingerprint, continuationToken);
    const match = SHARD_POSITION.exec(position);
    const index = Number(match?.[1]);
    const key = match?.[2] ?? '';
    if (!match || index >= partitions.length || (key !== '' && !key.startsWith(range.prefix)))
      throw invalidContinuation();
    shard = index;
    after = key === '' ? null : key;
  }
  const items: T[] = [];
  while (shard < partitions.length && items.length < range.top) {
    // The first partition continues from the position; the rest start at their beginning, a few at
    // a time, each asked for no more rows than the page still needs.
    const window = partitions.slice(shard, shard + (after === null ? SHARD_WINDOW : 1));
    const want = range.top - items.length;
    const read = await Promise.all(
      window.map((partitionKey, i) =>
        readRangePage(pages.table, { ...range, partitionKey, top: want, after: i === 0 ? after : null }),
      ),
    );
    for (const [i, page] of read.entries()) {
      const room = range.top - items.length;
      // The page filled up in an earlier partition of the window: this one is next, from its start.
      if (room === 0) return { value: items, continuationToken: seal(shard + i, null) };
      items.push(...page.items.slice(0, room));
      // Full inside this partition: continue after the last row taken from it.
      if (page.items.length > room)
        return { value: items, continuationToken: seal(shard + i, lastKeyOf(page, room)) };
      if (page.lastKey !== null) return { value: items, continuationToken: seal(shard + i, page.lastKey) };
    }
    shard += window.length;
    after = null;
  }
  return {
    value: items,
    continuationToken: items.length === range.top && shard < partitions.length ? seal(shard, null) : null,
  };

  function seal(index: number, lastKey: string | null): string {
    return sealContinuation(pages.pagingKey, range.tenantId, fingerprint, `${index}:${lastKey ?? ''}`);
  }
}

/** The row key of a page's `count`-th item: range pages keep keys beside their items. */
function lastKeyOf<T>(page: RangePage<T>, count: number): string {
  const key = page.keys[count - 1];
  if (key === undefined) throw new Error('A range page lost the key of an item it returned.');
  return key;
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
