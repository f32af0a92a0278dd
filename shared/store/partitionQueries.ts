import type { EntityTable } from './entityTable';
import { odata, type TableEntityResult } from '@azure/data-tables';

import { prefixEnd } from './keys';

export const MAX_PAGE_SIZE = 1000;

/**
 * Every row of one tenant whose key starts with `prefix`, page by page. The filter is built only
 * with the SDK's `odata` tag; the tenant id comes from a verified token and the prefix is ours.
 */
export async function* scanPrefix(
  table: EntityTable,
  tenantId: string,
  prefix: string,
  extraFilter?: string,
): AsyncGenerator<TableEntityResult<Record<string, unknown>>[]> {
  const range = odata`PartitionKey eq ${tenantId} and RowKey ge ${prefix} and RowKey lt ${prefixEnd(prefix)}`;
  const filter = extraFilter ? `${range} and (${extraFilter})` : range;
  const pages = table.listEntities({ queryOptions: { filter } }).byPage({ maxPageSize: MAX_PAGE_SIZE });
  for await (const page of pages) yield page;
}

export async function readAll<T>(
  table: EntityTable,
  tenantId: string,
  prefix: string,
  parse: (entity: unknown) => T,
): Promise<T[]> {
  const out: T[] = [];
  for await (const page of scanPrefix(table, tenantId, prefix))
    for (const entity of page) out.push(parse(entity));
  return out;
}

/** A point read that answers null for a missing row instead of throwing. */
export async function getOrNull(table: EntityTable, tenantId: string, rowKey: string): Promise<unknown> {
  try {
    return await table.getEntity(tenantId, rowKey);
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
