import { app } from '@azure/functions';
import { listAuditEvents } from '../shared/diagnosis/auditLog';
import { operationRoute } from '../shared/http/operationRoute';
import { jsonResponse } from '../shared/http/problem';

app.http(
  'listAuditEvents',
  operationRoute('listAuditEvents', async ({ query: q, services, principal }) =>
    jsonResponse(
      200,
      await listAuditEvents(services.store.tenant(principal.tenantId), q.errorId, q.top, q.continuationToken),
    ),
  ),
);
