import autocannon from 'autocannon';
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import type { CycleSummary } from '../../shared/sync/model';
import type { CycleRun } from './benchCycle';
import { floorMs, measureFloor, type Floor } from './benchFloor';
import { changedObjects, DEFAULT_SEED, generateTenant, type PlantedConflicts } from './benchTenant';

/**
 * The benchmark's core, independent of where the service runs: `npm run bench` gives it a service
 * in a child process (benchChild.ts), the smoke test one in its own process (test/support/service.ts).
 * Objects and fixes go through the HTTP routes; cycles go through `target.runCycle`, which runs the
 * cycle's use case in the service process, because the route answers the summary but not the
 * metrics (entities read and written, batches, reconcile CPU) that only the use case returns.
 */
export interface BenchTarget {
  /** Base URL of the local host, e.g. http://127.0.0.1:7071 (routes are under /api). */
  url: string;
  /** A GlobalAdministrator bearer token for the tenant. */
  token(tenantId: string): Promise<string>;
  runCycle(tenantId: string): Promise<CycleRun>;
}

export interface BenchOptions {
  target: BenchTarget;
  objects: number;
  seed?: number;
  /** Azurite, for the floor (measured in a table of its own). */
  storageConnectionString: string;
  /** Entities written then listed for the floor; default = objects (Azurite slows as a partition grows). */
  floorSample?: number;
  list?: { connections: number; durationSec: number };
  applyFixCount?: number;
  /** Concurrent PUTs while loading. */
  loadConcurrency?: number;
  progress?: (line: string) => void;
}

export const CYCLE_NAMES = ['full', 'unchanged', 'changed1pct'] as const;
export type CycleName = (typeof CYCLE_NAMES)[number];

export interface CycleReport {
  name: CycleName;
  wallMs: number;
  floorMs: number;
  ratio: number;
  entitiesRead: number;
  entitiesWritten: number;
  batches: number;
  errorsReset: number;
  reconcileCpuMs: number;
  peakRssMb: number;
  /** Requests to Table Storage: what Azure bills the cycle (and what its per-account target counts). */
  storageTransactions: number;
}

/** What `npm run bench -- --json` prints. */
export interface BenchReport {
  objects: number;
  floor: Floor;
  cycles: CycleReport[];
  list: { requestsPerSec: number; p50Ms: number; p99Ms: number; non2xx: number; errors: number };
  applyFix: { p50Ms: number; p99Ms: number; count: number; non2xx: number };
}

/** What the smoke test checks beside the report. */
export interface BenchDetails {
  tenantId: string;
  planted: PlantedConflicts;
  expectedErrors: number;
  changedObjects: number;
  loadMs: number;
  listLoad: { connections: number; durationSec: number };
  summaries: Record<CycleName, CycleSummary>;
}

const MAX_PER_PUT = 1000;

