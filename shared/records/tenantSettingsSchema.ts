import { z } from 'zod';
import { describes } from '../describes';
import type { TenantSettings } from '../directory/model';

/**
 * A tenant's settings (shared/directory/model.ts) as they are kept and answered. The store reads
 * older rows into this shape (shared/store/settingsRepository.ts); PATCH takes any subset of it
 * (shared/settings/settingsSchema.ts, held to it there).
 */
export const tenantSettingsSchema = describes<TenantSettings>()(
  z.object({
    initialDomain: z.string(),
    userWritebackEnabled: z.boolean(),
    blockSoftMatchEnabled: z.boolean(),
    softMatchOnUpnEnabled: z.boolean(),
    blockCloudObjectTakeoverThroughHardMatchEnabled: z.boolean(),
    deletionThreshold: z
      .number()
      .int()
      .min(1)
      .nullable()
      .meta({ description: 'Deletes a cycle may make before it holds them back; null: no limit.' }),
    syncIntervalMinutes: z.number().int(),
  }),
);
