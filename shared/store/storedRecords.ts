import { describes } from '../describes';
import type { CloudObject } from '../directory/model';
import { cloudObjectSchema } from '../records/cloudObjectSchema';
import { errorObjectSummarySchema } from '../records/errorObjectSummarySchema';
import { syncErrorSchema } from '../records/syncErrorSchema';
import type { SyncError } from '../sync/model';

/**
 * The records as older versions stored them, read into today's shape: each is the record schema
 * with a default for a field that version did not keep yet. Used for the rows themselves and for
 * the whole records audit events hold, so both read an old record the same way.
 */

const storedErrorObjectSummary = errorObjectSummarySchema.extend({
  // Errors stored before 0.2 lack it; the next cycle that sees them fills it in.
  cloudUserPrincipalName: errorObjectSummarySchema.shape.cloudUserPrincipalName.default(null),
});

export const storedSyncError = describes<SyncError>()(
  syncErrorSchema.extend({
    existingObject: storedErrorObjectSummary.nullable(),
    conflictingObject: storedErrorObjectSummary,
  }),
);

/**
 * Cloud objects stored before directory roles were kept have none: they read as []. Undo compares
 * a fix's `existingAfter` with the stored object field by field, so a missing field would read as a
 * change and block it.
 */
export const storedCloudObject = describes<CloudObject>()(
  cloudObjectSchema.extend({
    directoryRoleTemplateIds: cloudObjectSchema.shape.directoryRoleTemplateIds.default([]),
  }),
);
