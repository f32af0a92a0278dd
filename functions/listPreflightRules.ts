import { app } from '@azure/functions';
import { operationRoute } from '../shared/http/operationRoute';
import { jsonResponse } from '../shared/http/problem';
import { preflightRules } from '../shared/preflightReport/preflightRules';
import { readPreflight } from '../shared/preflightReport/readPreflight';

app.http(
  'listPreflightRules',
  operationRoute('listPreflightRules', async ({ services, principal, rowsRead }) => {
    const rows = await readPreflight(services.store.tenant(principal.tenantId), services.now(), rowsRead);
    return jsonResponse(200, preflightRules(rows.map(({ row }) => row)));
  }),
);
