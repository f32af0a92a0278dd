import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseConfig } from '../../shared/config';
import { cloudObjectInput, sourceObjectInput } from '../../shared/contract/directorySchemas';
import { importCloudObjects } from '../../shared/directory/cloudObjectRecords';
import { upsertSourceObjects } from '../../shared/directory/sourceObjectRecords';
import { openCycleQueue } from '../../shared/queue/cycleQueue';
import { openServiceStores } from '../../shared/store/serviceStores';
import type { CycleRequest } from '../../shared/store/cycleRequests';
import type { TenantStores } from '../../shared/store/tenantStores';
import type { CycleSummary } from '../../shared/sync/model';
import { enqueueDueCycles } from '../../shared/sync/scheduledCycles';
import { percentile } from './benchRun';

/**
 * The fan-out run of `npm run bench`: many tenants due at once, cycled by several workers from one
 * queue, as the timer and the queue-triggered worker do it in Azure (issue 15). It seeds `tenants`
 * tenants of `objectsPerTenant` objects each through the store (the source and cloud upsert use
 * cases, several tenants at a time), starts `workers` local hosts of the built app (dist/, as
 * test/integration/manyWorkers.test.ts does) in processes of their own, each serving the
 * syncCycleWorker queue trigger with host.json's queue settings (only the polling interval is
 * shorter), then makes ONE timer tick (`enqueueDueCycles`) and waits until every tenant's cycle
 * request has an outcome. Every worker is stopped by its pid at the end, and on any error.
 *
 * It needs `npm run build` first, and a connection string that reaches Azurite's Queue service
 * too (`QueueEndpoint=`). The run has a table (TABLE_PREFIX) and a queue of its own, so it can share
 * an Azurite with other work. Times are this machine's; the counts are what a test may assert.
 */
export interface FanoutOptions {
  /** Azurite's (or an account's) connection string, with its Table and Queue endpoints. */
  connectionString: string;
  tenants: number;
  objectsPerTenant: number;
  workers: number;
  progress: (line: string) => void;
  /** How long to wait for the cycles after the tick before giving up (default 15 minutes). */
  timeoutMs?: number;
}

export interface FanoutWorker {
  pid: number;
  /** Cycles it ran to the end (its "Tenant …: cycle … done" log lines). */
  cycles: number;
  /** Queue messages it settled as succeeded (its `QUEUE … succeeded` lines). */
  messages: number;
  /** Tries of a message that failed (retried, or moved to the poison queue). */
  failedTries: number;
}

export interface FanoutReport {
  tenants: number;
  objectsPerTenant: number;
  workers: number;
  /** Duplicate UPNs planted per tenant (each opens a sync error). */
  duplicatesPerTenant: number;
  seedMs: number;
  /** The tick: reading every tenant's schedule and queueing the due ones. */
  tickMs: number;
  /** From the tick's start to the last cycle's finish. */
  wallMs: number;
  tenantsPerSec: number;
  objectsPerSec: number;
  /** Per tenant, from its message's enqueue (`requestedAt`) to its cycle's `finishedAt`. */
  latencyMs: { p50: number; p99: number; max: number };
  /** Cycle requests recorded succeeded. */
  succeeded: number;
  /** Tenants with exactly one cycle summary, completed, under the tick's cycle id. */
  cycledOnce: number;
  errorsCreated: number;
  objectsRead: number;
  perWorker: FanoutWorker[];
  failures: {
    /** Tenants the tick could not queue. */
    notQueued: number;
    /** Cycle requests recorded failed (their message went to the poison queue). */
    requestsFailed: number;
    /** Failed tries, over every worker. */
    failedTries: number;
    /** Tenants with no outcome when the wait ended. */
    unfinished: number;
  };
}

const DEFAULT_TIMEOUT_MS = 15 * 60_000;
/** Objects per upsert call: the API's own limit (MAX_OBJECTS_PER_CALL). */
const CHUNK = 1000;
/** Tenants seeded at a time. */
const SEED_WIDTH = 8;
/** Status reads in flight while waiting. */
const POLL_WIDTH = 16;
const POLL_MS = 500;

