import { odata, type TransactionAction } from '@azure/data-tables';
import { submitInBatches } from './batchWriter';
import type { EntityTable } from './entityTable';
import { prefixEnd, ROW } from './keys';
import { MAX_PAGE_SIZE } from './partitionQueries';
import {
  DEFAULT_DIRECTORY_PARTITIONS,
  layoutOf,
  MOVED_PREFIXES,
  readLayoutRow,
  remember,
  writeLayoutRow,
  type TenantLayout,
} from './tenantLayout';

export interface MigrationReport {
  /** Rows copied to their version-2 partitions (0 when the tenant needed no migration). */
  copied: number;
  /** Version-1 rows removed from the control partition afterwards. */
  removed: number;
}

/**
 * Moves a tenant written by the one-partition layout (version 1) to version 2, once, under the
 * cycle's lease (so no writer runs beside it), losing nothing whatever step a crash cuts:
 * 1. every moved row is copied, as it is, to its version-2 partition (upserts: a copy cut short is
 *    made again whole by the next cycle, and version 1 stays what everyone reads until 2);
 * 2. the layout row is written: from here on version 2 is read, and it already holds everything;
 * 3. the version-1 rows are deleted, and the layout row says so (a cut here leaves rows nobody
 *    reads, which the next cycle deletes).
 * `keepAlive` runs between batches of work (the cycle renews its lease there).
 */
export async function migrateLayout(
  table: EntityTable,
  tenantId: string,
  keepAlive: () => Promise<void>,
  shards: number = DEFAULT_DIRECTORY_PARTITIONS,
): Promise<MigrationReport> {
  const existing = await readLayoutRow(table, tenantId);
  if (existing && !existing.legacyRowsLeft) return { copied: 0, removed: 0 };
  let copied = 0;
  let target: TenantLayout;
  if (existing) {
    target = layoutOf(tenantId, existing);
  } else {
    target = layoutOf(tenantId, { version: 2, shards });
    for (const prefix of MOVED_PREFIXES) {
      for await (const page of legacyRows(table, tenantId, prefix)) {
        await keepAlive();
        const copies = page.map((row): TransactionAction => [
          'upsert',
          { ...row, partitionKey: destination(target, prefix, row.rowKey) },
          'Replace',
        ]);
        copied += (await submitInBatches(table, copies)).entitiesWritten;
      }
    }
    await writeLayoutRow(table, tenantId, { version: 2, shards, legacyRowsLeft: true });
  }
  let removed = 0;
  for (const prefix of MOVED_PREFIXES) {
    // Read whole before deleting: deleting while paging would move the continuation under it.
    const rowKeys: string[] = [];
    for await (const page of legacyRows(table, tenantId, prefix))
      rowKeys.push(...page.map((row) => row.rowKey));
    await keepAlive();
    const deletes = rowKeys.map((rowKey): TransactionAction => [
      'delete',
      { partitionKey: tenantId, rowKey },
    ]);
    removed += (await submitInBatches(table, deletes)).entitiesWritten;
  }
  await writeLayoutRow(table, tenantId, { version: 2, shards: target.shards.length });
  remember(table, target);
  return { copied, removed };
}

function destination(layout: TenantLayout, prefix: string, rowKey: string): string {
  switch (prefix) {
    case ROW.sourcePrefix:
    case ROW.cloudPrefix:
      return layout.directoryPartition(rowKey);
    case ROW.resolvedErrorPrefix:
      return layout.history;
    case ROW.auditPrefix:
      return layout.audit;
    default:
      return layout.cycles;
  }
}

/** The rows of one prefix of the control partition, page by page, as stored (the service's own fields dropped). */
async function* legacyRows(
  table: EntityTable,
  tenantId: string,
  prefix: string,
): AsyncGenerator<({ partitionKey: string; rowKey: string } & Record<string, unknown>)[]> {
  const filter = odata`PartitionKey eq ${tenantId} and RowKey ge ${prefix} and RowKey lt ${prefixEnd(prefix)}`;
  const pages = table.listEntities({ queryOptions: { filter } }).byPage({ maxPageSize: MAX_PAGE_SIZE });
  for await (const page of pages) {
    yield page.map((entity) => {
      // The service's own fields are not written back.
      const row: Record<string, unknown> = { ...entity };
      delete row.etag;
      delete row.timestamp;
      return { ...row, partitionKey: tenantId, rowKey: String(entity.rowKey) };
    });
  }
}
