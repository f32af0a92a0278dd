import { app } from '@azure/functions';
import { operationRoute } from '../shared/http/operationRoute';
import { jsonResponse } from '../shared/http/problem';
import { updateSettings } from '../shared/settings/updateSettings';

app.http(
  'patchSettings',
  operationRoute('patchSettings', async ({ body: patch, services, principal }) => {
    const settings = await updateSettings(services.store.tenant(principal.tenantId), patch, services.now());
    return jsonResponse(200, settings);
  }),
);
