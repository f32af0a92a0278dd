import { isInsecureConnection } from './tableClientFactory';
import { TableClient } from '@azure/data-tables';
import type { EntityTable } from './entityTable';
import { loadPagingKey } from './pagingKey';
import { registeredTenants } from './registryRepository';
import { openTenantStore, type TenantStore } from './tenantStore';
import type { StoreBase } from './tenantScope';

/** Every tenant's records: one tenant's store at a time, and the registry of tenants. */
export interface TenantStores {
  tenant(tenantId: string): TenantStore;
  /** Every tenant that has records (the timer syncs them). */
  tenants(): Promise<string[]>;
}

export function tenantStores(base: StoreBase): TenantStores {
  return {
    tenant: (tenantId) => openTenantStore(base, tenantId),
    tenants: () => registeredTenants(base),
  };
}

/**
 * The stores of a service running beside the caller (the load test seeds a tenant through them),
 * in the table it keeps its records in (`<prefix>data`, as services.ts names it), with the paging
 * key it made: call this once the service has started, since that is when both exist.
 */
export async function connectStores(
  connectionString: string,
  tablePrefix: string,
  /** Wraps the table (the benchmark meters what a cycle costs through it). */
  wrap: (table: EntityTable) => EntityTable = (table) => table,
): Promise<TenantStores> {
  const client = TableClient.fromConnectionString(connectionString, `${tablePrefix}data`, {
    allowInsecureConnection: isInsecureConnection(connectionString),
  });
  return tenantStores({ table: wrap(client), pagingKey: await loadPagingKey(client) });
}
