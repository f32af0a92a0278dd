import { app } from '@azure/functions';
import { jsonResponse } from '../shared/http/problem';
import { httpRoute } from '../shared/http/route';
import { readSettings } from '../shared/store/settingsRepository';

app.http(
  'getSettings',
  httpRoute({
    route: 'settings',
    methods: ['GET'],
    access: 'admin',
    handler: async ({ services, principal }) => {
      const { settings } = await readSettings(services.data, principal.tenantId);
      return jsonResponse(200, settings);
    },
  }),
);
