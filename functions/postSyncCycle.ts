import { app } from '@azure/functions';
import { operationRoute } from '../shared/http/operationRoute';
import { jsonResponse } from '../shared/http/problem';
import type { AppConfig } from '../shared/config';
import { cycleStatusLocation } from '../shared/contract/apiContract';
import { openCycleQueue, type CycleQueue } from '../shared/queue/cycleQueue';
import { cycleDependencies } from '../shared/sync/cycleDependencies';
import { dryRunCycle } from '../shared/sync/dryRunCycle';
import { requestCycle } from '../shared/sync/requestCycle';

app.http(
  'postSyncCycle',
  operationRoute('postSyncCycle', async ({ query, services, principal }) => {
    const { dryRun } = query;
    if (dryRun) return jsonResponse(200, await dryRunCycle(cycleDependencies(services), principal.tenantId));
    const queued = await requestCycle(
      { store: services.store, now: services.now, queue: cycleQueue(services.config) },
      principal.tenantId,
    );
    return jsonResponse(202, queued, { location: cycleStatusLocation(queued.cycleId) });
  }),
);

/** One queue client per process's config, like the table clients: it creates the queue once. */
const queues = new WeakMap<AppConfig, CycleQueue>();

function cycleQueue(config: AppConfig): CycleQueue {
  const queue = queues.get(config) ?? openCycleQueue(config);
  queues.set(config, queue);
  return queue;
}
