import { app } from '@azure/functions';
import { jsonResponse } from '../shared/http/problem';
import { httpRoute } from '../shared/http/route';
import { cycleDependencies } from '../shared/sync/cycleDependencies';
import { runSyncCycle } from '../shared/sync/runSyncCycle';

app.http(
  'postSyncCycle',
  httpRoute({
    route: 'sync-cycles',
    methods: ['POST'],
    access: 'admin',
    bodyless: true,
    handler: async ({ services, principal }) => {
      const { summary } = await runSyncCycle(cycleDependencies(services), principal.tenantId, 'http');
      return jsonResponse(200, summary);
    },
  }),
);
