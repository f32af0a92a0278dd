import { AppError } from '../errors';
import { runSyncCycle, type CycleDependencies } from './runSyncCycle';

export interface ScheduledReport {
  ran: number;
  skipped: number;
  failed: number;
  notDue: number;
  /** Due, but left for the next tick because this one's time budget was spent. */
  deferred: number;
}

/** A tick may come a little early; a cycle due within this slack runs now rather than a tick later. */
const SLACK_MS = 60_000;
/** host.json gives a function 10 minutes; new cycles are started only within the first 7. */
export const DEFAULT_BUDGET_MS = 7 * 60_000;

interface DueTenant {
  tenantId: string;
  dueAt: number;
}

/**
 * The timer's work: a cycle for every tenant with records whose interval (`syncIntervalMinutes`)
 * has passed, the longest-waiting first, one after another until the time budget is spent (the
 * rest wait for the next tick, first in line). A tenant whose cycle is already running is skipped
 * and logged; one that fails is logged and does not stop the others.
 */
export async function runScheduledCycles(
  deps: CycleDependencies & { store: { tenants(): Promise<string[]> } },
  log: (line: string) => void,
  budgetMs = DEFAULT_BUDGET_MS,
): Promise<ScheduledReport> {
  const started = Date.now();
  const report: ScheduledReport = { ran: 0, skipped: 0, failed: 0, notDue: 0, deferred: 0 };
  const due: DueTenant[] = [];
  for (const tenantId of await deps.store.tenants()) {
    try {
      const store = deps.store.tenant(tenantId);
      const [{ settings }, last] = await Promise.all([store.settings.read(), store.cycles.latestCompleted()]);
      const dueAt = last ? Date.parse(last.startedAt) + settings.syncIntervalMinutes * 60_000 : 0;
      if (dueAt - SLACK_MS > deps.now().getTime()) report.notDue++;
      else due.push({ tenantId, dueAt });
    } catch (error) {
      report.failed++;
      log(`Tenant ${tenantId}: could not read its schedule: ${describe(error)}`);
    }
  }
  due.sort((a, b) => a.dueAt - b.dueAt || a.tenantId.localeCompare(b.tenantId));
  for (const { tenantId } of due) {
    if (Date.now() - started > budgetMs) {
      report.deferred++;
      continue;
    }
    try {
      const { summary } = await runSyncCycle(deps, tenantId, 'timer');
      report.ran++;
      log(`Tenant ${tenantId}: cycle ${summary.cycleId} done (${summary.errorsCreated} new errors)`);
    } catch (error) {
      if (error instanceof AppError && error.code === 'SyncCycleInProgress') {
        report.skipped++;
        log(`Tenant ${tenantId}: skipped, a cycle is already running`);
      } else {
        report.failed++;
        log(`Tenant ${tenantId}: cycle failed: ${describe(error)}`);
      }
    }
  }
  if (report.deferred > 0)
    log(`${report.deferred} due tenant(s) deferred to the next tick (time budget spent)`);
  return report;
}

function describe(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message.slice(0, 300)}` : 'unknown error';
}
