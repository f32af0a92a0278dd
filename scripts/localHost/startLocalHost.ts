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
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host ?? '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const schedules = new Map(timerFns.map((t) => [t.name, resolveAppSettings(t.schedule, process.env)]));
  const timers = options.timers === false ? { stop: () => undefined } : startTimers(timerFns, schedules);
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    functions,
    served: servedFunctions(hostOptions),
    stop: async () => {
      timers.stop();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
