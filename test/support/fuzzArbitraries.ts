import fc from 'fast-check';
import { odata } from '@azure/data-tables';
import { dataTable, newTenantId, type TestService } from './service';
import { runCycle } from './syncCycles';
import type { DevRole } from '../../shared/auth/devKeys';
import { API_OPERATIONS } from '../../shared/contract/apiContract';
import type { CycleSummary } from '../../shared/sync/model';

/**
 * Building blocks of the HTTP fuzz tests (tenantIsolation.fuzz, hostileInput.fuzz): hostile strings,
 * JSON where strings are expected, request shapes for every served route, and a raw sender that
 * never parses what it gets back (a broken body must fail the check, not the client).
 */

// ---------------------------------------------------------------- hostile strings

/** OData filter syntax: a value that reaches a filter unescaped would change the query. */
export const ODATA_PIECES = [
  "'",
  "''",
  '"',
  "')",
  "' or '1' eq '1",
  "') or (PartitionKey ne '",
  "' or PartitionKey gt '",
  "' or RowKey ge '",
  ' or ',
  ' eq ',
  ' and ',
  ' ne ',
  ' gt ',
  'PartitionKey',
  'RowKey',
  "PartitionKey ne ''",
  '$filter=PartitionKey ne null',
  '%27',
  '%2527',
  "\\'",
] as const;

/** Characters Table Storage refuses in keys, and URL structure characters. */
export const PATH_PIECES = [
  '/',
  '\\',
  '#',
  '?',
  '%2F',
  '%2f',
  '%5C',
  '%23',
  '%3F',
  '..',
  '../',
  '..%2F',
  '%2e%2e%2f',
  '//',
  '%',
  '%zz',
  '%E0%A4%A',
  '&',
  '=',
  '+',
  ';',
  '%00',
  '*',
  '{',
  '}',
] as const;

/** C0/C1 controls, separators, BOM, bidi override, zero width, lone surrogates. */
export const CONTROL_PIECES = [
  '\u0000',
  '\u0001',
  '\t',
  '\n',
  '\r',
  '\r\n',
  '\u001b',
  '\u007f',
  '\u0085',
  '\u2028',
  '\u200b',
  '\ufeff',
  '\u202e',
  '\ud800',
  '\udfff',
] as const;

/** Odd but well-formed text: multi-byte, combining, full-width, emoji. */
export const UNICODE_PIECES = ['é', 'ß', 'İ', 'Ω', '𝔘', '😀', 'e\u0301', '＇', '／', '中文', 'ﷺ'] as const;

export const LONG_LENGTHS = [59, 60, 113, 114, 256, 257, 1025, 2049, 4096, 10_000, 10_240] as const;

/** Strings that, used where the API expects a string, must never get past validation unharmed. */
export function hostileString(probes: readonly string[] = []): fc.Arbitrary<string> {
  const piece = fc.oneof(
    { arbitrary: fc.constantFrom(...ODATA_PIECES), weight: 3 },
    { arbitrary: fc.constantFrom(...PATH_PIECES), weight: 3 },
    { arbitrary: fc.constantFrom(...CONTROL_PIECES), weight: 2 },
    { arbitrary: fc.constantFrom(...UNICODE_PIECES), weight: 1 },
    { arbitrary: fc.string({ maxLength: 8 }), weight: 2 },
    ...(probes.length > 0 ? [{ arbitrary: fc.constantFrom(...probes), weight: 3 }] : []),
  );
  const composed = fc.array(piece, { minLength: 1, maxLength: 5 }).map((parts) => parts.join(''));
  const long = fc
    .tuple(
      fc.constantFrom('a', "'", '/', '%', 'é', '😀', '\u0000', ' or ', ...probes.slice(0, 8)),
      fc.constantFrom(...LONG_LENGTHS),
    )
    .map(([unit, length]) => unit.repeat(Math.ceil(length / unit.length)).slice(0, length));
  return fc.oneof(
    { arbitrary: composed, weight: 6 },
    { arbitrary: long, weight: 1 },
    { arbitrary: fc.string({ unit: 'binary', maxLength: 40 }), weight: 2 },
    { arbitrary: fc.constantFrom('', ' ', 'null', 'undefined', 'true', '0', '-1', '[]', '{}'), weight: 1 },
  );
}