/** The app's root (host.json, dist/): two folders up from scripts/lib/ in the sources, three in dist/. */
const ROOT = [path.join(__dirname, '..', '..'), path.join(__dirname, '..', '..', '..')].find((dir) =>
  existsSync(path.join(dir, 'host.json')),
);

export async function runFanout(options: FanoutOptions): Promise<FanoutReport> {
  const { tenants, objectsPerTenant, workers, progress } = options;
  if (!ROOT) throw new Error('fan-out: the app root (host.json) was not found above this script');
  const hostScript = path.join(ROOT, 'dist', 'scripts', 'localHost', 'startLocalHost.js');
  if (!existsSync(hostScript)) throw new Error(`fan-out: ${hostScript} is missing: run npm run build first`);
  if (!/QueueEndpoint=/i.test(options.connectionString))
    throw new Error('fan-out: the connection string has no QueueEndpoint: the workers read a queue');
  if (tenants < 1 || objectsPerTenant < 2 || workers < 1)
    throw new Error('fan-out: needs at least 1 tenant of 2 objects and 1 worker');

  const id = randomUUID().replace(/-/g, '').slice(0, 12);
  const keyDir = mkdtempSync(path.join(tmpdir(), 'dar-fanout-keys-'));
  const env: Record<string, string> = {
    AUTH_MODE: 'dev',
    DEV_KEY_DIR: keyDir,
    STORAGE_CONNECTION_STRING: options.connectionString,
    STORAGE_QUEUE: options.connectionString,
    TABLE_PREFIX: `fan${id}`,
    SYNC_CYCLE_QUEUE_NAME: `fan-${id}`,
    // host.json's queue settings (batch 16, threshold 8, 5 tries, 30 s visibility) stand; an idle
    // queue is polled every 200 ms at most instead of every 2 s, so the tick's messages are taken at once.
    LOCAL_HOST_QUEUE_MAX_POLLING_INTERVAL_MS: '200',
  };
  const config = parseConfig({ ...process.env, ...env });
  const children: WorkerProcess[] = [];
  const killOnExit = (): void => {
    for (const child of children) child.kill('SIGKILL');
  };
  process.once('exit', killOnExit);
  try {
    // Creates the table as the workers will open it, and tenants with the partitions they would get.
    const store = await openServiceStores(config);
    const tenantIds = Array.from({ length: tenants }, () => randomUUID());
    const duplicatesPerTenant = duplicates(objectsPerTenant);
    progress(
      `fan-out: seeding ${tenants} tenants × ${objectsPerTenant} objects ` +
        `(${duplicatesPerTenant} duplicate UPNs each), ${SEED_WIDTH} tenants at a time`,
    );
    const seedStart = performance.now();
    let seeded = 0;
    await inParallel(tenantIds, SEED_WIDTH, async (tenantId) => {
      await seedTenant(store, tenantId, objectsPerTenant, duplicatesPerTenant);
      if (++seeded % Math.max(1, Math.round(tenants / 10)) === 0) progress(`  seeded ${seeded}/${tenants}`);
    });
    const seedMs = performance.now() - seedStart;
    progress(`fan-out: seeded in ${(seedMs / 1000).toFixed(1)} s; starting ${workers} workers`);

    for (let i = 0; i < workers; i++)
      children.push(startWorker(ROOT, hostScript, env, config.SYNC_CYCLE_QUEUE_NAME));
    await Promise.all(children.map((child) => child.ready));
    progress(
      `fan-out: workers ${children.map((c) => c.pid).join(', ')} serve queue ${config.SYNC_CYCLE_QUEUE_NAME}`,
    );

    // One tick: every tenant is new, so every one is due. The queue is wrapped to learn the cycle ids.
    const cycleIds = new Map<string, string>();
    const queue = openCycleQueue(config);
    const tickStart = Date.now();
    const tick = await enqueueDueCycles(
      {
        store,
        now: () => new Date(),
        queue: {
          send: async (message) => {
            cycleIds.set(message.tenantId, message.cycleId);
            await queue.send(message);
          },
        },
      },
      (line) => progress(`  tick: ${line}`),
    );
    const tickMs = Date.now() - tickStart;
    progress(`fan-out: the tick queued ${tick.queued} cycles in ${(tickMs / 1000).toFixed(1)} s`);

    const outcomes = await waitForOutcomes(
      store,
      cycleIds,
      children,
      options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
      progress,
    );
    const histories = new Map<string, CycleSummary[]>();
    await inParallel(tenantIds, POLL_WIDTH, async (tenantId) => {
      histories.set(tenantId, await cycleSummaries(store, tenantId));
    });
    // A worker logs a cycle after its status is written: wait for the lines of every finished cycle.
    const finished = [...outcomes.values()].filter((o) => o.state === 'succeeded').length;
    await until(() => children.reduce((n, c) => n + c.stats.cycles, 0) >= finished, 5_000);

    const latencies: number[] = [];
    let lastFinish = tickStart;
    let errorsCreated = 0;
    let objectsRead = 0;
    let cycledOnce = 0;
    for (const tenantId of tenantIds) {
      const outcome = outcomes.get(tenantId);
      const history = histories.get(tenantId) ?? [];
      const summary = outcome?.summary;
      if (outcome?.state === 'succeeded' && summary?.finishedAt) {
        const finishedAt = Date.parse(summary.finishedAt);
        latencies.push(finishedAt - Date.parse(outcome.requestedAt));
        lastFinish = Math.max(lastFinish, finishedAt);
        errorsCreated += summary.errorsCreated;
        objectsRead += summary.objectsRead;
      }
      const only = history[0];
      if (history.length === 1 && only?.outcome === 'completed' && only.cycleId === cycleIds.get(tenantId))
        cycledOnce++;
    }
    latencies.sort((a, b) => a - b);
    const wallMs = lastFinish - tickStart;
    const succeeded = latencies.length;
    const perWorker = children.map((c) => ({ pid: c.pid, ...c.stats }));
    return {
      tenants,
      objectsPerTenant,
      workers,
      duplicatesPerTenant,
      seedMs,
      tickMs,
      wallMs,
      tenantsPerSec: wallMs > 0 ? (succeeded * 1000) / wallMs : 0,
      objectsPerSec: wallMs > 0 ? (succeeded * objectsPerTenant * 1000) / wallMs : 0,
      latencyMs: {
        p50: percentile(latencies, 50),
        p99: percentile(latencies, 99),
        max: latencies.at(-1) ?? 0,
      },
      succeeded,
      cycledOnce,
      errorsCreated,
      objectsRead,
      perWorker,
      failures: {
        notQueued: tenants - tick.queued,
        requestsFailed: [...outcomes.values()].filter((o) => o.state === 'failed').length,
        failedTries: perWorker.reduce((n, w) => n + w.failedTries, 0),
        unfinished: cycleIds.size - outcomes.size,
      },
    };
  } finally {
    await Promise.all(children.map((child) => child.stop()));
    process.removeListener('exit', killOnExit);
    rmSync(keyDir, { recursive: true, force: true });
  }
}

