import { MAX_ACTIONS } from './batchWriter';
import { groupByPartition, mapLimited, MAX_PAGE_SIZE, SHARD_READS } from './partitionQueries';
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

const BATCH = MAX_ACTIONS;
const PAGE = MAX_PAGE_SIZE;
/** The app's batch writer keeps 4 transactions in flight; the floor gets the same. */
const IN_FLIGHT = 4;

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
  /** Sends the actions as the cycle's writer does; answers the seconds it took. */
  const send = async (actions: TransactionAction[], what: string): Promise<number> => {
    const perPartition = groupByPartition(actions, (a) => a[1].partitionKey).map((group) => {
      const out: TransactionAction[][] = [];
      for (let start = 0; start < group.length; start += BATCH) out.push(group.slice(start, start + BATCH));
      return out;
    });
    const chunks: TransactionAction[][] = [];
    for (let round = 0; round < Math.max(0, ...perPartition.map((c) => c.length)); round++)
      for (const c of perPartition) if (c[round]) chunks.push(c[round] ?? []);
    const start = performance.now();
    let next = 0;
    let written = 0;
    const worker = async (): Promise<void> => {
      while (next < chunks.length) {
        const chunk = chunks[next++];
        if (!chunk) return;
        await table.submitTransaction(chunk);
        written += chunk.length;
        if (written % 10_000 < BATCH) progress(`floor: ${written}/${actions.length} ${what}`);
      }
    };
    await Promise.all(Array.from({ length: IN_FLIGHT }, worker));
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