/** A real value of the other tenant, verbatim or decorated the way an attacker would try it. */
export function decoratedProbe(probes: readonly string[]): fc.Arbitrary<string> {
  if (probes.length === 0) return fc.constant('');
  return fc.tuple(fc.constantFrom(...probes), fc.nat(13)).map(([p, variant]) => {
    switch (variant) {
      case 0:
        return p.toUpperCase();
      case 1:
        return `${p}'`;
      case 2:
        return `'${p}`;
      case 3:
        return `${p}' or PartitionKey ne '`;
      case 4:
        return `${p}/`;
      case 5:
        return `${p}\u0000`;
      case 6:
        return ` ${p} `;
      case 7:
        return `{${p}}`;
      case 8:
        return p.slice(0, -1);
      case 9:
        return encodeURIComponent(p);
      case 10:
        return `${p}\n`;
      case 11:
        return `${p}${'x'.repeat(10_000)}`;
      default:
        return p;
    }
  });
}

/** Where a string is expected: strings of every kind, and every other JSON type. */
export function jsonWhereStringExpected(probes: readonly string[] = []): fc.Arbitrary<unknown> {
  const str = fc.oneof(
    { arbitrary: hostileString(probes), weight: 4 },
    ...(probes.length > 0 ? [{ arbitrary: fc.constantFrom(...probes), weight: 2 }] : []),
  );
  const scalar = fc.oneof(
    str,
    fc.integer(),
    fc.constantFrom(0, -1, 1e308, -0, 2 ** 53 + 1, 0.5),
    fc.boolean(),
    fc.constant(null),
  );
  return fc.oneof(
    { arbitrary: str, weight: 6 },
    { arbitrary: scalar, weight: 2 },
    { arbitrary: fc.array(str, { maxLength: 4 }), weight: 1 },
    { arbitrary: fc.dictionary(fieldName(), scalar, { maxKeys: 3 }), weight: 1 },
    {
      arbitrary: fc.nat({ max: 40 }).map((depth) => nest(depth, probes[0] ?? 'x')),
      weight: 1,
    },
  );
}

function nest(depth: number, leaf: unknown): unknown {
  let value: unknown = leaf;
  for (let i = 0; i < depth; i++) value = i % 2 === 0 ? [value] : { a: value };
  return value;
}

/** Property names that must never reach storage as given. */
export const STORAGE_FIELDS = [
  'PartitionKey',
  'RowKey',
  'partitionKey',
  'rowKey',
  'tenantId',
  'tid',
  'diagnoseStatus',
  'etag',
  'odata.etag',
  'odata.metadata',
  'Timestamp',
  'timestamp',
  '__proto__',
  'constructor',
  'sequence',
  'searchText',
  'upnLower',
  'claim',
  'answers',
  'resolvedAt',
  'connectorState',
  'deletedAt',
  'updatedAt',
] as const;

export function fieldName(): fc.Arbitrary<string> {
  return fc.oneof(
    fc.constantFrom(...STORAGE_FIELDS),
    fc.constantFrom('sourceAnchor', 'objectId', 'objectType', 'userPrincipalName', 'displayName', 'x'),
    fc.string({ minLength: 1, maxLength: 6 }),
  );
}

// ---------------------------------------------------------------- requests

export interface ServedRoute {
  name: string;
  route: string;
  methods: readonly string[];
}

export type FuzzRole = Extract<DevRole, 'GlobalAdministrator' | 'Contributor' | 'SyncAgent'>;

/** How a route value is put into the path. */
export type PathEncoding = 'component' | 'raw' | 'double';

export interface FuzzRequest {
  role: FuzzRole;
  method: string;
  /** The served route template, e.g. `api/sync-errors/{id}`. */
  template: string;
  /** Path and query as sent, relative to the host. */
  pathAndQuery: string;
  /** Route values before encoding. */
  params: Record<string, string>;
  /** Query values before encoding. */
  query: [string, string][];
  headers: Record<string, string>;
  body?: string;
}

export function encodeSegment(value: string, encoding: PathEncoding): string {
  switch (encoding) {
    case 'component':
      return encodeComponent(value);
    case 'double':
      return encodeURIComponent(encodeComponent(value));
    case 'raw':
      // What a careless client sends: `/`, `#`, `?` and `\` as they are; only what fetch cannot send is escaped.
      return value.replace(/[\s%\p{Cc}\u0080-\uffff]/gu, (c) => safeEncode(c));
  }
}

/** encodeURIComponent, except that a lone surrogate becomes the (undecodable) UTF-8 bytes it would have. */
function encodeComponent(value: string): string {
  return value.replace(/[^\ud800-\udfff]+|[\ud800-\udfff]/gu, (part) => safeEncode(part));
}

function safeEncode(c: string): string {
  try {
    return encodeURIComponent(c);
  } catch {
    return '%ED%A0%80'; // a lone surrogate: its UTF-8 form, which no decoder accepts
  }
}

