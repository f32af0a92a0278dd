import { app } from '@azure/functions';
import { API_CONTRACT } from '../shared/http/apiContract';
import { jsonResponse } from '../shared/http/problem';
import { httpRoute } from '../shared/http/route';
import { parseQuery } from '../shared/http/validation';
import { listCycleSummaries } from '../shared/sync/cycleHistory';

app.http(
  'listSyncCycles',
  httpRoute({
    route: 'sync-cycles',
    methods: ['GET'],
    access: 'admin',
    handler: async ({ request, services, principal }) => {
      const { top, continuationToken } = parseQuery(request.query, API_CONTRACT.listSyncCycles.query);
      return jsonResponse(
        200,
        await listCycleSummaries(services.pages, principal.tenantId, top, continuationToken, services.now()),
      );
    },
  }),
);
