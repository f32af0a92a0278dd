import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';

/**
 * The seed's two scenarios as API payloads, loaded by `npm run demo` into one tenant
 * (seed: "A common scenario", "Orphaned object scenario"). The anchors are ImmutableIds of made-up
 * objectGUIDs, two of them holding `/` or `+` as real anchors do; the two scenarios use different
 * domains so that they do not collide with each other.
 *
 * - Common: Joe Johnson and Joe Jackson both exist on-premises with UPN Joe.J@contoso.com. Joe
 *   Johnson was created first and keeps the UPN; Joe Jackson is provisioned with a quarantined UPN.
 * - Orphaned: Joe Johnson of fabrikam.com was synced long ago (his cloud object still carries the
 *   old anchor, whose source object the service never sees); he was recreated on-premises with a new
 *   anchor, same UPN and primary SMTP address, and collides with his own old cloud object.
 */
// One copy of the payloads, read by `npm run demo` and by the portal's "Load demo data" alike.
// The anchors are ImmutableIds of made-up objectGUIDs (be5d9f67-…, f6ebbd1d-…, 3a6429a3-…, 9efe6f6c-…).
// The file is read where it lives, not from a copy the build puts in dist/: the build's up-to-date
// check (tsc -b) looks at the .ts sources only, so an edited copy in dist/ could be stale.
type DemoScenarios = typeof import('../../portal/demo-scenarios.json');
export const DEMO_SCENARIOS_FILE = path.join(repositoryRoot(__dirname), 'portal', 'demo-scenarios.json');
const scenarios = JSON.parse(readFileSync(DEMO_SCENARIOS_FILE, 'utf8')) as DemoScenarios;
export const DEMO_INITIAL_DOMAIN = scenarios.initialDomain;
export const DEMO_COMMON = scenarios.common;
export const DEMO_ORPHANED = scenarios.orphaned;

/** The nearest folder up from `dir` that holds package.json: the same from scripts/lib and dist/scripts/lib. */
function repositoryRoot(dir: string): string {
  for (let at = dir; ; at = path.dirname(at)) {
    if (existsSync(path.join(at, 'package.json'))) return at;
    if (path.dirname(at) === at) throw new Error(`no package.json above ${dir}`);
  }
}

/** A one-line, user-facing failure: the script prints its message and nothing else. */
export class DemoError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DemoError';
  }
}

const summarySchema = z.looseObject({
  cycleId: z.string(),
  trigger: z.string(),
  startedAt: z.string(),
  finishedAt: z.string(),
  objectsRead: z.number(),
  provisioned: z.number(),
  updated: z.number(),
  softDeleted: z.number(),
  purged: z.number(),
  errorsCreated: z.number(),
  errorsResolved: z.number(),
  errorsReset: z.number(),
  deletionThresholdExceeded: z.boolean(),
  deletionsHeldBack: z.number(),
});
export type DemoCycleSummary = z.infer<typeof summarySchema>;

const errorSideSchema = z.looseObject({
  objectId: z.string().nullish(),
  sourceAnchor: z.string().nullish(),
  objectType: z.string().nullish(),
  displayName: z.string().nullish(),
  userPrincipalName: z.string().nullish(),
  softDeleted: z.boolean().nullish(),
});

const syncErrorSchema = z.looseObject({
  id: z.string(),
  errorType: z.string(),
  attribute: z.string(),
  value: z.string(),
  diagnoseStatus: z.string(),
  existingObject: errorSideSchema.nullish(),
  conflictingObject: errorSideSchema.nullish(),
});
export type DemoSyncError = z.infer<typeof syncErrorSchema>;

const cloudObjectSchema = z.looseObject({
  objectId: z.string(),
  objectType: z.string(),
  userPrincipalName: z.string().nullish(),
  displayName: z.string().nullish(),
  proxyAddresses: z.array(z.string()).default([]),
  sourceAnchor: z.string().nullish(),
  deletedDateTime: z.string().nullish(),
});
export type DemoCloudObject = z.infer<typeof cloudObjectSchema>;

