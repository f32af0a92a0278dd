import path from 'node:path';
import { z } from 'zod';
import { loadOrCreateDevKey, signDevToken } from '../shared/auth/devKeys';
import { ROLES } from '../shared/auth/principal';
import { DemoError, getDevToken } from './lib/demoScenarios';
import { applyLocalSettings } from './lib/localSettings';
import { describeSource, parseCommandLine, resolveServiceUrl, UsageError } from './lib/serviceUrl';

const ROOT = path.resolve(__dirname, '..', '..');
const ROLE_NAMES = [...ROLES, 'None'] as const;

const USAGE = `Usage: npm run -s token -- --tenant <guid> --role <role> [--name <text>] [--oid <id>] [--url <service root>]
Prints a dev token (AUTH_MODE=dev), valid one hour, and nothing else on stdout.
  --tenant  the tenant id (tid) the token is for
  --role    ${ROLE_NAMES.join(', ')} (None: a valid token without a role)
  --name    the name claim (default "Dev <role>")
  --oid     the oid claim (default 00000000-0000-4000-8000-000000000001); signed locally only
  --url     get the token from that running service (POST /api/dev/token), signed with the key
            and audience it uses; without --url, PORT does the same with http://localhost:$PORT.
            With neither, the token is signed here with this checkout's key (DEV_KEY_DIR) and
            AUTH_AUDIENCE from local.settings.json: no service needed
  --help    prints this
Keep -s: without it npm prints its banner on stdout too.`;

const argsSchema = z.object({
  tenant: z.guid({ error: '--tenant must be a tenant GUID' }).transform((t) => t.toLowerCase()),
  role: z.enum(ROLE_NAMES, { error: `--role must be one of ${ROLE_NAMES.join(', ')}` }),
  name: z.string().min(1).max(256).optional(),
  oid: z.string().min(1).max(128).optional(),
});

/** `npm run -s token -- --tenant <guid> --role <role>`: see USAGE. */
async function main(): Promise<void> {
  const { values } = parseCommandLine('npm run token', process.argv.slice(2), {
    tenant: { type: 'string' },
    role: { type: 'string' },
    name: { type: 'string' },
    oid: { type: 'string' },
    url: { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  });
  if (values.help) {
    console.log(USAGE);
    return;
  }
  const parsed = argsSchema.safeParse(values);
  if (!parsed.success) throw new UsageError(parsed.error.issues.map((i) => i.message).join('; '));
  const args = parsed.data;
  const target = resolveServiceUrl(values.url);
  if (target.source !== 'default') {
    if (args.oid !== undefined) {
      throw new UsageError(
        `--oid is for a locally signed token: POST /api/dev/token does not take it (the service is ` +
          `${target.url}, from ${describeSource(target)}); leave out --url and PORT to sign it here`,
      );
    }
    const answer = await getDevToken(target.url, args.tenant, args.role, fetch, args.name).catch(
      (error: unknown) => {
        if (!(error instanceof DemoError)) throw error;
        throw new DemoError(
          `${error.message} (the service is from ${describeSource(target)}; ` +
            `leave out --url and PORT to sign the token here without a service)`,
        );
      },
    );
    process.stdout.write(`${answer.accessToken}\n`);
    return;
  }
  applyLocalSettings(ROOT);
  if (process.env.AUTH_MODE !== 'dev') throw new UsageError('Tokens are only minted in AUTH_MODE=dev');
  const key = await loadOrCreateDevKey(path.resolve(ROOT, process.env.DEV_KEY_DIR ?? '.dev-keys'));
  const token = await signDevToken(key, {
    tenantId: args.tenant,
    role: args.role,
    audience: process.env.AUTH_AUDIENCE ?? 'api://entra-sync-remediation',
    ...(args.name ? { name: args.name } : {}),
    ...(args.oid ? { oid: args.oid } : {}),
  });
  process.stdout.write(`${token}\n`);
}

main().catch((error: unknown) => {
  const message = error instanceof Error ? error.message : String(error);
  console.error(`token: ${message}`);
  process.exit(2);
});
