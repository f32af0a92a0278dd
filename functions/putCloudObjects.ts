import { app } from '@azure/functions';
import { importCloudObjects } from '../shared/directory/cloudObjectRecords';
import { operationRoute } from '../shared/http/operationRoute';
import { jsonResponse } from '../shared/http/problem';

app.http(
  'putCloudObjects',
  operationRoute('putCloudObjects', async ({ body, services, principal }) =>
    jsonResponse(
      200,
      await importCloudObjects(services.store.tenant(principal.tenantId), body.objects, services.now()),
    ),
  ),
);
