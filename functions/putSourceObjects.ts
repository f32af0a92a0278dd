import { app } from '@azure/functions';
import { upsertSourceObjects } from '../shared/directory/sourceObjectRecords';
import { operationRoute } from '../shared/http/operationRoute';
import { jsonResponse } from '../shared/http/problem';

app.http(
  'putSourceObjects',
  operationRoute('putSourceObjects', async ({ body, services, principal }) => {
    const result = await upsertSourceObjects(
      services.store.tenant(principal.tenantId),
      body.objects,
      services.now(),
    );
    return jsonResponse(200, result);
  }),
);
