import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { z } from 'zod';
import { connectStores } from '../shared/store/tenantStores';
import { runLoad, type LatencyFigures, type LoadReport } from './lib/loadRun';
import { parseMeasuringCommandLine, withMeasuredService } from './lib/measuredService';
import { UsageError } from './lib/serviceUrl';

const TABLE_PREFIX = 'load';

const argsSchema = z.object({
  open: z.coerce.number().int().min(0).max(100_000).default(5800),
  resolved: z.coerce.number().int().min(1).max(100_000).default(3100),
  exports: z.coerce.number().int().min(0).max(500).default(40),
  scans: z.coerce.number().int().min(0).max(500).default(20),
  duration: z.coerce.number().int().min(1).max(600).default(15),
  'bound-ms': z.coerce.number().positive().default(500),
  json: z.boolean().default(false),
  'cpu-prof': z.string().min(1).optional(),
});

const USAGE = `Usage: npm run load -- [--open N] [--resolved N] [--exports C] [--scans C] [--duration SECONDS]
                   [--bound-ms MS] [--json] [--cpu-prof DIR] [--help]
A noisy-neighbour test. Starts its own Azurite (in memory) and the built service in a child process
with the default settings (RATE_LIMIT_PER_MINUTE included), writes a noisy tenant's errors straight to
storage (default 5,800 open and 3,100 resolved), then measures a quiet tenant's GET /api/settings
(20 a second, open loop) for --duration seconds alone, and again while the noisy tenant keeps
--exports CSV exports (GET /api/sync-errors?state=resolved, Accept: text/csv; default 40) and --scans
scans (?state=resolved&search=zzz&top=999; default 20) in flight, each re-sent as soon as it ends and a
429 retried after 250 ms. Prints the quiet tenant's p50, p99 and max both ways, what the noisy tenant
got, the service's memory, and whether the quiet p99 beside the noisy tenant stays under --bound-ms
(default 500 ms). Progress goes to stderr, the report to stdout. --cpu-prof DIR writes a V8 CPU
profile of the service process to DIR. It is a benchmark: it exits 0 either
way, and its figures are this machine's.`;

/** `npm run load`: see USAGE. */
async function main(): Promise<void> {
  const args = parseMeasuringCommandLine(
    'npm run load',
    'the load test',
    {
      open: { type: 'string' },
      resolved: { type: 'string' },
      exports: { type: 'string' },
      scans: { type: 'string' },
      duration: { type: 'string' },
      'bound-ms': { type: 'string' },
      json: { type: 'boolean' },
    },
    argsSchema,
    USAGE,
  );
  if (args === null) return;
  const progress = (line: string): void => {
    process.stderr.write(`${line}\n`);
  };
  await withMeasuredService(
    { name: 'load', tablePrefix: TABLE_PREFIX, cpuProf: args['cpu-prof'], progress },
    async ({ service, connectionString, token }) => {
      const pid = service.pid;
      const report = await runLoad({
        target: {
          url: service.url,
          token: (tenantId) => token(tenantId, 3600),
          stores: () => connectStores(connectionString, TABLE_PREFIX),
          memory: () => processMemory(pid),
        },
        openErrors: args.open,
        resolvedErrors: args.resolved,
        exports: args.exports,
        scans: args.scans,
        durationSec: args.duration,
        boundMs: args['bound-ms'],
        progress,
      });
      if (args.json) process.stdout.write(`${JSON.stringify(report)}\n`);
      else process.stdout.write(formatLoadReport(report, availableParallelism()));
    },
  );
}

/** VmRSS and VmHWM (the peak) of a process, from /proc: Linux only, null elsewhere. */
function processMemory(pid: number): { rssMb: number; peakRssMb: number } | null {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
    const rss = kb('VmRSS');
    const peak = kb('VmHWM');
    return Number.isFinite(rss) && Number.isFinite(peak)
      ? { rssMb: rss / 1024, peakRssMb: peak / 1024 }
      : null;
  } catch {
    return null;
  }
}

function formatLoadReport(report: LoadReport, cpus: number): string {
  const ms = (n: number) => n.toFixed(1);
  const statuses = (s: Record<string, number>) =>
    Object.entries(s)
      .map(([code, n]) => `${code}: ${n}`)
      .join(', ');
  const row = (name: string, f: LatencyFigures, memory: { rssMb: number; peakRssMb: number } | null) =>
    [
      name.padEnd(22),
      String(f.requests).padStart(8),
      ms(f.p50Ms).padStart(8),
      ms(f.p99Ms).padStart(8),
      ms(f.maxMs).padStart(8),
      (memory ? `${Math.round(memory.peakRssMb)}` : '-').padStart(14),
      `  ${statuses(f.statuses)}`,
    ].join('');
  return [
    `noisy tenant: ${report.seeded.openErrors} open + ${report.seeded.resolvedErrors} resolved errors; ` +
      `${report.load.exports} concurrent CSV exports + ${report.load.scans} concurrent scans`,
    `quiet tenant: GET /api/settings, ${report.load.quietPerSec} a second for ${report.load.durationSec} s per phase (${cpus} CPUs)`,
    '',
    `${'quiet tenant'.padEnd(22)}${'requests'.padStart(8)}${'p50 ms'.padStart(8)}${'p99 ms'.padStart(8)}${'max ms'.padStart(8)}${'svc peak MiB'.padStart(14)}  statuses`,
    row('alone', report.quietAlone, report.memory.alone),
    row('beside noisy tenant', report.quietWithNoise, report.memory.noisy),
    '',
    `noisy exports: ${statuses(report.noisy.exports.statuses)} (${(report.noisy.exports.bytes / 1048576).toFixed(1)} MiB of CSV)`,
    `noisy scans:   ${statuses(report.noisy.scans.statuses)}`,
    '',
    `bound: the quiet tenant's p99 beside the noisy tenant stays under ${report.boundMs} ms, every request 200: ` +
      `${report.withinBound ? 'PASS' : 'FAIL'} (p99 ${ms(report.quietWithNoise.p99Ms)} ms)`,
    '',
  ].join('\n');
}

main().catch((error: unknown) => {
  const message = error instanceof Error ? error.message : String(error);
  if (error instanceof UsageError) console.error(`load: ${message}`);
  else console.error(`npm run load failed: ${message}`);
  process.exit(error instanceof UsageError ? 2 : 1);
});
