import { spawn, type ChildProcess } from 'node:child_process';
import { connect, createServer } from 'node:net';
import { mkdirSync } from 'node:fs';
import path from 'node:path';

/** The well-known development account Azurite serves (public, documented by Microsoft). */
export const AZURITE_ACCOUNT = 'devstoreaccount1';
const AZURITE_KEY =
  'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==';

export function azuriteConnectionString(port: number): string {
  return (
    `DefaultEndpointsProtocol=http;AccountName=${AZURITE_ACCOUNT};AccountKey=${AZURITE_KEY};` +
    `TableEndpoint=http://127.0.0.1:${port}/${AZURITE_ACCOUNT};`
  );
}

export interface AzuriteHandle {
  port: number;
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

async function waitForPort(port: number, child: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null)
      throw new Error(`Azurite exited with code ${child.exitCode} before listening`);
    if (await isPortListening(port)) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`Azurite did not listen on 127.0.0.1:${port} within ${timeoutMs} ms`);
}

export interface StartAzuriteOptions {
  port: number;
  /** Folder for its data; omitted = in memory (tests). */
  location?: string;
}

/**
 * Starts the Table service of Azurite alone, in its own process group so that stopping
 * the group also stops anything it spawned (it otherwise outlives its parent).
 */
export async function startAzurite(options: StartAzuriteOptions): Promise<AzuriteHandle> {
  const bin = path.join(
    path.dirname(require.resolve('azurite/package.json')),
    'dist',
    'src',
    'table',
    'main.js',
  );
  const args = [
    bin,
    '--tableHost',
    '127.0.0.1',
    '--tablePort',
    String(options.port),
    '--disableTelemetry',
    '--silent',
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
    await waitForPort(options.port, child, 15_000);
  } catch (error) {
    killGroup(child, 'SIGKILL');
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(`${reason}${stderr ? `: ${stderr.trim().split('\n')[0] ?? ''}` : ''}`, { cause: error });
  }
  child.unref();
  child.stderr?.destroy();
  return {
    port: options.port,
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
 * Azurite's Table service saves its database (LokiJS, otherwise every 5 s) only when it closes on
 * SIGINT; on SIGTERM it dies without saving. So it is stopped with SIGINT, as Ctrl-C would.
 */
function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    child.kill(signal);
  }
}
