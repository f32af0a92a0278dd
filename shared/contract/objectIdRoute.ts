import { z } from 'zod';
import type { UnknownParams } from './operation';
import { objectIdSchema } from './directorySchemas';

/** The route parameter of `cloud-objects/{objectId}` and `deleted-objects/{objectId}`. */
export const objectIdParams = z.object({
  objectId: objectIdSchema.meta({ description: 'The cloud object id (a GUID); any other value is a 404.' }),
});

/** Anything that is not a GUID names no object: 404, the same answer as an id of another tenant. */
export const unknownCloudObject: UnknownParams = {
  code: 'CloudObjectNotFound',
  detail: 'No cloud object has this objectId.',
};
