import { app } from '@azure/functions';
import { listSourceObjects } from '../shared/directory/objectLists';
import { sourceObjectView } from '../shared/http/directoryViews';
import { operationRoute } from '../shared/http/operationRoute';
import { jsonResponse } from '../shared/http/problem';

app.http(
  'listSourceObjects',
  operationRoute('listSourceObjects', async ({ query, services, principal }) => {
    const { top, continuationToken } = query;
    const page = await listSourceObjects(services.store.tenant(principal.tenantId), top, continuationToken);
    return jsonResponse(200, {
      value: page.value.map(sourceObjectView),
      continuationToken: page.continuationToken,
    });
  }),
);
