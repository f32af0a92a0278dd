import type { EntityTable } from './entityTable';
import type { TenantLayout } from './tenantLayout';

/**
 * What every repository of one tenant is bound to: the table, the key list tokens are sealed with,
 * the tenant (from the caller's verified token), and where its records live.
 */
export interface TenantScope {
  readonly table: EntityTable;
  /** Says that the tenant's errors changed (see StoreBase.onErrorsChanged). */
  errorsChanged(): void;
  readonly pagingKey: Buffer;
  readonly tenantId: string;
  /** The tenant's layout, read when first needed (and again while it is version 1). */
  layout(): Promise<TenantLayout>;
}

export interface StoreBase {
  table: EntityTable;
  pagingKey: Buffer;
  /** Directory partitions a tenant created now gets (tenantLayout.ts); 32 unless set. */
  directoryPartitions?: number;
  /**
   * Told after a change to a tenant's errors is written through this store (a transaction, a
   * cycle, a completed intent): the service's in-memory error cache forgets the tenant.
   */
  onErrorsChanged?: (tenantId: string) => void;
}
