import { createHash, randomUUID } from 'node:crypto';
import { noWrites } from '../../shared/sync/reconcile';
import { performance } from 'node:perf_hooks';
import type { TenantStore } from '../../shared/store/tenantStore';
import type { TenantStores } from '../../shared/store/tenantStores';
import type { SyncError } from '../../shared/sync/model';

/**
 * The noisy-neighbour load test's core, independent of where the service runs: `npm run load` gives
 * it a service in a child process (benchChild.ts), the smoke test one in its own process.
 *
 * A quiet tenant reads GET /api/settings at a fixed rate (an open loop: a request starts every
 * `quietIntervalMs` whether or not the previous one answered, so a stalled service shows up as
 * latency, not as fewer samples), first alone, then while a noisy tenant keeps `exports` CSV exports
 * (`GET /api/sync-errors?state=resolved`, `Accept: text/csv`) and `scans`
 * (`?state=resolved&search=zzz&top=999`) running at once, each re-sent as soon as it ends. The noisy
 * client is rude: a 429 is retried after `retryMs`, whatever Retry-After says.
 */
export interface LoadTarget {
  /** Base URL of the service, e.g. http://127.0.0.1:7071 (routes are under /api). */
  url: string;
  /** A GlobalAdministrator bearer token for the tenant. */
  token(tenantId: string): Promise<string>;
  /**
   * The service's stores, where the noisy tenant's errors are written; asked for once the service
   * answered its first request (it has made its table by then).
   */
  stores(): Promise<TenantStores>;
  /** The service's resident memory now and at its peak, in MiB, when it can be read. */
  memory?: () => { rssMb: number; peakRssMb: number } | null;
}

export interface LoadOptions {
  target: LoadTarget;
  openErrors: number;
  resolvedErrors: number;
  exports: number;
  scans: number;
  /** Seconds each phase measures the quiet tenant. */
  durationSec: number;
  /** Seconds the noisy tenant runs before the quiet tenant is measured beside it. */
  warmupSec?: number;
  quietIntervalMs?: number;
  retryMs?: number;
  /** The quiet tenant's p99 must stay under this while the noisy tenant runs. */
  boundMs: number;
  progress?: (line: string) => void;
}

export interface LatencyFigures {
  requests: number;
  /** Status code → count. */
  statuses: Record<string, number>;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
}

export interface NoisyFigures {
  /** Per kind of request: status code → count, and the bytes of the 200s' bodies. */
  exports: { statuses: Record<string, number>; bytes: number; cut: number };
  scans: { statuses: Record<string, number>; bytes: number; cut: number };
}

export interface LoadReport {
  seeded: { openErrors: number; resolvedErrors: number };
  load: { exports: number; scans: number; durationSec: number; quietPerSec: number };
  boundMs: number;
  quietAlone: LatencyFigures;
  quietWithNoise: LatencyFigures;
  noisy: NoisyFigures;
  /** The service's memory after each phase (MiB), when the target can read it. */
  memory: {
    alone: { rssMb: number; peakRssMb: number } | null;
    noisy: { rssMb: number; peakRssMb: number } | null;
  };
  /** p99 with the noisy tenant under boundMs, and every quiet request answered 200. */
  withinBound: boolean;
}

