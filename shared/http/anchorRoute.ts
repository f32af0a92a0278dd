import type { HttpRequestParams } from '@azure/functions';
import { z } from 'zod';
import { sourceAnchorSchema } from './directorySchemas';
import { parseRoute } from './validation';

const params = z.object({ sourceAnchor: sourceAnchorSchema });

/**
 * The anchor of a catch-all route. The host has already decoded the path (`%2F` → `/`, `%2B` →
 * `+`), so an anchor sent raw and one sent percent-encoded arrive the same.
 */
export function anchorRoute(routeParams: HttpRequestParams): string {
  return parseRoute({ sourceAnchor: routeParams.sourceAnchor ?? '' }, params).sourceAnchor;
}
