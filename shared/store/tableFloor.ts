import { MAX_ACTIONS } from './batchWriter';
import { MAX_PAGE_SIZE } from './partitionQueries';
import { isInsecureConnection } from './tableClientFactory';
import { TableClient, odata, type TransactionAction } from '@azure/data-tables';
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import type { CloudObject } from '../directory/model';
import { cloudToEntity } from './directoryEntities';
import { prefixEnd, ROW } from './keys';

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
 * Writes `sample` cloud objects (`objectAt(i)`) into one partition of a table of their own in
 * 100-entity transactions, then lists them back in 1,000-entity pages with the range filter the
 * snapshot uses, and drops the table. Azurite's cost per operation grows with the partition's size
 * (its queries scan and sort in JavaScript), so the sample should be as large as the tenant.
 */
export async function measureTableFloor(
  connectionString: string,
  sample: number,
  objectAt: (i: number) => CloudObject,
  progress: (line: string) => void = () => undefined,
): Promise<TableFloor> {
  const table = TableClient.fromConnectionString(connectionString, `benchfloor${Date.now().toString(36)}`, {
    allowInsecureConnection: isInsecureConnection(connectionString),
  });
  await table.createTable();
  const partition = randomUUID();
  try {
    const chunks: TransactionAction[][] = [];
    for (let start = 0; start < sample; start += BATCH) {
      const chunk: TransactionAction[] = [];
      for (let i = start; i < Math.min(sample, start + BATCH); i++) {
        chunk.push(['upsert', cloudToEntity(partition, objectAt(i)), 'Replace']);
      }
      chunks.push(chunk);
    }
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

    const filter = odata`PartitionKey eq ${partition} and RowKey ge ${ROW.cloudPrefix} and RowKey lt ${prefixEnd(ROW.cloudPrefix)}`;
    const listStart = performance.now();
    let listed = 0;
    for await (const page of table.listEntities({ queryOptions: { filter } }).byPage({ maxPageSize: PAGE })) {
      listed += page.length;
    }
    const listSeconds = (performance.now() - listStart) / 1000;
    if (listed !== sample) throw new Error(`floor: listed ${listed} of ${sample} entities`);
    return { batchWritePerSec: sample / writeSeconds, listPerSec: sample / listSeconds };
  } finally {
    await table.deleteTable();
  }
}
