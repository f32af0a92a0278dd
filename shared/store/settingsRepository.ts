import type { EntityTable } from './entityTable';
import { RestError } from '@azure/data-tables';

import { z } from 'zod';
import type { TenantSettings } from '../directory/model';
import { defaultInitialDomain } from '../directory/upnQuarantine';
import { withoutNulls } from './entityFields';
import { ROW } from './keys';

const stored = z.object({
  initialDomain: z.string().nullable().optional(),
  userWritebackEnabled: z.boolean(),
  blockSoftMatchEnabled: z.boolean().optional(),
  softMatchOnUpnEnabled: z.boolean().optional(),
  blockCloudObjectTakeoverThroughHardMatchEnabled: z.boolean().optional(),
  // 0.1 stored its inverse; a tenant saved then reads as it was (and is rewritten in the new form).
  softMatchEnabled: z.boolean().optional(),
  // Stored without the property when null (Table Storage keeps no nulls); every write sends all fields.
  deletionThreshold: z
    .number()
    .int()
    .min(1)
    .nullish()
    .transform((v) => v ?? null),
  syncIntervalMinutes: z.number().int().min(1),
  etag: z.string(),
});

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
    const entity = stored.parse(await table.getEntity(tenantId, ROW.settings));
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
      etag: entity.etag,
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
  const entity = withoutNulls({ partitionKey: tenantId, rowKey: ROW.settings, ...settings });
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
