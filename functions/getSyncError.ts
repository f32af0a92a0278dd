import { app } from '@azure/functions';
import { jsonResponse } from '../shared/http/problem';
import { httpRoute } from '../shared/http/route';
import { getSyncError } from '../shared/syncErrors/getSyncError';

app.http(
  'getSyncError',
  httpRoute({
    route: 'sync-errors/{id}',
    methods: ['GET'],
    access: 'admin',
    handler: async ({ request, services, principal }) =>
      jsonResponse(200, await getSyncError(services.data, principal.tenantId, request.params.id ?? '')),
  }),
);
