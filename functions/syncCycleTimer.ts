import { app } from '@azure/functions';
import { syncCycleSchedule } from '../shared/config';
import { getServices } from '../shared/services';
import { runScheduledCycles } from '../shared/sync/scheduledCycles';

app.timer('syncCycleTimer', {
  schedule: syncCycleSchedule(process.env),
  runOnStartup: false,
  handler: async (_timer, context) => {
    const services = await getServices();
    const report = await runScheduledCycles(
      { table: services.data, now: services.now, leaseSeconds: services.config.SYNC_LEASE_SECONDS },
      (line: string) => {
        context.log(line);
      },
    );
    context.log(
      `Scheduled sync: ${report.ran} ran, ${report.skipped} skipped, ${report.failed} failed, ${report.notDue} not due, ${report.deferred} deferred`,
    );
  },
});
