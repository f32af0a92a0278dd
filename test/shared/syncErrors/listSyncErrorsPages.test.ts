import { noWrites } from '../../../shared/sync/reconcile';
import { listSyncErrors } from '../../../shared/syncErrors/listSyncErrors';
import { createOpenErrorCache } from '../../../shared/syncErrors/openErrorCache';
import { memoryTable } from '../../support/table';
import { storeOf } from '../../support/tenantStore';
import { syncError } from './fixtures';

const TENANT = '11111111-2222-3333-4444-555555555555';
const id = (n: number) => n.toString(16).padStart(32, '0');

/** A page asked again under the same errors version is served as made, frozen (its JSON made once). */
test('the same page under the same version is the same page; other requests and a change are not', async () => {
  const table = memoryTable();
  const store = storeOf(table, TENANT);
  const errors = [1, 2, 3].map((n) => syncError({ id: id(n) }));
  await store.cycleWriter.write({ ...noWrites(), errorsToWrite: errors }, new Date(), () =>
    Promise.resolve(),
  );
  const cache = createOpenErrorCache();
  const list = (top: number, token?: string) =>
    listSyncErrors(storeOf(table, TENANT), cache, { state: 'open' }, top, token);
  const first = await list(2);
  expect(first.value.map((e) => e.id)).toEqual([id(1), id(2)]);
  expect(Object.isFrozen(first)).toBe(true);
  expect(await list(2)).toBe(first);
  const next = await list(2, first.continuationToken ?? '');
  expect(next.value.map((e) => e.id)).toEqual([id(3)]);
  expect(await list(3)).not.toBe(first);
  // A tampered token is still refused, not served from what was kept.
  await expect(list(2, `${first.continuationToken ?? ''}x`)).rejects.toMatchObject({
    code: 'InvalidContinuationToken',
  });
  cache.forget(TENANT);
  const again = await list(2);
  expect(again).not.toBe(first);
  expect(again).toEqual(first);
});