export async function runLoad(options: LoadOptions): Promise<LoadReport> {
  const progress = options.progress ?? (() => undefined);
  const started = performance.now();
  const say = (line: string): void =>
    progress(`[load ${((performance.now() - started) / 1000).toFixed(1)}s] ${line}`);
  const quietIntervalMs = options.quietIntervalMs ?? 50;
  const base = `${options.target.url}/api`;

  const quietTenant = randomUUID();
  const noisyTenant = randomUUID();
  const quietToken = await options.target.token(quietTenant);
  const noisyToken = await options.target.token(noisyTenant);

  // The first request also makes the service create its table.
  const first = await fetch(`${base}/settings`, { headers: { authorization: `Bearer ${quietToken}` } });
  await first.arrayBuffer();
  if (first.status !== 200) throw new Error(`GET /api/settings answered ${first.status}`);

  say(`seeding the noisy tenant: ${options.openErrors} open and ${options.resolvedErrors} resolved errors`);
  const stores = await options.target.stores();
  await seedErrors(stores.tenant(noisyTenant), options.openErrors, options.resolvedErrors);

  const quiet = (): Promise<LatencyFigures> =>
    measureQuiet(`${base}/settings`, quietToken, options.durationSec * 1000, quietIntervalMs);

  say(`quiet tenant alone: GET /api/settings every ${quietIntervalMs} ms for ${options.durationSec} s`);
  const quietAlone = await quiet();
  say(`  ${describe(quietAlone)}`);
  const memoryAlone = options.target.memory?.() ?? null;

  say(`noisy tenant: ${options.exports} concurrent CSV exports and ${options.scans} concurrent scans`);
  const stop = new AbortController();
  const noisy: NoisyFigures = {
    exports: { statuses: {}, bytes: 0, cut: 0 },
    scans: { statuses: {}, bytes: 0, cut: 0 },
  };
  const retryMs = options.retryMs ?? 250;
  const workers = [
    ...Array.from({ length: options.exports }, () =>
      noisyWorker(
        `${base}/sync-errors?state=resolved`,
        { authorization: `Bearer ${noisyToken}`, accept: 'text/csv' },
        noisy.exports,
        stop.signal,
        retryMs,
      ),
    ),
    ...Array.from({ length: options.scans }, () =>
      noisyWorker(
        `${base}/sync-errors?state=resolved&search=zzz&top=999`,
        { authorization: `Bearer ${noisyToken}` },
        noisy.scans,
        stop.signal,
        retryMs,
      ),
    ),
  ];
  await sleep((options.warmupSec ?? 2) * 1000);
  say(`quiet tenant beside it, for ${options.durationSec} s`);
  const quietWithNoise = await quiet();
  const memoryNoisy = options.target.memory?.() ?? null;
  stop.abort();
  await Promise.all(workers);
  say(`  ${describe(quietWithNoise)}`);
  say(
    `  noisy exports ${JSON.stringify(noisy.exports.statuses)}, scans ${JSON.stringify(noisy.scans.statuses)}`,
  );

  const allOk = (f: LatencyFigures) => Object.keys(f.statuses).every((s) => s === '200');
  return {
    seeded: { openErrors: options.openErrors, resolvedErrors: options.resolvedErrors },
    load: {
      exports: options.exports,
      scans: options.scans,
      durationSec: options.durationSec,
      quietPerSec: 1000 / quietIntervalMs,
    },
    boundMs: options.boundMs,
    quietAlone,
    quietWithNoise,
    noisy,
    memory: { alone: memoryAlone, noisy: memoryNoisy },
    withinBound: quietWithNoise.p99Ms < options.boundMs && allOk(quietWithNoise) && allOk(quietAlone),
  };
}

