import { app } from '@azure/functions';
import { z } from 'zod';
import { listCloudObjects } from '../shared/directory/objectLists';
import { cloudObjectView } from '../shared/http/directoryViews';
import { pagingQuery } from '../shared/http/paging';
import { jsonResponse } from '../shared/http/problem';
import { httpRoute } from '../shared/http/route';
import { parseQuery } from '../shared/http/validation';

const query = z.strictObject({
  ...pagingQuery,
  userPrincipalName: z.string().min(1).max(113).optional(),
  includeDeleted: z
    .enum(['true', 'false'])
    .default('false')
    .transform((v) => v === 'true'),
});

app.http(
  'listCloudObjects',
  httpRoute({
    route: 'cloud-objects',
    methods: ['GET'],
    access: 'admin',
    handler: async ({ request, services, principal }) => {
      const q = parseQuery(request.query, query);
      const page = await listCloudObjects(services.data, principal.tenantId, q, q.top, q.continuationToken);
      return jsonResponse(200, {
        value: page.value.map(cloudObjectView),
        continuationToken: page.continuationToken,
      });
    },
  }),
);
