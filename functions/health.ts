import { app } from '@azure/functions';
import type { Health } from '../shared/http/contract/responses';
import { jsonResponse } from '../shared/http/problem';
import { httpRoute } from '../shared/http/route';

app.http(
  'health',
  httpRoute({
    route: 'health',
    methods: ['GET'],
    access: 'anonymous',
    handler: () => Promise.resolve(jsonResponse(200, { status: 'ok' } satisfies Health)),
  }),
);
