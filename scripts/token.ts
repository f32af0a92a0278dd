import path from 'node:path';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { signDevToken } from '../shared/auth/devKeys';
import { ROLES } from '../shared/auth/principal';
import { loadOrCreateDevKey } from '../shared/auth/devKeys';
import { applyLocalSettings } from './lib/localSettings';

const ROOT = path.resolve(__dirname, '..', '..');

const argsSchema = z.object({
  tenant: z.guid({ error: '--tenant must be a tenant GUID' }).transform((t) => t.toLowerCase()),
  role: z.enum([...ROLES, 'None'], { error: `--role must be one of ${[...ROLES, 'None'].join(', ')}` }),
  name: z.string().min(1).max(256).optional(),
  oid: z.string().min(1).max(128).optional(),
});

/** `npm run token -- --tenant <guid> --role <role>`: prints a dev token, and nothing else, on stdout. */
async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      tenant: { type: 'string' },
      role: { type: 'string' },
      name: { type: 'string' },
      oid: { type: 'string' },
    },
  });
  const parsed = argsSchema.safeParse(values);
  if (!parsed.success) throw new Error(parsed.error.issues.map((i) => i.message).join('; '));
  applyLocalSettings(ROOT);
  if (process.env.AUTH_MODE !== 'dev') throw new Error('Tokens are only minted in AUTH_MODE=dev');
  const key = await loadOrCreateDevKey(path.resolve(ROOT, process.env.DEV_KEY_DIR ?? '.dev-keys'));
  const token = await signDevToken(key, {
    tenantId: parsed.data.tenant,
    role: parsed.data.role,
    audience: process.env.AUTH_AUDIENCE ?? 'api://entra-sync-remediation',
    ...(parsed.data.name ? { name: parsed.data.name } : {}),
    ...(parsed.data.oid ? { oid: parsed.data.oid } : {}),
  });
  process.stdout.write(`${token}\n`);
}

main().catch((error: unknown) => {
  console.error(`token: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(2);
});
