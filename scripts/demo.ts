import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import {
  checkHealth,
  DemoError,
  getDevToken,
  loadDemo,
  type DemoCloudObject,
  type DemoResult,
  type DemoSyncError,
  DEMO_ORPHANED,
} from './lib/demoScenarios';
import { parseCommandLine, resolveServiceUrl, SERVICE_URL_USAGE, UsageError } from './lib/serviceUrl';

export const USAGE = `Usage: npm run demo -- [--url <service root>] [--tenant <guid>]
Loads the seed's common and orphaned scenarios into a tenant of the running service
(npm start), runs a sync cycle (printing its progress: queued, running, done) and
prints what it found.
${SERVICE_URL_USAGE}
  --tenant  the tenant id to load into (default: a new random one); loading a tenant
            again puts both scenarios back as they were loaded
  --help    prints this`;

const tenantSchema = z
  .guid({ error: '--tenant must be a tenant GUID' })
  .optional()
  .transform((t) => (t ?? randomUUID()).toLowerCase());

export interface DemoArgs {
  /** The service root, from --url, else PORT, else http://localhost:7071. */
  url: string;
  tenant: string;
  help: boolean;
}

/** Parses the command line (and PORT); every mistake is a DemoError with a one-line message. */
export function parseDemoArgs(argv: readonly string[], env: NodeJS.ProcessEnv = process.env): DemoArgs {
  try {
    const { values } = parseCommandLine('npm run demo', argv, {
      url: { type: 'string' },
      tenant: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    });
    if (values.help) return { url: '', tenant: '', help: true };
    const tenant = tenantSchema.safeParse(values.tenant);
    if (!tenant.success) throw new UsageError(tenant.error.issues.map((i) => i.message).join('; '));
    return { url: resolveServiceUrl(values.url, env).url, tenant: tenant.data, help: false };
  } catch (error) {
    if (error instanceof UsageError) throw new DemoError(error.message);
    throw error;
  }
}

/** Runs the demo against the service and writes its report line by line, after the cycle's progress. */
export async function runDemo(
  args: Pick<DemoArgs, 'url' | 'tenant'>,
  print: (line: string) => void,
  fetchImpl: typeof fetch = fetch,
): Promise<DemoResult> {
  await checkHealth(args.url, fetchImpl);
  const { accessToken, expiresIn } = await getDevToken(
    args.url,
    args.tenant,
    'GlobalAdministrator',
    fetchImpl,
  );
  const result = await loadDemo(args.url, args.tenant, accessToken, fetchImpl, print);
  for (const line of report(args.url, accessToken, expiresIn, result)) print(line);
  return result;
}

/** The demo's report: the cycle summary, the errors (or the cloud objects) and curl lines to go on. */
export function report(
  baseUrl: string,
  token: string,
  expiresIn: number | undefined,
  result: DemoResult,
): string[] {
  const s = result.summary;
  const lines = [
    `Tenant ${result.tenantId} at ${baseUrl}: loaded the seed's common and orphaned scenarios.`,
    '',
    `Sync cycle ${s.cycleId} (${s.trigger}), ${s.startedAt} to ${s.finishedAt}`,
    `  objects read ${s.objectsRead}, provisioned ${s.provisioned}, updated ${s.updated}, ` +
      `soft-deleted ${s.softDeleted}, purged ${s.purged}`,
    `  errors created ${s.errorsCreated}, resolved ${s.errorsResolved}, reset ${s.errorsReset}`,
    s.deletionThresholdExceeded
      ? `  deletion threshold exceeded: ${s.deletionsHeldBack} deletions held back`
      : '  deletion threshold held',
    '',
  ];
  if (result.syncErrors === null) {
    lines.push(
      'GET /api/sync-errors is not served by this build (404); the cloud objects after the cycle:',
      ...result.cloudObjects.flatMap(cloudObjectLines),
    );
  } else {
    lines.push(`Open sync errors (${result.syncErrors.length}):`, ...result.syncErrors.flatMap(errorLines));
  }
  const validity = expiresIn === undefined ? '' : ` (valid for ${Math.round(expiresIn / 60)} minutes)`;
  lines.push(
    '',
    `Try it with this tenant's Global Administrator token${validity}:`,
    `curl -H "Authorization: Bearer ${token}" ${baseUrl}/api/sync-errors`,
  );
  const orphaned = result.syncErrors?.find(
    (e) =>
      e.attribute === 'UserPrincipalName' &&
      e.existingObject?.objectId === DEMO_ORPHANED.existingCloud.objectId,
  );
  if (orphaned) {
    lines.push(
      "Or keep it in a variable and walk the orphaned scenario's diagnosis (see README.md):",
      `TOKEN=${token}`,
      `curl -H "Authorization: Bearer $TOKEN" ${baseUrl}/api/sync-errors/${orphaned.id}/diagnosis`,
    );
  }
  return lines;
}

function describeSide(side: DemoSyncError['existingObject']): string {
  if (!side) return '(unknown)';
  const name = side.displayName ?? '(no display name)';
  const upn = side.userPrincipalName ? ` <${side.userPrincipalName}>` : '';
  const id = side.objectId ? `objectId ${side.objectId}` : 'not provisioned';
  const anchor = side.sourceAnchor ? `, anchor ${side.sourceAnchor}` : ', no anchor';
  return `${name}${upn}, ${id}${anchor}${side.softDeleted ? ', soft-deleted' : ''}`;
}

function errorLines(error: DemoSyncError): string[] {
  return [
    `- ${error.attribute} "${error.value}": ${error.errorType}, ${error.diagnoseStatus}`,
    `    existing:    ${describeSide(error.existingObject)}`,
    `    conflicting: ${describeSide(error.conflictingObject)}`,
    `    id ${error.id}`,
  ];
}

function cloudObjectLines(cloud: DemoCloudObject): string[] {
  return [
    `- ${cloud.displayName ?? '(no display name)'} <${cloud.userPrincipalName ?? ''}> objectId ${cloud.objectId}`,
    `    anchor ${cloud.sourceAnchor ?? '(none: cloud-only)'}; proxyAddresses ${cloud.proxyAddresses.join(', ') || '(none)'}`,
  ];
}

async function main(): Promise<void> {
  const args = parseDemoArgs(process.argv.slice(2));
  if (args.help) {
    console.log(USAGE);
    return;
  }
  await runDemo(args, (line) => console.log(line));
}

if (require.main === module) {
  main().catch((error: unknown) => {
    const message = error instanceof Error ? error.message : String(error);
    console.error(`demo: ${message}`);
    process.exit(1);
  });
}
