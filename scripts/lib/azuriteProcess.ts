import { spawn, type ChildProcess } from 'node:child_process';
import { connect, createServer } from 'node:net';
import { mkdirSync } from 'node:fs';
import path from 'node:path';

/** The well-known development account Azurite serves (public, documented by Microsoft). */
export const AZURITE_ACCOUNT = 'devstoreaccount1';
const AZURITE_KEY =
  'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==';

/** The connection string of an Azurite's Table service and, when given, its Queue service. */
export function azuriteConnectionString(port: number, queuePort?: number): string {
  return (
    `DefaultEndpointsProtocol=http;AccountName=${AZURITE_ACCOUNT};AccountKey=${AZURITE_KEY};` +
    `TableEndpoint=http://127.0.0.1:${port}/${AZURITE_ACCOUNT};` +
    (queuePort === undefined ? '' : `QueueEndpoint=http://127.0.0.1:${queuePort}/${AZURITE_ACCOUNT};`)
  );
}

export interface AzuriteHandle {
  /** The Table service's port. */
  port: number;
  queuePort: number;
  /** The process id of Azurite, also the id of its process group. */
  pid: number;
  stop(): Promise<void>;
}

export function isPortListening(port: number, host = '127.0.0.1'): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ port, host });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

async function waitForPorts(ports: readonly number[], child: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null)
      throw new Error(`Azurite exited with code ${child.exitCode} before listening`);
    if ((await Promise.all(ports.map((port) => isPortListening(port)))).every(Boolean)) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`Azurite did not listen on 127.0.0.1:${ports.join(' and ')} within ${timeoutMs} ms`);
}

export interface StartAzuriteOptions {
  /** The Table service's port. */
  port: number;
  /** The Queue service's port; a free one when omitted. */
  queuePort?: number;
  /** Folder for its data; omitted = in memory (tests). */
  location?: string;
}

/**
 * Starts Azurite's Table and Queue services, in one process (Azurite's own `azurite` entry, which
 * also serves blobs: on a port the system picks, since nothing here uses them and Azurite has no
 * switch to leave them out). It runs in its own process group so that stopping the group also
 * stops anything it spawned (it otherwise outlives its parent).
 */
export async function startAzurite(options: StartAzuriteOptions): Promise<AzuriteHandle> {
  const bin = path.join(path.dirname(require.resolve('azurite/package.json')), 'dist', 'src', 'azurite.js');
  const queuePort = options.queuePort ?? (await freePort());
  const args = [
    bin,
    '--tableHost',
    '127.0.0.1',
    '--tablePort',
    String(options.port),
    '--queueHost',
    '127.0.0.1',
    '--queuePort',
    String(queuePort),
    '--blobHost',
    '127.0.0.1',
    '--blobPort',
    '0',
    '--disableTelemetry',
    '--silent',
    // The queue SDK speaks a newer service version than Azurite 3.35 knows; the operations used are the same.
    '--skipApiVersionCheck',
  ];
  if (options.location) {
    mkdirSync(options.location, { recursive: true });
    args.push('--location', options.location);
  } else {
    args.push('--inMemoryPersistence');
  }
  const child = spawn(process.execPath, args, { detached: true, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  try {
    await waitForPorts([options.port, queuePort], child, 15_000);
  } catch (error) {
    killGroup(child, 'SIGKILL');
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(`${reason}${stderr ? `: ${stderr.trim().split('\n')[0] ?? ''}` : ''}`, { cause: error });
  }
  child.unref();
  child.stderr?.destroy();
  return {
    port: options.port,
    queuePort,
    pid: child.pid ?? 0,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        // If it does not close in time, it is killed; its last few seconds of writes may then be lost.
        const force = setTimeout(() => killGroup(child, 'SIGKILL'), 10_000);
        child.once('exit', () => {
          clearTimeout(force);
          resolve();
        });
        killGroup(child, 'SIGINT');
      }),
  };
}

/**
 * Azurite's services save their databases (LokiJS, otherwise every 5 s) when they close on a
 * signal they handle (the Table service's own entry handles SIGINT alone). It is stopped with
 * SIGINT, as Ctrl-C would.
 */
function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    child.kill(signal);
  }
}
