import type { EntityTable } from './entityTable';
import type { CloudObject, SourceObject, TenantSettings } from '../directory/model';
import type { SyncError } from '../sync/model';
import { parseCloudEntity, parseSourceEntity } from './directoryEntities';
import { ROW } from './keys';
import { mapLimited, readAll, scanPartition, SHARD_READS } from './partitionQueries';
import { readSettings } from './settingsRepository';
import { parseErrorEntity } from './syncErrorEntities';
import { resolveLayout, type TenantLayout } from './tenantLayout';

export interface TenantSnapshot {
  settings: TenantSettings;
  sourceObjects: SourceObject[];
  cloudObjects: CloudObject[];
  openErrors: SyncError[];
  entitiesRead: number;
}

/**
 * Everything a cycle reconciles: settings and open errors from the control partition, the
 * directory from every directory partition, all read in parallel. Objects come back in row-key
 * order, as they did from one partition, so nothing downstream depends on how they were spread.
 */
export async function readTenantSnapshot(
  table: EntityTable,
  tenantId: string,
  layout?: TenantLayout,
): Promise<TenantSnapshot> {
  const where = layout ?? (await resolveLayout(table, tenantId));
  const [settings, directory, errors] = await Promise.all([
    readSettings(table, tenantId),
    readDirectory(table, where),
    readAll(table, where.control, ROW.openErrorPrefix, (e) => parseErrorEntity(e).record),
  ]);
  const { sources, clouds } = directory;
  return {
    settings: settings.settings,
    sourceObjects: sources,
    cloudObjects: clouds,
    openErrors: errors,
    entitiesRead: 1 + sources.length + clouds.length + errors.length,
  };
}

async function readDirectory(
  table: EntityTable,
  layout: TenantLayout,
): Promise<{ sources: SourceObject[]; clouds: CloudObject[] }> {
  if (layout.version === 1) {
    const [sources, clouds] = await Promise.all([
      readAll(table, layout.control, ROW.sourcePrefix, (e) => parseSourceEntity(e).record),
      readAll(table, layout.control, ROW.cloudPrefix, (e) => parseCloudEntity(e).record),
    ]);
    return { sources, clouds };
  }
  // A directory partition holds only source and cloud rows: one query reads both.
  const sources: { key: string; record: SourceObject }[] = [];
  const clouds: { key: string; record: CloudObject }[] = [];
  await mapLimited(layout.shards, SHARD_READS, async (partitionKey) => {
    for await (const page of scanPartition(table, partitionKey)) {
      for (const entity of page) {
        const key = String(entity.rowKey);
        if (key.startsWith(ROW.sourcePrefix)) sources.push({ key, record: parseSourceEntity(entity).record });
        else if (key.startsWith(ROW.cloudPrefix))
          clouds.push({ key, record: parseCloudEntity(entity).record });
      }
    }
  });
  return { sources: inKeyOrder(sources), clouds: inKeyOrder(clouds) };
}

function inKeyOrder<T>(rows: { key: string; record: T }[]): T[] {
  return rows.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0)).map((row) => row.record);
}
