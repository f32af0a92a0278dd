import { app } from '@azure/functions';
import { importCloudObjects } from '../shared/directory/cloudObjectRecords';
import { readJsonBody } from '../shared/http/body';
import { cloudObjectsBody } from '../shared/http/directorySchemas';
import { jsonResponse } from '../shared/http/problem';
import { httpRoute } from '../shared/http/route';

app.http(
  'putCloudObjects',
  httpRoute({
    route: 'cloud-objects',
    methods: ['PUT'],
    access: 'admin',
    handler: async ({ request, services, principal }) => {
      const body = await readJsonBody(request, cloudObjectsBody);
      return jsonResponse(
        200,
        await importCloudObjects(services.data, principal.tenantId, body.objects, services.now()),
      );
    },
  }),
);
