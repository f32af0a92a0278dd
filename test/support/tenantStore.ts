import type { EntityTable } from '../../shared/store/entityTable';
import { upsertSourceObjects } from '../../shared/directory/sourceObjectRecords';
import { sourceRowKey } from '../../shared/store/keys';
import { registeredTenants } from '../../shared/store/registryRepository';
import { partitionOf } from '../../shared/store/tenantLayout';
import { openTenantStore, type TenantStore } from '../../shared/store/tenantStore';

/** Tests seal no tokens they need to share with a service: any fixed key will do. */
const TEST_PAGING_KEY = Buffer.alloc(32, 7);

/** A tenant's store over a test's table (Azurite, the memory table, or a faulty or gated one). */
export function storeOf(table: EntityTable, tenantId: string): TenantStore {
  return openTenantStore({ table, pagingKey: TEST_PAGING_KEY }, tenantId);
}

/** Every tenant's store over a test's table, as a sync cycle's dependencies take them. */
export function storesOf(table: EntityTable): {
  tenant(tenantId: string): TenantStore;
  tenants(): Promise<string[]>;
} {
  return { tenant: (tenantId) => storeOf(table, tenantId), tenants: () => registeredTenants({ table }) };
}

/**
 * Makes a stored source object unreadable (an object type the records refuse), written past the
 * store as a bad row would be: every cycle of its tenant then fails. Found in its directory
 * partition, wherever the tenant's layout put it.
 */
export async function breakSourceRow(
  table: EntityTable,
  tenantId: string,
  sourceAnchor: string,
): Promise<void> {
  const layout = await storeOf(table, tenantId).layout();
  await table.updateEntity(
    {
      partitionKey: partitionOf.source(layout, sourceAnchor),
      rowKey: sourceRowKey(sourceAnchor),
      objectType: 'Printer',
    },
    'Merge',
  );
}

/** A tenant holding one user (anchor `a`): the least a cycle has to sync. */
export async function tenantWithOneUser(table: EntityTable, tenantId: string): Promise<void> {
  await upsertSourceObjects(
    storeOf(table, tenantId),
    [
      {
        sourceAnchor: 'a',
        objectType: 'User',
        userPrincipalName: 'a@contoso.com',
        displayName: 'a',
        proxyAddresses: [],
        inScope: true,
      },
    ],
    new Date(),
  );
}
