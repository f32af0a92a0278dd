import type { TenantSettings } from '../directory/model';
import { conflict } from '../errors';
import type { TenantStore } from '../store/tenantStore';
import type { SettingsPatch } from './settingsSchema';

const ATTEMPTS = 5;

/** Read-modify-write under the settings' ETag, retried a few times when admins race. */
export async function updateSettings(
  store: TenantStore,
  patch: SettingsPatch,
  now: Date,
): Promise<TenantSettings> {
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    const current = await store.settings.read();
    const next: TenantSettings = { ...current.settings, ...patch };
    if (await store.settings.write(next, current.etag)) {
      await store.registry.register(now);
      return next;
    }
  }
  throw conflict('ConcurrentUpdate', 'The settings kept changing while this update ran; retry.');
}
