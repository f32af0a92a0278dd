import { TableClient } from '@azure/data-tables';

test('azurite answers', async () => {
  const client = TableClient.fromConnectionString(process.env.TEST_STORAGE_CONNECTION_STRING!, 'smoke', {
    allowInsecureConnection: true,
  });
  await client.createTable();
  await client.upsertEntity({ partitionKey: 'p', rowKey: 'r', v: 1 });
  expect((await client.getEntity<{ v: number }>('p', 'r')).v).toBe(1);
});
