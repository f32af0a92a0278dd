import { randomUUID } from 'node:crypto';
import type { EntityTable } from '../../shared/store/entityTable';
import { markSourceObjectDeleted, upsertSourceObjects } from '../../shared/directory/sourceObjectRecords';
import { sourceObjectsBody } from '../../shared/contract/directorySchemas';
import { sourceRowKey } from '../../shared/store/keys';
import { readTenantSnapshot } from '../../shared/store/tenantSnapshot';
import { runSyncCycle } from '../../shared/sync/runSyncCycle';
import { gatedTable, orAfter, signal } from '../support/gatedTable';
import { memoryTable } from '../support/table';
import { storeOf, storesOf } from '../support/tenantStore';

/**
 * Issue 11, defect 1, made deterministic (on the memory table): a PUT that brings back a deleted source
 * object passes its checks just before a cycle starts, and its write lands after the cycle read the
 * tenant but before the cycle's last phase removes the deleted source's row. The PUT was answered
 * 200 and its object was gone. Gates on each side's transactions force exactly that order when the
 * code allows it; code that keeps writes out of a running cycle runs them one after the other.
 */
let table: EntityTable;
beforeAll(() => {
  table = memoryTable();
});

const victim = sourceObjectsBody.parse({
  objects: [{ sourceAnchor: 'victim', objectType: 'User', userPrincipalName: 'victim@contoso.com' }],
}).objects;

const touches = (actions: readonly unknown[], rowKey: string, kinds: readonly string[]) =>
  actions.some((a) => {
    const [kind, entity] = a as [string, { rowKey?: string }];
    return kinds.includes(kind) && entity.rowKey === rowKey;
  });

test('a write acknowledged while a cycle starts is never undone by that cycle', async () => {
  const tenant = randomUUID();
  await upsertSourceObjects(storeOf(table, tenant), victim, new Date());
  await runSyncCycle({ store: storesOf(table), now: () => new Date(), leaseSeconds: 60 }, tenant, 'http');
  await markSourceObjectDeleted(storeOf(table, tenant), 'victim', new Date());

  const cycleWrote = signal();
  const putDone = signal();
  const row = sourceRowKey('victim');
  // The PUT's write of the victim waits until the cycle has begun writing (so has read the tenant).
  const writer = gatedTable(table, async (actions) => {
    if (touches(actions, row, ['create', 'upsert', 'update'])) await orAfter(cycleWrote.promise, 1500);
  });
  // The cycle's removal of the victim's row waits until the PUT has been answered.
  const cycler = gatedTable(table, async (actions) => {
    cycleWrote.fire();
    if (touches(actions, row, ['delete'])) await orAfter(putDone.promise, 1500);
  });

  const put = upsertSourceObjects(storeOf(writer, tenant), victim, new Date()).finally(putDone.fire);
  // The cycle starts once the PUT is on its way (past any check it makes before writing).
  await new Promise((r) => setTimeout(r, 50));
  const cycle = runSyncCycle(
    { store: storesOf(cycler), now: () => new Date(), leaseSeconds: 60 },
    tenant,
    'http',
  );
  const [putOutcome, cycleOutcome] = await Promise.allSettled([put, cycle]);

  expect(putOutcome.status).toBe('fulfilled');
  expect(cycleOutcome.status).toBe('fulfilled');
  const after = await readTenantSnapshot(table, tenant);
  // Acknowledged, so it is there and not deleted: this cycle (or the next) provisions it again.
  expect(after.sourceObjects.map((s) => [s.sourceAnchor, s.deletedAt])).toEqual([['victim', null]]);
});
