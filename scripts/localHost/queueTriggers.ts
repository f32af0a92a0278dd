import { startHeartbeat } from '../../shared/store/heartbeat';
import { InvocationContext, type LogHandler } from '@azure/functions';
import { inspect } from 'node:util';
import { decodeMessage } from '../../shared/queue/messageEncoding';
import { openStorageQueue, type ReceivedMessage, type StorageQueue } from '../../shared/queue/storageQueue';
import { consoleInvocationLog, logError, stampLines } from './logLine';
import {
  MIN_POLLING_INTERVAL_MS,
  queueConnectionFrom,
  type QueueSettings,
} from '../../shared/queue/queueSettings';
import type { QueueFunction } from './registrations';

export interface ListenedQueue {
  name: string;
  queueName: string;
}

export interface RunningQueueTriggers {
  /** The functions whose queues are polled, with their queue names resolved. */
  listening: readonly ListenedQueue[];
  /** No more polls; resolves when the messages already taken have been handled. */
  stop(): Promise<void>;
}

export interface QueueTriggerOptions {
  settings: QueueSettings;
  /** Each function's queue name, `%SETTING%` references resolved. */
  queueNames: ReadonlyMap<string, string>;
  env: NodeJS.ProcessEnv;
  /** Gets one stamped line per message handled, as the HTTP server does per request. */
  log?: (line: string) => void;
  invocationLog?: LogHandler;
}

/**
 * Serves queue-triggered functions as the Functions host's queue listener does: each function polls
 * its queue, at once while it finds messages and backing off (doubling, up to maxPollingInterval)
 * while it finds none; takes up to batchSize at a time while no more than newBatchThreshold run, each
 * hidden from other instances for the lease, renewed at half of it while the function runs. A
 * message the function handled is deleted; one it failed becomes visible again after
 * visibilityTimeout, and after its maxDequeueCount-th try is copied to `<queue>-poison` and deleted
 * (as is one that comes back past maxDequeueCount, its worker having died). A function whose
 * connection setting is missing is reported and left unserved, as the host leaves its listener.
 */
export function startQueueTriggers(
  functions: readonly QueueFunction[],
  options: QueueTriggerOptions,
): RunningQueueTriggers {
  const running = functions.flatMap((fn) => {
    const connection = queueConnectionFrom(fn.connection, options.env);
    if (!connection) {
      logError(
        `Function ${fn.name}: its queue trigger's connection setting ${fn.connection} is not set ` +
          `(nor ${fn.connection}__queueServiceUri); not listening on its queue`,
      );
      return [];
    }
    const queueName = options.queueNames.get(fn.name) ?? fn.queueName;
    const poller = pollQueue(
      fn,
      openStorageQueue(connection, queueName),
      openStorageQueue(connection, `${queueName}-poison`),
      options,
    );
    return [{ name: fn.name, queueName, stop: () => poller.stop() }];
  });
  return {
    listening: running.map(({ name, queueName }) => ({ name, queueName })),
    stop: async () => {
      await Promise.all(running.map((r) => r.stop()));
    },
  };
}

function pollQueue(
  fn: QueueFunction,
  queue: StorageQueue,
  poison: StorageQueue,
  options: QueueTriggerOptions,
): { stop(): Promise<void> } {
  const { settings } = options;
  const inFlight = new Set<Promise<void>>();
  const abort = new AbortController();
  let stopped = false;
  let wake: (() => void) | null = null;
  const sleep = (ms: number): Promise<void> =>
    new Promise((resolve) => {
      const timer = setTimeout(() => {
        wake = null;
        resolve();
      }, ms);
      wake = () => {
        clearTimeout(timer);
        wake = null;
        resolve();
      };
    });

  const loop = (async () => {
    const fastest = Math.min(MIN_POLLING_INTERVAL_MS, settings.maxPollingIntervalMs);
    let delay = fastest;
    while (!stopped) {
      if (inFlight.size > settings.newBatchThreshold) {
        await Promise.race(inFlight);
        continue;
      }
      let messages: ReceivedMessage[] = [];
      try {
        messages = await queue.receive(settings.batchSize, settings.leaseSeconds, abort.signal);
      } catch (error) {
        if (stopped) break;
        logError(`Queue ${queue.name} (${fn.name}): receive failed: ${message(error)}`);
      }
      if (messages.length === 0) {
        await sleep(delay);
        delay = Math.min(delay * 2, settings.maxPollingIntervalMs);
        continue;
      }
      delay = fastest;
      for (const received of messages) {
        const run = handle(fn, queue, poison, received, options);
        inFlight.add(run);
        void run.finally(() => inFlight.delete(run));
      }
    }
  })();

  return {
    stop: async () => {
      stopped = true;
      abort.abort();
      wake?.();
      await loop;
      await Promise.all(inFlight);
    },
  };
}

