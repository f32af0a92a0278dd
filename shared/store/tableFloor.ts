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
 * Raw Table Storage doing what a full cycle does, in a table of its own: `prefill` entities are
 * written first and not timed (the source objects a first cycle finds in the tenant's partitions),
 * then `sample` cloud objects (`objectAt(i)`) are written and timed: spread over a tenant's directory
 * partitions as the store spreads them (tenantLayout.ts), in 100-entity transactions of one
 * partition each, 4 in flight taken from the partitions in turn, as the cycle's writer sends them.
 * Then every partition is listed back in 1,000-entity pages, 8 partitions at a time as the cycle's
 * snapshot reads them, and the table is dropped. Azurite's cost per operation grows with the
 * partition's and the table's size, so the floor is measured at the tenant's size.
 */
export async function measureTableFloor(
  connectionString: string,
  sample: number,
  objectAt: (i: number) => CloudObject,
  progress: (line: string) => void = () => undefined,
  partitions: number = DEFAULT_DIRECTORY_PARTITIONS,
  prefill = 0,
): Promise<TableFloor> {
  const table = TableClient.fromConnectionString(connectionString, `benchfloor${Date.now().toString(36)}`, {
    allowInsecureConnection: isInsecureConnection(connectionString),
  });
  await table.createTable();
  const layout = layoutOf(randomUUID(), { version: 2, shards: partitions });
  const write = async (from: number, count: number, what: string): Promise<number> => {
    const perPartition = groupByPartition(
      Array.from({ length: count }, (_, i) => {
        const cloud = objectAt(from + i);
        return cloudToEntity(partitionOf.cloud(layout, cloud.objectId), cloud);
      }),
      (e) => e.partitionKey,
    ).map((group) => {
      const out: TransactionAction[][] = [];
      for (let start = 0; start < group.length; start += BATCH)
        out.push(group.slice(start, start + BATCH).map((e): TransactionAction => ['upsert', e, 'Replace']));
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
        if (written % 10_000 < BATCH) progress(`floor: ${written}/${count} ${what}`);
      }
    };
    await Promise.all(Array.from({ length: IN_FLIGHT }, worker));
    return (performance.now() - start) / 1000;
  };
  try {
    if (prefill > 0) await write(sample, prefill, 'entities written first (not timed)');
    const writeSeconds = await write(0, sample, 'entities written');
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
    if (listed !== sample + prefill)
      throw new Error(`floor: listed ${listed} of ${sample + prefill} entities`);
    return { batchWritePerSec: sample / writeSeconds, listPerSec: listed / listSeconds };
  } finally {
    await table.deleteTable();
  }
}
