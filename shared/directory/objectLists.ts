import { odata } from '@azure/data-tables';
import type { Page } from '../store/cursor';
import { readSealedPage, type PagedTable } from '../store/cursor';
import { parseCloudEntity, parseSourceEntity } from '../store/directoryEntities';
import { ROW } from '../store/keys';
import type { CloudObject, SourceObject } from './model';

export function listSourceObjects(
  pages: PagedTable,
  tenantId: string,
  top: number,
  continuationToken: string | undefined,
): Promise<Page<SourceObject>> {
  return readSealedPage(pages, {
    tenantId,
    list: { list: 'source' },
    continuationToken,
    prefix: ROW.sourcePrefix,
    top,
    parse: (e) => parseSourceEntity(e).record,
  });
}

export interface CloudListFilters {
  userPrincipalName?: string | undefined;
  includeDeleted: boolean;
}

/** The UPN filter is an exact, case-insensitive match on the stored lower-cased copy. */
export function listCloudObjects(
  pages: PagedTable,
  tenantId: string,
  filters: CloudListFilters,
  top: number,
  continuationToken: string | undefined,
): Promise<Page<CloudObject>> {
  const upnLower = filters.userPrincipalName?.toLowerCase();
  return readSealedPage(pages, {
    tenantId,
    list: { list: 'cloud', upnLower, includeDeleted: filters.includeDeleted },
    continuationToken,
    prefix: ROW.cloudPrefix,
    top,
    filter: upnLower === undefined ? undefined : odata`upnLower eq ${upnLower}`,
    parse: (e) => parseCloudEntity(e).record,
    keep: filters.includeDeleted ? undefined : (cloud) => cloud.deletedDateTime === null,
  });
}
