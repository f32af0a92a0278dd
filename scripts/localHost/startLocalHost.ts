import type { LogHandler } from '@azure/functions';
import type { AddressInfo } from 'node:net';
import { appEntryFiles, loadApp, packageMain } from './loadApp';
import { resolveAppSettings, routePrefix } from './hostSettings';
import type { HttpFunction, LocalFunction, TimerFunction } from './registrations';
import { createLocalHost, servedFunctions, type ServedFunction } from './server';
import { startTimers } from './timers';

export interface LocalHostHandle {
  url: string;
  port: number;
  functions: readonly LocalFunction[];
  served: readonly ServedFunction[];
  stop(): Promise<void>;
}

export interface StartLocalHostOptions {
  rootDir: string;
  /** Entry files to load; defaults to package.json `main` (what Azure loads). */
  files?: readonly string[];
  port: number;
  host?: string;
  staticDir?: string;
  /** Off in tests that drive cycles themselves. */
  timers?: boolean;
  /**
   * How long stop() lets requests and timer runs in flight finish (a sync cycle ends and releases
   * its tenant's lease) before it cuts the connections that remain. Default 30 s.
   */
  drainMs?: number;
  log?: (line: string) => void;
  invocationLog?: LogHandler;
}

export async function startLocalHost(options: StartLocalHostOptions): Promise<LocalHostHandle> {
  const files = options.files ?? appEntryFiles(options.rootDir, packageMain(options.rootDir));
  const functions = loadApp(files);
  const http = functions.filter((f): f is HttpFunction => f.kind === 'http');
  const timerFns = functions.filter((f): f is TimerFunction => f.kind === 'timer');
  const hostOptions = {
    functions: http,
    routePrefix: routePrefix(options.rootDir),
    staticDir: options.staticDir,
    log: options.log,
    invocationLog: options.invocationLog,
  };
  const server = createLocalHost(hostOptions);
  // Requests in flight, so that stop() can let them finish instead of cutting a cycle mid-write.
  const inFlight = new Set<Promise<void>>();
  server.on('request', (_request, response) => {
    const done = new Promise<void>((resolve) => response.once('close', resolve));
    inFlight.add(done);
    void done.then(() => inFlight.delete(done));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host ?? '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const schedules = new Map(timerFns.map((t) => [t.name, resolveAppSettings(t.schedule, process.env)]));
  const timers =
    options.timers === false ? { stop: () => Promise.resolve() } : startTimers(timerFns, schedules);
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    functions,
    served: servedFunctions(hostOptions),
    stop: async () => {
      // No new connections or ticks; idle keep-alive connections go now, busy ones when done.
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      const drained = Promise.all([timers.stop(), Promise.all(inFlight)]);
      const grace = new Promise<void>((resolve) => setTimeout(resolve, options.drainMs ?? 30_000).unref());
      await Promise.race([drained, grace]);
      server.closeAllConnections();
      await closed;
    },
  };
}
