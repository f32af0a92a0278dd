import { app } from '@azure/functions';
import { cloudObjectView } from '../shared/contract/directoryViews';
import { operationRoute } from '../shared/http/operationRoute';
import { jsonResponse } from '../shared/http/problem';

app.http(
  'listCloudObjects',
  operationRoute('listCloudObjects', async ({ query: q, services, principal }) => {
    // The UPN filter is an exact, case-insensitive match; soft-deleted objects only when asked for.
    const store = services.store.tenant(principal.tenantId);
    const page = await store.directory.listClouds(q, q.top, q.continuationToken);
    return jsonResponse(200, {
      value: page.value.map(cloudObjectView),
      continuationToken: page.continuationToken,
    });
  }),
);
