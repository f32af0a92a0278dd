import { app } from '@azure/functions';
import { API_CONTRACT } from '../shared/http/apiContract';
import { readJsonBody } from '../shared/http/body';
import { jsonResponse } from '../shared/http/problem';
import { httpRoute } from '../shared/http/route';
import { updateSettings } from '../shared/settings/updateSettings';

app.http(
  'patchSettings',
  httpRoute({
    route: 'settings',
    methods: ['PATCH'],
    access: 'admin',
    handler: async ({ request, services, principal }) => {
      const patch = await readJsonBody(request, API_CONTRACT.patchSettings.body.schema);
      const settings = await updateSettings(services.data, principal.tenantId, patch, services.now());
      return jsonResponse(200, settings);
    },
  }),
);