function describe(f: LatencyFigures): string {
  return `${f.requests} requests ${JSON.stringify(f.statuses)}, p50 ${f.p50Ms.toFixed(1)} ms, p99 ${f.p99Ms.toFixed(1)} ms, max ${f.maxMs.toFixed(1)} ms`;
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

function count(statuses: Record<string, number>, status: number | string): void {
  statuses[String(status)] = (statuses[String(status)] ?? 0) + 1;
}

/** Open loop: one request every intervalMs for durationMs; each one's time to its whole body. */
async function measureQuiet(
  url: string,
  token: string,
  durationMs: number,
  intervalMs: number,
): Promise<LatencyFigures> {
  const latencies: number[] = [];
  const statuses: Record<string, number> = {};
  const inFlight: Promise<void>[] = [];
  const one = async (): Promise<void> => {
    const start = performance.now();
    try {
      const response = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
      await response.arrayBuffer();
      count(statuses, response.status);
    } catch {
      count(statuses, 'network error');
    }
    latencies.push(performance.now() - start);
  };
  const begin = performance.now();
  for (let i = 0; performance.now() - begin < durationMs; i++) {
    inFlight.push(one());
    const next = begin + (i + 1) * intervalMs;
    await sleep(Math.max(0, next - performance.now()));
  }
  await Promise.all(inFlight);
  latencies.sort((a, b) => a - b);
  const at = (q: number) =>
    latencies[Math.min(latencies.length - 1, Math.ceil(q * latencies.length) - 1)] ?? 0;
  return { requests: latencies.length, statuses, p50Ms: at(0.5), p99Ms: at(0.99), maxMs: at(1) };
}

async function noisyWorker(
  url: string,
  headers: Record<string, string>,
  tally: NoisyFigures['exports'],
  signal: AbortSignal,
  retryMs: number,
): Promise<void> {
  while (!signal.aborted) {
    // One controller per request: listeners on the shared signal would pile up, one per request.
    const request = new AbortController();
    const abort = () => request.abort();
    signal.addEventListener('abort', abort);
    try {
      const response = await fetch(url, { headers, signal: request.signal });
      let bytes = 0;
      if (response.body) for await (const chunk of response.body) bytes += (chunk as Uint8Array).byteLength;
      count(tally.statuses, response.status);
      if (response.status === 200) tally.bytes += bytes;
      else await sleep(retryMs);
    } catch (error) {
      if (signal.aborted) return;
      // A body cut short (the service ended a transfer it could not finish) or a refused connection.
      tally.cut += 1;
      count(tally.statuses, error instanceof Error ? error.name : 'error');
      await sleep(retryMs);
    } finally {
      signal.removeEventListener('abort', abort);
    }
  }
}

/** Stable 32-hex ids, as the service derives them. */
const errorId = (tenantId: string, i: number): string =>
  createHash('sha256').update(`${tenantId}:${i}`).digest('hex').slice(0, 32);

/** An error shaped like a cycle's: a UPN or proxy address two users ask for, with both sides named. */
export function syntheticError(tenantId: string, i: number, resolved: boolean): SyncError {
  const at = new Date(Date.UTC(2025, 0, 1) + i * 60_000).toISOString();
  const upn = i % 3 === 0;
  const value = upn ? `User.Name${i}@contoso.com` : `smtp:user.name${i}@contoso.com`;
  const side = (n: number, anchor: string) => ({
    objectId: n === 0 ? randomUUID() : null,
    sourceAnchor: anchor,
    objectType: 'User' as const,
    displayName: `User Name ${i}${n === 0 ? '' : ' (new)'}`,
    userPrincipalName: `user.name${i}${n === 0 ? '' : '.new'}@contoso.com`,
    cloudUserPrincipalName: n === 0 ? `user.name${i}@contoso.com` : null,
    distinguishedName: `CN=User Name ${i},OU=Users,DC=contoso,DC=com`,
    softDeleted: false,
  });
  const conflictingAnchor = Buffer.from(errorId(tenantId, -i - 1), 'hex').toString('base64');
  return {
    id: errorId(tenantId, i),
    errorType: upn ? 'QuarantinedAttributeValueMustBeUnique' : 'AttributeValueMustBeUnique',
    attribute: upn ? 'UserPrincipalName' : 'ProxyAddresses',
    value,
    normalizedValue: value.toLowerCase(),
    conflictingSourceAnchor: conflictingAnchor,
    existingObject: side(0, Buffer.from(errorId(tenantId, i), 'hex').toString('base64')),
    conflictingObject: side(1, conflictingAnchor),
    diagnoseStatus: 'NotStarted',
    answers: { userExistsOnPremises: null, sameUser: null, closed: false },
    detectedAt: at,
    lastSeenAt: at,
    resolvedAt: resolved ? new Date(Date.parse(at) + 3600_000).toISOString() : null,
  };
}

/**
 * Writes the tenant's errors straight to its partition, as a cycle writes them: 100 to a
 * transaction, 4 transactions at a time, then the tenant's errors version.
 */
export async function seedErrors(store: TenantStore, open: number, resolved: number): Promise<void> {
  const errors = Array.from({ length: open + resolved }, (_, i) =>
    syntheticError(store.tenantId, i, i >= open),
  );
  await store.cycleWriter.write({ ...noWrites(), errorsToWrite: errors }, new Date(), () =>
    Promise.resolve(),
  );
}
