import { app } from '@azure/functions';
import { markSourceObjectDeleted } from '../shared/directory/sourceObjectRecords';
import { sourceObjectView } from '../shared/http/directoryViews';
import { anchorRoute } from '../shared/http/anchorRoute';
import { jsonResponse } from '../shared/http/problem';
import { httpRoute } from '../shared/http/route';

app.http(
  'deleteSourceObject',
  httpRoute({
    route: 'source-objects/{*sourceAnchor}',
    methods: ['DELETE'],
    access: 'sourceObjects',
    bodyless: true,
    handler: async ({ request, services, principal }) => {
      const anchor = anchorRoute(request);
      const source = await markSourceObjectDeleted(services.data, principal.tenantId, anchor, services.now());
      return jsonResponse(200, sourceObjectView(source));
    },
  }),
);
