import { app } from '@azure/functions';
import { getSourceObject } from '../shared/directory/sourceObjectRecords';
import { sourceObjectView } from '../shared/contract/directoryViews';
import { operationRoute } from '../shared/http/operationRoute';
import { jsonResponse } from '../shared/http/problem';

// Catch-all route: anchors hold `/`, which the Functions host decodes before matching (SPEC "HTTP
// contract"), so the anchor is read from the raw URL (shared/http/routeValues.ts).
app.http(
  'getSourceObject',
  operationRoute('getSourceObject', async ({ params, services, principal }) => {
    const anchor = params.sourceAnchor;
    return jsonResponse(
      200,
      sourceObjectView(await getSourceObject(services.store.tenant(principal.tenantId), anchor)),
    );
  }),
);
