import { app } from '@azure/functions';
import { API_CONTRACT } from '../shared/http/apiContract';
import { jsonResponse } from '../shared/http/problem';
import { httpRoute } from '../shared/http/route';
import { parseQuery } from '../shared/http/validation';
import { cycleDependencies } from '../shared/sync/cycleDependencies';
import { dryRunCycle } from '../shared/sync/dryRunCycle';
import { runSyncCycle } from '../shared/sync/runSyncCycle';

app.http(
  'postSyncCycle',
  httpRoute({
    route: 'sync-cycles',
    methods: ['POST'],
    access: 'admin',
    bodyless: true,
    handler: async ({ request, services, principal }) => {
      const { dryRun } = parseQuery(request.query, API_CONTRACT.postSyncCycle.query);
      const deps = cycleDependencies(services);
      if (dryRun) return jsonResponse(200, await dryRunCycle(deps, principal.tenantId));
      const { summary } = await runSyncCycle(deps, principal.tenantId, 'http');
      return jsonResponse(200, summary);
    },
  }),
);
