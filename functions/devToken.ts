import { app } from '@azure/functions';
import { z } from 'zod';
import { ROLES } from '../shared/auth/principal';
import { signDevToken } from '../shared/auth/devKeys';
import { readJsonBody } from '../shared/http/body';
import { jsonResponse } from '../shared/http/problem';
import { httpRoute } from '../shared/http/route';

const bodySchema = z.strictObject({
  tenantId: z.guid().transform((t) => t.toLowerCase()),
  role: z.enum([...ROLES, 'None']),
  name: z.string().min(1).max(256).optional(),
});

// Registered only in dev mode: in entra mode the route does not exist at all (404), not merely refused.
if (process.env.AUTH_MODE === 'dev') {
  app.http(
    'devToken',
    httpRoute({
      route: 'dev/token',
      methods: ['POST'],
      access: 'anonymous',
      handler: async ({ request, services }) => {
        const body = await readJsonBody(request, bodySchema);
        const { config, devKey } = await services();
        if (!devKey) throw new Error('dev key missing in dev mode');
        const token = await signDevToken(devKey, { ...body, audience: config.AUTH_AUDIENCE });
        return jsonResponse(200, { accessToken: token, tokenType: 'Bearer', expiresIn: 3600 });
      },
    }),
  );
}
