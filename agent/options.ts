import path from 'node:path';
import { z } from 'zod';
import { parseCommandLine, resolveServiceUrl, UsageError } from '../scripts/lib/serviceUrl';
import { SOURCE_ANCHOR_MODES, type SourceAnchorMode } from './mapping';

export const DEFAULT_STATE_FILE = '.agent-state.json';

export const USAGE = `Usage: npm run -s agent -- --ldap-url <url> --bind-dn <dn> --password-env <NAME>
         --base-dn <dn> [--base-dn <dn> ...] (--dev-tenant <guid> | --scope <scope>) [options]
Reads users, contacts and groups from Active Directory over LDAP and sends them to the service
(PUT/DELETE /api/source-objects, role SyncAgent). The first run reads everything; later runs read
only what changed since (uSNChanged), deletes included.
  --ldap-url URL        ldaps://dc1.contoso.com or ldap://dc1.contoso.com (then add --starttls)
  --bind-dn DN          the account that reads, e.g. CN=svc-agent,OU=Service,DC=contoso,DC=com
  --password-env NAME   the environment variable that holds its password (never the password itself)
  --base-dn DN          a subtree to read (repeatable: OU filtering); objects elsewhere are never touched
  --ca-file PATH        the CA certificate (PEM) that signed the DC's certificate
  --starttls            upgrade ldap:// to TLS before binding
  --source-anchor A     mS-DS-ConsistencyGuid (default: it when set, else objectGUID) or objectGUID
  --state-file PATH     where the run remembers the directory's USN (default ${DEFAULT_STATE_FILE}
                        in the working folder); without it the run reads everything
  --full                read everything even with a state file; a full run also deletes from the
                        service the objects under the base DNs that AD no longer has
  --dry-run             print on stdout, as JSON lines, what would be sent; send nothing, save nothing
  --url URL             the service root (default http://localhost:7071, or http://localhost:$PORT)
  --dev-tenant GUID     AUTH_MODE=dev: take a SyncAgent dev token for this tenant from the service
  --scope SCOPE         AUTH_MODE=entra: a client credential token for SCOPE (e.g. api://<app>/.default)
                        from AZURE_TENANT_ID, AZURE_CLIENT_ID and AZURE_CLIENT_SECRET or
                        AZURE_CLIENT_CERTIFICATE_PATH
  --help                prints this
Exit codes: 0 everything delivered; 1 some objects or deletes not delivered (each reported on
stderr); 2 a mistake on the command line; 3 the run stopped (directory or service unreachable,
a refused bind or token), nothing more sent.`;

export type TokenOptions = { mode: 'dev'; tenantId: string } | { mode: 'entra'; scope: string };

export interface AgentOptions {
  ldapUrl: string;
  bindDn: string;
  passwordEnv: string;
  baseDns: string[];
  caFile: string | null;
  startTls: boolean;
  sourceAnchor: SourceAnchorMode;
  stateFile: string;
  full: boolean;
  dryRun: boolean;
  serviceUrl: string;
  token: TokenOptions;
}

export type ParsedCommandLine = { help: true } | { help: false; options: AgentOptions };

const dn = (flag: string) =>
  z
    .string({ error: `${flag} is required` })
    .trim()
    .min(1, `${flag} must not be empty`)
    .refine((v) => /^[^=,]+=[^,]*/.test(v), `${flag} must be a distinguished name such as DC=contoso,DC=com`);

