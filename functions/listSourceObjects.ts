import { app } from '@azure/functions';
import { listSourceObjects } from '../shared/directory/objectLists';
import { sourceObjectView } from '../shared/http/directoryViews';
import { API_CONTRACT } from '../shared/http/apiContract';
import { jsonResponse } from '../shared/http/problem';
import { httpRoute } from '../shared/http/route';
import { parseQuery } from '../shared/http/validation';

app.http(
  'listSourceObjects',
  httpRoute({
    route: 'source-objects',
    methods: ['GET'],
    access: 'sourceObjects',
    handler: async ({ request, services, principal }) => {
      const { top, continuationToken } = parseQuery(request.query, API_CONTRACT.listSourceObjects.query);
      const page = await listSourceObjects(services.pages, principal.tenantId, top, continuationToken);
      return jsonResponse(200, {
        value: page.value.map(sourceObjectView),
        continuationToken: page.continuationToken,
      });
    },
  }),
);
