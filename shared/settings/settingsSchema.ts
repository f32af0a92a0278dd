import { z } from 'zod';
import { inputFor } from '../describes';
import type { TenantSettings } from '../directory/model';
import { tenantSettingsSchema } from '../records/tenantSettingsSchema';

const domain = z
  .string()
  .max(255)
  .regex(
    /^(?=.{1,255}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/i,
    'must be a DNS domain name',
  )
  .transform((d) => d.toLowerCase());

/**
 * PATCH /api/settings: any subset of the settings; unknown fields are refused. The record
 * (shared/records/tenantSettingsSchema.ts) with the narrower bounds an admin may set; `inputFor`
 * holds what the overrides parse to to what the record takes.
 */
export const settingsPatchSchema = inputFor<TenantSettings, keyof TenantSettings>()(
  tenantSettingsSchema
    .extend({
      initialDomain: domain,
      deletionThreshold: z.number().int().min(1).max(1_000_000).nullable(),
      syncIntervalMinutes: z.number().int().min(5).max(1440),
    })
    .strict()
    .partial()
    .refine((patch) => Object.keys(patch).length > 0, 'send at least one setting to change')
    .meta({ description: 'Any non-empty subset of the settings; unknown fields are refused.' }),
);

export type SettingsPatch = z.infer<typeof settingsPatchSchema>;
