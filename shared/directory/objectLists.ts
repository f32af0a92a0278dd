import type { Page } from '../store/cursor';
import type { CloudListFilters } from '../store/directoryRepository';
import type { TenantStore } from '../store/tenantStore';
import type { CloudObject, SourceObject } from './model';

export type { CloudListFilters } from '../store/directoryRepository';

/** The tenant's source objects in the order the store keeps them, one sealed page at a time. */
export function listSourceObjects(
  store: TenantStore,
  top: number,
  continuationToken: string | undefined,
): Promise<Page<SourceObject>> {
  return store.directory.listSources(top, continuationToken);
}

/** The UPN filter is an exact, case-insensitive match; soft-deleted objects only when asked for. */
export function listCloudObjects(
  store: TenantStore,
  filters: CloudListFilters,
  top: number,
  continuationToken: string | undefined,
): Promise<Page<CloudObject>> {
  return store.directory.listClouds(filters, top, continuationToken);
}
