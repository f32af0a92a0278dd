import { app } from '@azure/functions';
import { operationRoute } from '../shared/http/operationRoute';
import { jsonResponse } from '../shared/http/problem';
import { listPreflight } from '../shared/preflightReport/listPreflight';
import { matchesPreflight } from '../shared/preflightReport/preflightFilters';
import { preflightCsv } from '../shared/preflightReport/preflightCsv';
import { readPreflight } from '../shared/preflightReport/readPreflight';
import { acceptsCsv } from '../shared/syncErrors/acceptsCsv';

// One URL, two representations chosen by Accept: caches must key on it.
const VARY = { vary: 'accept' };

app.http(
  'listPreflight',
  operationRoute('listPreflight', async ({ query, request, services, principal, rowsRead }) => {
    const { top, continuationToken, ...filters } = query;
    const store = services.store.tenant(principal.tenantId);
    const rows = await readPreflight(store, services.now(), rowsRead);
    if (acceptsCsv(request.headers.get('accept'))) {
      // Paging does not apply to the export (SPEC decision 20), as for the sync-error CSV.
      const keep = matchesPreflight(filters);
      const body = preflightCsv(rows.map(({ row }) => row).filter(keep));
      const headers = {
        'content-type': 'text/csv; charset=utf-8',
        'content-disposition': 'attachment; filename="preflight.csv"',
        ...VARY,
      };
      return { status: 200, headers, body };
    }
    const page = listPreflight(store, rows, filters, top, continuationToken);
    return jsonResponse(200, page, VARY);
  }),
);
