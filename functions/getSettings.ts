import { app } from '@azure/functions';
import { operationRoute } from '../shared/http/operationRoute';
import { jsonResponse } from '../shared/http/problem';

app.http(
  'getSettings',
  operationRoute('getSettings', async ({ services, principal }) => {
    const { settings } = await services.store.tenant(principal.tenantId).settings.read();
    return jsonResponse(200, settings);
  }),
);