export function encodeQuery(pairs: readonly [string, string][], raw: boolean): string {
  if (pairs.length === 0) return '';
  if (!raw) {
    const search = new URLSearchParams();
    for (const [k, v] of pairs) search.append(k, v.replace(/[\ud800-\udfff]/g, '\ufffd'));
    return `?${search.toString()}`;
  }
  return `?${pairs.map(([k, v]) => `${encodeSegment(k, 'raw')}=${encodeSegment(v, 'raw')}`).join('&')}`;
}

/** The templates' route values, e.g. `{*sourceAnchor}` → `sourceAnchor`. */
export function routeParams(template: string): string[] {
  return [...template.matchAll(/\{\*?([A-Za-z_][A-Za-z0-9_]*)(?::[^}?]*)?\??\}/g)].map((m) => m[1] ?? '');
}

export function fillTemplate(template: string, values: Record<string, string>, encoding: PathEncoding) {
  return template.replace(/\{\*?([A-Za-z_][A-Za-z0-9_]*)(?::[^}?]*)?\??\}/g, (_m, name: string) =>
    encodeSegment(values[name] ?? '', encoding),
  );
}

/**
 * Whether the local host answered by itself, before any function ran: an unmatched path (404 "Not
 * Found"), an undecodable one (400), a body over its cap (413), all text/plain; or Node refusing an
 * oversized request line (431). Everything else comes from the app.
 */
export function answeredByHost(result: RawResult): boolean {
  if (result.status === 431) return true;
  return (
    /^text\/plain/.test(result.headers.get('content-type') ?? '') &&
    ['Not Found', 'Bad request path', 'Request body too large'].includes(result.text)
  );
}

/** A route as the host serves it: with the `api/` prefix, as `service.host.served` lists it. */
export const servedRoute = (route: string): string => `api/${route}`;

/** `METHOD api/route`: how the fuzzers name an operation. */
export const operationKey = (method: string, template: string): string =>
  `${method.toUpperCase()} ${template}`;

/**
 * The query keys each operation takes, by `METHOD api/route` as served, read from the contract's
 * strict query schemas (anything else is refused): the routes are not restated here.
 */
export const QUERY_KEYS: Readonly<Record<string, readonly string[]>> = Object.fromEntries(
  API_OPERATIONS.flatMap(([, op]) =>
    op.query ? [[operationKey(op.method, servedRoute(op.route)), Object.keys(op.query.shape)]] : [],
  ),
);

export const HOSTILE_QUERY_KEYS = [
  '$filter',
  '$select',
  'tenantId',
  'tid',
  'PartitionKey',
  'api-version',
  'top[]',
  'continuationToken[]',
  '__proto__',
] as const;

/** Legitimate values of the enum-like query keys, so some requests get past validation. */
export const QUERY_VALUES: Record<string, readonly string[]> = {
  attribute: ['UserPrincipalName', 'ProxyAddresses', 'SipProxyAddress', 'OnPremiseSecurityIdentifier'],
  errorType: ['QuarantinedAttributeValueMustBeUnique', 'AttributeValueMustBeUnique'],
  diagnoseStatus: ['NotStarted', 'ManualFixRequired', 'PendingSync'],
  state: ['open', 'resolved'],
  includeDeleted: ['true', 'false'],
  top: ['1', '2', '999', '1000', '0', '-1', '1e2', '0x10', '1.5', 'NaN', 'Infinity', ''],
};

export interface FuzzPools {
  /** The other tenant's identifiers by route value name (`id`, `eventId`, `objectId`, `sourceAnchor`). */
  foreignIds: Record<string, readonly string[]>;
  /** The other tenant's continuation tokens. */
  foreignTokens: readonly string[];
  /** The other tenant's attribute values (UPNs, names, DNs, addresses). */
  foreignValues: readonly string[];
  /**
   * The subset of the other tenant's ids and values that plausible writes may store as the caller's
   * own; the rest are never stored, so that finding one of them in an answer always means a leak.
   */
  storable: { sourceAnchor: readonly string[]; objectId: readonly string[]; values: readonly string[] };
  /**
   * The other tenant's values that a fuzzed body never carries, so that finding one in the caller's
   * answers can only mean a leak (the isolation fuzz checks its detector on them).
   */
  neverInBodies?: readonly string[];
  /** The other tenant's Idempotency-Keys. */
  foreignIdempotencyKeys: readonly string[];
  /** The caller's own identifiers by route value name, so some requests reach real records. */
  ownIds: Record<string, readonly string[]>;
}

