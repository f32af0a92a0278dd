import { app } from '@azure/functions';
import { openApiDocument } from '../shared/http/contract/openApiDocument';
import { jsonResponse } from '../shared/http/problem';
import { httpRoute } from '../shared/http/route';

// Read when the app loads, as functions/devToken.ts decides whether to register POST dev/token:
// the document lists that route exactly when it exists.
const devMode = process.env.AUTH_MODE === 'dev';

app.http(
  'openApi',
  httpRoute({
    route: 'openapi.json',
    methods: ['GET'],
    access: 'anonymous',
    handler: () => Promise.resolve(jsonResponse(200, openApiDocument({ devMode }))),
  }),
);