export async function runBenchmark(
  options: BenchOptions,
): Promise<{ report: BenchReport; details: BenchDetails }> {
  const progress = options.progress ?? (() => undefined);
  const seed = options.seed ?? DEFAULT_SEED;
  const list = options.list ?? { connections: 50, durationSec: 20 };
  const started = performance.now();
  const say = (line: string): void => progress(`[bench ${elapsed(started)}] ${line}`);

  say(`generating ${options.objects} objects (seed ${seed})`);
  const tenant = generateTenant(options.objects, seed);

  const sample = options.floorSample ?? options.objects;
  say(
    `floor: raw Azurite, ${sample} rows created beside as many in 32 partitions and those merged, ` +
      'in 100-entity batches, then all listed in 1,000-entity pages',
  );
  const floor = await measureFloor(options.storageConnectionString, sample, say);
  say(
    `floor: ${Math.round(floor.batchWritePerSec)} entities/s written, ${Math.round(floor.listPerSec)} entities/s listed`,
  );

  const tenantId = randomUUID();
  const token = await options.target.token(tenantId);
  const client = httpClient(options.target.url, token);

  say(`loading ${tenant.clouds.length} cloud objects and ${tenant.sources.length} source objects over HTTP`);
  const loadStart = performance.now();
  await putAll(client, 'cloud-objects', tenant.clouds, 1, say);
  await putAll(client, 'source-objects', tenant.sources, options.loadConcurrency ?? 4, say);
  const loadMs = performance.now() - loadStart;
  say(`loaded in ${(loadMs / 1000).toFixed(1)} s`);

  const cycles: CycleReport[] = [];
  const summaries = {} as Record<CycleName, CycleSummary>;
  const cycle = async (name: CycleName): Promise<void> => {
    say(`cycle ${name}: running`);
    const run = await options.target.runCycle(tenantId);
    const report = cycleReport(name, run, floor);
    cycles.push(report);
    summaries[name] = run.summary;
    say(
      `cycle ${name}: ${Math.round(report.wallMs)} ms (${report.ratio.toFixed(2)}x floor), ` +
        `read ${report.entitiesRead}, wrote ${report.entitiesWritten} in ${report.batches} batches, ` +
        `errors created ${run.summary.errorsCreated}, reset ${run.summary.errorsReset}`,
    );
  };
  await cycle('full');
  await cycle('unchanged');
  const changed = changedObjects(tenant, 0.01, seed);
  say(`changing ${changed.length} source objects over HTTP`);
  await putAll(client, 'source-objects', changed, options.loadConcurrency ?? 4, say);
  await cycle('changed1pct');

  say(`GET /api/sync-errors: ${list.connections} connections for ${list.durationSec} s`);
  const listed = await autocannon({
    url: `${options.target.url}/api/sync-errors`,
    connections: list.connections,
    duration: list.durationSec,
    headers: { authorization: `Bearer ${await options.target.token(tenantId)}` },
  });
  const listReport = {
    requestsPerSec: listed.requests.average,
    p50Ms: listed.latency.p50,
    p99Ms: listed.latency.p99,
    non2xx: listed.non2xx,
    errors: listed.errors,
  };
  say(
    `list: ${Math.round(listReport.requestsPerSec)} req/s, p50 ${listReport.p50Ms} ms, p99 ${listReport.p99Ms} ms, non-2xx ${listReport.non2xx}`,
  );

  const applyFix = await measureApplyFix(
    httpClient(options.target.url, await options.target.token(tenantId)),
    tenant.orphanAnchors,
    options.applyFixCount ?? 100,
    say,
  );

  say('done');
  return {
    report: { objects: options.objects, floor, cycles, list: listReport, applyFix },
    details: {
      tenantId,
      planted: tenant.planted,
      expectedErrors: tenant.expectedErrors,
      changedObjects: changed.length,
      loadMs,
      listLoad: list,
      summaries,
    },
  };
}

function cycleReport(name: CycleName, run: CycleRun, floor: Floor): CycleReport {
  const floorTime = floorMs(floor, run.metrics.entitiesRead, run.metrics.entitiesWritten);
  return {
    name,
    wallMs: run.wallMs,
    floorMs: floorTime,
    ratio: run.wallMs / floorTime,
    entitiesRead: run.metrics.entitiesRead,
    entitiesWritten: run.metrics.entitiesWritten,
    batches: run.metrics.batches,
    errorsReset: run.summary.errorsReset,
    reconcileCpuMs: run.metrics.reconcileCpuMs,
    peakRssMb: run.peakRssMb,
    storageTransactions: run.storageTransactions,
  };
}

interface HttpResult {
  status: number;
  json: unknown;
  text: string;
}

type HttpClient = (method: string, path: string, body?: unknown) => Promise<HttpResult>;

function httpClient(baseUrl: string, token: string): HttpClient {
  return async (method, path, body) => {
    const response = await fetch(`${baseUrl}/api/${path}`, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    const json: unknown =
      /json/.test(response.headers.get('content-type') ?? '') && text ? JSON.parse(text) : null;
    return { status: response.status, json, text };
  };
}

/** PUTs objects in bodies of up to 1,000, `concurrency` at a time; any refusal stops the benchmark. */
async function putAll(
  client: HttpClient,
  route: 'source-objects' | 'cloud-objects',
  objects: readonly unknown[],
  concurrency: number,
  say: (line: string) => void,
): Promise<void> {
  const bodies: unknown[][] = [];
  for (let i = 0; i < objects.length; i += MAX_PER_PUT) bodies.push(objects.slice(i, i + MAX_PER_PUT));
  let next = 0;
  let done = 0;
  const worker = async (): Promise<void> => {
    while (next < bodies.length) {
      const body = bodies[next++] ?? [];
      const res = await putWithRetry(client, route, body);
      if (res.status !== 200) throw new Error(`PUT /api/${route}: ${res.status} ${res.text.slice(0, 500)}`);
      done += body.length;
      if (done % 10_000 < MAX_PER_PUT) say(`  ${route}: ${done}/${objects.length}`);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, bodies.length) }, worker));
}

