import { readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import type { MessageEncoding } from './messageEncoding';
import type { QueueConnection } from './storageQueue';

/**
 * host.json `extensions.queues`, as the Functions host (Storage extension 5.x) reads it, with its
 * defaults. Queue visibility is kept by the service in whole seconds, so the two visibility
 * settings are seconds here.
 */
export interface QueueSettings {
  /** Messages fetched per receive, 1..32 (16). */
  batchSize: number;
  /** A new batch is fetched while no more than this many of the function's messages run (batchSize / 2). */
  newBatchThreshold: number;
  /** Tries before a message goes to `<queue>-poison` (5). */
  maxDequeueCount: number;
  /** How long a failed message stays invisible before its next try (`visibilityTimeout`, 0). */
  visibilityTimeoutSeconds: number;
  /** The longest wait between polls of an empty queue (`maxPollingInterval`, 1 minute; 100 ms at least). */
  maxPollingIntervalMs: number;
  messageEncoding: MessageEncoding;
  /**
   * How long a message being processed stays invisible to other instances. Not a host.json setting:
   * the host receives with 10 minutes and renews at half of it while the function runs, so only a
   * stopped or killed instance's message comes back. Short in tests that kill a worker.
   */
  leaseSeconds: number;
}

export const MIN_POLLING_INTERVAL_MS = 100;

/** hh:mm:ss[.fff] or d.hh:mm:ss, as .NET writes a TimeSpan; a bare number is milliseconds (the 1.x form). */
export function timeSpanMs(value: string | number): number {
  if (typeof value === 'number') return value;
  const match = /^(?:(\d+)\.)?(\d{1,2}):(\d{2}):(\d{2})(?:\.(\d{1,7}))?$/.exec(value.trim());
  if (!match) throw new Error(`Not a TimeSpan (hh:mm:ss): ${value}`);
  const [, days, hours, minutes, seconds, fraction] = match;
  const whole = ((Number(days ?? 0) * 24 + Number(hours)) * 60 + Number(minutes)) * 60 + Number(seconds);
  return whole * 1000 + Math.round(Number(`0.${fraction ?? '0'}`) * 1000);
}

const timeSpan = z.union([z.string(), z.number().nonnegative()]).transform(timeSpanMs);

const queuesSchema = z.looseObject({
  batchSize: z.number().int().min(1).max(32).optional(),
  newBatchThreshold: z.number().int().min(0).optional(),
  maxDequeueCount: z.number().int().min(1).optional(),
  visibilityTimeout: timeSpan.optional(),
  maxPollingInterval: timeSpan.optional(),
  messageEncoding: z.enum(['base64', 'none']).optional(),
});

const hostJson = z.looseObject({
  extensions: z.looseObject({ queues: queuesSchema.optional() }).optional(),
});

/**
 * The settings: host.json's, then the environment's (LOCAL_HOST_QUEUE_VISIBILITY_TIMEOUT_SECONDS,
 * LOCAL_HOST_QUEUE_MAX_POLLING_INTERVAL_MS, LOCAL_HOST_QUEUE_MAX_DEQUEUE_COUNT,
 * LOCAL_HOST_QUEUE_LEASE_SECONDS), then what the caller gives, so that a test can make them short.
 */
export function queueSettings(
  rootDir: string,
  env: NodeJS.ProcessEnv,
  given: Partial<QueueSettings> = {},
): QueueSettings {
  const parsed = hostJson.parse(JSON.parse(readFileSync(path.join(rootDir, 'host.json'), 'utf8')));
  const queues = parsed.extensions?.queues ?? {};
  const read = (name: string): number | undefined => {
    const value = Number(env[name]);
    return env[name] !== undefined && Number.isInteger(value) && value >= 0 ? value : undefined;
  };
  const batchSize = given.batchSize ?? queues.batchSize ?? 16;
  return {
    batchSize,
    newBatchThreshold: given.newBatchThreshold ?? queues.newBatchThreshold ?? Math.floor(batchSize / 2),
    maxDequeueCount:
      given.maxDequeueCount ?? read('LOCAL_HOST_QUEUE_MAX_DEQUEUE_COUNT') ?? queues.maxDequeueCount ?? 5,
    visibilityTimeoutSeconds:
      given.visibilityTimeoutSeconds ??
      read('LOCAL_HOST_QUEUE_VISIBILITY_TIMEOUT_SECONDS') ??
      Math.ceil((queues.visibilityTimeout ?? 0) / 1000),
    maxPollingIntervalMs: Math.max(
      MIN_POLLING_INTERVAL_MS,
      given.maxPollingIntervalMs ??
        read('LOCAL_HOST_QUEUE_MAX_POLLING_INTERVAL_MS') ??
        queues.maxPollingInterval ??
        60_000,
    ),
    messageEncoding: given.messageEncoding ?? queues.messageEncoding ?? 'base64',
    leaseSeconds: Math.max(1, given.leaseSeconds ?? read('LOCAL_HOST_QUEUE_LEASE_SECONDS') ?? 600),
  };
}

/**
 * A trigger's `connection`, looked up as the host does: the setting itself or `AzureWebJobs<name>`
 * holding a connection string, else the identity-based `<name>__queueServiceUri` (or
 * `__serviceUri`, or `__accountName`). Null when none is set.
 */
export function queueConnectionFrom(name: string, env: NodeJS.ProcessEnv): QueueConnection | null {
  const connectionString = env[name] || env[`AzureWebJobs${name}`];
  if (connectionString) return { connectionString };
  const serviceUri = env[`${name}__queueServiceUri`] || env[`${name}__serviceUri`];
  if (serviceUri) return { serviceUri };
  const account = env[`${name}__accountName`];
  return account ? { serviceUri: `https://${account}.queue.core.windows.net` } : null;
}
