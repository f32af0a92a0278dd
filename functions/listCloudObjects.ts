import { app } from '@azure/functions';
import { listCloudObjects } from '../shared/directory/objectLists';
import { cloudObjectView } from '../shared/http/directoryViews';
import { operationRoute } from '../shared/http/operationRoute';
import { jsonResponse } from '../shared/http/problem';

app.http(
  'listCloudObjects',
  operationRoute('listCloudObjects', async ({ query: q, services, principal }) => {
    const page = await listCloudObjects(
      services.store.tenant(principal.tenantId),
      q,
      q.top,
      q.continuationToken,
    );
    return jsonResponse(200, {
      value: page.value.map(cloudObjectView),
      continuationToken: page.continuationToken,
    });
  }),
);
