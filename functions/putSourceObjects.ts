import { app } from '@azure/functions';
import { upsertSourceObjects } from '../shared/directory/sourceObjectRecords';
import { API_CONTRACT } from '../shared/http/apiContract';
import { readJsonBody } from '../shared/http/body';
import { jsonResponse } from '../shared/http/problem';
import { httpRoute } from '../shared/http/route';

app.http(
  'putSourceObjects',
  httpRoute({
    route: 'source-objects',
    methods: ['PUT'],
    access: 'sourceObjects',
    handler: async ({ request, services, principal }) => {
      const body = await readJsonBody(request, API_CONTRACT.putSourceObjects.body.schema);
      const result = await upsertSourceObjects(
        services.data,
        principal.tenantId,
        body.objects,
        services.now(),
      );
      return jsonResponse(200, result);
    },
  }),
);
