import { auditRepository, type AuditRepository } from './auditRepository';
import { sealedPageFromMemory, type Page } from './cursor';
import { cycleRepository, type CycleRepository } from './cycleRepository';
import { cycleRequestRepository, type CycleRequestRepository } from './cycleRequests';
import { cycleWriter, type CycleWriter } from './cycleWriter';
import { directoryRepository, type DirectoryRepository } from './directoryRepository';
import { errorRepository, type ErrorRepository } from './errorRepository';
import { idempotencyRepository, type IdempotencyRepository } from './idempotencyRepository';
import { leaseRepository, type LeaseRepository } from './leaseRepository';
import { registryRepository, type RegistryRepository } from './registryRepository';
import { settingsRepository, type SettingsRepository } from './settingsRepository';
import { readTenantSnapshot, type TenantSnapshot } from './tenantSnapshot';
import { rollForwardIntent } from './intentCommit';
import { migrateLayout, type MigrationReport } from './layoutMigration';
import { resolveLayout, type TenantLayout } from './tenantLayout';
import type { StoreBase, TenantScope } from './tenantScope';
import { tenantTransaction, type TenantTransaction } from './tenantTransaction';

/**
 * Everything one tenant's records are read and written through: the only way above the store to
 * reach Table Storage. Every repository is bound to the tenant (the partition comes from the
 * caller's verified token, never from a request), speaks domain records, and hands out pages with
 * their continuation tokens already sealed.
 */
export interface TenantStore {
  readonly tenantId: string;
  readonly directory: DirectoryRepository;
  readonly errors: ErrorRepository;
  readonly audit: AuditRepository;
  readonly cycles: CycleRepository;
  /** Cycles asked for (queued by the timer, or run on request), by id: what their status reads. */
  readonly cycleRequests: CycleRequestRepository;
  readonly settings: SettingsRepository;
  readonly registry: RegistryRepository;
  /** The tenant's lease: one writer (a cycle, a fix, an object write) at a time. */
  readonly lease: LeaseRepository;
  /** Idempotency-Key claims and the answers they replay. */
  readonly idempotency: IdempotencyRepository;
  /** A sync cycle's phased writes. */
  readonly cycleWriter: CycleWriter;
  /** A multi-record change committed as one transaction (a fix, an undo, an answer, a close). */
  transaction(): TenantTransaction;
  /** Everything a cycle reconciles (settings, sources, clouds, open errors), read in parallel. */
  snapshot(): Promise<TenantSnapshot>;
  /**
   * Moves a tenant written by the one-partition layout to its partitions (layoutMigration.ts).
   * Only a cycle calls it, holding the lease; `keepAlive` runs between batches.
   */
  migrateLayout(keepAlive: () => Promise<void>): Promise<MigrationReport>;
  /** Where the tenant's records live (its version and partitions). */
  layout(): Promise<TenantLayout>;
  /**
   * One page of rows computed in memory (in key order), with a continuation token sealed like every
   * list's: bound to the tenant and `list` (its name and filters), naming a position under `prefix`.
   */
  pageOfRows<T>(
    request: {
      list: Record<string, unknown>;
      prefix: string;
      top: number;
      continuationToken: string | undefined;
    },
    rows: readonly { key: string; item: T }[],
  ): Page<T>;
}

/**
 * `base` is the table holding every tenant's records, with the key list tokens are sealed with.
 * The first read through the store also completes a change another request left half made (its
 * intent, intentCommit.ts) once no live lease holds the tenant; whoever takes the lease completes
 * it at once.
 */
export function openTenantStore(base: StoreBase, tenantId: string): TenantStore {
  const { table } = base;
  const leases = leaseRepository(base, tenantId);
  let ready: Promise<TenantLayout> | null = null;
  const resolve = () => resolveLayout(table, tenantId, base.directoryPartitions);
  // A change completed here changed errors some reader may hold.
  const rollForward = async (layout: TenantLayout, leaseIsLive?: () => Promise<boolean>) => {
    if ((await rollForwardIntent(table, layout, leaseIsLive)) === 'rolledForward') scope.errorsChanged();
  };
  const settle = () =>
    (ready ??= resolve().then(async (layout) => {
      await rollForward(layout, async () => (await leases.read(new Date())).held);
      return layout;
    }));
  const scope: TenantScope = {
    table,
    pagingKey: base.pagingKey,
    tenantId,
    errorsChanged: () => base.onErrorsChanged?.(tenantId),
    layout: settle,
  };
  return {
    tenantId,
    directory: directoryRepository(scope),
    errors: errorRepository(scope),
    audit: auditRepository(scope),
    cycles: cycleRepository(scope),
    cycleRequests: cycleRequestRepository(scope),
    settings: settingsRepository(base, tenantId),
    registry: registryRepository(base, tenantId),
    lease: {
      ...leases,
      async tryAcquire(holder, kind, now, seconds) {
        const attempt = await leases.tryAcquire(holder, kind, now, seconds);
        if (attempt.acquired) {
          // The holder before may have died half way through a change: complete it first, and
          // read the layout again (a cycle may have migrated the tenant while we waited).
          try {
            const layout = await resolve();
            await rollForward(layout);
            ready = Promise.resolve(layout);
          } catch (error) {
            await leases.releaseQuietly(attempt.lease);
            throw error;
          }
        }
        return attempt;
      },
    },
    idempotency: idempotencyRepository(base, tenantId),
    cycleWriter: cycleWriter(scope),
    transaction: () => tenantTransaction(scope),
    snapshot: async () => readTenantSnapshot(table, tenantId, await scope.layout()),
    async migrateLayout(keepAlive) {
      const report = await migrateLayout(table, tenantId, keepAlive, base.directoryPartitions);
      ready = null;
      return report;
    },
    layout: () => scope.layout(),
    pageOfRows: (request, rows) =>
      sealedPageFromMemory(
        base,
        { tenantId, ...request },
        rows.map(({ key, item }) => ({ rowKey: key, item })),
      ),
  };
}
