import type { EntityTable } from './entityTable';
import { RestError } from '@azure/data-tables';

import { z } from 'zod';
import type { TenantSettings } from '../directory/model';
import { defaultInitialDomain } from '../directory/upnQuarantine';
import { tenantSettingsSchema } from '../records/tenantSettingsSchema';
import { ROW } from './keys';
import { recordEntity } from './recordEntity';

/**
 * The settings as rows of every version hold them: fields added since 0.1 may be missing (they read
 * as their defaults), and 0.1's `softMatchEnabled` is read into its inverse. A tenant saved then
 * reads as it was, and is rewritten in the new form on its next save.
 */
const storedSettings = recordEntity(
  tenantSettingsSchema
    .partial({
      blockSoftMatchEnabled: true,
      softMatchOnUpnEnabled: true,
      blockCloudObjectTakeoverThroughHardMatchEnabled: true,
    })
    .extend({
      initialDomain: tenantSettingsSchema.shape.initialDomain.nullish(),
      softMatchEnabled: z.boolean().optional(),
      // A schedule needs a positive interval: a row saying otherwise is refused, not run.
      syncIntervalMinutes: tenantSettingsSchema.shape.syncIntervalMinutes.min(1),
    }),
);
const settingsEntity = recordEntity(tenantSettingsSchema);

export const DEFAULT_DELETION_THRESHOLD = 500;

export function defaultSettings(tenantId: string): TenantSettings {
  return {
    initialDomain: defaultInitialDomain(tenantId),
    userWritebackEnabled: false,
    blockSoftMatchEnabled: false,
    softMatchOnUpnEnabled: true,
    blockCloudObjectTakeoverThroughHardMatchEnabled: false,
    deletionThreshold: DEFAULT_DELETION_THRESHOLD,
    syncIntervalMinutes: 30,
  };
}

export interface VersionedSettings {
  settings: TenantSettings;
  /** Null when the tenant never saved settings (the defaults apply). */
  etag: string | null;
}

export async function readSettings(table: EntityTable, tenantId: string): Promise<VersionedSettings> {
  try {
    const { record: entity, etag } = storedSettings.readVersioned(
      await table.getEntity(tenantId, ROW.settings),
    );
    return {
      settings: {
        initialDomain: entity.initialDomain ?? defaultInitialDomain(tenantId),
        userWritebackEnabled: entity.userWritebackEnabled,
        blockSoftMatchEnabled: entity.blockSoftMatchEnabled ?? entity.softMatchEnabled === false,
        softMatchOnUpnEnabled: entity.softMatchOnUpnEnabled ?? true,
        blockCloudObjectTakeoverThroughHardMatchEnabled:
          entity.blockCloudObjectTakeoverThroughHardMatchEnabled ?? false,
        deletionThreshold: entity.deletionThreshold,
        syncIntervalMinutes: entity.syncIntervalMinutes,
      },
      etag,
    };
  } catch (error) {
    if (error instanceof RestError && error.statusCode === 404)
      return { settings: defaultSettings(tenantId), etag: null };
    throw error;
  }
}

/** Writes settings only if they did not change since `etag` was read; false when they did. */
export async function writeSettings(
  table: EntityTable,
  tenantId: string,
  settings: TenantSettings,
  etag: string | null,
): Promise<boolean> {
  const entity = settingsEntity.row({ partitionKey: tenantId, rowKey: ROW.settings }, settings);
  try {
    if (etag === null) await table.createEntity(entity);
    else await table.updateEntity(entity, 'Replace', { etag });
    return true;
  } catch (error) {
    if (error instanceof RestError && (error.statusCode === 409 || error.statusCode === 412)) return false;
    throw error;
  }
}

/** The tenant's settings, one row read and written under its ETag. */
export interface SettingsRepository {
  /** The stored settings, or the defaults (etag null) for a tenant that never saved any. */
  read(): Promise<VersionedSettings>;
  /** Writes only if the settings did not change since `etag` was read; false when they did. */
  write(settings: TenantSettings, etag: string | null): Promise<boolean>;
}

export function settingsRepository(base: { table: EntityTable }, tenantId: string): SettingsRepository {
  return {
    read: () => readSettings(base.table, tenantId),
    write: (settings, etag) => writeSettings(base.table, tenantId, settings, etag),
  };
}
