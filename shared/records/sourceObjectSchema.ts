import { z } from 'zod';
import { describes } from '../describes';
import { CONNECTOR_STATES, type SourceObject } from '../directory/model';
import { directoryAttributesShape } from './directoryAttributesShape';

/** A source object record (shared/directory/model.ts): what the store keeps and the views pick from. */
export const sourceObjectSchema = describes<SourceObject>()(
  z.object({
    sourceAnchor: z.string(),
    distinguishedName: z.string().nullable(),
    ...directoryAttributesShape,
    inScope: z.boolean(),
    sequence: z.number().int(),
    deletedAt: z.string().nullable(),
    connectorState: z.enum(CONNECTOR_STATES),
    objectId: z.string().nullable(),
    updatedAt: z.string(),
  }),
);
