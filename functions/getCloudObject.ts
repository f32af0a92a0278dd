import { app } from '@azure/functions';
import { getCloudObject } from '../shared/directory/cloudObjectRecords';
import { cloudObjectView } from '../shared/contract/directoryViews';
import { operationRoute } from '../shared/http/operationRoute';
import { jsonResponse } from '../shared/http/problem';

app.http(
  'getCloudObject',
  operationRoute('getCloudObject', async ({ params, services, principal }) => {
    const { record } = await getCloudObject(services.store.tenant(principal.tenantId), params.objectId);
    return jsonResponse(200, cloudObjectView(record));
  }),
);
