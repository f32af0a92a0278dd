import { TableClient } from '@azure/data-tables';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { appEntryFiles } from '../../scripts/localHost/loadApp';
import { startLocalHost, type LocalHostHandle } from '../../scripts/localHost/startLocalHost';
import { loadOrCreateDevKey, signDevToken, type DevRole } from '../../shared/auth/devKeys';
import { MIN_POLLING_INTERVAL_MS, type QueueSettings } from '../../shared/queue/queueSettings';

export const ROOT = path.resolve(__dirname, '..', '..');

export interface TestService {
  url: string;
  host: LocalHostHandle;
  keyDir: string;
  /** What the functions logged: tests check that no secret reaches a log. */
  logs: { level: string; message: string }[];
  token(tenantId: string, role: DevRole, extra?: { oid?: string; name?: string }): Promise<string>;
  stop(): Promise<void>;
}

/**
 * The real app (functions/*.ts, registered through app.http/app.timer/app.storageQueue) on the real
 * local host, over real HTTP, against the run's Azurite. Each call gets its own tables (a fresh
 * prefix) and its own sync-cycle queue, so test files never see each other's data, nor take each
 * other's queued cycles (every jest worker shares the one Azurite). The queue is polled every 100 ms
 * and a failed message is tried again at once, so a queued cycle starts within a poll or two.
 */
export async function startTestService(
  env: Record<string, string> = {},
  options: { queues?: Partial<QueueSettings> | false } = {},
): Promise<TestService> {
  const logs: { level: string; message: string }[] = [];
  const keyDir = mkdtempSync(path.join(tmpdir(), 'dar-keys-'));
  Object.assign(process.env, {
    AUTH_MODE: 'dev',
    AUTH_AUDIENCE: 'api://entra-sync-remediation',
    DEV_KEY_DIR: keyDir,
    STORAGE_CONNECTION_STRING: process.env.TEST_STORAGE_CONNECTION_STRING,
    // The queue trigger's connection setting (shared/queue/cycleQueue.ts): the same Azurite.
    STORAGE_QUEUE: process.env.TEST_STORAGE_CONNECTION_STRING,
    TABLE_PREFIX: `t${randomUUID().replace(/-/g, '').slice(0, 12)}`,
    // The worker's trigger reads %SYNC_CYCLE_QUEUE_NAME%, and POST /api/sync-cycles sends there.
    SYNC_CYCLE_QUEUE_NAME: `sc-${randomUUID()}`,
    ...env,
  });
  const host = await startLocalHost({
    rootDir: ROOT,
    files: appEntryFiles(ROOT, 'functions/*.ts'),
    port: 0,
    staticDir: path.join(ROOT, 'portal'),
    timers: false,
    queues: options.queues ?? { maxPollingIntervalMs: MIN_POLLING_INTERVAL_MS, visibilityTimeoutSeconds: 0 },
    invocationLog: (level, ...args) => {
      logs.push({ level, message: args.map(String).join(' ') });
    },
  });
  return {
    url: host.url,
    host,
    keyDir,
    logs,
    token: async (tenantId, role, extra = {}) =>
      signDevToken(await loadOrCreateDevKey(keyDir), {
        tenantId,
        role,
        audience: process.env.AUTH_AUDIENCE ?? '',
        ...extra,
      }),
    stop: () => host.stop(),
  };
}

export interface CallOptions {
  token?: string;
  body?: unknown;
  rawBody?: string;
  headers?: Record<string, string>;
}

export interface CallResult {
  status: number;
  headers: Headers;
  text: string;
  json: unknown;
}

/** One HTTP call with fetch; the body is parsed as JSON when it is JSON. */
export async function call(url: string, method: string, options: CallOptions = {}): Promise<CallResult> {
  const headers: Record<string, string> = { ...options.headers };
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  let body: string | undefined = options.rawBody;
  if (options.body !== undefined) {
    body = JSON.stringify(options.body);
    headers['content-type'] ??= 'application/json';
  }
  const response = await fetch(url, { method, headers, body });
  const text = await response.text();
  const type = response.headers.get('content-type') ?? '';
  return {
    status: response.status,
    headers: response.headers,
    text,
    json: /json/.test(type) && text ? JSON.parse(text) : null,
  };
}

export const newTenantId = (): string => randomUUID();

/** The service's data table in the run's Azurite (the test service's own table prefix). */
export function dataTable(): TableClient {
  return TableClient.fromConnectionString(
    process.env.TEST_STORAGE_CONNECTION_STRING ?? '',
    `${process.env.TABLE_PREFIX ?? ''}data`,
    { allowInsecureConnection: true },
  );
}
