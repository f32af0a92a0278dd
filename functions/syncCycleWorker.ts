import { queueSettings } from '../shared/queue/queueSettings';
import { app } from '@azure/functions';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { registrationConfig } from '../shared/config';
import { parseCycleMessage, SYNC_CYCLE_QUEUE_CONNECTION } from '../shared/queue/cycleQueue';
import { getServices } from '../shared/services';
import { cycleDependencies } from '../shared/sync/cycleDependencies';
import { runQueuedCycle } from '../shared/sync/queuedCycle';

app.storageQueue('syncCycleWorker', {
  // `%SYNC_CYCLE_QUEUE_NAME%` when set: the host resolves it from the setting the sender reads.
  queueName: registrationConfig(process.env).syncCycleQueueName,
  connection: SYNC_CYCLE_QUEUE_CONNECTION,
  handler: async (raw, context) => {
    const message = parseCycleMessage(raw);
    const services = await getServices();
    const line = await runQueuedCycle(cycleDependencies(services), message, {
      dequeueCount: Number(context.triggerMetadata?.dequeueCount ?? 1),
      maxDequeueCount: MAX_DEQUEUE_COUNT,
    });
    context.log(`Tenant ${message.tenantId}: ${line}`);
  },
});

/**
 * The tries the host gives a message before the poison queue: host.json's
 * `extensions.queues.maxDequeueCount` (5 by default), or the local host's override of it, read as
 * the local host reads it. The worker records the cycle failed on the last try, so it must agree.
 * host.json sits at the app's root: beside functions/ in the sources, two up from dist/functions/.
 */
const APP_ROOT = [path.join(__dirname, '..'), path.join(__dirname, '..', '..')].find((dir) =>
  existsSync(path.join(dir, 'host.json')),
);
const MAX_DEQUEUE_COUNT = APP_ROOT === undefined ? 5 : queueSettings(APP_ROOT, process.env).maxDequeueCount;
