import type { EntityTable } from './entityTable';
import { listTenants, registerTenant } from './tenantRegistry';

/** The registry of tenants that have records: the timer syncs them without scanning. */
export interface RegistryRepository {
  /** Remembers that this tenant has records (idempotent). */
  register(at: Date): Promise<void>;
}

export function registryRepository(base: { table: EntityTable }, tenantId: string): RegistryRepository {
  return { register: (at) => registerTenant(base.table, tenantId, at) };
}

/** Every registered tenant (the registry is the one read across tenants). */
export function registeredTenants(base: { table: EntityTable }): Promise<string[]> {
  return listTenants(base.table);
}
