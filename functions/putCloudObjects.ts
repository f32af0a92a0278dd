import { app } from '@azure/functions';
import { importCloudObjects } from '../shared/directory/cloudObjectRecords';
import { API_CONTRACT } from '../shared/http/apiContract';
import { readJsonBody } from '../shared/http/body';
import { jsonResponse } from '../shared/http/problem';
import { httpRoute } from '../shared/http/route';

app.http(
  'putCloudObjects',
  httpRoute({
    route: 'cloud-objects',
    methods: ['PUT'],
    access: 'admin',
    handler: async ({ request, services, principal }) => {
      const body = await readJsonBody(request, API_CONTRACT.putCloudObjects.body.schema);
      return jsonResponse(
        200,
        await importCloudObjects(services.data, principal.tenantId, body.objects, services.now()),
      );
    },
  }),
);