export function allForeign(pools: FuzzPools): string[] {
  return [...Object.values(pools.foreignIds).flat(), ...pools.foreignTokens, ...pools.foreignValues].filter(
    (v) => v.length > 0,
  );
}

/** The foreign values a fuzzed body may carry: all of them but `neverInBodies`. */
function bodyForeign(pools: FuzzPools, values: readonly string[] = allForeign(pools)): string[] {
  const never = new Set(pools.neverInBodies ?? []);
  return values.filter((v) => !never.has(v));
}

function fromPool(pool: readonly string[] | undefined): fc.Arbitrary<string>[] {
  return pool && pool.length > 0 ? [fc.constantFrom(...pool)] : [];
}

/** A route value: the other tenant's ids above all, then own ids, decorated ids and junk. */
export function routeValue(name: string, pools: FuzzPools): fc.Arbitrary<string> {
  const foreign = allForeign(pools);
  return fc.oneof(
    { arbitrary: fc.oneof(...fromPool(pools.foreignIds[name]), ...fromPool(foreign)), weight: 6 },
    { arbitrary: decoratedProbe(pools.foreignIds[name] ?? foreign), weight: 3 },
    { arbitrary: fc.oneof(...fromPool(pools.ownIds[name]), fc.uuid()), weight: 2 },
    { arbitrary: hostileString(foreign), weight: 3 },
  );
}

function queryValue(key: string, pools: FuzzPools): fc.Arbitrary<string> {
  const foreign = allForeign(pools);
  const own = QUERY_VALUES[key] ?? [];
  const specific =
    key === 'continuationToken'
      ? pools.foreignTokens
      : key === 'errorId'
        ? (pools.foreignIds.id ?? [])
        : pools.foreignValues;
  return fc.oneof(
    { arbitrary: fc.oneof(...fromPool(specific), ...fromPool(foreign)), weight: 5 },
    ...(own.length > 0 ? [{ arbitrary: fc.constantFrom(...own), weight: 4 }] : []),
    { arbitrary: decoratedProbe(specific.length > 0 ? specific : foreign), weight: 2 },
    { arbitrary: hostileString(foreign), weight: 3 },
  );
}

export function queryPairs(
  method: string,
  template: string,
  pools: FuzzPools,
): fc.Arbitrary<[string, string][]> {
  const keys = QUERY_KEYS[operationKey(method, template)] ?? [];
  const key = fc.oneof(...(keys.length > 0 ? [{ arbitrary: fc.constantFrom(...keys), weight: 8 }] : []), {
    arbitrary: fc.constantFrom(...HOSTILE_QUERY_KEYS),
    weight: 1,
  });
  const pair = key.chain((k) => queryValue(k, pools).map((v): [string, string] => [k, v]));
  return fc.array(pair, { maxLength: keys.length > 0 ? 4 : 1 });
}

// ---------------------------------------------------------------- bodies

/** A source object, valid or not, whose values come from the other tenant or from the hostile set. */
export function sourceObjectShape(pools: FuzzPools): fc.Arbitrary<Record<string, unknown>> {
  const v = jsonWhereStringExpected(bodyForeign(pools));
  return fc.record(
    {
      sourceAnchor: fc.oneof(v, ...fromPool(pools.foreignIds.sourceAnchor)),
      objectGuid: fc.oneof(fc.uuid(), v),
      objectType: fc.oneof(fc.constantFrom('User', 'Group', 'Contact'), v),
      userPrincipalName: fc.oneof(...fromPool(bodyForeign(pools, pools.foreignValues)), v),
      displayName: v,
      distinguishedName: v,
      mailNickname: v,
      proxyAddresses: fc.oneof(fc.array(v, { maxLength: 3 }), v),
      sipProxyAddress: v,
      onPremisesSecurityIdentifier: v,
      inScope: fc.oneof(fc.boolean(), v),
    },
    { requiredKeys: ['objectType'] },
  );
}

export function cloudObjectShape(pools: FuzzPools): fc.Arbitrary<Record<string, unknown>> {
  const v = jsonWhereStringExpected(bodyForeign(pools));
  return fc.record(
    {
      objectId: fc.oneof(...fromPool(pools.foreignIds.objectId), fc.uuid(), v),
      objectType: fc.oneof(fc.constantFrom('User', 'Group', 'Contact'), v),
      userPrincipalName: fc.oneof(...fromPool(bodyForeign(pools, pools.foreignValues)), v),
      displayName: v,
      proxyAddresses: fc.oneof(fc.array(v, { maxLength: 3 }), v),
      sourceAnchor: fc.oneof(...fromPool(pools.foreignIds.sourceAnchor), v),
      dirSyncEnabled: fc.oneof(fc.boolean(), v),
      deletedDateTime: fc.oneof(fc.constant('2020-01-01T00:00:00Z'), v),
    },
    { requiredKeys: ['objectId', 'objectType'] },
  );
}

