import { app } from '@azure/functions';
import { z } from 'zod';
import { pagingQuery } from '../shared/http/paging';
import { jsonResponse } from '../shared/http/problem';
import { httpRoute } from '../shared/http/route';
import { parseQuery } from '../shared/http/validation';
import { DIAGNOSE_STATUSES, ERROR_TYPES, SYNC_ATTRIBUTES } from '../shared/sync/model';
import { acceptsCsv } from '../shared/syncErrors/acceptsCsv';
import { ERROR_STATES } from '../shared/syncErrors/errorQuery';
import { exportSyncErrorsCsv } from '../shared/syncErrors/exportSyncErrorsCsv';
import { listSyncErrors } from '../shared/syncErrors/listSyncErrors';

const query = z.strictObject({
  ...pagingQuery,
  attribute: z.enum(SYNC_ATTRIBUTES).optional(),
  errorType: z.enum(ERROR_TYPES).optional(),
  diagnoseStatus: z.enum(DIAGNOSE_STATUSES).optional(),
  search: z.string().min(1).max(256).optional(),
  state: z.enum(ERROR_STATES).default('open'),
});

// One URL, two representations chosen by Accept: caches must key on it.
const VARY = { vary: 'accept' };

app.http(
  'listSyncErrors',
  httpRoute({
    route: 'sync-errors',
    methods: ['GET'],
    access: 'admin',
    handler: async ({ request, invocation, services, principal }) => {
      const { top, continuationToken, ...filters } = parseQuery(request.query, query);
      if (acceptsCsv(request.headers.get('accept'))) {
        const body = await exportSyncErrorsCsv(services.data, principal.tenantId, filters, (error) =>
          invocation.error(`CSV export cut short (${invocation.invocationId})`, error),
        );
        const headers = {
          'content-type': 'text/csv; charset=utf-8',
          'content-disposition': 'attachment; filename="sync-errors.csv"',
          ...VARY,
        };
        return { status: 200, headers, body };
      }
      const page = await listSyncErrors(services.data, principal.tenantId, filters, top, continuationToken);
      return jsonResponse(200, page, VARY);
    },
  }),
);
