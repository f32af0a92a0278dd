import { app } from '@azure/functions';
import { undoFix } from '../shared/diagnosis/undoFix';
import { notFound } from '../shared/errors';
import { actionContext } from '../shared/http/actor';
import type { UndoResult } from '../shared/http/contract/responses';
import { jsonResponse } from '../shared/http/problem';
import { httpRoute } from '../shared/http/route';
import { AUDIT_EVENT_ID } from '../shared/store/auditEvents';

app.http(
  'undoAuditEvent',
  httpRoute({
    route: 'audit-events/{eventId}/undo',
    methods: ['POST'],
    access: 'admin',
    bodyless: true,
    handler: async ({ request, services, principal }) => {
      const eventId = request.params.eventId ?? '';
      if (!AUDIT_EVENT_ID.test(eventId))
        throw notFound('AuditEventNotFound', 'No audit event has this id in your tenant.');
      const ctx = actionContext(services, principal);
      const undone = await undoFix(ctx, eventId, services.now);
      return jsonResponse(200, {
        eventId: undone.undoEvent.eventId,
        undoneEventId: eventId,
        restoredObjectId: undone.restoredObjectId,
        errorIds: undone.errorIds,
      } satisfies UndoResult);
    },
  }),
);
