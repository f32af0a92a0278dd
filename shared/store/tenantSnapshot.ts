import type { EntityTable } from './entityTable';
import type { CloudObject, SourceObject, TenantSettings } from '../directory/model';
import type { SyncError } from '../sync/model';
import { parseCloudEntity, parseSourceEntity } from './directoryEntities';
import { ROW } from './keys';
import { readAll } from './partitionQueries';
import { readSettings } from './settingsRepository';
import { parseErrorEntity } from './syncErrorEntities';

export interface TenantSnapshot {
  settings: TenantSettings;
  sourceObjects: SourceObject[];
  cloudObjects: CloudObject[];
  openErrors: SyncError[];
  entitiesRead: number;
}

/** Everything a cycle reconciles, read as prefix ranges of the tenant's partition, in parallel. */
export async function readTenantSnapshot(table: EntityTable, tenantId: string): Promise<TenantSnapshot> {
  const [settings, sources, clouds, errors] = await Promise.all([
    readSettings(table, tenantId),
    readAll(table, tenantId, ROW.sourcePrefix, (e) => parseSourceEntity(e).record),
    readAll(table, tenantId, ROW.cloudPrefix, (e) => parseCloudEntity(e).record),
    readAll(table, tenantId, ROW.openErrorPrefix, (e) => parseErrorEntity(e).record),
  ]);
  return {
    settings: settings.settings,
    sourceObjects: sources,
    cloudObjects: clouds,
    openErrors: errors,
    entitiesRead: 1 + sources.length + clouds.length + errors.length,
  };
}
