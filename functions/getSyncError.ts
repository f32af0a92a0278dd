import { app } from '@azure/functions';
import { operationRoute } from '../shared/http/operationRoute';
import { jsonResponse } from '../shared/http/problem';
import { getSyncError } from '../shared/syncErrors/getSyncError';

app.http(
  'getSyncError',
  operationRoute('getSyncError', async ({ params, services, principal }) =>
    jsonResponse(200, await getSyncError(services.store.tenant(principal.tenantId), params.id)),
  ),
);