/** The report's lines for a person. */
export function formatFanout(report: FanoutReport): string {
  const s = (ms: number): string => (ms / 1000).toFixed(1);
  const f = report.failures;
  return [
    `Fan-out: ${report.tenants} tenants × ${report.objectsPerTenant.toLocaleString('en-US')} objects ` +
      `(${report.duplicatesPerTenant} duplicate UPNs each), ${report.workers} workers, one timer tick`,
    `  seeded in ${s(report.seedMs)} s; the tick queued them in ${s(report.tickMs)} s`,
    `  ${report.succeeded}/${report.tenants} cycled in ${s(report.wallMs)} s: ${report.tenantsPerSec.toFixed(2)} tenants/s, ` +
      `${Math.round(report.objectsPerSec).toLocaleString('en-US')} objects/s`,
    `  per tenant, enqueue to finish: p50 ${s(report.latencyMs.p50)} s, p99 ${s(report.latencyMs.p99)} s, ` +
      `max ${s(report.latencyMs.max)} s`,
    `  cycles per worker: ${report.perWorker.map((w) => `${w.cycles} (pid ${w.pid})`).join(', ')}; ` +
      `${report.cycledOnce}/${report.tenants} tenants cycled exactly once, ${report.errorsCreated} errors opened`,
    `  failures: ${f.notQueued} not queued, ${f.requestsFailed} failed, ${f.failedTries} failed tries, ` +
      `${f.unfinished} unfinished`,
    '',
  ].join('\n');
}

