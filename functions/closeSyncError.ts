import { app } from '@azure/functions';
import { closeSyncErrorDiagnosis } from '../shared/diagnosis/diagnosisUseCases';
import { actionContext } from '../shared/http/actionContext';
import type { CloseResult } from '../shared/contract/responses';
import { operationRoute } from '../shared/http/operationRoute';
import { jsonResponse } from '../shared/http/problem';

app.http(
  'closeSyncError',
  operationRoute('closeSyncError', async ({ params, services, principal }) => {
    const ctx = actionContext(services, principal);
    const { error, step } = await closeSyncErrorDiagnosis(ctx, params.id);
    return jsonResponse(200, {
      id: error.id,
      diagnoseStatus: error.diagnoseStatus,
      diagnosis: step,
    } satisfies CloseResult);
  }),
);
