/**
 * ASP.NET-style route templates as the Functions host matches them: literal segments compared
 * case-insensitively, `{name}` for one segment, `{name?}` optional, `{*name}` catch-all, and an
 * optional `:constraint` that this host ignores (none of our routes use one).
 */
type Segment =
  | { kind: 'literal'; value: string }
  | { kind: 'param'; name: string; optional: boolean }
  | { kind: 'catchAll'; name: string };

export interface CompiledRoute {
  template: string;
  segments: Segment[];
  /** Lower sorts first: literal before parameter before catch-all, segment by segment. */
  precedence: number[];
}

export function compileRoute(template: string): CompiledRoute {
  const parts = template.split('/').filter((p) => p.length > 0);
  const segments = parts.map((part, index): Segment => {
    const param = /^\{(\*)?([A-Za-z_][A-Za-z0-9_]*)(?::[^}?]*)?(\?)?\}$/.exec(part);
    if (!param) {
      if (part.includes('{') || part.includes('}'))
        throw new Error(`Unsupported route segment "${part}" in ${template}`);
      return { kind: 'literal', value: part.toLowerCase() };
    }
    const name = param[2] ?? '';
    if (param[1]) {
      if (index !== parts.length - 1) throw new Error(`Catch-all must be last in ${template}`);
      return { kind: 'catchAll', name };
    }
    return { kind: 'param', name, optional: param[3] === '?' };
  });
  const precedence = segments.map((s) => (s.kind === 'literal' ? 1 : s.kind === 'param' ? 2 : 3));
  return { template, segments, precedence };
}

/** Matches an already-decoded path (segments split on `/`); returns the route values or null. */
export function matchRoute(
  route: CompiledRoute,
  pathSegments: readonly string[],
): Record<string, string> | null {
  const params: Record<string, string> = {};
  let i = 0;
  for (const segment of route.segments) {
    if (segment.kind === 'catchAll') {
      const rest = pathSegments.slice(i).join('/');
      if (rest.length > 0) params[segment.name] = rest;
      return params;
    }
    const value = pathSegments[i];
    if (value === undefined || (value === '' && i === pathSegments.length - 1)) {
      if (segment.kind === 'param' && segment.optional) continue;
      return null;
    }
    if (segment.kind === 'literal') {
      if (value.toLowerCase() !== segment.value) return null;
    } else {
      if (value === '') return null;
      params[segment.name] = value;
    }
    i++;
  }
  // One trailing slash is tolerated, as ASP.NET routing does.
  const rest = pathSegments.slice(i);
  return rest.length === 0 || (rest.length === 1 && rest[0] === '') ? params : null;
}

export function comparePrecedence(a: CompiledRoute, b: CompiledRoute): number {
  const length = Math.max(a.precedence.length, b.precedence.length);
  for (let i = 0; i < length; i++) {
    const diff = (a.precedence[i] ?? 0) - (b.precedence[i] ?? 0);
    if (diff !== 0) return diff;
  }
  return 0;
}
