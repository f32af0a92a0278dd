import { app } from '@azure/functions';
import { hardDeleteCloudObject } from '../shared/directory/cloudObjectRecords';
import { operationRoute } from '../shared/http/operationRoute';

app.http(
  'deleteDeletedObject',
  operationRoute('deleteDeletedObject', async ({ params, services, principal }) => {
    await hardDeleteCloudObject(services.store.tenant(principal.tenantId), params.objectId, services.now());
    return { status: 204 };
  }),
);
