import { IN_FLIGHT, submitInBatches } from './batchWriter';
import { mapLimited, MAX_PAGE_SIZE, SHARD_READS } from './partitionQueries';
import { DEFAULT_DIRECTORY_PARTITIONS, layoutOf, partitionOf } from './tenantLayout';
import { isInsecureConnection } from './tableClientFactory';
import { TableClient, odata, type TransactionAction } from '@azure/data-tables';
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import type { CloudObject } from '../directory/model';
import { cloudToEntity } from './directoryEntities';

/** What raw Table Storage (Azurite, in the benchmark) does on this machine, in entities a second. */
export interface TableFloor {
  batchWritePerSec: number;
  listPerSec: number;
}

const PAGE = MAX_PAGE_SIZE;

/**
 * Raw Table Storage doing what a first full cycle does, in a table of its own, over a tenant's
 * directory partitions as the store spreads them (tenantLayout.ts):
 * 1. `sample` rows are written and not timed: the source objects the cycle finds;
 * 2. timed: `sample` new rows are created (`objectAt(i)`, the cloud objects) and the first rows are
 *    each merged with a small change (the connector states), in 100-entity transactions of one
 *    partition each, 4 in flight taken from the partitions in turn, as the cycle's writer sends them;
 * 3. timed: every partition is listed back in 1,000-entity pages, 8 partitions at a time, as the
 *    cycle's snapshot reads them.
 * The table is dropped. Azurite's cost per operation grows with the partition's and the table's
 * size, so the floor is measured at the tenant's size.
 */
export async function measureTableFloor(
  connectionString: string,
  sample: number,
  objectAt: (i: number) => CloudObject,
  progress: (line: string) => void = () => undefined,
  partitions: number = DEFAULT_DIRECTORY_PARTITIONS,
): Promise<TableFloor> {
  const table = TableClient.fromConnectionString(connectionString, `benchfloor${Date.now().toString(36)}`, {
    allowInsecureConnection: isInsecureConnection(connectionString),
  });
  await table.createTable();
  const layout = layoutOf(randomUUID(), { version: 2, shards: partitions });
  const entityAt = (i: number) => {
    const cloud = objectAt(i);
    return cloudToEntity(partitionOf.cloud(layout, cloud.objectId), cloud);
  };
  /** Sends the actions with the cycle's own writer (batchWriter.ts); answers the seconds it took. */
  const send = async (actions: TransactionAction[], what: string): Promise<number> => {
    const start = performance.now();
    let reported = 0;
    await submitInBatches(table, actions, IN_FLIGHT, (written) => {
      if (written - reported < 10_000) return;
      reported = written;
      progress(`floor: ${written}/${actions.length} ${what}`);
    });
    return (performance.now() - start) / 1000;
  };
  try {
    const existing = Array.from({ length: sample }, (_, i) => entityAt(sample + i));
    await send(
      existing.map((e): TransactionAction => ['upsert', e, 'Replace']),
      'rows the tenant holds, written first (not timed)',
    );
    const writeSeconds = await send(
      [
        ...Array.from({ length: sample }, (_, i): TransactionAction => ['create', entityAt(i)]),
        ...existing.map(({ partitionKey, rowKey }): TransactionAction => [
          'update',
          { partitionKey, rowKey, connectorState: 'Joined' },
          'Merge',
        ]),
      ],
      'rows created and merged',
    );
    const listStart = performance.now();
    let listed = 0;
    await mapLimited(layout.shards, SHARD_READS, async (partition) => {
      const filter = odata`PartitionKey eq ${partition}`;
      for await (const page of table
        .listEntities({ queryOptions: { filter } })
        .byPage({ maxPageSize: PAGE })) {
        listed += page.length;
      }
    });
    const listSeconds = (performance.now() - listStart) / 1000;
    if (listed !== 2 * sample) throw new Error(`floor: listed ${listed} of ${2 * sample} entities`);
    return { batchWritePerSec: (2 * sample) / writeSeconds, listPerSec: listed / listSeconds };
  } finally {
    await table.deleteTable();
  }
}
