import { auditRepository, type AuditRepository } from './auditRepository';
import type { PagedTable } from './cursor';
import { cycleRepository, type CycleRepository } from './cycleRepository';
import { directoryRepository, type DirectoryRepository } from './directoryRepository';
import { errorRepository, type ErrorRepository } from './errorRepository';
import { registryRepository, type RegistryRepository } from './registryRepository';
import { settingsRepository, type SettingsRepository } from './settingsRepository';
import { readTenantSnapshot, type TenantSnapshot } from './tenantSnapshot';

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
  readonly settings: SettingsRepository;
  readonly registry: RegistryRepository;
  /** Everything a cycle reconciles (settings, sources, clouds, open errors), read in parallel. */
  snapshot(): Promise<TenantSnapshot>;
}

/** `base` is the table holding every tenant's records, with the key list tokens are sealed with. */
export function openTenantStore(base: PagedTable, tenantId: string): TenantStore {
  return {
    tenantId,
    directory: directoryRepository(base, tenantId),
    errors: errorRepository(base, tenantId),
    audit: auditRepository(base, tenantId),
    cycles: cycleRepository(base, tenantId),
    settings: settingsRepository(base, tenantId),
    registry: registryRepository(base, tenantId),
    snapshot: () => readTenantSnapshot(base.table, tenantId),
  };
}
