import { app } from '@azure/functions';
import { operationRoute } from '../shared/http/operationRoute';
import { jsonResponse } from '../shared/http/problem';
import { listCycleSummaries } from '../shared/sync/cycleHistory';

app.http(
  'listSyncCycles',
  operationRoute('listSyncCycles', async ({ query, services, principal }) => {
    const { top, continuationToken } = query;
    return jsonResponse(
      200,
      await listCycleSummaries(
        services.store.tenant(principal.tenantId),
        top,
        continuationToken,
        services.now(),
      ),
    );
  }),
);
