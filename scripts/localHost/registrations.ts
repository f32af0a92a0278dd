import type { HttpHandler, StorageQueueHandler, TimerHandler } from '@azure/functions';
import { z } from 'zod';
import type { CoreRegistration } from './functionsCoreModule';

const httpMethod = z.enum(['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS', 'TRACE', 'CONNECT']);

const httpTrigger = z.object({
  type: z.literal('httpTrigger'),
  direction: z.literal('in'),
  route: z.string().optional(),
  methods: z.array(httpMethod).optional(),
  authLevel: z.enum(['anonymous', 'function', 'admin']).optional(),
});

const timerTrigger = z.object({
  type: z.literal('timerTrigger'),
  direction: z.literal('in'),
  schedule: z.string().min(1),
  runOnStartup: z.boolean().optional(),
});

const queueTrigger = z.object({
  type: z.literal('queueTrigger'),
  direction: z.literal('in'),
  queueName: z.string().min(1),
  connection: z.string().optional(),
});

const metadataSchema = z.object({
  name: z.string().min(1),
  bindings: z.record(z.string(), z.looseObject({ type: z.string(), direction: z.string() })),
});

export interface HttpFunction {
  kind: 'http';
  name: string;
  /** The route template without the `api/` prefix; defaults to the function name, as on the host. */
  route: string;
  methods: readonly string[];
  authLevel: string;
  handler: HttpHandler;
}

export interface TimerFunction {
  kind: 'timer';
  name: string;
  schedule: string;
  runOnStartup: boolean;
  handler: TimerHandler;
}

export interface QueueFunction {
  kind: 'queue';
  name: string;
  /** As registered: may hold `%SETTING%` references, resolved when the host starts. */
  queueName: string;
  /** The app setting (or setting prefix) naming the storage account; `AzureWebJobsStorage` unless given, as on the host. */
  connection: string;
  handler: StorageQueueHandler;
}

export type LocalFunction = HttpFunction | TimerFunction | QueueFunction;

/** Turns what `@azure/functions` registered into typed definitions, refusing triggers the host can't serve. */
export function toLocalFunctions(registrations: readonly CoreRegistration[]): LocalFunction[] {
  return registrations.map(({ metadata, callback }) => {
    const parsed = metadataSchema.parse(metadata);
    if (typeof callback !== 'function') throw new Error(`Function ${parsed.name} has no handler`);
    const triggers = Object.values(parsed.bindings).filter(
      (b) => b.direction === 'in' && b.type.endsWith('Trigger'),
    );
    if (triggers.length !== 1) throw new Error(`Function ${parsed.name} must have exactly one trigger`);
    const trigger = triggers[0];
    if (trigger?.type === 'httpTrigger') {
      const http = httpTrigger.parse(trigger);
      return {
        kind: 'http',
        name: parsed.name,
        route: http.route ?? parsed.name,
        methods: http.methods ?? ['GET', 'POST'],
        authLevel: http.authLevel ?? 'function',
        handler: callback as HttpHandler,
      };
    }
    if (trigger?.type === 'timerTrigger') {
      const timer = timerTrigger.parse(trigger);
      return {
        kind: 'timer',
        name: parsed.name,
        schedule: timer.schedule,
        runOnStartup: timer.runOnStartup ?? false,
        handler: callback as TimerHandler,
      };
    }
    if (trigger?.type === 'queueTrigger') {
      const queue = queueTrigger.parse(trigger);
      return {
        kind: 'queue',
        name: parsed.name,
        queueName: queue.queueName,
        connection: queue.connection || 'AzureWebJobsStorage',
        handler: callback as StorageQueueHandler,
      };
    }
    throw new Error(
      `Function ${parsed.name}: trigger ${trigger?.type ?? '?'} is not served by the local host`,
    );
  });
}
