import { app } from '@azure/functions';
import { markSourceObjectDeleted } from '../shared/directory/sourceObjectRecords';
import { sourceObjectView } from '../shared/contract/directoryViews';
import { operationRoute } from '../shared/http/operationRoute';
import { jsonResponse } from '../shared/http/problem';

app.http(
  'deleteSourceObject',
  operationRoute('deleteSourceObject', async ({ params, services, principal }) => {
    const anchor = params.sourceAnchor;
    const source = await markSourceObjectDeleted(
      services.store.tenant(principal.tenantId),
      anchor,
      services.now(),
    );
    return jsonResponse(200, sourceObjectView(source));
  }),
);
