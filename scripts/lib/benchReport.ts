import type { BenchDetails, BenchReport } from './benchRun';

export interface Machine {
  cpus: number;
  node: string;
}

const int = (n: number): string => Math.round(n).toLocaleString('en-US');
const fixed = (n: number, digits = 1): string => n.toFixed(digits);

function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]): string =>
    cells.map((c, i) => (i === 0 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0))).join('  ');
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

/** The human-readable report on stdout. */
export function formatReport(report: BenchReport, details: BenchDetails, machine: Machine): string {
  const p = details.planted;
  const cycles = table(
    [
      'cycle',
      'wall ms',
      'floor ms',
      'ratio',
      'read',
      'written',
      'batches',
      'errors reset',
      'reconcile CPU ms',
      'peak RSS MiB',
      'storage requests',
    ],
    report.cycles.map((c) => [
      c.name,
      int(c.wallMs),
      int(c.floorMs),
      fixed(c.ratio, 2),
      int(c.entitiesRead),
      int(c.entitiesWritten),
      int(c.batches),
      int(c.errorsReset),
      int(c.reconcileCpuMs),
      int(c.peakRssMb),
      int(c.storageTransactions),
    ]),
  );
  return [
    `Benchmark: ${int(report.objects)} objects; node ${machine.node}, ${machine.cpus} CPUs`,
    `Planted: ${p.upn} UPN, ${p.proxyAddress} proxy address, ${p.sip} SIP, ${p.sid} SID duplicates, ` +
      `${p.orphaned} orphaned objects (${details.expectedErrors} errors expected; the full cycle opened ` +
      `${details.summaries.full.errorsCreated}). Loaded over HTTP in ${fixed(details.loadMs / 1000)} s.`,
    `Floor (raw Azurite, a first cycle's writes: rows created beside as many in 32 partitions, those merged): ` +
      `${int(report.floor.batchWritePerSec)} entities/s in 100-entity batches, ` +
      `${int(report.floor.listPerSec)} entities/s listed in 1,000-entity pages.`,
    `floor ms = read / list rate + written / batch rate; ratio = wall / floor; changed1pct: ` +
      `${details.changedObjects} source objects renamed.`,
    '',
    cycles,
    '',
    `GET /api/sync-errors, ${details.listLoad.connections} connections for ${details.listLoad.durationSec} s: ` +
      `${fixed(report.list.requestsPerSec)} req/s, p50 ${report.list.p50Ms} ms, ` +
      `p99 ${report.list.p99Ms} ms, non-2xx ${report.list.non2xx}, socket errors ${report.list.errors}`,
    `apply-fix over ${report.applyFix.count} orphaned errors: p50 ${fixed(report.applyFix.p50Ms)} ms, ` +
      `p99 ${fixed(report.applyFix.p99Ms)} ms, non-2xx ${report.applyFix.non2xx}`,
    '',
  ].join('\n');
}
