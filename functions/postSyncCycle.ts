import { app } from '@azure/functions';
import { jsonResponse } from '../shared/http/problem';
import { httpRoute } from '../shared/http/route';
import { runSyncCycle } from '../shared/sync/runSyncCycle';

app.http(
  'postSyncCycle',
  httpRoute({
    route: 'sync-cycles',
    methods: ['POST'],
    access: 'admin',
    bodyless: true,
    handler: async ({ services, principal }) => {
      const { summary } = await runSyncCycle(
        { table: services.data, now: services.now, leaseSeconds: services.config.SYNC_LEASE_SECONDS },
        principal.tenantId,
        'http',
      );
      return jsonResponse(200, summary);
    },
  }),
);
