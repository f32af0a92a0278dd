import type { HttpRequestParams } from '@azure/functions';
import { z } from 'zod';
import { notFound } from '../errors';
import { objectIdSchema } from './directorySchemas';

/** Anything that is not a GUID names no object: 404, the same answer as an id of another tenant. */
export function objectIdRoute(params: HttpRequestParams): string {
  const parsed = z.object({ objectId: objectIdSchema }).safeParse(params);
  if (!parsed.success) throw notFound('CloudObjectNotFound', 'No cloud object has this objectId.');
  return parsed.data.objectId;
}
