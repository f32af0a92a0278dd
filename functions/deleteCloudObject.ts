import { app } from '@azure/functions';
import { softDeleteCloudObject } from '../shared/directory/cloudObjectRecords';
import { cloudObjectView } from '../shared/contract/directoryViews';
import { operationRoute } from '../shared/http/operationRoute';
import { jsonResponse } from '../shared/http/problem';

app.http(
  'deleteCloudObject',
  operationRoute('deleteCloudObject', async ({ params, services, principal }) => {
    const objectId = params.objectId;
    const deleted = await softDeleteCloudObject(
      services.store.tenant(principal.tenantId),
      objectId,
      services.now(),
    );
    return jsonResponse(200, cloudObjectView(deleted));
  }),
);
