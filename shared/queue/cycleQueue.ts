import { z } from 'zod';
import type { AppConfig } from '../config';
import { encodeMessage, type MessageEncoding } from './messageEncoding';
import { openStorageQueue, type QueueConnection } from './storageQueue';

/**
 * The queue trigger's `connection`: the app setting the Functions host reads (a connection string
 * in `STORAGE_QUEUE`, or identity-based `STORAGE_QUEUE__queueServiceUri`), and the sender reads too,
 * so both reach the same account.
 */
export const SYNC_CYCLE_QUEUE_CONNECTION = 'STORAGE_QUEUE';

/** host.json `extensions.queues.messageEncoding`: the host decodes what it reads with it. */
const MESSAGE_ENCODING: MessageEncoding = 'base64';

export interface CycleMessage {
  tenantId: string;
  cycleId: string;
  trigger: 'http' | 'timer';
  requestedAt: string;
}

export interface CycleQueue {
  send(message: CycleMessage): Promise<void>;
}

const cycleMessageSchema = z.object({
  tenantId: z.string().min(1),
  cycleId: z.string().min(1),
  trigger: z.enum(['http', 'timer']),
  requestedAt: z.iso.datetime({ offset: true }),
});

/** What the worker gets (the host hands a JSON message over parsed; a string is parsed here). Throws on anything else. */
export function parseCycleMessage(raw: unknown): CycleMessage {
  const value: unknown = typeof raw === 'string' ? JSON.parse(raw) : raw;
  return cycleMessageSchema.parse(value);
}

/**
 * Where the queue is: the trigger's own setting when given (identity-based in Azure, or a
 * connection string), else the tables' connection string (Azurite serves both locally).
 */
export function cycleQueueConnection(config: AppConfig): QueueConnection {
  if (config.STORAGE_QUEUE__queueServiceUri) return { serviceUri: config.STORAGE_QUEUE__queueServiceUri };
  const connectionString = config.STORAGE_QUEUE ?? config.STORAGE_CONNECTION_STRING;
  if (!connectionString) {
    throw new Error(
      'No queue storage configured: set STORAGE_QUEUE__queueServiceUri (Azure) or STORAGE_QUEUE',
    );
  }
  return { connectionString };
}

/**
 * The sync-cycle queue, which the timer and POST /api/sync-cycles send to: the one the app setting
 * SYNC_CYCLE_QUEUE_NAME names (`sync-cycles` when not set), as the worker's trigger names it
 * (`%SYNC_CYCLE_QUEUE_NAME%`, resolved by the host). Created on the first send when it does not exist.
 */
export function openCycleQueue(config: AppConfig): CycleQueue {
  const queue = openStorageQueue(cycleQueueConnection(config), config.SYNC_CYCLE_QUEUE_NAME);
  let created: Promise<void> | null = null;
  return {
    send: async (message) => {
      const content = JSON.stringify(cycleMessageSchema.parse(message));
      // Once per process; a failed creation is tried again on the next send.
      created ??= queue.create().catch((error: unknown) => {
        created = null;
        throw error;
      });
      await created;
      await queue.send(encodeMessage(content, MESSAGE_ENCODING));
    },
  };
}
