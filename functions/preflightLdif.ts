import { app } from '@azure/functions';
import { operationRoute } from '../shared/http/operationRoute';
import { ldifFile, ldifFileName, selectRows } from '../shared/preflightReport/preflightLdifFile';
import { readPreflight } from '../shared/preflightReport/readPreflight';

/**
 * A POST because the selection (up to 1,000 ids) does not fit a URL; it writes nothing. The file is
 * `text/plain` with a download name: what `ldapmodify -f` and `ldifde -i -f` read, and what a browser
 * saves rather than shows (RFC 2849 registers no media type; `text/x-ldif` is unofficial).
 */
app.http(
  'preflightLdif',
  operationRoute('preflightLdif', async ({ query, body: selection, services, principal, rowsRead }) => {
    const { undo } = query;
    const now = services.now();
    const rows = await readPreflight(services.store.tenant(principal.tenantId), now, rowsRead);
    const chosen = selectRows(rows, selection);
    return {
      status: 200,
      headers: {
        'content-type': 'text/plain; charset=utf-8',
        'content-disposition': `attachment; filename="${ldifFileName(undo)}"`,
      },
      body: ldifFile(chosen, undo, now),
    };
  }),
);
