import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import { runAgent, type AgentResult } from '../agent/run';
import { parseMeasuringCommandLine, withMeasuredService } from './lib/measuredService';
import { startSambaDomain } from './lib/sambaDomain';
import { bulkCreateUsers, createOu, modifyObject, withAdminClient } from './lib/sambaSeed';
import { UsageError } from './lib/serviceUrl';

const argsSchema = z.object({
  users: z.coerce.number().int().min(100).max(100_000).default(5_000),
  modify: z.coerce.number().int().min(1).default(500),
});

const USAGE = `Usage: npm run bench:agent -- [--users N] [--modify M] [--help]
Measures the on-premises agent: starts a Samba AD domain controller (127.0.0.1:389, so none may be
running), an in-memory Azurite and the built service, seeds N users (default 5,000), then prints the
objects a second of a full run, and of a delta run after modifying M of them (default 500).
Progress goes to stderr, the figures to stdout.`;

const PASSWORD_ENV = 'AGENT_BENCH_BIND_PASSWORD';

/** `npm run bench:agent`: see USAGE. */
async function main(): Promise<void> {
  const args = parseMeasuringCommandLine(
    'npm run bench:agent',
    'the agent benchmark',
    { users: { type: 'string' }, modify: { type: 'string' } },
    argsSchema,
    USAGE,
  );
  if (args === null) return;
  if (args.modify > args.users) throw new UsageError('--modify must not exceed --users');
  const progress = (line: string): void => void process.stderr.write(`${line}\n`);
  const domain = await startSambaDomain();
  const stateDir = mkdtempSync(path.join(tmpdir(), 'agent-bench-'));
  try {
    progress(`Samba AD DC (pid ${domain.pid}) on ${domain.url}`);
    const ou = await withAdminClient(domain, (client) => createOu(client, domain.baseDn, 'Bench'));
    const seededAt = Date.now();
    const dns = await bulkCreateUsers(domain, ou, args.users);
    progress(`seeded ${args.users} users in ${((Date.now() - seededAt) / 1000).toFixed(1)} s`);
    await withMeasuredService(
      { name: 'agent-bench', tablePrefix: 'agentbench', progress },
      async ({ service }) => {
        const tenantId = randomUUID();
        const run = (dryRun = false): Promise<AgentResult> =>
          runAgent(
            {
              ldapUrl: domain.url,
              bindDn: domain.adminDn,
              passwordEnv: PASSWORD_ENV,
              baseDns: [ou],
              caFile: null,
              startTls: false,
              sourceAnchor: 'mS-DS-ConsistencyGuid',
              stateFile: path.join(stateDir, 'state.json'),
              full: false,
              dryRun,
              serviceUrl: service.url,
              token: { mode: 'dev', tenantId },
            },
            {
              stdout: (line) => (dryRun ? undefined : progress(line)),
              stderr: progress,
              env: { [PASSWORD_ENV]: domain.adminPassword },
            },
          );
        const full = await run();
        await withAdminClient(domain, async (client) => {
          for (const dn of dns.slice(0, args.modify))
            await modifyObject(client, dn, { displayName: `Changed ${dn}` });
        });
        // The same delta without sending: what reading AD costs, apart from the service's writes.
        const dry = await run(true);
        const delta = await run();
        const line = (name: string, r: AgentResult): string =>
          `${name.padEnd(28)} ${String(r.sent).padStart(6)} objects  ${(r.elapsedMs / 1000).toFixed(2).padStart(7)} s  ` +
          `${Math.round((r.sent * 1000) / r.elapsedMs)
            .toString()
            .padStart(6)} objects/s` +
          (r.exitCode === 0 ? '' : `  (${r.notDelivered.length} not delivered)`);
        console.log(
          `Agent throughput against Samba ${domain.realm}, ${args.users} users (Node ${process.version})`,
        );
        console.log(line(`full run`, full));
        console.log(line(`delta run (${args.modify} modified)`, delta));
        console.log(line(`  of which reading (dry run)`, dry));
      },
    );
  } finally {
    await domain.stop();
    rmSync(stateDir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(`bench:agent: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(error instanceof UsageError ? 2 : 1);
});
