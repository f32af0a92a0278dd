import { createMemoryTable } from '../../../shared/store/memoryTable';
import { openTenantStore } from '../../../shared/store/tenantStore';
import { noWrites } from '../../../shared/sync/reconcile';
import { syncError } from '../syncErrors/fixtures';

const TENANT = '11111111-2222-3333-4444-555555555555';

/** The service forgets a tenant's cached errors when this says so (services.ts): it must not miss one. */
describe('the store tells when a tenant’s errors changed', () => {
  const setup = () => {
    const onErrorsChanged = jest.fn<undefined, [tenantId: string]>();
    const store = openTenantStore(
      { table: createMemoryTable(), pagingKey: Buffer.alloc(32), onErrorsChanged },
      TENANT,
    );
    return { store, onErrorsChanged };
  };

  test('after a transaction that writes an error, not after one that does not', async () => {
    const { store, onErrorsChanged } = setup();
    await store.cycleWriter.write({ ...noWrites(), errorsToWrite: [syncError()] }, new Date(), () =>
      Promise.resolve(),
    );
    onErrorsChanged.mockClear();
    await store.transaction().commit(new Date());
    expect(onErrorsChanged).not.toHaveBeenCalled();
    await store
      .transaction()
      .writeErrors([syncError({ diagnoseStatus: 'PendingSync' })])
      .commit(new Date());
    expect(onErrorsChanged).toHaveBeenCalledWith(TENANT);
  });

  test('after a cycle’s writes that change errors, not after one that changes none', async () => {
    const { store, onErrorsChanged } = setup();
    await store.cycleWriter.write(noWrites(), new Date(), () => Promise.resolve());
    expect(onErrorsChanged).not.toHaveBeenCalled();
    await store.cycleWriter.write({ ...noWrites(), errorsToWrite: [syncError()] }, new Date(), () =>
      Promise.resolve(),
    );
    expect(onErrorsChanged).toHaveBeenCalledTimes(1);
  });
});
