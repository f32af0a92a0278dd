import { z } from 'zod';
import { describes } from '../describes';
import { OBJECT_TYPES } from '../directory/model';
import type { ErrorObjectSummary } from '../sync/model';

/**
 * One side of a sync error, the snapshot the last cycle stored (shared/sync/model.ts). The API shows
 * every field of it today, so shared/syncErrors/syncErrorView.ts holds this schema to its view's own
 * field list: a field added here fails that check until the view chooses to show it.
 */
export const errorObjectSummarySchema = describes<ErrorObjectSummary>()(
  z.object({
    objectId: z.string().nullable().meta({
      description: 'Null for an object not in the cloud yet (a conflicting object while PendingAdd).',
    }),
    sourceAnchor: z.string().nullable(),
    objectType: z.enum(OBJECT_TYPES),
    displayName: z.string().nullable(),
    userPrincipalName: z.string().nullable().meta({
      description: 'For the conflicting object, the UPN its on-premises object asks for.',
    }),
    cloudUserPrincipalName: z.string().nullable().meta({
      description:
        'The UPN its cloud object has now: for a quarantined conflicting user, the placeholder to search Entra for. Null while not in the cloud.',
    }),
    distinguishedName: z.string().nullable(),
    softDeleted: z.boolean(),
  }),
);
