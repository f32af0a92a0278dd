import { TableClient } from '@azure/data-tables';
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { upsertSourceObjects } from '../../shared/directory/sourceObjectRecords';
import { openCycleQueue } from '../../shared/queue/cycleQueue';
import { decodeMessage } from '../../shared/queue/messageEncoding';
import { openStorageQueue } from '../../shared/queue/storageQueue';
import type { CycleSummary } from '../../shared/sync/model';
import { enqueueDueCycles } from '../../shared/sync/scheduledCycles';
import { parseConfig } from '../../shared/config';
import { breakSourceRow, storeOf, storesOf } from '../support/tenantStore';

/**
 * Many workers, one queue (issue 15): two local hosts, each a process of its own serving the built
 * app's queue trigger, on one Azurite and one table. One timer tick queues every due tenant; the
 * hosts share the work, each tenant is cycled once, never two at a time (the tenant's lease); a
 * worker killed mid-cycle leaves its tenant to the other once the message's lease and the tenant's
 * lease have expired; a tenant whose cycle always fails goes to the poison queue after
 * maxDequeueCount tries while the rest are unaffected. Timings are the hosts' test overrides.
 */

const ROOT = path.resolve(__dirname, '..', '..');
const CONNECTION = process.env.TEST_STORAGE_CONNECTION_STRING ?? '';
const TABLE_PREFIX = `mw${randomUUID().replace(/-/g, '').slice(0, 12)}`;
/** The hosts' own queue: the run's Azurite is shared with other suites' services. */
const QUEUE = `mw-${TABLE_PREFIX.slice(2)}`;
const MAX_TRIES = 3;
const TENANTS = 200;

/** The environment both hosts run with: one deployment, short timings. */
const HOST_ENV = {
  AUTH_MODE: 'dev',
  DEV_KEY_DIR: mkdtempSync(path.join(tmpdir(), 'dar-mw-keys-')),
  STORAGE_CONNECTION_STRING: CONNECTION,
  STORAGE_QUEUE: CONNECTION,
  SYNC_CYCLE_QUEUE_NAME: QUEUE,
  TABLE_PREFIX,
  // The shortest the service allows: a killed holder's tenant is free again this soon.
  SYNC_LEASE_SECONDS: '15',
  LOCAL_HOST_QUEUE_MAX_DEQUEUE_COUNT: String(MAX_TRIES),
  LOCAL_HOST_QUEUE_VISIBILITY_TIMEOUT_SECONDS: '1',
  LOCAL_HOST_QUEUE_MAX_POLLING_INTERVAL_MS: '200',
  // A message a killed host held comes back this soon.
  LOCAL_HOST_QUEUE_LEASE_SECONDS: '4',
};

interface Host {
  child: ChildProcess;
  /** The queue messages it handled, one stamped line each. */
  handled: string[];
  exited: Promise<void>;
}

const hosts: Host[] = [];

/** The built app (dist/) on the local host in a child process, timers off: the test is the tick. */
async function startHost(): Promise<Host> {
  const script = `
    const { startLocalHost } = require(${JSON.stringify(path.join(ROOT, 'dist/scripts/localHost/startLocalHost.js'))});
    startLocalHost({ rootDir: ${JSON.stringify(ROOT)}, port: 0, timers: false, drainMs: 1000,
      log: (line) => process.stdout.write(line) })
      .then(() => process.stdout.write('READY\\n'), (e) => { console.error(e); process.exit(1); });`;
  const child = spawn(process.execPath, ['-e', script], {
    cwd: ROOT,
    env: { ...process.env, ...HOST_ENV },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const host: Host = {
    child,
    handled: [],
    exited: new Promise((resolve) => child.once('exit', () => resolve())),
  };
  hosts.push(host);
  let buffer = '';
  const ready = new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('the host did not start within 20 s')), 20_000);
    child.stdout?.on('data', (chunk: Buffer) => {
      buffer += chunk.toString('utf8');
      const lines = buffer.split('\n');
      buffer = lines.pop() ?? '';
      for (const line of lines) {
        if (line === 'READY') {
          clearTimeout(timer);
          resolve();
        } else if (line.includes(`QUEUE ${QUEUE} syncCycleWorker`)) host.handled.push(line);
      }
    });
    child.stderr?.resume();
    void host.exited.then(() => {
      clearTimeout(timer);
      reject(new Error('the host exited before it served'));
    });
  });
  await ready;
  return host;
}

async function kill(host: Host, signal: NodeJS.Signals): Promise<void> {
  if (host.child.exitCode === null && host.child.signalCode === null) host.child.kill(signal);
  const deadline = new Promise<void>((resolve) => setTimeout(resolve, 10_000).unref());
  await Promise.race([host.exited, deadline]);
}

afterAll(async () => {
  await Promise.all(hosts.map((host) => kill(host, 'SIGTERM')));
  await Promise.all(hosts.map((host) => kill(host, 'SIGKILL')));
});

const table = TableClient.fromConnectionString(CONNECTION, `${TABLE_PREFIX}data`, {
  allowInsecureConnection: true,
});
const stores = storesOf(table);
const tick = () =>
  enqueueDueCycles(
    {
      store: stores,
      now: () => new Date(),
      queue: openCycleQueue(parseConfig({ ...process.env, ...HOST_ENV })),
    },
    () => undefined,
  );

const user = (anchor: string) => ({
  sourceAnchor: anchor,
  objectType: 'User' as const,
  userPrincipalName: `${anchor}@contoso.com`,
  displayName: anchor,
  proxyAddresses: [`SMTP:${anchor}@contoso.com`],
  inScope: true,
});

