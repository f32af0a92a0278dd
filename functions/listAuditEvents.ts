import { app } from '@azure/functions';
import { z } from 'zod';
import { listAuditEvents } from '../shared/diagnosis/auditLog';
import { pagingQuery } from '../shared/http/paging';
import { jsonResponse } from '../shared/http/problem';
import { httpRoute } from '../shared/http/route';
import { parseQuery } from '../shared/http/validation';

const query = z.strictObject({
  ...pagingQuery,
  errorId: z
    .string()
    .regex(/^[0-9a-f]{32}$/)
    .optional(),
});

app.http(
  'listAuditEvents',
  httpRoute({
    route: 'audit-events',
    methods: ['GET'],
    access: 'admin',
    handler: async ({ request, services, principal }) => {
      const q = parseQuery(request.query, query);
      return jsonResponse(
        200,
        await listAuditEvents(services.data, principal.tenantId, q.errorId, q.top, q.continuationToken),
      );
    },
  }),
);
