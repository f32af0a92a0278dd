import type { EntityTable } from './entityTable';
import { resolveLayout, type TenantLayout } from './tenantLayout';

/**
 * What every repository of one tenant is bound to: the table, the key list tokens are sealed with,
 * the tenant (from the caller's verified token), and where its records live.
 */
export interface TenantScope {
  readonly table: EntityTable;
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
}

export function tenantScope(base: StoreBase, tenantId: string): TenantScope {
  return {
    table: base.table,
    pagingKey: base.pagingKey,
    tenantId,
    layout: () => resolveLayout(base.table, tenantId, base.directoryPartitions),
  };
}