const listSchema = <T extends z.ZodType>(item: T) =>
  z.object({ value: z.array(item), continuationToken: z.string().nullish() });

const tokenSchema = z.looseObject({ accessToken: z.string().min(1), expiresIn: z.number().optional() });

export interface DemoResult {
  tenantId: string;
  summary: DemoCycleSummary;
  /** Open errors after the cycle; null when this build does not serve GET /api/sync-errors (404). */
  syncErrors: DemoSyncError[] | null;
  /** Every live cloud object of the tenant after the cycle. */
  cloudObjects: DemoCloudObject[];
}

type FetchLike = typeof fetch;

/**
 * Long enough for a request, or a small tenant's cycle from queued to done, on a slow machine;
 * short enough not to hang forever.
 */
const REQUEST_TIMEOUT_MS = 120_000;

interface ApiAnswer {
  status: number;
  json: unknown;
  /** The Location header, when there is one (POST /api/sync-cycles's 202). */
  location: string | null;
}

/** One call to the service; network failures and non-JSON answers become one-line DemoErrors. */
async function callApi(
  fetchImpl: FetchLike,
  baseUrl: string,
  method: string,
  path: string,
  options: { token?: string; body?: unknown } = {},
): Promise<ApiAnswer> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  let response: Response;
  try {
    response = await fetchImpl(`${baseUrl}/api/${path}`, {
      method,
      headers,
      ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }),
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    });
  } catch (error) {
    throw new DemoError(unreachableMessage(baseUrl, error));
  }
  const text = await response.text();
  let json: unknown = null;
  if (/json/i.test(response.headers.get('content-type') ?? '') && text) {
    try {
      json = JSON.parse(text);
    } catch {
      throw new DemoError(`${method} /api/${path} answered ${response.status} with malformed JSON`);
    }
  }
  return { status: response.status, json, location: response.headers.get('location') };
}

/** Why fetch failed, in one line, with what to do about it. */
export function unreachableMessage(baseUrl: string, error: unknown): string {
  // Duck-typed, not instanceof: fetch's errors may come from another realm (jest's, for one).
  const failure = fields(error);
  if (failure.name === 'TimeoutError' || failure.name === 'AbortError') {
    return `${baseUrl} did not answer within ${REQUEST_TIMEOUT_MS / 1000} s`;
  }
  const cause = fields(failure.cause);
  const nested = Array.isArray(cause.errors) ? fields(cause.errors[0]) : {};
  const code = cause.code ?? nested.code;
  const why =
    typeof code === 'string' ? code : typeof failure.message === 'string' ? failure.message : String(error);
  return `cannot reach the service at ${baseUrl} (${why}): is it running? Start it with npm start, or pass --url (or set PORT)`;
}

function fields(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};
}

/** A non-2xx answer as one line: status, the problem's code and detail when it is problem+json. */
function refusal(method: string, path: string, answer: ApiAnswer): DemoError {
  const problem = z
    .looseObject({ code: z.string().optional(), detail: z.string().optional(), title: z.string().optional() })
    .safeParse(answer.json);
  const parts = problem.success
    ? [problem.data.code, problem.data.detail ?? problem.data.title].filter(Boolean).join(': ')
    : '';
  return new DemoError(`${method} /api/${path} answered ${answer.status}${parts ? ` ${parts}` : ''}`);
}

async function expectOk<T extends z.ZodType>(
  fetchImpl: FetchLike,
  baseUrl: string,
  method: string,
  path: string,
  schema: T,
  options: { token?: string; body?: unknown } = {},
): Promise<z.infer<T>> {
  const answer = await callApi(fetchImpl, baseUrl, method, path, options);
  if (answer.status < 200 || answer.status > 299) throw refusal(method, path, answer);
  const parsed = schema.safeParse(answer.json);
  if (!parsed.success) throw new DemoError(`${method} /api/${path} answered an unexpected body`);
  return parsed.data;
}

