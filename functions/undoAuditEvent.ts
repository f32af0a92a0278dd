import { app } from '@azure/functions';
import { undoFix } from '../shared/diagnosis/undoFix';
import { actionContext } from '../shared/http/actionContext';
import type { UndoResult } from '../shared/contract/responses';
import { operationRoute } from '../shared/http/operationRoute';
import { jsonResponse } from '../shared/http/problem';

app.http(
  'undoAuditEvent',
  operationRoute('undoAuditEvent', async ({ params, services, principal }) => {
    const { eventId } = params;
    const ctx = actionContext(services, principal);
    const undone = await undoFix(ctx, eventId, services.now);
    return jsonResponse(200, {
      eventId: undone.undoEvent.eventId,
      undoneEventId: eventId,
      restoredObjectId: undone.restoredObjectId,
      errorIds: undone.errorIds,
    } satisfies UndoResult);
  }),
);
