import { app } from '@azure/functions';
import { hardDeleteCloudObject } from '../shared/directory/cloudObjectRecords';
import { objectIdRoute } from '../shared/http/objectIdRoute';
import { httpRoute } from '../shared/http/route';

app.http(
  'deleteDeletedObject',
  httpRoute({
    route: 'deleted-objects/{objectId}',
    methods: ['DELETE'],
    access: 'admin',
    bodyless: true,
    handler: async ({ request, services, principal }) => {
      await hardDeleteCloudObject(
        services.data,
        principal.tenantId,
        objectIdRoute(request.params),
        services.now(),
      );
      return { status: 204 };
    },
  }),
);
