import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { azuriteConnectionString, freePort, isPortListening } from '../../scripts/lib/azuriteProcess';
import { isAlive, readRecord, RECORD_FILE, stopAzuritePid } from '../../scripts/lib/localAzurite';
import { loadOrCreateDevKey, signDevToken } from '../../shared/auth/devKeys';
import { openStorageQueue } from '../../shared/queue/storageQueue';
import { call, ROOT } from '../support/service';
import { runCycle } from '../support/syncCycles';

/**
 * `npm start` as a user runs it (the built dist/scripts/start.js; `npm test` builds first), on
 * ports and folders of its own: records written before a restart are there after it, and
 * Ctrl-C stops the host and Azurite both.
 */
interface Started {
  child: ChildProcess;
  output: () => string;
}

const work = mkdtempSync(path.join(tmpdir(), 'dar-start-'));
const location = path.join(work, 'azurite');
let ports: { http: number; azurite: number; queue: number };

/** Every line npm start prints begins with its time, ISO-8601. */
const STAMPED = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z /;

beforeAll(async () => {
  ports = { http: await freePort(), azurite: await freePort(), queue: await freePort() };
});

afterAll(async () => {
  // An Azurite a failed test left running (the adoption test kills npm start on purpose).
  const record = readRecord(location);
  if (record && isAlive(record.pid)) await stopAzuritePid(record.pid);
  rmSync(work, { recursive: true, force: true });
});

/** The environment of every npm start here: its own ports, folders and table prefix. */
const startEnv = (): NodeJS.ProcessEnv => ({
  ...process.env,
  PORT: String(ports.http),
  AZURITE_TABLE_PORT: String(ports.azurite),
  AZURITE_QUEUE_PORT: String(ports.queue),
  AZURITE_LOCATION: location,
  DEV_KEY_DIR: path.join(work, 'keys'),
  STORAGE_CONNECTION_STRING: 'UseDevelopmentStorage=true',
  AUTH_MODE: 'dev',
  TABLE_PREFIX: 'durable',
  LOCAL_HOST_QUIET: 'true',
});

function start(options: { args?: string[]; env?: Record<string, string> } = {}): Promise<Started> {
  const child = spawn(
    process.execPath,
    [path.join(ROOT, 'dist', 'scripts', 'start.js'), ...(options.args ?? [])],
    { cwd: ROOT, env: { ...startEnv(), ...options.env }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  child.stdout?.on('data', (c: Buffer) => (output += c.toString()));
  child.stderr?.on('data', (c: Buffer) => (output += c.toString()));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`npm start did not come up: ${output}`)), 30_000);
    child.stdout?.on('data', () => {
      if (output.includes('Serving on')) {
        clearTimeout(timer);
        resolve({ child, output: () => output });
      }
    });
    child.once('exit', (code) => reject(new Error(`exited ${code}: ${output}`)));
  });
}

function stop(started: Started): Promise<number | null> {
  return new Promise((resolve) => {
    started.child.once('exit', (code) => resolve(code));
    started.child.kill('SIGINT');
  });
}

/** A plain TCP listener on a free port: something on "the Azurite port" that this checkout did not start. */
async function foreignListener(): Promise<{ port: number; server: Server }> {
  const server = createServer((socket) => socket.destroy());
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  return { port: typeof address === 'object' && address ? address.port : 0, server };
}

const closeServer = (server: Server): Promise<void> =>
  new Promise((resolve) => server.close(() => resolve()));

async function devToken(tenantId: string): Promise<string> {
  return signDevToken(await loadOrCreateDevKey(path.join(work, 'keys')), {
    tenantId,
    role: 'GlobalAdministrator',
    audience: 'api://entra-sync-remediation',
  });
}

