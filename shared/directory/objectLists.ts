import { odata, type TableClient } from '@azure/data-tables';
import { fingerprintOf, openContinuation, sealContinuation, type Page } from '../http/paging';
import { parseCloudEntity, parseSourceEntity } from '../store/directoryEntities';
import { ROW } from '../store/keys';
import { readRangePage } from '../store/pagedRange';
import type { CloudObject, SourceObject } from './model';

export async function listSourceObjects(
  table: TableClient,
  tenantId: string,
  top: number,
  continuationToken: string | undefined,
): Promise<Page<SourceObject>> {
  const fingerprint = fingerprintOf({ list: 'source' });
  const after = continuationToken ? openContinuation(tenantId, fingerprint, continuationToken) : null;
  const page = await readRangePage(table, {
    tenantId,
    prefix: ROW.sourcePrefix,
    after,
    top,
    parse: (e) => parseSourceEntity(e).record,
  });
  return {
    value: page.items,
    continuationToken: page.lastKey ? sealContinuation(tenantId, fingerprint, page.lastKey) : null,
  };
}

export interface CloudListFilters {
  userPrincipalName?: string | undefined;
  includeDeleted: boolean;
}

export async function listCloudObjects(
  table: TableClient,
  tenantId: string,
  filters: CloudListFilters,
  top: number,
  continuationToken: string | undefined,
): Promise<Page<CloudObject>> {
  const upnLower = filters.userPrincipalName?.toLowerCase();
  const fingerprint = fingerprintOf({ list: 'cloud', upnLower, includeDeleted: filters.includeDeleted });
  const after = continuationToken ? openContinuation(tenantId, fingerprint, continuationToken) : null;
  const page = await readRangePage(table, {
    tenantId,
    prefix: ROW.cloudPrefix,
    after,
    top,
    filter: upnLower === undefined ? undefined : odata`upnLower eq ${upnLower}`,
    parse: (e) => parseCloudEntity(e).record,
    keep: filters.includeDeleted ? undefined : (cloud) => cloud.deletedDateTime === null,
  });
  return {
    value: page.items,
    continuationToken: page.lastKey ? sealContinuation(tenantId, fingerprint, page.lastKey) : null,
  };
}
