import { readFileSync, writeFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import type { CycleSummary } from '../../shared/sync/model';
import { runSyncCycle, type CycleDependencies, type CycleMetrics } from '../../shared/sync/runSyncCycle';

/** One cycle as the service process saw it. */
export interface CycleRun {
  wallMs: number;
  /** The process's peak resident set during the cycle, in MiB. */
  peakRssMb: number;
  metrics: CycleMetrics;
  summary: CycleSummary;
  /** Requests the cycle made to Table Storage (each query page, point operation and batch). */
  storageTransactions: number;
}

const MIB = 1024 * 1024;

/**
 * Tracks the peak RSS of this process from now on. On Linux the kernel's high-water mark is reset
 * first (`5` > /proc/self/clear_refs) and read back from VmHWM, which sees every allocation; where
 * that is refused, RSS is sampled every 20 ms instead (a short spike can slip between two samples).
 */
export function trackPeakRss(): () => number {
  let reset = false;
  try {
    writeFileSync('/proc/self/clear_refs', '5');
    reset = true;
  } catch {
    // not Linux, or not allowed: sampling only
  }
  let sampled = process.memoryUsage.rss();
  const timer = setInterval(() => {
    sampled = Math.max(sampled, process.memoryUsage.rss());
  }, 20);
  timer.unref();
  return () => {
    clearInterval(timer);
    sampled = Math.max(sampled, process.memoryUsage.rss());
    const hwm = reset ? highWaterMarkBytes() : null;
    return Math.max(sampled, hwm ?? 0) / MIB;
  };
}

function highWaterMarkBytes(): number | null {
  try {
    const match = /^VmHWM:\s+(\d+)\s+kB$/m.exec(readFileSync('/proc/self/status', 'utf8'));
    return match?.[1] ? Number(match[1]) * 1024 : null;
  } catch {
    return null;
  }
}

/**
 * Runs one sync cycle with the use case the HTTP route and the timer call, in this process, and
 * measures it. The route answers only the summary; the metrics (entities read and written,
 * batches, the reconcile step's CPU time) come from the use case's result.
 */
export async function measureCycle(
  deps: Pick<CycleDependencies, 'store' | 'leaseSeconds'>,
  tenantId: string,
  transactions: () => number = () => 0,
): Promise<CycleRun> {
  global.gc?.();
  const peak = trackPeakRss();
  const start = performance.now();
  const result = await runSyncCycle(
    { store: deps.store, now: () => new Date(), leaseSeconds: deps.leaseSeconds },
    tenantId,
    'http',
  );
  const wallMs = performance.now() - start;
  return {
    wallMs,
    peakRssMb: peak(),
    metrics: result.metrics,
    summary: result.summary,
    storageTransactions: transactions(),
  };
}
