import { app } from '@azure/functions';
import type { Health } from '../shared/contract/responses';
import { operationRoute } from '../shared/http/operationRoute';
import { jsonResponse } from '../shared/http/problem';

app.http(
  'health',
  operationRoute('health', () => Promise.resolve(jsonResponse(200, { status: 'ok' } satisfies Health))),
);
