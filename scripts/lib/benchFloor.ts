import { TableClient, odata, type TransactionAction } from '@azure/data-tables';
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { cloudToEntity } from '../../shared/store/directoryEntities';
import { prefixEnd, ROW } from '../../shared/store/keys';

/** What raw Azurite does on this machine, measured in the same run as the cycles it is a floor for. */
export interface Floor {
  batchWritePerSec: number;
  listPerSec: number;
}

const BATCH = 100;
const PAGE = 1000;
/** The app's batch writer keeps 4 transactions in flight; the floor gets the same. */
const IN_FLIGHT = 4;

/**
 * Writes `sample` cloud-object-shaped entities into one partition of a table of their own in
 * 100-entity transactions, then lists them back in 1,000-entity pages with the range filter the
 * snapshot uses, and drops the table. Azurite's cost per operation grows with the partition's size
 * (its queries scan and sort in JavaScript), so the sample should be as large as the tenant.
 */
export async function measureFloor(
  connectionString: string,
  sample: number,
  progress: (line: string) => void = () => undefined,
): Promise<Floor> {
  const table = TableClient.fromConnectionString(connectionString, `benchfloor${Date.now().toString(36)}`, {
    allowInsecureConnection: /^DefaultEndpointsProtocol=http;/i.test(connectionString),
  });
  await table.createTable();
  const partition = randomUUID();
  try {
    const chunks: TransactionAction[][] = [];
    for (let start = 0; start < sample; start += BATCH) {
      const chunk: TransactionAction[] = [];
      for (let i = start; i < Math.min(sample, start + BATCH); i++) {
        chunk.push(['upsert', cloudToEntity(partition, floorObject(i)), 'Replace']);
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

function floorObject(i: number) {
  const local = `floor.user${i}`;
  return {
    objectId: `00000000-0000-4000-8000-${i.toString(16).padStart(12, '0')}`,
    objectType: 'User' as const,
    userPrincipalName: `${local}@contoso.com`,
    mailNickname: local,
    displayName: `Floor User ${i}`,
    proxyAddresses: [`SMTP:${local}@contoso.com`, `smtp:${local}@contoso.mail.onmicrosoft.com`],
    sipProxyAddress: null,
    onPremisesSecurityIdentifier: `S-1-5-21-1-2-3-${1000 + i}`,
    sourceAnchor: Buffer.from(`floor-${i}`).toString('base64'),
    dirSyncEnabled: true,
    deletedDateTime: null,
    directoryRoleTemplateIds: [],
    sequence: i + 1,
    createdDateTime: '2025-01-01T00:00:00.000Z',
  };
}

/** The floor of a cycle that read `reads` and wrote `writes` entities, in ms. */
export function floorMs(floor: Floor, reads: number, writes: number): number {
  return (reads / floor.listPerSec + writes / floor.batchWritePerSec) * 1000;
}