const settingsShape = (probes: readonly string[]) =>
  fc.record(
    {
      initialDomain: fc.oneof(fc.constant('alpha-own.onmicrosoft.com'), jsonWhereStringExpected(probes)),
      userWritebackEnabled: fc.oneof(fc.boolean(), jsonWhereStringExpected(probes)),
      blockSoftMatchEnabled: fc.oneof(fc.boolean(), jsonWhereStringExpected(probes)),
      deletionThreshold: fc.oneof(fc.integer({ min: -5, max: 2_000_000 }), jsonWhereStringExpected(probes)),
      syncIntervalMinutes: fc.oneof(fc.integer({ min: -5, max: 2000 }), jsonWhereStringExpected(probes)),
    },
    { requiredKeys: [] },
  );

const answerShape = (probes: readonly string[]) =>
  fc.record(
    {
      questionId: fc.oneof(
        fc.constantFrom('userExistsOnPremises', 'sameUser'),
        jsonWhereStringExpected(probes),
      ),
      answer: fc.oneof(fc.constantFrom('yes', 'no'), jsonWhereStringExpected(probes)),
    },
    { requiredKeys: [] },
  );

const devTokenShape = (probes: readonly string[]) =>
  fc.record(
    {
      tenantId: fc.oneof(fc.uuid(), jsonWhereStringExpected(probes)),
      role: fc.oneof(
        fc.constantFrom('GlobalAdministrator', 'Contributor', 'SyncAgent', 'None'),
        jsonWhereStringExpected(probes),
      ),
      name: jsonWhereStringExpected(probes),
    },
    { requiredKeys: [] },
  );

/** The body a route takes, shaped like the real one but with fuzzed values (may or may not be valid). */
export function shapedBody(method: string, template: string, pools: FuzzPools): fc.Arbitrary<unknown> {
  const probes = bodyForeign(pools);
  const key = `${method} ${template}`;
  switch (key) {
    case 'PUT api/source-objects':
      return fc.record({ objects: fc.array(sourceObjectShape(pools), { minLength: 1, maxLength: 3 }) });
    case 'PUT api/cloud-objects':
      return fc.record({ objects: fc.array(cloudObjectShape(pools), { minLength: 1, maxLength: 3 }) });
    case 'PATCH api/settings':
      return settingsShape(probes);
    case 'POST api/sync-errors/{id}/diagnosis/answers':
      return answerShape(probes);
    case 'POST api/dev/token':
      return devTokenShape(probes);
    default:
      return fc.oneof(
        fc.constant({}),
        fc.dictionary(fieldName(), jsonWhereStringExpected(probes), { maxKeys: 3 }),
      );
  }
}

/** Content types the API must refuse for a JSON body (415). */
export const NON_JSON_CONTENT_TYPES = [
  'text/plain',
  'text/json',
  'application/xml',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=x',
  'application/json5',
  'application/jsonx',
  'application/octet-stream',
  '*/*',
  '',
] as const;

export const JSON_CONTENT_TYPES = [
  'application/json',
  'application/json; charset=utf-8',
  'APPLICATION/JSON',
  'application/problem+json',
  'application/merge-patch+json',
] as const;

export type EncodedBody = { text: string | Uint8Array; contentType: string | null };

/** A JSON text that is not valid JSON, or not UTF-8. */
export const MALFORMED_JSON: readonly (string | Uint8Array)[] = [
  '{',
  '{"objects": [',
  "{'objects': []}",
  '{"a":1,}',
  'undefined',
  'NaN',
  '\ufeff{"x":1}',
  '{"x": "\u0000"',
  '['.repeat(100_000),
  `${'['.repeat(200_000)}${']'.repeat(200_000)}`,
  `${'{"a":'.repeat(60_000)}1${'}'.repeat(60_000)}`,
  new Uint8Array([0x7b, 0x22, 0x78, 0x22, 0x3a, 0x22, 0xc3, 0x28, 0x22, 0x7d]),
  new Uint8Array([0xff, 0xfe, 0x7b, 0x00, 0x7d, 0x00]),
];

// ---------------------------------------------------------------- sending

const PRINTABLE_ASCII = [
  ...Array.from({ length: 95 }, (_, i) => String.fromCharCode(32 + i)),
  '\u00e9',
  '\u00ff',
];

