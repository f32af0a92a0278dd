import { app } from '@azure/functions';
import { applyFix } from '../shared/diagnosis/applyFix';
import { actionContext } from '../shared/http/actionContext';
import type { ApplyFixResult } from '../shared/contract/responses';
import { operationRoute } from '../shared/http/operationRoute';
import { jsonResponse } from '../shared/http/problem';

app.http(
  'applyFix',
  operationRoute('applyFix', async ({ params, services, principal }) => {
    const ctx = actionContext(services, principal);
    const fixed = await applyFix(ctx, params.id, services.now);
    return jsonResponse(200, {
      id: fixed.error.id,
      diagnoseStatus: fixed.error.diagnoseStatus,
      pendingSyncErrorIds: fixed.errorIds,
      auditEventId: fixed.auditEventId,
      existingObjectId: fixed.existingObjectId,
      deletedObjectId: fixed.deletedObjectId,
    } satisfies ApplyFixResult);
  }),
);