/** Duplicate UPNs planted in a tenant: 1 %, at least one. */
function duplicates(objects: number): number {
  return Math.max(1, Math.min(Math.floor(objects / 2), Math.round(objects / 100)));
}

/**
 * Users `u0…`, each with a UPN and primary SMTP address of its own, except that the odd users among
 * the first `2 × dupes` take their predecessor's UPN (a duplicate UPN: a sync error); plus one
 * cloud-only user, so the cycle reads cloud objects that are not its own.
 */
async function seedTenant(
  store: TenantStores,
  tenantId: string,
  objects: number,
  dupes: number,
): Promise<void> {
  const tenant = store.tenant(tenantId);
  const upn = (i: number): string => `user${i}@fanout.example`;
  const inputs = Array.from({ length: objects }, (_, i) =>
    sourceObjectInput.parse({
      sourceAnchor: `u${i}`,
      objectType: 'User',
      userPrincipalName: i % 2 === 1 && i < 2 * dupes ? upn(i - 1) : upn(i),
      displayName: `User ${i}`,
      proxyAddresses: [`SMTP:mail${i}@fanout.example`],
    }),
  );
  const now = new Date();
  for (let start = 0; start < inputs.length; start += CHUNK)
    await upsertSourceObjects(tenant, inputs.slice(start, start + CHUNK), now);
  await importCloudObjects(
    tenant,
    [
      cloudObjectInput.parse({
        objectId: randomUUID(),
        objectType: 'User',
        userPrincipalName: 'cloud.only@fanout.example',
        displayName: 'Cloud only',
        dirSyncEnabled: false,
      }),
    ],
    now,
  );
}

async function cycleSummaries(store: TenantStores, tenantId: string): Promise<CycleSummary[]> {
  return (await store.tenant(tenantId).cycles.list(50, undefined)).value;
}

/**
 * Polls each queued tenant's cycle request until it is no longer `queued` (succeeded, failed or
 * covered), a worker dies, or the time is up. Answers the outcomes it saw.
 */
async function waitForOutcomes(
  store: TenantStores,
  cycleIds: ReadonlyMap<string, string>,
  children: readonly WorkerProcess[],
  timeoutMs: number,
  progress: (line: string) => void,
): Promise<Map<string, CycleRequest>> {
  const outcomes = new Map<string, CycleRequest>();
  const deadline = Date.now() + timeoutMs;
  let reported = 0;
  while (outcomes.size < cycleIds.size) {
    const dead = children.find((c) => c.exited);
    if (dead)
      throw new Error(`fan-out: worker ${dead.pid} exited while cycles were due: ${dead.stderrTail()}`);
    if (Date.now() > deadline) {
      progress(
        `fan-out: gave up after ${timeoutMs / 1000} s with ${cycleIds.size - outcomes.size} cycles open`,
      );
      break;
    }
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    const open = [...cycleIds].filter(([tenantId]) => !outcomes.has(tenantId));
    await inParallel(open, POLL_WIDTH, async ([tenantId, cycleId]) => {
      const request = await store.tenant(tenantId).cycleRequests.read(cycleId);
      if (request && request.state !== 'queued') outcomes.set(tenantId, request);
    });
    if (outcomes.size - reported >= Math.max(1, Math.round(cycleIds.size / 10))) {
      reported = outcomes.size;
      progress(`  cycled ${outcomes.size}/${cycleIds.size}`);
    }
  }
  return outcomes;
}

