import { app } from '@azure/functions';
import { answerDiagnosis } from '../shared/diagnosis/diagnosisUseCases';
import { actionContext } from '../shared/http/actor';
import { API_CONTRACT } from '../shared/http/apiContract';
import { readJsonBody } from '../shared/http/body';
import { jsonResponse } from '../shared/http/problem';
import { httpRoute } from '../shared/http/route';

app.http(
  'answerDiagnosis',
  httpRoute({
    route: 'sync-errors/{id}/diagnosis/answers',
    methods: ['POST'],
    access: 'admin',
    handler: async ({ request, services, principal }) => {
      const { questionId, answer } = await readJsonBody(request, API_CONTRACT.answerDiagnosis.body.schema);
      const ctx = actionContext(services, principal);
      return jsonResponse(200, await answerDiagnosis(ctx, request.params.id ?? '', questionId, answer));
    },
  }),
);
