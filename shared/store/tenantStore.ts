import { auditRepository, type AuditRepository } from './auditRepository';
import { sealedPageFromMemory, type Page, type PagedTable } from './cursor';
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

/** `base` is the table holding every tenant's records, with the key list tokens are sealed with. */
export function openTenantStore(base: PagedTable, tenantId: string): TenantStore {
  return {
    tenantId,
    directory: directoryRepository(base, tenantId),
    errors: errorRepository(base, tenantId),
    audit: auditRepository(base, tenantId),
    cycles: cycleRepository(base, tenantId),
    cycleRequests: cycleRequestRepository(base, tenantId),
    settings: settingsRepository(base, tenantId),
    registry: registryRepository(base, tenantId),
    lease: leaseRepository(base, tenantId),
    idempotency: idempotencyRepository(base, tenantId),
    cycleWriter: cycleWriter(base, tenantId),
    transaction: () => tenantTransaction(base, tenantId),
    snapshot: () => readTenantSnapshot(base.table, tenantId),
    pageOfRows: (request, rows) =>
      sealedPageFromMemory(
        base,
        { tenantId, ...request },
        rows.map(({ key, item }) => ({ rowKey: key, item })),
      ),
  };
}
