import { app } from '@azure/functions';
import { applyFix } from '../shared/diagnosis/applyFix';
import { actionContext } from '../shared/http/actor';
import type { ApplyFixResult } from '../shared/http/contract/responses';
import { jsonResponse } from '../shared/http/problem';
import { httpRoute } from '../shared/http/route';

app.http(
  'applyFix',
  httpRoute({
    route: 'sync-errors/{id}/apply-fix',
    methods: ['POST'],
    access: 'admin',
    bodyless: true,
    handler: async ({ request, services, principal }) => {
      const ctx = actionContext(services, principal);
      const fixed = await applyFix(ctx, request.params.id ?? '', services.now);
      return jsonResponse(200, {
        id: fixed.error.id,
        diagnoseStatus: fixed.error.diagnoseStatus,
        pendingSyncErrorIds: fixed.errorIds,
        auditEventId: fixed.auditEventId,
        existingObjectId: fixed.existingObjectId,
        deletedObjectId: fixed.deletedObjectId,
      } satisfies ApplyFixResult);
    },
  }),
);
