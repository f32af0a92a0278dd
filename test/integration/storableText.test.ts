import type { TableClient } from '@azure/data-tables';
import { UnstorableTextError } from '../../shared/store/storableText';
import { refuseUnstorableText } from '../../shared/store/tableClientFactory';
import { freshTable } from '../support/table';

/**
 * U+2028 / U+2029 never reach the store (issue 11, defect 4): Azurite fails a batch holding one.
 * Every write path of the client the app uses (createTableClient) refuses them before sending.
 */
let table: TableClient;
beforeAll(async () => {
  table = refuseUnstorableText(await freshTable());
});

const bad = (rowKey: string) => ({ partitionKey: 'p', rowKey, name: 'Ada\u2028Admin' });

test.each([
  ['createEntity', () => table.createEntity(bad('a'))],
  ['upsertEntity', () => table.upsertEntity(bad('b'), 'Replace')],
  ['updateEntity', () => table.updateEntity(bad('c'), 'Merge')],
  [
    'submitTransaction',
    () =>
      table.submitTransaction([
        ['create', { partitionKey: 'p', rowKey: 'ok' }],
        ['create', bad('d')],
      ]),
  ],
])('%s refuses a value holding U+2028 and writes nothing', async (_, write) => {
  await expect(write()).rejects.toBeInstanceOf(UnstorableTextError);
  const rows: unknown[] = [];
  for await (const row of table.listEntities()) rows.push(row);
  expect(rows).toEqual([]);
});

test('U+2029 is refused too; ordinary Unicode (pairs, accents, CJK) is stored as given', async () => {
  await expect(table.createEntity({ partitionKey: 'p', rowKey: 'e', v: 'a\u2029b' })).rejects.toThrow(
    /U\+2028 or U\+2029/,
  );
  const fine = 'Zoë 😀 山田 \u00a0';
  await table.submitTransaction([['create', { partitionKey: 'q', rowKey: 'f', v: fine }]]);
  expect((await table.getEntity<{ v: string }>('q', 'f')).v).toBe(fine);
});
