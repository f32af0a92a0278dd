import { InvocationContext, type Timer } from '@azure/functions';
import { Cron } from 'croner';
import { randomUUID } from 'node:crypto';
import { inspect } from 'node:util';
import { consoleInvocationLog, logError } from './logLine';
import type { TimerFunction } from './registrations';

export interface RunningTimers {
  /** No more ticks; resolves when the runs already going have ended (a cycle finishes, or fails). */
  stop(): Promise<void>;
}

/**
 * Fires each timer function on its NCRONTAB schedule (six fields, seconds first). A run that
 * is still going when the next tick comes is not started twice (croner's `protect`), like
 * the host's singleton timer lock.
 */
export function startTimers(
  functions: readonly TimerFunction[],
  schedules: ReadonlyMap<string, string>,
): RunningTimers {
  const running = new Set<Promise<void>>();
  const jobs = functions.map((fn) => {
    const schedule = schedules.get(fn.name) ?? fn.schedule;
    let last: Date | null = null;
    const job = new Cron(schedule, { protect: true, timezone: 'UTC' }, async () => {
      const next = job.nextRun();
      const timer: Timer = {
        isPastDue: false,
        schedule: { adjustForDST: false },
        scheduleStatus: {
          last: (last ?? new Date(0)).toISOString(),
          next: (next ?? new Date()).toISOString(),
          lastUpdated: new Date().toISOString(),
        },
      };
      last = new Date();
      const context = new InvocationContext({
        functionName: fn.name,
        invocationId: randomUUID(),
        logHandler: consoleInvocationLog(fn.name),
      });
      const run = (async () => {
        try {
          await fn.handler(timer, context);
        } catch (error) {
          logError(`Timer ${fn.name} failed: ${inspect(error)}`);
        }
      })();
      running.add(run);
      await run;
      running.delete(run);
    });
    if (fn.runOnStartup) void job.trigger();
    return job;
  });
  return {
    stop: async () => {
      jobs.forEach((job) => job.stop());
      await Promise.all(running);
    },
  };
}