async function summaries(tenantId: string): Promise<CycleSummary[]> {
  return (await storeOf(table, tenantId).cycles.list(50, undefined)).value;
}

/** Waits for `done`, checking every `everyMs`, for at most `ms`. */
async function until(done: () => Promise<boolean>, ms: number, everyMs = 200): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await done()) && Date.now() < deadline) await new Promise((r) => setTimeout(r, everyMs));
}

/** Runs `work` over `items`, `width` at a time. */
async function inParallel<T>(items: readonly T[], width: number, work: (item: T) => Promise<void>) {
  const queue = [...items];
  await Promise.all(
    Array.from({ length: width }, async () => {
      for (let item = queue.shift(); item !== undefined; item = queue.shift()) await work(item);
    }),
  );
}

describe('many workers, one queue', () => {
  test('a worker killed mid-cycle leaves its tenant to the other after the message and tenant leases', async () => {
    await table.createTable();
    const first = await startHost();
    const slow = randomUUID();
    const objects = Array.from({ length: 1500 }, (_, i) => user(`slow${i}`));
    for (let i = 0; i < objects.length; i += 500)
      await upsertSourceObjects(storeOf(table, slow), objects.slice(i, i + 500), new Date());
    expect(await tick()).toMatchObject({ failed: 0 });
    let holder = '';
    // Checked often: the cycle holds the lease for a few seconds, and the host must die inside them.
    await until(
      async () => {
        const lease = await storeOf(table, slow).lease.read(new Date());
        holder = lease.held && lease.kind === 'cycle' ? lease.holder : '';
        return holder !== '';
      },
      20_000,
      20,
    );
    expect(holder).not.toBe('');
    await kill(first, 'SIGKILL');
    expect(await summaries(slow)).toEqual([]);

    await startHost();
    await until(async () => (await summaries(slow)).some((s) => s.outcome === 'completed'), 40_000);
    const history = await summaries(slow);
    // The cut cycle is recorded by the one that took the tenant over, under the same id: one cycle, tried twice.
    expect(history.map((s) => [s.cycleId, s.outcome]).sort()).toEqual(
      [
        [holder, 'completed'],
        [holder, 'interrupted'],
      ].sort(),
    );
    expect(history.find((s) => s.outcome === 'completed')?.provisioned).toBe(1500);
    expect(await storeOf(table, slow).cycleRequests.read(holder)).toMatchObject({ state: 'succeeded' });
  });

  test('200 tenants due at once are each cycled once across two hosts; an always-failing one goes to the poison queue', async () => {
    if (hosts.filter((h) => h.child.exitCode === null && h.child.signalCode === null).length < 2)
      await startHost();
    const tenants = Array.from({ length: TENANTS }, () => randomUUID());
    const failing = randomUUID();
    await inParallel([...tenants, failing], 20, async (tenant) => {
      await upsertSourceObjects(storeOf(table, tenant), [user('a')], new Date());
    });
    // A row no cycle can read: every try of this tenant's cycle fails.
    await breakSourceRow(table, failing, 'a');
    const handledBefore = hosts.map((h) => h.handled.length);

    const report = await tick();
    expect(report.failed).toBe(0);
    expect(report.queued).toBeGreaterThanOrEqual(TENANTS + 1);

    const finished = async (tenant: string) =>
      (await summaries(tenant)).some((s) => s.outcome === 'completed');
    await until(async () => {
      const failed = (await summaries(failing)).filter((s) => s.outcome === 'failed').length >= MAX_TRIES;
      const done = await Promise.all(tenants.map(finished));
      return failed && done.every(Boolean);
    }, 45_000);

    const histories = new Map<string, CycleSummary[]>();
    await inParallel(tenants, 20, async (tenant) => {
      histories.set(tenant, await summaries(tenant));
    });
    const onceEach = tenants.filter((t) => {
      const history = histories.get(t) ?? [];
      return history.length === 1 && history[0]?.outcome === 'completed';
    });
    expect(onceEach).toHaveLength(TENANTS);

    // The failing tenant: MAX_TRIES tries, one after another, then the poison queue and a failed status.
    const tries = (await summaries(failing)).sort((a, b) => a.startedAt.localeCompare(b.startedAt));
    expect(tries.map((s) => s.outcome)).toEqual(Array(MAX_TRIES).fill('failed'));
    const cycleIds = new Set(tries.map((s) => s.cycleId));
    expect(cycleIds.size).toBe(1);
    for (let i = 1; i < tries.length; i++)
      expect(tries[i]!.startedAt >= (tries[i - 1]!.finishedAt ?? '')).toBe(true);
    const [cycleId] = [...cycleIds];
    expect(await storeOf(table, failing).cycleRequests.read(cycleId!)).toMatchObject({
      state: 'failed',
      problem: { code: 'InternalError' },
    });
    const poison = openStorageQueue({ connectionString: CONNECTION }, `${QUEUE}-poison`);
    let found = false;
    await until(async () => {
      const received = await poison.receive(32, 30);
      found ||= received.some((m) => decodeMessage(m.text, 'base64').includes(failing));
      return found;
    }, 10_000);
    expect(found).toBe(true);

    // Both hosts took their share of the tick's messages.
    const handled = hosts.map((h, i) => h.handled.length - (handledBefore[i] ?? 0)).filter((n) => n > 0);
    expect(handled.length).toBeGreaterThanOrEqual(2);
  });
});
