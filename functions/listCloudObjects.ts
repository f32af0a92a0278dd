import { app } from '@azure/functions';
import { listCloudObjects } from '../shared/directory/objectLists';
import { cloudObjectView } from '../shared/http/directoryViews';
import { API_CONTRACT } from '../shared/http/apiContract';
import { jsonResponse } from '../shared/http/problem';
import { httpRoute } from '../shared/http/route';
import { parseQuery } from '../shared/http/validation';

app.http(
  'listCloudObjects',
  httpRoute({
    route: 'cloud-objects',
    methods: ['GET'],
    access: 'admin',
    handler: async ({ request, services, principal }) => {
      const q = parseQuery(request.query, API_CONTRACT.listCloudObjects.query);
      const page = await listCloudObjects(services.pages, principal.tenantId, q, q.top, q.continuationToken);
      return jsonResponse(200, {
        value: page.value.map(cloudObjectView),
        continuationToken: page.continuationToken,
      });
    },
  }),
);
