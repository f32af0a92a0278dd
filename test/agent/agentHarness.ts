import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  startSambaDomain,
  type SambaDomain,
  type StartSambaDomainOptions,
} from '../../scripts/lib/sambaDomain';
import type { AgentOptions } from '../../agent/options';
import { runAgent, type AgentResult } from '../../agent/run';
import { call, type TestService } from '../support/service';
import { runCycle } from '../support/syncCycles';

/** The environment variable the tests hand the bind password through, as an admin would. */
export const PASSWORD_ENV = 'AGENT_TEST_BIND_PASSWORD';

/**
 * Starts a Samba domain, waiting (up to `waitMs`) while another one holds port 389: on a shared
 * machine another developer's run may hold it; under `npm test` suites run one at a time.
 */
export async function startDomainWhenFree(
  options: StartSambaDomainOptions = {},
  waitMs = 240_000,
): Promise<SambaDomain> {
  const deadline = Date.now() + waitMs;
  for (;;) {
    try {
      return await startSambaDomain(options);
    } catch (error) {
      const busy = /already in use|already running/.test((error as Error).message);
      if (!busy || Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 2_000));
    }
  }
}

export interface AgentRun {
  result: AgentResult;
  stdout: string[];
  stderr: string[];
}

export function stateFileIn(name: string): string {
  return path.join(mkdtempSync(path.join(tmpdir(), 'agent-run-')), name);
}

export function agentOptions(
  domain: SambaDomain,
  service: TestService,
  tenantId: string,
  overrides: Partial<AgentOptions> & { stateFile: string },
): AgentOptions {
  return {
    ldapUrl: domain.url,
    bindDn: domain.adminDn,
    passwordEnv: PASSWORD_ENV,
    baseDns: [domain.baseDn],
    caFile: null,
    startTls: false,
    sourceAnchor: 'mS-DS-ConsistencyGuid',
    full: false,
    dryRun: false,
    serviceUrl: service.url,
    token: { mode: 'dev', tenantId },
    ...overrides,
  };
}

/** Runs the agent in-process, the password in the environment it is given, short retry waits. */
export async function runIn(options: AgentOptions, password: string): Promise<AgentRun> {
  const stdout: string[] = [];
  const stderr: string[] = [];
  const result = await runAgent(options, {
    stdout: (line) => stdout.push(line),
    stderr: (line) => stderr.push(line),
    env: { [PASSWORD_ENV]: password },
    retry: { policy: { maxAttempts: 5, baseDelayMs: 50, maxDelayMs: 500, maxTotalWaitMs: 10_000 } },
  });
  return { result, stdout, stderr };
}

export interface SourceView {
  sourceAnchor: string;
  distinguishedName: string | null;
  objectType: string;
  userPrincipalName: string | null;
  displayName: string | null;
  mailNickname: string | null;
  proxyAddresses: string[];
  sipProxyAddress: string | null;
  onPremisesSecurityIdentifier: string | null;
  deleted: boolean;
}

/** Every source object the tenant holds, read page by page as the SyncAgent. */
export async function sourceObjects(service: TestService, tenantId: string): Promise<SourceView[]> {
  const token = await service.token(tenantId, 'SyncAgent');
  const all: SourceView[] = [];
  let continuation: string | null = null;
  do {
    const query: string =
      continuation === null ? '' : `&continuationToken=${encodeURIComponent(continuation)}`;
    const page = await call(`${service.url}/api/source-objects?top=999${query}`, 'GET', { token });
    if (page.status !== 200) throw new Error(`GET /api/source-objects: ${page.status} ${page.text}`);
    const body = page.json as { value: SourceView[]; continuationToken: string | null };
    all.push(...body.value);
    continuation = body.continuationToken;
  } while (continuation !== null);
  return all;
}

export const byDn = (objects: SourceView[], dn: string): SourceView | undefined =>
  objects.find((o) => o.distinguishedName?.toLowerCase() === dn.toLowerCase());

/** Runs a sync cycle for the tenant and waits (with a deadline) until it has finished. */
export async function runSyncCycle(service: TestService, tenantId: string): Promise<void> {
  await runCycle(service, await service.token(tenantId, 'GlobalAdministrator'), { deadlineMs: 60_000 });
}

export interface SyncErrorView {
  errorType: string;
  attribute: string;
  value: string;
  existingObject: { sourceAnchor: string | null } | null;
  conflictingObject: { sourceAnchor: string | null } | null;
}

export async function openSyncErrors(service: TestService, tenantId: string): Promise<SyncErrorView[]> {
  const token = await service.token(tenantId, 'GlobalAdministrator');
  const list = await call(`${service.url}/api/sync-errors?top=999`, 'GET', { token });
  if (list.status !== 200) throw new Error(`GET /api/sync-errors: ${list.status} ${list.text}`);
  return (list.json as { value: SyncErrorView[] }).value;
}