test('records survive a restart of npm start, and Ctrl-C stops both processes', async () => {
  const token = await devToken(randomUUID());
  const base = `http://127.0.0.1:${ports.http}/api`;
  const objects = Array.from({ length: 250 }, (_, i) => ({
    sourceAnchor: `durable+${i}/x==`,
    objectType: 'Group',
    displayName: `Group ${i}`,
  }));

  const first = await start();
  expect(first.output()).toContain(
    `Azurite Table service on 127.0.0.1:${ports.azurite} and Queue service on 127.0.0.1:${ports.queue}, started for this checkout`,
  );
  // The real data folder, not .azurite/.
  expect(first.output()).toContain(`data in ${location}`);
  expect(readRecord(location)).toMatchObject({
    port: ports.azurite,
    queuePort: ports.queue,
    ownerPid: first.child.pid,
  });
  // Its Queue service answers, at the port the connection string names.
  const queue = openStorageQueue(
    { connectionString: azuriteConnectionString(ports.azurite, ports.queue) },
    `npm-start-${randomUUID().slice(0, 8)}`,
  );
  await queue.create();
  await queue.send('probe');
  expect(await queue.approximateCount()).toBe(1);
  expect((await call(`${base}/health`, 'GET')).status).toBe(200);
  expect((await call(`${base}/source-objects`, 'PUT', { token, body: { objects } })).status).toBe(200);
  // Queued (202) and run by the host's queue trigger, on the Azurite it started.
  expect(await runCycle({ url: base.replace(/\/api$/, '') }, token)).toMatchObject({ provisioned: 250 });
  expect(await stop(first)).toBe(0);
  expect(await isPortListening(ports.http)).toBe(false);
  expect(await isPortListening(ports.azurite)).toBe(false);
  expect(await isPortListening(ports.queue)).toBe(false);
  expect(existsSync(path.join(location, RECORD_FILE))).toBe(false);

  const second = await start();
  try {
    const sources = (await call(`${base}/source-objects?top=999`, 'GET', { token })).json as {
      value: unknown[];
    };
    expect(sources.value).toHaveLength(250);
    const clouds = (await call(`${base}/cloud-objects?top=999`, 'GET', { token })).json as {
      value: unknown[];
    };
    expect(clouds.value).toHaveLength(250);
    const cycles = (await call(`${base}/sync-cycles`, 'GET', { token })).json as { value: unknown[] };
    expect(cycles.value).toHaveLength(1);
  } finally {
    expect(await stop(second)).toBe(0);
  }
});

