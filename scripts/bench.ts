import { availableParallelism } from 'node:os';
import { z } from 'zod';
import { formatReport } from './lib/benchReport';
import { runBenchmark } from './lib/benchRun';
import { DEFAULT_SEED } from './lib/benchTenant';
import { parseMeasuringCommandLine, withMeasuredService } from './lib/measuredService';
import { UsageError } from './lib/serviceUrl';

const argsSchema = z.object({
  objects: z.coerce.number().int().min(100).max(2_000_000).default(100_000),
  seed: z.coerce.number().int().min(0).default(DEFAULT_SEED),
  json: z.boolean().default(false),
  connections: z.coerce.number().int().min(1).max(1000).default(50),
  duration: z.coerce.number().int().min(1).max(600).default(20),
  'apply-fixes': z.coerce.number().int().min(1).max(10_000).default(100),
  'floor-sample': z.coerce.number().int().min(100).optional(),
  'cpu-prof': z.string().min(1).optional(),
});

const USAGE = `Usage: npm run bench -- [--objects N] [--json] [--seed S] [--connections C] [--duration SECONDS]
                    [--apply-fixes K] [--floor-sample N] [--cpu-prof DIR] [--help]
Starts its own Azurite (in memory) and the built service in a child process, loads a synthetic tenant
of N objects (default 100,000) over HTTP and measures three sync cycles, the error list under load and
apply-fix. Progress goes to stderr; the report (a table, or one JSON object with --json) to stdout.
--cpu-prof DIR writes a V8 CPU profile of the service process to DIR.
It measures a service of its own, on free ports, not the one npm start runs: it takes no --url, and
PORT does not move it (cycles run inside the service process, to read metrics no route answers).
Azurite looks an entity up by scanning its partition, and one tenant is one partition: its time per
operation grows with the tenant, so a run takes minutes at 5,000 objects, about 35 at 20,000, and hours
at 100,000.`;

/** `npm run bench`: see USAGE. */
async function main(): Promise<void> {
  const args = parseMeasuringCommandLine(
    'npm run bench',
    'the benchmark',
    {
      objects: { type: 'string' },
      seed: { type: 'string' },
      json: { type: 'boolean' },
      connections: { type: 'string' },
      duration: { type: 'string' },
      'apply-fixes': { type: 'string' },
      'floor-sample': { type: 'string' },
    },
    argsSchema,
    USAGE,
  );
  if (args === null) return;
  const progress = (line: string): void => {
    process.stderr.write(`${line}\n`);
  };
  const env = {
    // The benchmark is one tenant at full speed: the per-tenant limits would answer 429s.
    RATE_LIMIT_PER_MINUTE: '100000000',
    CONCURRENT_REQUESTS_PER_TENANT: '1000',
    CONCURRENT_HEAVY_REQUESTS_PER_TENANT: '1000',
    // The cycle's lease is renewed by a heartbeat; a long one keeps it without a long lease.
    SYNC_LEASE_SECONDS: '3600',
  };
  await withMeasuredService(
    { name: 'bench', tablePrefix: 'bench', env, cpuProf: args['cpu-prof'], progress },
    async ({ service, connectionString, token }) => {
      const { report, details } = await runBenchmark({
        target: {
          url: service.url,
          token: (tenantId) => token(tenantId, 6 * 3600),
          runCycle: (tenantId) => service.runCycle(tenantId),
        },
        objects: args.objects,
        seed: args.seed,
        storageConnectionString: connectionString,
        ...(args['floor-sample'] ? { floorSample: args['floor-sample'] } : {}),
        list: { connections: args.connections, durationSec: args.duration },
        applyFixCount: args['apply-fixes'],
        progress,
      });
      if (args.json) process.stdout.write(`${JSON.stringify(report)}\n`);
      else
        process.stdout.write(
          formatReport(report, details, { cpus: availableParallelism(), node: process.version }),
        );
    },
  );
}

main().catch((error: unknown) => {
  const message = error instanceof Error ? error.message : String(error);
  if (error instanceof UsageError) console.error(`bench: ${message}`);
  else console.error(`npm run bench failed: ${message}`);
  process.exit(error instanceof UsageError ? 2 : 1);
});
