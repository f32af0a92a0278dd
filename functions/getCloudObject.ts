import { app } from '@azure/functions';
import { getCloudObject } from '../shared/directory/cloudObjectRecords';
import { cloudObjectView } from '../shared/http/directoryViews';
import { objectIdRoute } from '../shared/http/objectIdRoute';
import { jsonResponse } from '../shared/http/problem';
import { httpRoute } from '../shared/http/route';

app.http(
  'getCloudObject',
  httpRoute({
    route: 'cloud-objects/{objectId}',
    methods: ['GET'],
    access: 'admin',
    handler: async ({ request, services, principal }) => {
      const { record } = await getCloudObject(
        services.data,
        principal.tenantId,
        objectIdRoute(request.params),
      );
      return jsonResponse(200, cloudObjectView(record));
    },
  }),
);