export interface RawResult {
  status: number;
  headers: Headers;
  text: string;
  /** The body parsed as JSON when it is JSON, else undefined. */
  json: unknown;
}

/** Counts every request that reached the server, per file. */
export class RequestCounter {
  sent = 0;
  refusedByClient = 0;
}

/** One request with fetch; returns null when fetch itself refuses to send it (e.g. a header fetch rejects). */
export async function sendRaw(
  baseUrl: string,
  counter: RequestCounter,
  method: string,
  pathAndQuery: string,
  options: { token?: string; headers?: Record<string, string>; body?: string | Uint8Array | undefined } = {},
): Promise<RawResult | null> {
  const headers: Record<string, string> = { ...options.headers };
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  let response: Response;
  try {
    response = await fetch(`${baseUrl}/${pathAndQuery.replace(/^\//, '')}`, {
      method,
      headers,
      body: options.body,
    });
  } catch (error) {
    // fetch refuses what it cannot put on the wire (a header value with a newline, a body on GET).
    if (error instanceof TypeError || (error instanceof Error && error.name === 'InvalidArgumentError')) {
      counter.refusedByClient++;
      return null;
    }
    throw error;
  }
  counter.sent++;
  const text = await response.text();
  let json: unknown;
  if (/json/i.test(response.headers.get('content-type') ?? '') && text.length > 0) {
    try {
      json = JSON.parse(text);
    } catch {
      json = undefined;
    }
  }
  return { status: response.status, headers: response.headers, text, json };
}

/** Everything a response shows: its status line's body and every header value. */
export function visibleText(result: RawResult): string {
  const parts: string[] = [result.text];
  result.headers.forEach((value, key) => parts.push(`${key}: ${value}`));
  return parts.join('\n');
}

export function describeRequest(request: {
  method: string;
  pathAndQuery: string;
  role?: string;
  body?: string | Uint8Array | undefined;
  headers?: Record<string, string>;
}): string {
  const body =
    request.body === undefined
      ? ''
      : typeof request.body === 'string'
        ? ` body=${truncate(request.body, 300)}`
        : ` body=<${request.body.byteLength} bytes>`;
  const headers = request.headers ? ` headers=${truncate(JSON.stringify(request.headers), 200)}` : '';
  return `${request.role ?? ''} ${request.method} /${truncate(request.pathAndQuery, 300)}${headers}${body}`;
}