interface WorkerProcess {
  pid: number;
  ready: Promise<void>;
  readonly exited: boolean;
  stats: Omit<FanoutWorker, 'pid'>;
  stderrTail(): string;
  kill(signal: NodeJS.Signals): void;
  /** SIGTERM (the host drains and exits), then SIGKILL after 10 s. */
  stop(): Promise<void>;
}

/** One local host of the built app, timers off (the run is the tick), counting what it logs. */
function startWorker(
  root: string,
  hostScript: string,
  env: Record<string, string>,
  queueName: string,
): WorkerProcess {
  const script = `
    const { startLocalHost } = require(${JSON.stringify(hostScript)});
    startLocalHost({ rootDir: ${JSON.stringify(root)}, port: 0, timers: false, drainMs: 5000,
      log: (line) => process.stdout.write(line + '\\n') })
      .then((host) => {
        process.once('SIGTERM', () => host.stop().then(() => process.exit(0), () => process.exit(1)));
        process.stdout.write('READY\\n');
      }, (e) => { console.error(e); process.exit(1); });`;
  const child: ChildProcess = spawn(process.execPath, ['-e', script], {
    cwd: root,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const pid = child.pid ?? 0;
  let exited = false;
  const exit = new Promise<void>((resolve) => {
    const gone = (): void => {
      exited = true;
      resolve();
    };
    child.once('exit', gone);
    // Not started at all (no 'exit' follows).
    child.once('error', gone);
  });
  const stats = { cycles: 0, messages: 0, failedTries: 0 };
  const queueLine = `QUEUE ${queueName} syncCycleWorker `;
  let stderr: string[] = [];
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = [...stderr, ...chunk.toString('utf8').split('\n')].slice(-20);
  });
  const ready = new Promise<void>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`fan-out: worker ${pid} did not start within 30 s`)),
      30_000,
    );
    lines(child, (line) => {
      if (line === 'READY') {
        clearTimeout(timer);
        resolve();
      } else if (/ syncCycleWorker: Tenant \S+: cycle \S+ done /.test(line)) stats.cycles++;
      else if (line.includes(queueLine)) {
        if (/ try \d+ succeeded /.test(line)) stats.messages++;
        else if (/ try \d+ failed/.test(line)) stats.failedTries++;
      }
    });
    void exit.then(() => {
      clearTimeout(timer);
      reject(new Error(`fan-out: worker ${pid} exited before it served: ${stderr.join('\n')}`));
    });
  });
  ready.catch(() => undefined);
  const kill = (signal: NodeJS.Signals): void => {
    if (exited || pid === 0) return;
    try {
      process.kill(pid, signal);
    } catch {
      // Gone already.
    }
  };
  return {
    pid,
    ready,
    get exited() {
      return exited;
    },
    stats,
    stderrTail: () => stderr.join('\n').trim(),
    kill,
    stop: async () => {
      kill('SIGTERM');
      const timer = setTimeout(() => kill('SIGKILL'), 10_000);
      await exit;
      clearTimeout(timer);
    },
  };
}

function lines(child: ChildProcess, onLine: (line: string) => void): void {
  let buffer = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    buffer += chunk.toString('utf8');
    const parts = buffer.split('\n');
    buffer = parts.pop() ?? '';
    for (const line of parts) onLine(line);
  });
}

async function until(done: () => boolean, ms: number): Promise<void> {
  const deadline = Date.now() + ms;
  while (!done() && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
}

/** Runs `work` over `items`, `width` at a time. */
async function inParallel<T>(
  items: readonly T[],
  width: number,
  work: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(width, items.length) }, async () => {
      while (next < items.length) await work(items[next++] as T);
    }),
  );
}
