import { TableClient } from '@azure/data-tables';
import { randomUUID } from 'node:crypto';
import { createMemoryTable, type MemoryTable } from '../../shared/store/memoryTable';

/** A fresh table in the run's Azurite, so integration tests never share rows. */
export async function freshTable(): Promise<TableClient> {
  const name = `it${randomUUID().replace(/-/g, '').slice(0, 16)}`;
  const client = TableClient.fromConnectionString(process.env.TEST_STORAGE_CONNECTION_STRING ?? '', name, {
    allowInsecureConnection: true,
  });
  await client.createTable();
  return client;
}

/**
 * A fresh in-memory table with the same semantics (test/shared/store/tableContract.test.ts holds
 * the two to one contract): for tests of our logic rather than of Azure's behaviour.
 */
export function memoryTable(): MemoryTable {
  return createMemoryTable();
}
