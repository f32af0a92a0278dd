import { randomUUID } from 'node:crypto';
import { AppError } from '../../../shared/errors';
import { cloud } from '../sync/reconcileFixtures';
import { memoryTable } from '../../support/table';
import { storeOf } from '../../support/tenantStore';

/**
 * The tenant transaction's answers when a write loses a race against a row read before it: every
 * such loss is 409 ConcurrentUpdate (retry), never a 500; nothing of the transaction is written.
 */
describe('tenantTransaction.commit', () => {
  const objectId = '66666666-6666-4666-8666-666666666666';

  test('a row that changed (412), went (404) or appeared (409) since it was read: ConcurrentUpdate, nothing written', async () => {
    const table = memoryTable();
    const store = storeOf(table, randomUUID());
    const other = cloud('77777777-7777-4777-8777-777777777777');
    const cases = {
      // The object is gone: a conditional replace finds nothing (404).
      gone: () =>
        store.transaction().replaceCloud(cloud(objectId), 'W/"datetime\'2020-01-01T00%3A00%3A00Z\'"'),
      // The object is back: undo's create finds it (409).
      appeared: async () => {
        await store.transaction().createCloud(cloud(objectId)).commit(new Date());
        return store.transaction().createCloud(cloud(objectId));
      },
      // The object moved on: its ETag no longer matches (412).
      changed: async () => {
        const read = await store.directory.getCloud(objectId);
        await store
          .transaction()
          .replaceCloud(cloud(objectId, { displayName: 'moved on' }), null)
          .commit(new Date());
        return store.transaction().replaceCloud(cloud(objectId, { displayName: 'late' }), read?.etag ?? null);
      },
    };
    for (const [name, build] of Object.entries(cases)) {
      const tx = (await build()).createCloud(other);
      const failure = await tx.commit(new Date()).then(
        () => null,
        (error: unknown) => error,
      );
      expect({ name, failure }).toEqual({ name, failure: expect.any(AppError) });
      expect({ name, code: (failure as AppError).code }).toEqual({ name, code: 'ConcurrentUpdate' });
      expect(await store.directory.getCloud(other.objectId)).toBeNull();
    }
  });
});
