import { app } from '@azure/functions';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parseCycleMessage, SYNC_CYCLE_QUEUE, SYNC_CYCLE_QUEUE_CONNECTION } from '../shared/queue/cycleQueue';
import { getServices } from '../shared/services';
import { cycleDependencies } from '../shared/sync/cycleDependencies';
import { runQueuedCycle } from '../shared/sync/queuedCycle';

app.storageQueue('syncCycleWorker', {
  queueName: SYNC_CYCLE_QUEUE,
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
 * `extensions.queues.maxDequeueCount` (5 by default), or the local host's override of it. The
 * worker records the cycle failed on the last try, so it reads the same number the host does.
 */
const MAX_DEQUEUE_COUNT = maxDequeueCount();

function maxDequeueCount(): number {
  const override = Number(process.env.LOCAL_HOST_QUEUE_MAX_DEQUEUE_COUNT);
  if (Number.isInteger(override) && override >= 1) return override;
  // host.json sits at the app's root: beside functions/ in the sources, two up from dist/functions/.
  const file = [path.join(__dirname, '..', 'host.json'), path.join(__dirname, '..', '..', 'host.json')].find(
    (candidate) => existsSync(candidate),
  );
  const parsed: unknown = file ? JSON.parse(readFileSync(file, 'utf8')) : {};
  const value = (parsed as { extensions?: { queues?: { maxDequeueCount?: unknown } } }).extensions?.queues
    ?.maxDequeueCount;
  return typeof value === 'number' && Number.isInteger(value) && value >= 1 ? value : 5;
}
