import { app } from '@azure/functions';
import { listAuditEvents } from '../shared/diagnosis/auditLog';
import { API_CONTRACT } from '../shared/http/apiContract';
import { jsonResponse } from '../shared/http/problem';
import { httpRoute } from '../shared/http/route';
import { parseQuery } from '../shared/http/validation';

app.http(
  'listAuditEvents',
  httpRoute({
    route: 'audit-events',
    methods: ['GET'],
    access: 'admin',
    handler: async ({ request, services, principal }) => {
      const q = parseQuery(request.query, API_CONTRACT.listAuditEvents.query);
      return jsonResponse(
        200,
        await listAuditEvents(services.pages, principal.tenantId, q.errorId, q.top, q.continuationToken),
      );
    },
  }),
);