type Outcome = 'succeeded' | 'failed, retried' | 'failed, moved to poison' | 'moved to poison';

/** Runs the function on one message and settles the message; never throws (each step's failure is logged). */
async function handle(
  fn: QueueFunction,
  queue: StorageQueue,
  poison: StorageQueue,
  received: ReceivedMessage,
  options: QueueTriggerOptions,
): Promise<void> {
  const { settings } = options;
  const started = Date.now();
  const current = { id: received.id, popReceipt: received.popReceipt };
  let outcome: Outcome;
  try {
    if (received.dequeueCount > settings.maxDequeueCount) {
      await moveToPoison(queue, poison, received, current);
      outcome = 'moved to poison';
    } else {
      const succeeded = await invokeWithLease(fn, queue, received, current, options);
      if (succeeded) {
        await queue.delete(current);
        outcome = 'succeeded';
      } else if (received.dequeueCount >= settings.maxDequeueCount) {
        await moveToPoison(queue, poison, received, current);
        outcome = 'failed, moved to poison';
      } else {
        current.popReceipt = await queue.setVisibility(current, settings.visibilityTimeoutSeconds);
        outcome = 'failed, retried';
      }
    }
  } catch (error) {
    // Settling failed (the lease ran out and another instance took the message, say): it comes back.
    logError(`Queue ${queue.name} (${fn.name}): message ${received.id} not settled: ${message(error)}`);
    return;
  }
  options.log?.(
    stampLines(
      `QUEUE ${queue.name} ${fn.name} ${received.id} try ${received.dequeueCount} ${outcome} ${Date.now() - started}ms`,
    ),
  );
}

/** The host copies the message's text as it is (still encoded) to the poison queue, then deletes it. */
async function moveToPoison(
  queue: StorageQueue,
  poison: StorageQueue,
  received: ReceivedMessage,
  current: { id: string; popReceipt: string },
): Promise<void> {
  await poison.create();
  await poison.send(received.text);
  await queue.delete(current);
}

/** Runs the handler while keeping the message hidden from other instances; true when it succeeded. */
async function invokeWithLease(
  fn: QueueFunction,
  queue: StorageQueue,
  received: ReceivedMessage,
  current: { id: string; popReceipt: string },
  options: QueueTriggerOptions,
): Promise<boolean> {
  const { settings } = options;
  const heartbeat = startHeartbeat((settings.leaseSeconds * 1000) / 2, async () => {
    try {
      current.popReceipt = await queue.setVisibility(current, settings.leaseSeconds);
    } catch (error) {
      logError(
        `Queue ${queue.name} (${fn.name}): lease of message ${received.id} not renewed: ${message(error)}`,
      );
    }
  });
  try {
    const context = new InvocationContext({
      functionName: fn.name,
      invocationId: crypto.randomUUID(),
      logHandler: options.invocationLog ?? consoleInvocationLog(fn.name),
      triggerMetadata: {
        queueTrigger: received.text,
        id: received.id,
        popReceipt: received.popReceipt,
        dequeueCount: received.dequeueCount,
        insertionTime: received.insertionTime.toISOString(),
        expirationTime: received.expirationTime.toISOString(),
        nextVisibleTime: received.nextVisibleTime.toISOString(),
      },
    });
    const content = decodeMessage(received.text, settings.messageEncoding);
    await fn.handler(asTriggerValue(content), context);
    return true;
  } catch (error) {
    logError(
      `Queue ${queue.name} (${fn.name}): message ${received.id} try ${received.dequeueCount} failed: ${inspect(error)}`,
    );
    return false;
  } finally {
    await heartbeat.stop();
  }
}

/** The host hands a JSON object or array over parsed, anything else as the string it is. */
function asTriggerValue(content: string): unknown {
  const trimmed = content.trim();
  if (!trimmed.startsWith('{') && !trimmed.startsWith('[')) return content;
  try {
    return JSON.parse(trimmed) as unknown;
  } catch {
    return content;
  }
}

const message = (error: unknown): string => (error instanceof Error ? error.message : String(error));
