import type { HttpRequest } from '@azure/functions';
import { z } from 'zod';
import { sourceAnchorSchema } from './directorySchemas';
import { parseRoute } from './validation';

/** The route parameter of `source-objects/{*sourceAnchor}`, as parsed below. */
export const sourceAnchorParams = z.object({
  sourceAnchor: sourceAnchorSchema.meta({
    description:
      'The source anchor (base64). It may hold `/` and `+`, sent raw or percent-encoded: the route is ' +
      'the catch-all `source-objects/{*sourceAnchor}`, so everything after `source-objects/` is the anchor.',
  }),
});

/**
 * The anchor of a `source-objects/{*sourceAnchor}` route, read from the request URL itself.
 * Anchors are base64: `/`, `+`, a leading `/` (about one ImmutableId in 64) or `//` inside. Hosts
 * decode `%2F` and may collapse empty path segments before they fill the route parameter, which
 * would turn `//x` into `x`: another object. The raw path keeps every byte; it is decoded once here.
 */
export function anchorRoute(request: HttpRequest): string {
  const path = new URL(request.url).pathname;
  const marker = /\/source-objects\//i.exec(path);
  let raw = marker ? path.slice(marker.index + marker[0].length) : (request.params.sourceAnchor ?? '');
  try {
    raw = decodeURIComponent(raw);
  } catch {
    raw = request.params.sourceAnchor ?? '';
  }
  return parseRoute({ sourceAnchor: raw }, sourceAnchorParams).sourceAnchor;
}
