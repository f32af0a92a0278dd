import { app } from '@azure/functions';
import { jsonResponse } from '../shared/http/problem';
import { httpRoute } from '../shared/http/route';
import { preflightRules } from '../shared/preflightReport/preflightRules';
import { readPreflight } from '../shared/preflightReport/readPreflight';

app.http(
  'listPreflightRules',
  httpRoute({
    route: 'preflight/rules',
    methods: ['GET'],
    access: 'admin',
    handler: async ({ services, principal, rowsRead }) => {
      const rows = await readPreflight(services.data, principal.tenantId, services.now(), rowsRead);
      return jsonResponse(200, preflightRules(rows.map(({ row }) => row)));
    },
  }),
);