test('a busy port is a one-line error, not a stack', async () => {
  const first = await start();
  try {
    const clash = spawn(process.execPath, [path.join(ROOT, 'dist', 'scripts', 'start.js')], {
      cwd: ROOT,
      env: {
        ...process.env,
        PORT: String(ports.http),
        AUTH_MODE: 'dev',
        STORAGE_CONNECTION_STRING: 'UseDevelopmentStorage=true',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let err = '';
    clash.stderr?.on('data', (c: Buffer) => (err += c.toString()));
    const code = await new Promise((resolve) => clash.once('exit', resolve));
    expect(code).toBe(1);
    expect(err.trim().split('\n')).toHaveLength(1);
    expect(err).toMatch(/already in use/);
  } finally {
    await stop(first);
  }
});

test('npm start -- --help prints its usage, flags and variables, and starts nothing', async () => {
  const child = spawn(process.execPath, [path.join(ROOT, 'dist', 'scripts', 'start.js'), '--help'], {
    cwd: ROOT,
    env: {
      ...process.env,
      PORT: String(ports.http),
      AZURITE_TABLE_PORT: String(ports.azurite),
      AZURITE_QUEUE_PORT: String(ports.queue),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout?.on('data', (c: Buffer) => (out += c.toString()));
  const code = await new Promise((resolve) => child.once('exit', resolve));
  expect(code).toBe(0);
  expect(out).toMatch(/^Usage: npm start/);
  for (const word of [
    '--fresh-storage',
    'PORT',
    'AZURITE_TABLE_PORT',
    'AZURITE_QUEUE_PORT',
    'AZURITE_LOCATION',
  ]) {
    expect(out).toContain(word);
  }
  expect(await isPortListening(ports.azurite)).toBe(false);
});

test('a listener on the Azurite port that this checkout did not start is named plainly and left running', async () => {
  const foreign = await foreignListener();
  try {
    const started = await start({
      env: { AZURITE_TABLE_PORT: String(foreign.port), LOCAL_HOST_QUIET: 'false' },
    });
    expect((await call(`http://127.0.0.1:${ports.http}/api/health`, 'GET')).status).toBe(200);
    expect(await stop(started)).toBe(0);
    const output = started.output();
    expect(output).toContain(`port ${foreign.port} already has a listener that this checkout did not start`);
    expect(output).toContain('where its data lives is unknown');
    expect(output).toContain('--fresh-storage');
    expect(output).not.toContain('started for this checkout');
    // The host's own log lines too: the request line, the banner, the warning, "Stopping...".
    expect(output).toMatch(/GET \/api\/health 200 \d+ms/);
    const lines = output.split('\n').filter((line) => line.length > 0);
    expect(lines.filter((line) => !STAMPED.test(line))).toEqual([]);
    // Not ours, so not stopped.
    expect(await isPortListening(foreign.port)).toBe(true);
  } finally {
    await closeServer(foreign.server);
  }
});

test('--fresh-storage starts its own Azurite on a free port when the port is taken, and Ctrl-C stops it', async () => {
  const foreign = await foreignListener();
  try {
    const started = await start({
      args: ['--fresh-storage'],
      env: { AZURITE_TABLE_PORT: String(foreign.port), TABLE_PREFIX: 'fresh' },
    });
    let azuritePort = 0;
    let queuePort = 0;
    try {
      const output = started.output();
      expect(output).toContain(`Port ${foreign.port} is taken by something this checkout did not start`);
      const own =
        /Azurite Table service on 127\.0\.0\.1:(\d+) and Queue service on 127\.0\.0\.1:(\d+), started for this checkout/.exec(
          output,
        );
      azuritePort = Number(own?.[1]);
      queuePort = Number(own?.[2]);
      expect(azuritePort).not.toBe(foreign.port);
      expect(await isPortListening(azuritePort)).toBe(true);
      expect(await isPortListening(queuePort)).toBe(true);
      // The app writes to the Azurite it started (the foreign listener answers nothing).
      const token = await devToken(randomUUID());
      const settings = await call(`http://127.0.0.1:${ports.http}/api/settings`, 'GET', { token });
      expect(settings.status).toBe(200);
    } finally {
      expect(await stop(started)).toBe(0);
    }
    expect(await isPortListening(azuritePort)).toBe(false);
    expect(await isPortListening(queuePort)).toBe(false);
    expect(await isPortListening(foreign.port)).toBe(true);
  } finally {
    await closeServer(foreign.server);
  }
});

test("the Azurite an npm start left behind (killed) is this checkout's: the next one uses it and Ctrl-C stops it", async () => {
  const token = await devToken(randomUUID());
  const base = `http://127.0.0.1:${ports.http}/api`;
  const body = { objects: [{ sourceAnchor: 'left+behind/x==', objectType: 'Group', displayName: 'Left' }] };

  const killed = await start({ env: { TABLE_PREFIX: 'adopt' } });
  expect((await call(`${base}/source-objects`, 'PUT', { token, body })).status).toBe(200);
  const record = readRecord(location)!;
  expect(record).toMatchObject({ port: ports.azurite, queuePort: ports.queue });
  await new Promise((resolve) => {
    killed.child.once('exit', resolve);
    killed.child.kill('SIGKILL');
  });
  expect(await isPortListening(ports.azurite)).toBe(true);

  const next = await start({ env: { TABLE_PREFIX: 'adopt' } });
  try {
    expect(next.output()).toContain(
      `Azurite Table service on 127.0.0.1:${ports.azurite} and Queue service on 127.0.0.1:${ports.queue}, left running for this checkout by an earlier npm start (pid ${record.pid})`,
    );
    const sources = (await call(`${base}/source-objects`, 'GET', { token })).json as { value: unknown[] };
    expect(sources.value).toHaveLength(1);
  } finally {
    expect(await stop(next)).toBe(0);
  }
  expect(await isPortListening(ports.azurite)).toBe(false);
  expect(isAlive(record.pid)).toBe(false);
});

/** Waits until nothing listens on the port, or the deadline passes. */
async function portClosed(port: number, withinMs: number): Promise<boolean> {
  const deadline = Date.now() + withinMs;
  while (Date.now() < deadline) {
    if (!(await isPortListening(port))) return true;
    await new Promise((r) => setTimeout(r, 200));
  }
  return false;
}

test.each(['SIGTERM', 'SIGHUP'] as const)(
  'kill -%s of the npm process itself stops the host and Azurite it started, and keeps the data (issue 11, defect 9)',
  async (signal) => {
    const token = await devToken(randomUUID());
    const base = `http://127.0.0.1:${ports.http}/api`;
    // `npm start` exactly as a user types it: npm, then sh, then node.
    const npm = spawn('npm', ['start'], { cwd: ROOT, env: startEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    npm.stdout.on('data', (c: Buffer) => (output += c.toString()));
    npm.stderr.on('data', (c: Buffer) => (output += c.toString()));
    const deadline = Date.now() + 60_000;
    while (!output.includes('Serving on') && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 100));
    expect(output).toContain('Serving on');
    const tenant = { initialDomain: `${signal.toLowerCase()}.onmicrosoft.com` };
    expect((await call(`${base}/settings`, 'PATCH', { token, body: tenant })).status).toBe(200);

    npm.kill(signal);
    expect(await portClosed(ports.http, 15_000)).toBe(true);
    expect(await portClosed(ports.azurite, 15_000)).toBe(true);
    expect(await portClosed(ports.queue, 15_000)).toBe(true);

    const again = await start();
    try {
      expect((await call(`${base}/settings`, 'GET', { token })).json).toMatchObject(tenant);
    } finally {
      expect(await stop(again)).toBe(0);
    }
  },
  120_000,
);
