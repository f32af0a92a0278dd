import { app } from '@azure/functions';
import { operationRoute } from '../shared/http/operationRoute';
import { jsonResponse } from '../shared/http/problem';
import { acceptsCsv } from '../shared/syncErrors/acceptsCsv';
import { exportSyncErrorsCsv } from '../shared/syncErrors/exportSyncErrorsCsv';
import { listSyncErrors } from '../shared/syncErrors/listSyncErrors';

// One URL, two representations chosen by Accept: caches must key on it.
const VARY = { vary: 'accept' };

app.http(
  'listSyncErrors',
  operationRoute('listSyncErrors', async ({ query, request, invocation, services, principal, rowsRead }) => {
    const { top, continuationToken, ...filters } = query;
    const store = services.store.tenant(principal.tenantId);
    if (acceptsCsv(request.headers.get('accept'))) {
      // Streamed: each storage page is sent as CSV as soon as it is read (see route.ts).
      const body = await exportSyncErrorsCsv(
        store,
        filters,
        (error) => invocation.error(`CSV export cut short (${invocation.invocationId})`, error),
        rowsRead,
      );
      const headers = {
        'content-type': 'text/csv; charset=utf-8',
        'content-disposition': 'attachment; filename="sync-errors.csv"',
        ...VARY,
      };
      return { status: 200, headers, body };
    }
    const page = await listSyncErrors(store, services.openErrors, filters, top, continuationToken, rowsRead);
    return jsonResponse(200, page, VARY);
  }),
);
