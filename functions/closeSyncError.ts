import { app } from '@azure/functions';
import { closeSyncErrorDiagnosis } from '../shared/diagnosis/diagnosisUseCases';
import { actionContext } from '../shared/http/actor';
import type { CloseResult } from '../shared/http/contract/responses';
import { jsonResponse } from '../shared/http/problem';
import { httpRoute } from '../shared/http/route';

app.http(
  'closeSyncError',
  httpRoute({
    route: 'sync-errors/{id}/close',
    methods: ['POST'],
    access: 'admin',
    bodyless: true,
    handler: async ({ request, services, principal }) => {
      const ctx = actionContext(services, principal);
      const { error, step } = await closeSyncErrorDiagnosis(ctx, request.params.id ?? '');
      return jsonResponse(200, {
        id: error.id,
        diagnoseStatus: error.diagnoseStatus,
        diagnosis: step,
      } satisfies CloseResult);
    },
  }),
);
