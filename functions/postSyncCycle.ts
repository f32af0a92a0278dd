import { app } from '@azure/functions';
import { operationRoute } from '../shared/http/operationRoute';
import { jsonResponse } from '../shared/http/problem';
import { cycleDependencies } from '../shared/sync/cycleDependencies';
import { dryRunCycle } from '../shared/sync/dryRunCycle';
import { runSyncCycle } from '../shared/sync/runSyncCycle';

app.http(
  'postSyncCycle',
  operationRoute('postSyncCycle', async ({ query, services, principal }) => {
    const { dryRun } = query;
    const deps = cycleDependencies(services);
    if (dryRun) return jsonResponse(200, await dryRunCycle(deps, principal.tenantId));
    const { summary } = await runSyncCycle(deps, principal.tenantId, 'http');
    return jsonResponse(200, summary);
  }),
);
