import { TableClient } from '@azure/data-tables';
import { randomUUID } from 'node:crypto';

/** A fresh table in the run's Azurite, so integration tests never share rows. */
export async function freshTable(): Promise<TableClient> {
  const name = `it${randomUUID().replace(/-/g, '').slice(0, 16)}`;
  const client = TableClient.fromConnectionString(process.env.TEST_STORAGE_CONNECTION_STRING ?? '', name, {
    allowInsecureConnection: true,
  });
  await client.createTable();
  return client;
}