export function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max)}…(${text.length} chars)`;
}

// ---------------------------------------------------------------- whole requests

/**
 * Writes that validation accepts, built from the other tenant's values: the caller may legitimately
 * own an object with another tenant's anchor, objectId or UPN (tenants are separate directories), and
 * then reads must show the caller's record, never the other one. An anchor of the other tenant is
 * never paired with one of its values, so that no error id of the caller can equal one of theirs.
 */
export function plausibleWrite(
  pools: FuzzPools,
): fc.Arbitrary<{ method: string; template: string; body: unknown }> {
  const upnOf = (s: string) =>
    `own.${
      s
        .replace(/[^a-z0-9]/gi, '')
        .slice(0, 20)
        .toLowerCase() || 'x'
    }@alpha-own.example`;
  const foreignUpns = pools.storable.values.filter(
    (v) => /^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(v) && v.length <= 113,
  );
  const foreignNames = pools.storable.values.filter((v) => v.length <= 256 && !/[\p{Cc}]/u.test(v));
  const anchors = pools.storable.sourceAnchor;
  const objectIds = pools.storable.objectId;
  const freshAnchor = fc.uuid().map((u) => Buffer.from(u.replace(/-/g, ''), 'hex').toString('base64'));
  const sourceWithForeignAnchor = fc.tuple(fc.constantFrom(...anchors), fc.nat(99)).map(([anchor, n]) => ({
    sourceAnchor: anchor,
    objectType: 'User',
    userPrincipalName: upnOf(`${anchor}${n}`),
    displayName: `Own Holder ${n}`,
  }));
  const sourceWithForeignValues = fc
    .tuple(freshAnchor, fc.constantFrom(...foreignUpns), fc.constantFrom(...foreignNames))
    .map(([anchor, upn, name]) => ({
      sourceAnchor: anchor,
      objectType: 'User',
      userPrincipalName: upn,
      displayName: name,
      proxyAddresses: [`SMTP:${upn}`],
    }));
  const cloudWithForeignId = fc.tuple(fc.constantFrom(...objectIds), fc.nat(99)).map(([objectId, n]) => ({
    objectId,
    objectType: 'User',
    userPrincipalName: `own.cloud${n}@alpha-own.example`,
    displayName: `Own Cloud ${n}`,
  }));
  const cloudWithForeignValues = fc
    .tuple(fc.uuid(), fc.constantFrom(...foreignUpns), fc.constantFrom(...foreignNames))
    .map(([objectId, upn, name]) => ({
      objectId,
      objectType: 'User',
      userPrincipalName: upn,
      displayName: name,
    }));
  return fc.oneof(
    ...(anchors.length > 0
      ? [
          sourceWithForeignAnchor.map((o) => ({
            method: 'PUT',
            template: 'api/source-objects',
            body: { objects: [o] },
          })),
        ]
      : []),
    ...(foreignUpns.length > 0 && foreignNames.length > 0
      ? [
          sourceWithForeignValues.map((o) => ({
            method: 'PUT',
            template: 'api/source-objects',
            body: { objects: [o] },
          })),
          cloudWithForeignValues.map((o) => ({
            method: 'PUT',
            template: 'api/cloud-objects',
            body: { objects: [o] },
          })),
        ]
      : []),
    ...(objectIds.length > 0
      ? [
          cloudWithForeignId.map((o) => ({
            method: 'PUT',
            template: 'api/cloud-objects',
            body: { objects: [o] },
          })),
        ]
      : []),
  );
}

export interface RequestOptions {
  routes: readonly ServedRoute[];
  pools: FuzzPools;
  roles: fc.Arbitrary<FuzzRole>;
}

/** Any served route and method, with route values, query and body drawn from the pools. */
export function requestArbitrary({ routes, pools, roles }: RequestOptions): fc.Arbitrary<FuzzRequest> {
  const pairs = routes.flatMap((r) => r.methods.map((method) => ({ method, template: r.route })));
  const foreign = allForeign(pools);
  const anyRoute = fc.constantFrom(...pairs).chain(({ method, template }) => {
    const names = routeParams(template);
    const values = fc
      .tuple(...names.map((n) => routeValue(n, pools)))
      .map((vs) => Object.fromEntries(names.map((n, i) => [n, vs[i] ?? ''])));
    const body: fc.Arbitrary<{ body?: string; contentType?: string }> =
      method === 'GET' || method === 'HEAD'
        ? fc.constant({})
        : fc.oneof(
            { arbitrary: fc.constant({}), weight: 2 },
            {
              arbitrary: shapedBody(method, template, pools).map((b) => ({
                body: JSON.stringify(b),
                contentType: 'application/json',
              })),
              weight: 6,
            },
            {
              arbitrary: fc
                .tuple(jsonWhereStringExpected(foreign), fc.constantFrom(...JSON_CONTENT_TYPES))
                .map(([b, contentType]) => ({ body: JSON.stringify(b) ?? 'null', contentType })),
              weight: 2,
            },
            {
              arbitrary: fc
                .tuple(shapedBody(method, template, pools), fc.constantFrom(...NON_JSON_CONTENT_TYPES))
                .map(([b, contentType]) => ({ body: JSON.stringify(b), contentType })),
              weight: 1,
            },
            {
              arbitrary: fc
                .constantFrom(...MALFORMED_JSON.filter((m): m is string => typeof m === 'string'))
                .map((text) => ({ body: text, contentType: 'application/json' })),
              weight: 1,
            },
          );
    const headers = fc.record({
      accept: fc.option(
        fc.constantFrom('text/csv', 'text/csv, application/json;q=0.5', 'application/json', '*/*'),
        { nil: undefined },
      ),
      // Rare: a key reused on other requests makes them 422 before they reach their route's logic.
      idempotencyKey: fc.oneof(
        { arbitrary: fc.constant(undefined), weight: 10 },
        { arbitrary: fc.oneof(...fromPool(pools.foreignIdempotencyKeys)), weight: 1 },
        {
          // Header values fetch can send: printable ASCII (the service allows 1–255 of them) and past it.
          arbitrary: fc.string({ unit: fc.constantFrom(...PRINTABLE_ASCII), minLength: 0, maxLength: 300 }),
          weight: 1,
        },
      ),
    });
    return fc
      .record({
        role: roles,
        values,
        query: queryPairs(method, template, pools),
        rawQuery: fc.boolean(),
        encoding: fc.constantFrom<PathEncoding>('component', 'component', 'raw', 'double'),
        body,
        headers,
      })
      .map((r): FuzzRequest => {
        const h: Record<string, string> = {};
        if (r.headers.accept !== undefined) h.accept = r.headers.accept;
        if (r.headers.idempotencyKey !== undefined && method === 'POST')
          h['idempotency-key'] = r.headers.idempotencyKey;
        if (r.body.contentType) h['content-type'] = r.body.contentType;
        return {
          role: r.role,
          method,
          template,
          pathAndQuery: `${fillTemplate(template, r.values, r.encoding)}${encodeQuery(r.query, r.rawQuery)}`,
          params: r.values,
          query: r.query,
          headers: h,
          ...(r.body.body !== undefined ? { body: r.body.body } : {}),
        };
      });
  });
  const write = fc.tuple(plausibleWrite(pools), roles).map(([w, role]): FuzzRequest => ({
    role,
    method: w.method,
    template: w.template,
    pathAndQuery: w.template,
    params: {},
    query: [],
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(w.body),
  }));
  return fc.oneof({ arbitrary: anyRoute, weight: 9 }, { arbitrary: write, weight: 1 });
}

// ---------------------------------------------------------------- tenants and their state

export interface FuzzTenant {
  id: string;
  tokens: Record<FuzzRole, string>;
  api(method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<RawResult>;
  /** Runs a sync cycle as its Global Administrator (202, then its status until done): its summary. */
  cycle(headers?: Record<string, string>): Promise<CycleSummary>;
}

/** A fresh tenant with a token per role; `api` calls as its Global Administrator. */
export async function fuzzTenant(
  service: TestService,
  counter: RequestCounter,
  admin: { oid: string; name: string },
): Promise<FuzzTenant> {
  const id = newTenantId();
  const tokens = {
    GlobalAdministrator: await service.token(id, 'GlobalAdministrator', admin),
    Contributor: await service.token(id, 'Contributor', { oid: `${admin.oid}-c`, name: admin.name }),
    SyncAgent: await service.token(id, 'SyncAgent', { oid: `${admin.oid}-s` }),
  };
  return {
    id,
    tokens,
    api: async (method, path, body, headers = {}) => {
      const result = await sendRaw(service.url, counter, method, `api/${path}`, {
        token: tokens.GlobalAdministrator,
        headers: body === undefined ? headers : { 'content-type': 'application/json', ...headers },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      if (!result) throw new Error(`fetch refused ${method} ${path}`);
      return result;
    },
    cycle: (headers = {}) => runCycle(service, tokens.GlobalAdministrator, { headers }),
  };
}

export async function ok(result: Promise<RawResult>, what: string): Promise<RawResult> {
  const r = await result;
  if (r.status >= 300) throw new Error(`${what}: ${r.status} ${truncate(r.text, 500)}`);
  return r;
}

export interface Listed<T> {
  value: T[];
  continuationToken: string | null;
}

export async function listAll<T>(t: FuzzTenant, path: string): Promise<T[]> {
  const out: T[] = [];
  let token: string | null = null;
  do {
    const sep = path.includes('?') ? '&' : '?';
    const suffix: string = token
      ? `${sep}top=999&continuationToken=${encodeURIComponent(token)}`
      : `${sep}top=999`;
    const page = (await ok(t.api('GET', `${path}${suffix}`), `list ${path}`)).json as Listed<T>;
    out.push(...page.value);
    token = page.continuationToken;
  } while (token);
  return out;
}

export const LIST_PATHS = [
  'source-objects',
  'cloud-objects?includeDeleted=true',
  'sync-errors?state=open',
  'sync-errors?state=resolved',
  'sync-cycles',
  'audit-events',
] as const;

/** Everything a tenant can read, through its own GET routes. */
export async function readState(t: FuzzTenant): Promise<Record<string, unknown>> {
  const state: Record<string, unknown> = {
    settings: (await ok(t.api('GET', 'settings'), 'settings')).json,
  };
  for (const path of LIST_PATHS) state[path] = await listAll(t, path);
  return state;
}

export { dataTable } from './service';

/** Raw rows, as stored: every property the SDK reads back, keyed by `partition|row`. */
export async function rawEntities(partition?: string): Promise<Map<string, Record<string, unknown>>> {
  const rows = new Map<string, Record<string, unknown>>();
  const entities = dataTable().listEntities(
    partition === undefined ? {} : { queryOptions: { filter: odata`PartitionKey eq ${partition}` } },
  );
  for await (const entity of entities) rows.set(`${entity.partitionKey}|${entity.rowKey}`, entity);
  return rows;
}

/** The tenant's raw rows: key → ETag, so that any write into the partition shows. */
export async function rawRows(tenantId: string): Promise<Map<string, string>> {
  const rows = new Map<string, string>();
  for (const [key, entity] of await rawEntities(tenantId)) rows.set(key, String(entity.etag));
  return rows;
}
