import { app } from '@azure/functions';
import { getDiagnosis } from '../shared/diagnosis/diagnosisUseCases';
import { operationRoute } from '../shared/http/operationRoute';
import { jsonResponse } from '../shared/http/problem';

app.http(
  'getDiagnosis',
  operationRoute('getDiagnosis', async ({ params, services, principal }) =>
    jsonResponse(200, await getDiagnosis(services.store.tenant(principal.tenantId), params.id)),
  ),
);
