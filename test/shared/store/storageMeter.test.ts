import type { EntityTable } from '../../../shared/store/entityTable';
import { meteredTable } from '../../../shared/store/storageMeter';
import { freshTable, memoryTable } from '../../support/table';

/** The benchmark's cost figure: one request per point operation, per batch, per query page. */
describe.each([
  ['memory', () => Promise.resolve(memoryTable() as EntityTable)],
  ['Azurite', async () => (await freshTable()) as EntityTable],
])('meteredTable (%s)', (_name, makeTable) => {
  test('counts point operations, each batch once, and each page of a query', async () => {
    const meter = meteredTable(await makeTable());
    const { table } = meter;
    for (let start = 0; start < 2500; start += 100) {
      await table.submitTransaction(
        Array.from({ length: 100 }, (_, i) => [
          'create',
          { partitionKey: 'p', rowKey: String(start + i).padStart(5, '0') },
        ]),
      );
    }
    expect(meter.transactions()).toBe(25);
    await table.getEntity('p', '00001');
    await table.upsertEntity({ partitionKey: 'p', rowKey: 'x' }, 'Merge');
    await table.deleteEntity('p', 'x');
    expect(meter.transactions()).toBe(28);
    meter.reset();
    let rows = 0;
    for await (const page of table
      .listEntities({ queryOptions: { filter: "PartitionKey eq 'p'" } })
      .byPage({ maxPageSize: 1000 }))
      rows += page.length;
    expect(rows).toBe(2500);
    expect(meter.transactions()).toBe(3);
  });
});
