import { app } from '@azure/functions';
import { getSourceObject } from '../shared/directory/sourceObjectRecords';
import { sourceObjectView } from '../shared/http/directoryViews';
import { anchorRoute } from '../shared/http/anchorRoute';
import { jsonResponse } from '../shared/http/problem';
import { httpRoute } from '../shared/http/route';

app.http(
  'getSourceObject',
  httpRoute({
    // Catch-all: anchors hold `/`, which the Functions host decodes before matching (SPEC "HTTP contract").
    route: 'source-objects/{*sourceAnchor}',
    methods: ['GET'],
    access: 'sourceObjects',
    handler: async ({ request, services, principal }) => {
      const anchor = anchorRoute(request);
      return jsonResponse(
        200,
        sourceObjectView(await getSourceObject(services.data, principal.tenantId, anchor)),
      );
    },
  }),
);
