import { app } from '@azure/functions';
import { registrationConfig } from '../shared/config';
import { openApiDocument } from '../shared/contract/openApiDocument';
import { operationRoute } from '../shared/http/operationRoute';
import { jsonResponse } from '../shared/http/problem';

// Read when the app loads, as functions/devToken.ts decides whether to register POST dev/token:
// the document lists that route exactly when it exists.
const { devMode } = registrationConfig(process.env);

app.http(
  'openApi',
  operationRoute('openApi', () => Promise.resolve(jsonResponse(200, openApiDocument({ devMode })))),
);
