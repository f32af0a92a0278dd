import { z } from 'zod';
import { describes } from '../describes';
import type { CloudObject } from '../directory/model';
import { directoryAttributesShape } from './directoryAttributesShape';

/**
 * A cloud object record (shared/directory/model.ts): what the store keeps, audit events hold whole
 * (so undo can restore it) and the contract shows as `CloudObjectRecord`. Its field order is the
 * order the OpenAPI document lists them in.
 */
export const cloudObjectSchema = describes<CloudObject>()(
  z.object({
    objectId: z.string(),
    ...directoryAttributesShape,
    sourceAnchor: z.string().nullable(),
    dirSyncEnabled: z.boolean(),
    deletedDateTime: z.string().nullable(),
    directoryRoleTemplateIds: z.array(z.string()),
    directoryRolesToRestore: z.array(z.string()).optional(),
    directoryRolesToRestoreFor: z.string().optional(),
    sequence: z.number().int(),
    createdDateTime: z.string(),
  }),
);
