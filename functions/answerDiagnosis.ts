import { app } from '@azure/functions';
import { z } from 'zod';
import { answerDiagnosis } from '../shared/diagnosis/diagnosisUseCases';
import { actorOf } from '../shared/http/actor';
import { readJsonBody } from '../shared/http/body';
import { jsonResponse } from '../shared/http/problem';
import { httpRoute } from '../shared/http/route';

const body = z.strictObject({
  questionId: z.enum(['userExistsOnPremises', 'sameUser']),
  answer: z.enum(['yes', 'no']),
});

app.http(
  'answerDiagnosis',
  httpRoute({
    route: 'sync-errors/{id}/diagnosis/answers',
    methods: ['POST'],
    access: 'admin',
    handler: async ({ request, services, principal }) => {
      const { questionId, answer } = await readJsonBody(request, body);
      const ctx = {
        table: services.data,
        tenantId: principal.tenantId,
        actor: actorOf(principal),
        now: services.now(),
      };
      return jsonResponse(200, await answerDiagnosis(ctx, request.params.id ?? '', questionId, answer));
    },
  }),
);
