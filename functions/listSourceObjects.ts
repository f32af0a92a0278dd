import { app } from '@azure/functions';
import { sourceObjectView } from '../shared/contract/directoryViews';
import { operationRoute } from '../shared/http/operationRoute';
import { jsonResponse } from '../shared/http/problem';

app.http(
  'listSourceObjects',
  operationRoute('listSourceObjects', async ({ query, services, principal }) => {
    const { top, continuationToken } = query;
    const store = services.store.tenant(principal.tenantId);
    const page = await store.directory.listSources(top, continuationToken);
    return jsonResponse(200, {
      value: page.value.map(sourceObjectView),
      continuationToken: page.continuationToken,
    });
  }),
);
