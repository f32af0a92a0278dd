import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { freePort, isPortListening } from '../../scripts/lib/azuriteProcess';
import { loadOrCreateDevKey, signDevToken } from '../../shared/auth/devKeys';
import { call, ROOT } from '../support/service';

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
let ports: { http: number; azurite: number };

beforeAll(async () => {
  ports = { http: await freePort(), azurite: await freePort() };
});

function start(): Promise<Started> {
  const child = spawn(process.execPath, [path.join(ROOT, 'dist', 'scripts', 'start.js')], {
    cwd: ROOT,
    env: {
      ...process.env,
      PORT: String(ports.http),
      AZURITE_TABLE_PORT: String(ports.azurite),
      AZURITE_LOCATION: path.join(work, 'azurite'),
      DEV_KEY_DIR: path.join(work, 'keys'),
      STORAGE_CONNECTION_STRING: 'UseDevelopmentStorage=true',
      AUTH_MODE: 'dev',
      TABLE_PREFIX: 'durable',
      LOCAL_HOST_QUIET: 'true',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
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

test('records survive a restart of npm start, and Ctrl-C stops both processes', async () => {
  const tenant = randomUUID();
  const token = await signDevToken(await loadOrCreateDevKey(path.join(work, 'keys')), {
    tenantId: tenant,
    role: 'GlobalAdministrator',
    audience: 'api://entra-sync-remediation',
  });
  const base = `http://127.0.0.1:${ports.http}/api`;
  const objects = Array.from({ length: 250 }, (_, i) => ({
    sourceAnchor: `durable+${i}/x==`,
    objectType: 'Group',
    displayName: `Group ${i}`,
  }));

  const first = await start();
  expect((await call(`${base}/health`, 'GET')).status).toBe(200);
  expect((await call(`${base}/source-objects`, 'PUT', { token, body: { objects } })).status).toBe(200);
  expect((await call(`${base}/sync-cycles`, 'POST', { token })).status).toBe(200);
  expect(await stop(first)).toBe(0);
  expect(await isPortListening(ports.http)).toBe(false);
  expect(await isPortListening(ports.azurite)).toBe(false);

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
