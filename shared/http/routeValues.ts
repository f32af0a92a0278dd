import type { HttpRequest } from '@azure/functions';

const PARAMETER = /\{(\*?)([A-Za-z_]\w*)\??\}/g;

/**
 * The route values of a request, by the names of its template (`sync-errors/{id}` → `id`), as
 * strings still to be parsed. A catch-all (`{*sourceAnchor}`) is read from the request URL itself:
 * anchors are base64 and may hold `/`, a leading `/` (about one ImmutableId in 64) or `//` inside;
 * hosts decode `%2F` and may collapse empty path segments before they fill the route parameter,
 * which would turn `//x` into `x`: another object. The raw path keeps every byte; it is decoded
 * once here.
 */
export function routeValues(template: string, request: HttpRequest): Record<string, string> {
  const values: Record<string, string> = {};
  for (const match of template.matchAll(PARAMETER)) {
    const name = match[2] ?? '';
    const given = request.params[name] ?? '';
    values[name] = match[1] === '*' ? catchAllValue(request, template.slice(0, match.index), given) : given;
  }
  return values;
}

/** What follows the template's literal prefix (e.g. `source-objects/`) in the raw path, decoded once. */
function catchAllValue(request: HttpRequest, prefix: string, given: string): string {
  const path = new URL(request.url).pathname;
  const marker = new RegExp(`/${prefix.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`, 'i').exec(path);
  const raw = marker ? path.slice(marker.index + marker[0].length) : given;
  try {
    return decodeURIComponent(raw);
  } catch {
    return given;
  }
}
