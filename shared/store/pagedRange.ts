import { odata, type TableClient } from '@azure/data-tables';
import { MAX_PAGE_SIZE } from './partitionQueries';
import { prefixEnd } from './keys';

export interface RangePageRequest<T> {
  tenantId: string;
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
  /** Row key of the last item returned when more may follow, else null. */
  lastKey: string | null;
}

/** A keyset page over one prefix of the tenant's partition, in row key order. */
export async function readRangePage<T>(
  table: TableClient,
  request: RangePageRequest<T>,
): Promise<RangePage<T>> {
  const lower = request.after ? odata`RowKey gt ${request.after}` : odata`RowKey ge ${request.prefix}`;
  const range = `${odata`PartitionKey eq ${request.tenantId}`} and ${lower} and ${odata`RowKey lt ${prefixEnd(request.prefix)}`}`;
  const filter = request.filter ? `${range} and (${request.filter})` : range;
  const items: T[] = [];
  let lastKey: string | null = null;
  const pages = table
    .listEntities({ queryOptions: { filter } })
    .byPage({ maxPageSize: Math.min(MAX_PAGE_SIZE, request.keep ? MAX_PAGE_SIZE : request.top + 1) });
  for await (const page of pages) {
    for (const entity of page) {
      const item = request.parse(entity);
      if (request.keep && !request.keep(item)) continue;
      if (items.length === request.top) return { items, lastKey };
      items.push(item);
      lastKey = String(entity.rowKey);
    }
  }
  return { items, lastKey: null };
}
