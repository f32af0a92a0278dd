import { odata } from '@azure/data-tables';
import { z } from 'zod';
import type { EntityTable } from './entityTable';
import { cloudRowKey, prefixEnd, ROW, sourceRowKey } from './keys';
import { getOrNull, isStatus } from './partitionQueries';

/**
 * Where a tenant's records live. Azure Table Storage serves about 2,000 entities a second per
 * partition, and Azurite finds a keyed entity by scanning its partition, so one partition per
 * tenant caps a tenant at a few thousand objects. The tenant is spread instead:
 * - the control partition (the tenant id itself): settings, lease, sequence, errors version, open
 *   errors, idempotency claims and a fix's intent: small, and what every request touches;
 * - the directory (source and cloud objects) hashed over `shards` partitions `<tenant>~dir~NN`,
 *   fixed when the tenant is created (default 32);
 * - append-only records in partitions of their own: `<tenant>~audit`, `<tenant>~history` (resolved
 *   errors) and `<tenant>~cycles` (cycle summaries and requests).
 * Tenant ids are GUIDs, so no tenant's partition starts with another's id and a `~` suffix.
 *
 * Version 1 is the layout before this one: everything in the control partition. A tenant written
 * by that code has no layout row; it is served as version 1 until its first cycle migrates it
 * (layoutMigration.ts).
 */
export interface TenantLayout {
  readonly tenantId: string;
  readonly version: 1 | 2;
  readonly control: string;
  /** The directory's partitions, in shard order. */
  readonly shards: readonly string[];
  readonly audit: string;
  readonly history: string;
  readonly cycles: string;
  /** The directory partition a source or cloud row key lives in. */
  directoryPartition(rowKey: string): string;
}

export const DEFAULT_DIRECTORY_PARTITIONS = 32;
export const MAX_DIRECTORY_PARTITIONS = 256;

const layoutRow = z.object({
  version: z.literal(2),
  shards: z.number().int().min(1).max(MAX_DIRECTORY_PARTITIONS),
  /** True while version-1 rows may remain in the control partition after a migration's copy. */
  legacyRowsLeft: z.boolean().optional(),
});
export type LayoutRow = z.output<typeof layoutRow>;

/** The prefixes version 1 kept in the control partition that version 2 keeps elsewhere. */
export const MOVED_PREFIXES = [
  ROW.sourcePrefix,
  ROW.cloudPrefix,
  ROW.resolvedErrorPrefix,
  ROW.auditPrefix,
  ROW.cyclePrefix,
  ROW.cycleRequestPrefix,
] as const;

/** FNV-1a: cheap, stable across processes and releases (the shard of a stored row must never move). */
export function shardOf(rowKey: string, shards: number): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < rowKey.length; i++) {
    hash ^= rowKey.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash % shards;
}

export function layoutOf(tenantId: string, row: LayoutRow | null): TenantLayout {
  if (row === null) {
    return {
      tenantId,
      version: 1,
      control: tenantId,
      shards: [tenantId],
      audit: tenantId,
      history: tenantId,
      cycles: tenantId,
      directoryPartition: () => tenantId,
    };
  }
  const shards = Array.from(
    { length: row.shards },
    (_, i) => `${tenantId}~dir~${i.toString(16).padStart(2, '0')}`,
  );
  return {
    tenantId,
    version: 2,
    control: tenantId,
    shards,
    audit: `${tenantId}~audit`,
    history: `${tenantId}~history`,
    cycles: `${tenantId}~cycles`,
    directoryPartition: (rowKey) => shards[shardOf(rowKey, row.shards)] ?? tenantId,
  };
}

export async function readLayoutRow(table: EntityTable, tenantId: string): Promise<LayoutRow | null> {
  const raw = await getOrNull(table, tenantId, ROW.layout);
  return raw === null ? null : layoutRow.parse(raw);
}

export async function writeLayoutRow(table: EntityTable, tenantId: string, row: LayoutRow): Promise<void> {
  await table.upsertEntity({ partitionKey: tenantId, rowKey: ROW.layout, ...row }, 'Replace');
}

/** Whether the control partition still holds a row of a kind version 2 keeps elsewhere. */
export async function hasLegacyRows(table: EntityTable, tenantId: string): Promise<boolean> {
  const ranges = MOVED_PREFIXES.map(
    (prefix) => `(${odata`RowKey ge ${prefix} and RowKey lt ${prefixEnd(prefix)}`})`,
  ).join(' or ');
  const filter = `${odata`PartitionKey eq ${tenantId}`} and (${ranges})`;
  const pages = table
    .listEntities({ queryOptions: { filter, select: ['RowKey'] } })
    .byPage({ maxPageSize: 1 });
  for await (const page of pages) if (page.length > 0) return true;
  return false;
}

/** Version 2 layouts never change once written: one read per process and tenant. */
const settled = new WeakMap<EntityTable, Map<string, TenantLayout>>();

/**
 * The tenant's layout. A tenant with no layout row and no version-1 rows is new: it gets version 2
 * with `newTenantShards` partitions now, before its first write. One with version-1 rows keeps
 * version 1 (read again on every call, since its first cycle migrates it).
 */
export async function resolveLayout(
  table: EntityTable,
  tenantId: string,
  newTenantShards: number = DEFAULT_DIRECTORY_PARTITIONS,
): Promise<TenantLayout> {
  const cached = settled.get(table)?.get(tenantId);
  if (cached) return cached;
  let row = await readLayoutRow(table, tenantId);
  if (row === null) {
    if (await hasLegacyRows(table, tenantId)) return layoutOf(tenantId, null);
    row = await createLayoutRow(table, tenantId, { version: 2, shards: newTenantShards });
  }
  const layout = layoutOf(tenantId, row);
  remember(table, layout);
  return layout;
}

export function remember(table: EntityTable, layout: TenantLayout): void {
  if (layout.version !== 2) return;
  let tenants = settled.get(table);
  if (!tenants) settled.set(table, (tenants = new Map<string, TenantLayout>()));
  tenants.set(layout.tenantId, layout);
}

/** Of two first requests of a new tenant, the second reads the layout the first created. */
async function createLayoutRow(table: EntityTable, tenantId: string, row: LayoutRow): Promise<LayoutRow> {
  try {
    await table.createEntity({ partitionKey: tenantId, rowKey: ROW.layout, ...row });
    return row;
  } catch (error) {
    if (!isStatus(error, 409)) throw error;
    const existing = await readLayoutRow(table, tenantId);
    if (!existing) throw error;
    return existing;
  }
}

/** The partition of each kind of record, by the record. */
export const partitionOf = {
  source: (layout: TenantLayout, sourceAnchor: string): string =>
    layout.directoryPartition(sourceRowKey(sourceAnchor)),
  cloud: (layout: TenantLayout, objectId: string): string => layout.directoryPartition(cloudRowKey(objectId)),
  /** Open errors are in the control partition, resolved ones in the history partition. */
  error: (layout: TenantLayout, error: { resolvedAt: string | null }): string =>
    error.resolvedAt ? layout.history : layout.control,
};

/**
 * A filter for every partition of one tenant, whatever its layout: the control partition and the
 * `<tenant>~...` ones (`~` sorts after every character a partition suffix starts with).
 */
export function tenantPartitionsFilter(tenantId: string): string {
  return odata`PartitionKey ge ${tenantId} and PartitionKey lt ${`${tenantId}~~`}`;
}

/** Whether a partition key is one this layout makes for some tenant (tests check writes land nowhere else). */
export const TENANT_PARTITION = /^[0-9a-f-]{36}(~(dir~[0-9a-f]{2}|audit|history|cycles))?$/;
