import { app } from '@azure/functions';
import { signDevToken } from '../shared/auth/devKeys';
import { API_CONTRACT } from '../shared/http/apiContract';
import { readJsonBody } from '../shared/http/body';
import type { DevTokenResult } from '../shared/http/contract/responses';
import { jsonResponse } from '../shared/http/problem';
import { httpRoute } from '../shared/http/route';

// Registered only in dev mode: in entra mode the route does not exist at all (404), not merely refused.
if (process.env.AUTH_MODE === 'dev') {
  app.http(
    'devToken',
    httpRoute({
      route: 'dev/token',
      methods: ['POST'],
      access: 'anonymous',
      handler: async ({ request, services }) => {
        const body = await readJsonBody(request, API_CONTRACT.devToken.body.schema);
        const { config, devKey } = await services();
        if (!devKey) throw new Error('dev key missing in dev mode');
        const token = await signDevToken(devKey, { ...body, audience: config.AUTH_AUDIENCE });
        return jsonResponse(200, {
          accessToken: token,
          tokenType: 'Bearer',
          expiresIn: 3600,
        } satisfies DevTokenResult);
      },
    }),
  );
}
