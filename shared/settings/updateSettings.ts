import type { EntityTable } from '../store/entityTable';
import type { TenantSettings } from '../directory/model';
import { conflict } from '../errors';
import { readSettings, writeSettings } from '../store/settingsRepository';
import { registerTenant } from '../store/tenantRegistry';
import type { SettingsPatch } from './settingsSchema';

const ATTEMPTS = 5;

/** Read-modify-write under the settings' ETag, retried a few times when admins race. */
export async function updateSettings(
  table: EntityTable,
  tenantId: string,
  patch: SettingsPatch,
  now: Date,
): Promise<TenantSettings> {
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    const current = await readSettings(table, tenantId);
    const next: TenantSettings = { ...current.settings, ...patch };
    if (await writeSettings(table, tenantId, next, current.etag)) {
      await registerTenant(table, tenantId, now);
      return next;
    }
  }
  throw conflict('ConcurrentUpdate', 'The settings kept changing while this update ran; retry.');
}
