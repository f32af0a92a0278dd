import { app } from '@azure/functions';
import { getDiagnosis } from '../shared/diagnosis/diagnosisUseCases';
import { jsonResponse } from '../shared/http/problem';
import { httpRoute } from '../shared/http/route';

app.http(
  'getDiagnosis',
  httpRoute({
    route: 'sync-errors/{id}/diagnosis',
    methods: ['GET'],
    access: 'admin',
    handler: async ({ request, services, principal }) =>
      jsonResponse(200, await getDiagnosis(services.data, principal.tenantId, request.params.id ?? '')),
  }),
);
