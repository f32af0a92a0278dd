import { app } from '@azure/functions';
import { softDeleteCloudObject } from '../shared/directory/cloudObjectRecords';
import { cloudObjectView } from '../shared/http/directoryViews';
import { objectIdRoute } from '../shared/http/objectIdRoute';
import { jsonResponse } from '../shared/http/problem';
import { httpRoute } from '../shared/http/route';

app.http(
  'deleteCloudObject',
  httpRoute({
    route: 'cloud-objects/{objectId}',
    methods: ['DELETE'],
    access: 'admin',
    bodyless: true,
    handler: async ({ request, services, principal }) => {
      const objectId = objectIdRoute(request.params);
      const deleted = await softDeleteCloudObject(
        services.data,
        principal.tenantId,
        objectId,
        services.now(),
      );
      return jsonResponse(200, cloudObjectView(deleted));
    },
  }),
);
