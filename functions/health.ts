import { app } from '@azure/functions';
import { jsonResponse } from '../shared/http/problem';
import { httpRoute } from '../shared/http/route';

app.http(
  'health',
  httpRoute({
    route: 'health',
    methods: ['GET'],
    access: 'anonymous',
    handler: () => Promise.resolve(jsonResponse(200, { status: 'ok' })),
  }),
);
