import { z } from 'zod';
import { sourceAnchorSchema } from './directorySchemas';

/**
 * The route parameter of `source-objects/{*sourceAnchor}`, read from the raw URL (routeValues.ts)
 * and parsed with this schema: a malformed anchor is a 400 ValidationFailed naming `route.sourceAnchor`.
 */
export const sourceAnchorParams = z.object({
  sourceAnchor: sourceAnchorSchema.meta({
    description:
      'The source anchor (base64). It may hold `/` and `+`, sent raw or percent-encoded: the route is ' +
      'the catch-all `source-objects/{*sourceAnchor}`, so everything after `source-objects/` is the anchor.',
  }),
});
