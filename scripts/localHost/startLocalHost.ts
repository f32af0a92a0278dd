import type { LogHandler } from '@azure/functions';
import type { AddressInfo } from 'node:net';
import { appEntryFiles, loadApp, packageMain } from './loadApp';
import { resolveAppSettings, routePrefix } from './hostSettings';
import { queueSettings, type QueueSettings } from '../../shared/queue/queueSettings';
import { startQueueTriggers, type ListenedQueue } from './queueTriggers';
import type { HttpFunction, LocalFunction, QueueFunction, TimerFunction } from './registrations';
import { createLocalHost, servedFunctions, type ServedFunction } from './server';
import { startTimers } from './timers';

export interface LocalHostHandle {
  url: string;
  port: number;
  functions: readonly LocalFunction[];
  served: readonly ServedFunction[];
  /** The queue-triggered functions whose queues are polled (none with `queues: false`). */
  listening: readonly ListenedQueue[];
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
   * Queue triggers: host.json's `extensions.queues` settings, overridden by the environment and then
   * by these (tests make them short); `false` leaves every queue unread.
   */
  queues?: Partial<QueueSettings> | false;
  /**
   * How long stop() lets requests, timer runs and queue messages in flight finish (a sync cycle ends and releases
   * its tenant's lease) before it cuts the connections that remain. Default 30 s.
   */
  drainMs?: number;
  /** Gets one stamped line per request and per queue message handled. */
  log?: (line: string) => void;
  invocationLog?: LogHandler;
}

export async function startLocalHost(options: StartLocalHostOptions): Promise<LocalHostHandle> {
  const files = options.files ?? appEntryFiles(options.rootDir, packageMain(options.rootDir));
  const functions = loadApp(files);
  const http = functions.filter((f): f is HttpFunction => f.kind === 'http');
  const timerFns = functions.filter((f): f is TimerFunction => f.kind === 'timer');
  const queueFns = functions.filter((f): f is QueueFunction => f.kind === 'queue');
  // Read before listening, so that a bad host.json or an unset %SETTING% fails the start, leaving nothing open.
  const queueOptions =
    options.queues === false ? null : queueSettings(options.rootDir, process.env, options.queues);
  const queueNames = new Map(
    queueOptions ? queueFns.map((q) => [q.name, resolveAppSettings(q.queueName, process.env)]) : [],
  );
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
  const queues = queueOptions
    ? startQueueTriggers(queueFns, {
        settings: queueOptions,
        queueNames,
        env: process.env,
        log: options.log,
        invocationLog: options.invocationLog,
      })
    : { listening: [], stop: () => Promise.resolve() };
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    functions,
    served: servedFunctions(hostOptions),
    listening: queues.listening,
    stop: async () => {
      // No new connections or ticks; idle keep-alive connections go now, busy ones when done.
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      const drained = Promise.all([timers.stop(), queues.stop(), Promise.all(inFlight)]);
      let graceTimer: NodeJS.Timeout | undefined;
      const grace = new Promise<void>((resolve) => {
        graceTimer = setTimeout(resolve, options.drainMs ?? 30_000).unref();
      });
      await Promise.race([drained, grace]);
      clearTimeout(graceTimer);
      server.closeAllConnections();
      await closed;
    },
  };
}