const queuedSchema = z.looseObject({ cycleId: z.string(), status: z.literal('queued') });
const statusSchema = z.looseObject({
  cycleId: z.string(),
  status: z.enum(['queued', 'running', 'succeeded', 'failed']),
  summary: summarySchema.optional(),
  problem: z.looseObject({ code: z.string(), detail: z.string() }).optional(),
});

/** The first wait between two reads of a cycle's status, and the longest (it grows by half each time). */
const FIRST_POLL_MS = 250;
const LONGEST_POLL_MS = 2_000;

/**
 * Runs one sync cycle as a client of the API does: POST /api/sync-cycles answers 202 with the
 * queued cycle and its `Location`, whose status is read until the cycle has succeeded (its summary)
 * or failed (its problem, as a DemoError), for at most REQUEST_TIMEOUT_MS. Each status it moves to
 * is told to `progress` once (`Sync cycle <id>: queued`, `running`, `succeeded`).
 */
export async function runCycle(
  fetchImpl: FetchLike,
  baseUrl: string,
  token: string,
  progress: (line: string) => void = () => undefined,
): Promise<DemoCycleSummary> {
  const posted = await callApi(fetchImpl, baseUrl, 'POST', 'sync-cycles', { token });
  if (posted.status !== 202) throw refusal('POST', 'sync-cycles', posted);
  const queued = queuedSchema.safeParse(posted.json);
  if (!queued.success) throw new DemoError('POST /api/sync-cycles answered an unexpected body');
  const { cycleId } = queued.data;
  // Where the service says the status is; under /api/, as every route.
  const statusPath = (posted.location ?? `/api/sync-cycles/${cycleId}`).replace(/^\/api\//, '');
  const deadline = Date.now() + REQUEST_TIMEOUT_MS;
  let told = '';
  for (let wait = FIRST_POLL_MS; ; wait = Math.min(LONGEST_POLL_MS, wait * 1.5)) {
    const answer = await callApi(fetchImpl, baseUrl, 'GET', statusPath, { token });
    if (answer.status !== 200) throw refusal('GET', statusPath, answer);
    const parsed = statusSchema.safeParse(answer.json);
    if (!parsed.success) throw new DemoError(`GET /api/${statusPath} answered an unexpected body`);
    const status = parsed.data;
    if (status.status !== told) progress(`Sync cycle ${cycleId}: ${status.status}`);
    told = status.status;
    if (status.status === 'succeeded') {
      if (!status.summary) throw new DemoError(`sync cycle ${cycleId} succeeded without a summary`);
      return status.summary;
    }
    if (status.status === 'failed') {
      const why = status.problem ? `${status.problem.code}: ${status.problem.detail}` : 'no reason given';
      throw new DemoError(`sync cycle ${cycleId} failed: ${why}`);
    }
    if (Date.now() + wait > deadline) {
      throw new DemoError(
        `sync cycle ${cycleId} was still ${status.status} after ${REQUEST_TIMEOUT_MS / 1000} s: ` +
          'does the service serve its queue trigger (npm start does)?',
      );
    }
    await new Promise((resolve) => setTimeout(resolve, wait));
  }
}

/** Checks that the service answers GET /api/health, so that later failures are about the demo. */
export async function checkHealth(baseUrl: string, fetchImpl: FetchLike = fetch): Promise<void> {
  const answer = await callApi(fetchImpl, baseUrl, 'GET', 'health');
  if (answer.status !== 200) {
    throw new DemoError(`${baseUrl}/api/health answered ${answer.status}: is this the service's address?`);
  }
}

/**
 * A dev token from POST /api/dev/token, which the service serves only in AUTH_MODE=dev
 * (`npm start` runs in that mode).
 */
export async function getDevToken(
  baseUrl: string,
  tenantId: string,
  role: 'GlobalAdministrator' | 'Contributor' | 'SyncAgent' | 'None' = 'GlobalAdministrator',
  fetchImpl: FetchLike = fetch,
  name?: string,
): Promise<{ accessToken: string; expiresIn: number | undefined }> {
  const body = { tenantId, role, ...(name === undefined ? {} : { name }) };
  const answer = await callApi(fetchImpl, baseUrl, 'POST', 'dev/token', { body });
  if (answer.status === 404) {
    throw new DemoError(
      `${baseUrl} does not serve /api/dev/token: it does only in AUTH_MODE=dev (as npm start runs it)`,
    );
  }
  if (answer.status !== 200) throw refusal('POST', 'dev/token', answer);
  const parsed = tokenSchema.safeParse(answer.json);
  if (!parsed.success) throw new DemoError('POST /api/dev/token answered without an accessToken');
  return { accessToken: parsed.data.accessToken, expiresIn: parsed.data.expiresIn };
}

/** The `tid` of a JWT, read without verifying it (the service verifies; this only catches mix-ups). */
function tokenTenant(token: string): string | null {
  const payload = token.split('.')[1];
  if (!payload) return null;
  try {
    const claims = z
      .object({ tid: z.string() })
      .safeParse(JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')));
    return claims.success ? claims.data.tid.toLowerCase() : null;
  } catch {
    return null;
  }
}

/**
 * Loads both scenarios into the token's tenant and runs one sync cycle: sets `initialDomain`,
 * imports the orphaned scenario's old cloud object, upserts the three source objects (in this
 * order, which is the source creation order the cycle follows), runs a sync cycle (`runCycle`,
 * telling `progress` where it is) and reads back the open errors and the cloud objects. The tenant
 * is always the token's; `tenantId` only guards against passing a token minted for another tenant.
 */
export async function loadDemo(
  baseUrl: string,
  tenantId: string,
  token: string,
  fetchImpl: FetchLike = fetch,
  progress: (line: string) => void = () => undefined,
): Promise<DemoResult> {
  const base = baseUrl.replace(/\/+$/, '');
  const tenant = tenantId.toLowerCase();
  const tid = tokenTenant(token);
  if (tid !== null && tid !== tenant) {
    throw new DemoError(`the token is for tenant ${tid}, not ${tenant}`);
  }
  const api = <T extends z.ZodType>(method: string, path: string, schema: T, body?: unknown) =>
    expectOk(fetchImpl, base, method, path, schema, { token, ...(body === undefined ? {} : { body }) });

  await api('PATCH', 'settings', z.unknown(), { initialDomain: DEMO_INITIAL_DOMAIN });
  await api('PUT', 'cloud-objects', z.unknown(), { objects: [DEMO_ORPHANED.existingCloud] });
  await api('PUT', 'source-objects', z.unknown(), {
    objects: [DEMO_COMMON.johnson, DEMO_COMMON.jackson, DEMO_ORPHANED.recreatedSource],
  });
  const summary = await runCycle(fetchImpl, base, token, progress);

  const errorsAnswer = await callApi(fetchImpl, base, 'GET', 'sync-errors?top=999', { token });
  let syncErrors: DemoSyncError[] | null = null;
  if (errorsAnswer.status !== 404) {
    if (errorsAnswer.status !== 200) throw refusal('GET', 'sync-errors', errorsAnswer);
    const parsed = listSchema(syncErrorSchema).safeParse(errorsAnswer.json);
    if (!parsed.success) throw new DemoError('GET /api/sync-errors answered an unexpected body');
    syncErrors = parsed.data.value;
  }
  const cloud = await api('GET', 'cloud-objects?top=999', listSchema(cloudObjectSchema));
  return { tenantId: tenant, summary, syncErrors, cloudObjects: cloud.value };
}
