import { AppError } from '../errors';
import { latestCycleSummary } from '../store/cycleSummaries';
import { readSettings } from '../store/settingsRepository';
import { listTenants } from '../store/tenantRegistry';
import { runSyncCycle, type CycleDependencies } from './runSyncCycle';

export interface ScheduledReport {
  ran: number;
  skipped: number;
  failed: number;
  notDue: number;
}

/** A tick may come a little early; a cycle due within this slack runs now rather than a tick later. */
const SLACK_MS = 60_000;

/**
 * The timer's work: a cycle for every tenant with records whose interval has passed, one after
 * another. A tenant whose cycle is already running is skipped and logged; one that fails is
 * logged and does not stop the others.
 */
export async function runScheduledCycles(
  deps: CycleDependencies,
  log: (line: string) => void,
): Promise<ScheduledReport> {
  const report: ScheduledReport = { ran: 0, skipped: 0, failed: 0, notDue: 0 };
  for (const tenantId of await listTenants(deps.table)) {
    try {
      const [{ settings }, last] = await Promise.all([
        readSettings(deps.table, tenantId),
        latestCycleSummary(deps.table, tenantId),
      ]);
      const dueAt = last ? Date.parse(last.startedAt) + settings.syncIntervalMinutes * 60_000 : 0;
      if (dueAt - SLACK_MS > deps.now().getTime()) {
        report.notDue++;
        continue;
      }
      const { summary } = await runSyncCycle(deps, tenantId, 'timer');
      report.ran++;
      log(`Tenant ${tenantId}: cycle ${summary.cycleId} done (${summary.errorsCreated} new errors)`);
    } catch (error) {
      if (error instanceof AppError && error.code === 'SyncCycleInProgress') {
        report.skipped++;
        log(`Tenant ${tenantId}: skipped, a cycle is already running`);
      } else {
        report.failed++;
        log(
          `Tenant ${tenantId}: cycle failed: ${error instanceof Error ? `${error.name}: ${error.message.slice(0, 300)}` : 'unknown error'}`,
        );
      }
    }
  }
  return report;
}
