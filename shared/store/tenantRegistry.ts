import type { EntityTable } from './entityTable';

/** Tenant ids are GUIDs, so this partition name can never be a tenant's. */
const REGISTRY_PARTITION = '_tenants';

/** Remembers that a tenant has records, so the timer knows whom to sync without scanning. */
export async function registerTenant(table: EntityTable, tenantId: string, at: Date): Promise<void> {
  await table.upsertEntity(
    { partitionKey: REGISTRY_PARTITION, rowKey: tenantId, registeredAt: at.toISOString() },
    'Merge',
  );
}

export async function listTenants(table: EntityTable): Promise<string[]> {
  const tenants: string[] = [];
  const pages = table
    .listEntities<{ rowKey: string }>({
      queryOptions: { filter: `PartitionKey eq '${REGISTRY_PARTITION}'`, select: ['RowKey'] },
    })
    .byPage({ maxPageSize: 1000 });
  for await (const page of pages) for (const entity of page) tenants.push(entity.rowKey);
  return tenants;
}
