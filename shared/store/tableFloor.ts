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
 * Writes `sample` cloud objects (`objectAt(i)`) into a table of their own, spread over a tenant's
 * directory partitions as the store spreads them (tenantLayout.ts), in 100-entity transactions of
 * one partition each, 4 in flight as the cycle's writer keeps them; then lists every partition back
 * in 1,000-entity pages, 8 partitions at a time as the cycle's snapshot reads them, and drops the
 * table. Azurite's cost per operation grows with the partition's size (its queries scan and sort in
 * JavaScript), so the sample should be as large as the tenant.
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
  try {
    const entities = Array.from({ length: sample }, (_, i) => {
      const cloud = objectAt(i);
      return cloudToEntity(partitionOf.cloud(layout, cloud.objectId), cloud);
    });
    const chunks = groupByPartition(entities, (e) => e.partitionKey).flatMap((group) => {
      const out: TransactionAction[][] = [];
      for (let start = 0; start < group.length; start += BATCH)
        out.push(group.slice(start, start + BATCH).map((e): TransactionAction => ['upsert', e, 'Replace']));
      return out;
    });
    const writeStart = performance.now();
    let next = 0;
    let written = 0;
    const worker = async (): Promise<void> => {
      while (next < chunks.length) {
        const chunk = chunks[next++];
        if (!chunk) return;
        await table.submitTransaction(chunk);
        written += chunk.length;
        if (written % 10_000 < BATCH) progress(`floor: ${written}/${sample} entities written`);
      }
    };
    await Promise.all(Array.from({ length: IN_FLIGHT }, worker));
    const writeSeconds = (performance.now() - writeStart) / 1000;

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
    if (listed !== sample) throw new Error(`floor: listed ${listed} of ${sample} entities`);
    return { batchWritePerSec: sample / writeSeconds, listPerSec: sample / listSeconds };
  } finally {
    await table.deleteTable();
  }
}
