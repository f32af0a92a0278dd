import { availableParallelism } from 'node:os';
import { z } from 'zod';
import { formatFanout, runFanout } from './lib/benchFanout';
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
  'heap-mb': z.coerce.number().int().min(128).max(16_384).default(448),
  'fanout-tenants': z.coerce.number().int().min(0).max(1000).default(20),
  'fanout-objects': z.coerce.number().int().min(1).max(100_000).default(2000),
  'fanout-workers': z.coerce.number().int().min(1).max(8).default(2),
});

const USAGE = `Usage: npm run bench -- [--objects N] [--json] [--seed S] [--connections C] [--duration SECONDS]
                    [--apply-fixes K] [--floor-sample N] [--cpu-prof DIR] [--heap-mb MB]
                    [--fanout-tenants T] [--fanout-objects M] [--fanout-workers W] [--help]
Starts its own Azurite (in memory) and the built service in a child process, loads a synthetic tenant
of N objects (default 100,000) over HTTP and measures three sync cycles, the error list under load and
apply-fix; then a fan-out run: T tenants of M objects (default 20 x 2,000; 0 tenants skips it) cycled
by W workers (default 2, local hosts of the built app) from one timer tick over the queue.
Progress goes to stderr; the report (a table, or one JSON object with --json) to stdout.
--cpu-prof DIR writes a V8 CPU profile of the service process to DIR. --heap-mb caps the service's V8
heap (default 448, so that the process stays within a 512 MiB instance; on Azure the same flag is the
app setting languageWorkers__node__arguments, or NODE_OPTIONS, set to --max-old-space-size=448).
It measures a service of its own, on free ports, not the one npm start runs: it takes no --url, and
PORT does not move it (cycles run inside the service process, to read metrics no route answers).
At the default size it takes about 15 minutes on a 2-core machine, most of it Azurite's.`;

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
      'heap-mb': { type: 'string' },
      'fanout-tenants': { type: 'string' },
      'fanout-objects': { type: 'string' },
      'fanout-workers': { type: 'string' },
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
    {
      name: 'bench',
      tablePrefix: 'bench',
      env,
      cpuProf: args['cpu-prof'],
      heapMb: args['heap-mb'],
      progress,
    },
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
      const fanout =
        args['fanout-tenants'] === 0
          ? null
          : await runFanout({
              connectionString,
              tenants: args['fanout-tenants'],
              objectsPerTenant: args['fanout-objects'],
              workers: args['fanout-workers'],
              progress,
            });
      if (args.json) process.stdout.write(`${JSON.stringify({ ...report, fanout })}\n`);
      else {
        process.stdout.write(
          formatReport(report, details, { cpus: availableParallelism(), node: process.version }),
        );
        if (fanout) process.stdout.write(`\n${formatFanout(fanout)}`);
      }
    },
  );
}

main().catch((error: unknown) => {
  const message = error instanceof Error ? error.message : String(error);
  if (error instanceof UsageError) console.error(`bench: ${message}`);
  else console.error(`npm run bench failed: ${message}`);
  process.exit(error instanceof UsageError ? 2 : 1);
});
