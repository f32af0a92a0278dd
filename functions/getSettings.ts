import { app } from '@azure/functions';
import { operationRoute } from '../shared/http/operationRoute';
import { jsonResponse } from '../shared/http/problem';
import { readSettings } from '../shared/store/settingsRepository';

app.http(
  'getSettings',
  operationRoute('getSettings', async ({ services, principal }) => {
    const { settings } = await readSettings(services.data, principal.tenantId);
    return jsonResponse(200, settings);
  }),
);
