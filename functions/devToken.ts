import { app } from '@azure/functions';
import { signDevToken } from '../shared/auth/devKeys';
import { registrationConfig } from '../shared/config';
import type { DevTokenResult } from '../shared/contract/responses';
import { operationRoute } from '../shared/http/operationRoute';
import { jsonResponse } from '../shared/http/problem';

// Registered only in dev mode: in entra mode the route does not exist at all (404), not merely refused.
if (registrationConfig(process.env).devMode) {
  app.http(
    'devToken',
    operationRoute('devToken', async ({ body, services }) => {
      const { config, devKey } = await services();
      if (!devKey) throw new Error('dev key missing in dev mode');
      const token = await signDevToken(devKey, { ...body, audience: config.AUTH_AUDIENCE });
      return jsonResponse(200, {
        accessToken: token,
        tokenType: 'Bearer',
        expiresIn: 3600,
      } satisfies DevTokenResult);
    }),
  );
}
