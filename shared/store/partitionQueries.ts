import type { EntityTable } from './entityTable';
import { odata, type TableEntityResult } from '@azure/data-tables';

import { prefixEnd } from './keys';

export const MAX_PAGE_SIZE = 1000;

/** How many of a tenant's partitions one request reads at once. */
export const SHARD_READS = 8;

/**
 * Every row of one partition whose key starts with `prefix`, page by page. The filter is built only
 * with the SDK's `odata` tag; the partition is made from a verified token's tenant and the prefix is ours.
 */
export async function* scanPrefix(
  table: EntityTable,
  partitionKey: string,
  prefix: string,
  extraFilter?: string,
): AsyncGenerator<TableEntityResult<Record<string, unknown>>[]> {
  const range = odata`PartitionKey eq ${partitionKey} and RowKey ge ${prefix} and RowKey lt ${prefixEnd(prefix)}`;
  const filter = extraFilter ? `${range} and (${extraFilter})` : range;
  const pages = table.listEntities({ queryOptions: { filter } }).byPage({ maxPageSize: MAX_PAGE_SIZE });
  for await (const page of pages) yield page;
}

/** Every row of one partition, page by page. */
export async function* scanPartition(
  table: EntityTable,
  partitionKey: string,
): AsyncGenerator<TableEntityResult<Record<string, unknown>>[]> {
  const filter = odata`PartitionKey eq ${partitionKey}`;
  const pages = table.listEntities({ queryOptions: { filter } }).byPage({ maxPageSize: MAX_PAGE_SIZE });
  for await (const page of pages) yield page;
}

export async function readAll<T>(
  table: EntityTable,
  partitionKey: string,
  prefix: string,
  parse: (entity: unknown) => T,
): Promise<T[]> {
  const out: T[] = [];
  for await (const page of scanPrefix(table, partitionKey, prefix))
    for (const entity of page) out.push(parse(entity));
  return out;
}

/** A point read that answers null for a missing row instead of throwing. */
export async function getOrNull(table: EntityTable, partitionKey: string, rowKey: string): Promise<unknown> {
  try {
    return await table.getEntity(partitionKey, rowKey);
  } catch (error) {
    if (isStatus(error, 404)) return null;
    throw error;
  }
}

export function isStatus(error: unknown, status: number): boolean {
  return (
    typeof error === 'object' && error !== null && (error as { statusCode?: unknown }).statusCode === status
  );
}

/**
 * Runs `work` over every item with at most `limit` in flight, answering in the items' order. A
 * tenant's 32 directory partitions are read this way: in parallel, but not 32 queries at once
 * per request.
 */
export async function mapLimited<T, R>(
  items: readonly T[],
  limit: number,
  work: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index] as T, index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

/** The items grouped by partition, in the order each partition first appears, each in the order given. */
export function groupByPartition<T>(items: readonly T[], partitionOf: (item: T) => string): T[][] {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const key = partitionOf(item);
    const group = groups.get(key);
    if (group) group.push(item);
    else groups.set(key, [item]);
  }
  return [...groups.values()];
}