/**
 * Object writes take the tenant's lease one at a time and wait up to 10 s for it; with several
 * PUTs in flight one may wait longer and be refused with 409 ConcurrentUpdate, which a client
 * retries (the agent does the same).
 */
async function putWithRetry(client: HttpClient, route: string, body: unknown[]): Promise<HttpResult> {
  for (let attempt = 1; ; attempt++) {
    const res = await client('PUT', route, { objects: body });
    const code = (res.json as { code?: string } | null)?.code;
    if (res.status !== 409 || code !== 'ConcurrentUpdate' || attempt === 5) return res;
    await new Promise((resolve) => setTimeout(resolve, 200 * attempt));
  }
}

interface ErrorListItem {
  id: string;
  attribute: string;
  conflictingObject: { sourceAnchor: string | null };
}

/**
 * The orphaned objects' UPN errors, each diagnosed the way an admin would (the user does not exist
 * on-premises under its old anchor: "no"; it is the same user: "yes"), then fixed one at a time:
 * only the apply-fix call is timed. Fixes take the tenant's lease, so they are not run concurrently.
 */
async function measureApplyFix(
  client: HttpClient,
  orphanAnchors: readonly string[],
  count: number,
  say: (line: string) => void,
): Promise<BenchReport['applyFix']> {
  const wanted = new Set(orphanAnchors);
  const byAnchor = new Map<string, string>();
  let continuation: string | null = null;
  do {
    const query: string =
      'sync-errors?attribute=UserPrincipalName&top=999' +
      (continuation ? `&continuationToken=${encodeURIComponent(continuation)}` : '');
    const res = await client('GET', query);
    if (res.status !== 200) throw new Error(`GET /api/${query}: ${res.status} ${res.text.slice(0, 500)}`);
    const page = res.json as { value: ErrorListItem[]; continuationToken: string | null };
    for (const error of page.value) {
      const anchor = error.conflictingObject.sourceAnchor;
      if (anchor && wanted.has(anchor)) byAnchor.set(anchor, error.id);
    }
    continuation = page.continuationToken;
  } while (continuation);
  const ids = orphanAnchors.flatMap((anchor) => byAnchor.get(anchor) ?? []).slice(0, count);
  if (ids.length < Math.min(count, orphanAnchors.length)) {
    throw new Error(`only ${ids.length} of ${orphanAnchors.length} orphaned objects have an open UPN error`);
  }
  say(`apply-fix: ${ids.length} orphaned errors, one at a time`);
  const latencies: number[] = [];
  let non2xx = 0;
  for (const id of ids) {
    for (const [questionId, answer] of [
      ['userExistsOnPremises', 'no'],
      ['sameUser', 'yes'],
    ] as const) {
      const res = await client('POST', `sync-errors/${id}/diagnosis/answers`, { questionId, answer });
      if (res.status !== 200) throw new Error(`answer ${questionId} on ${id}: ${res.status} ${res.text}`);
    }
    const start = performance.now();
    const res = await client('POST', `sync-errors/${id}/apply-fix`);
    latencies.push(performance.now() - start);
    if (res.status < 200 || res.status > 299) {
      non2xx++;
      say(`  apply-fix ${id}: ${res.status} ${res.text.slice(0, 300)}`);
    }
  }
  const sorted = [...latencies].sort((a, b) => a - b);
  const result = {
    p50Ms: percentile(sorted, 50),
    p99Ms: percentile(sorted, 99),
    count: ids.length,
    non2xx,
  };
  say(`apply-fix: p50 ${result.p50Ms.toFixed(1)} ms, p99 ${result.p99Ms.toFixed(1)} ms, non-2xx ${non2xx}`);
  return result;
}

/** Nearest-rank percentile of ascending values; 0 for none. */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return 0;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1] ?? 0;
}

function elapsed(since: number): string {
  const s = Math.round((performance.now() - since) / 1000);
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}
