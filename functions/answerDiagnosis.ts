import { app } from '@azure/functions';
import { answerDiagnosis } from '../shared/diagnosis/diagnosisUseCases';
import { actionContext } from '../shared/http/actionContext';
import { operationRoute } from '../shared/http/operationRoute';
import { jsonResponse } from '../shared/http/problem';

app.http(
  'answerDiagnosis',
  operationRoute('answerDiagnosis', async ({ params, body, services, principal }) => {
    const { questionId, answer } = body;
    const ctx = actionContext(services, principal);
    return jsonResponse(200, await answerDiagnosis(ctx, params.id, questionId, answer));
  }),
);
