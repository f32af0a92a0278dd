import { app } from '@azure/functions';
import { operationRoute } from '../shared/http/operationRoute';
import { jsonResponse } from '../shared/http/problem';
import { readCycleStatus } from '../shared/sync/cycleStatus';

app.http(
  'getSyncCycle',
  operationRoute('getSyncCycle', async ({ params, services, principal }) =>
    jsonResponse(
      200,
      await readCycleStatus(services.store.tenant(principal.tenantId), params.cycleId, services.now()),
    ),
  ),
);