const schema = z
  .object({
    'ldap-url': z
      .string({ error: '--ldap-url is required' })
      .refine((v) => /^ldaps?:\/\/[^/?#\s]+\/?$/i.test(v) && URL.canParse(v), {
        message: '--ldap-url must be ldap://host[:port] or ldaps://host[:port], nothing after the host',
      })
      .transform((v) => v.replace(/\/$/, '')),
    'bind-dn': dn('--bind-dn'),
    'password-env': z
      .string({ error: '--password-env is required: the name of the variable that holds the password' })
      .regex(
        /^[A-Za-z_][A-Za-z0-9_]*$/,
        '--password-env is the name of an environment variable, not a password',
      ),
    'base-dn': z
      .array(dn('--base-dn'), { error: 'at least one --base-dn is required' })
      .min(1, 'at least one --base-dn is required'),
    'ca-file': z.string().min(1).optional(),
    starttls: z.boolean().default(false),
    'source-anchor': z
      .enum(SOURCE_ANCHOR_MODES, { error: `--source-anchor must be ${SOURCE_ANCHOR_MODES.join(' or ')}` })
      .default('mS-DS-ConsistencyGuid'),
    'state-file': z.string().min(1, '--state-file must not be empty').default(DEFAULT_STATE_FILE),
    full: z.boolean().default(false),
    'dry-run': z.boolean().default(false),
    'dev-tenant': z.guid({ error: '--dev-tenant must be a tenant GUID' }).optional(),
    scope: z.string().trim().min(1, '--scope must not be empty').optional(),
  })
  .superRefine((v, ctx) => {
    const secure = v['ldap-url'].toLowerCase().startsWith('ldaps://');
    if (secure && v.starttls) {
      ctx.addIssue({ code: 'custom', message: '--starttls is for ldap://; ldaps:// is TLS from the start' });
    }
    if (v['ca-file'] !== undefined && !secure && !v.starttls) {
      ctx.addIssue({ code: 'custom', message: '--ca-file needs ldaps:// or --starttls' });
    }
    if ((v['dev-tenant'] === undefined) === (v.scope === undefined)) {
      ctx.addIssue({
        code: 'custom',
        message: 'give either --dev-tenant <guid> (AUTH_MODE=dev) or --scope <scope> (AUTH_MODE=entra)',
      });
    }
  });

/**
 * Parses the agent's command line. Every mistake is a UsageError with a one-line message; the
 * password's variable must be set, but its value is read only when binding.
 */
export function parseAgentArgs(
  argv: readonly string[],
  env: NodeJS.ProcessEnv = process.env,
  cwd: string = process.cwd(),
): ParsedCommandLine {
  const { values } = parseCommandLine('npm run agent', argv, {
    'ldap-url': { type: 'string' },
    'bind-dn': { type: 'string' },
    'password-env': { type: 'string' },
    'base-dn': { type: 'string', multiple: true },
    'ca-file': { type: 'string' },
    starttls: { type: 'boolean' },
    'source-anchor': { type: 'string' },
    'state-file': { type: 'string' },
    full: { type: 'boolean' },
    'dry-run': { type: 'boolean' },
    url: { type: 'string' },
    'dev-tenant': { type: 'string' },
    scope: { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  });
  if (values.help) return { help: true };
  const parsed = schema.safeParse(values);
  if (!parsed.success) throw new UsageError(parsed.error.issues.map((i) => i.message).join('; '));
  const v = parsed.data;
  if (!env[v['password-env']]) {
    throw new UsageError(
      `the environment variable ${v['password-env']} (--password-env) is not set or empty`,
    );
  }
  const devTenant = v['dev-tenant'];
  return {
    help: false,
    options: {
      ldapUrl: v['ldap-url'],
      bindDn: v['bind-dn'],
      passwordEnv: v['password-env'],
      baseDns: v['base-dn'],
      caFile: v['ca-file'] === undefined ? null : path.resolve(cwd, v['ca-file']),
      startTls: v.starttls,
      sourceAnchor: v['source-anchor'],
      stateFile: path.resolve(cwd, v['state-file']),
      full: v.full,
      dryRun: v['dry-run'],
      serviceUrl: resolveServiceUrl(values.url, env).url,
      token:
        devTenant !== undefined
          ? { mode: 'dev', tenantId: devTenant.toLowerCase() }
          : { mode: 'entra', scope: v.scope ?? '' },
    },
  };
}
