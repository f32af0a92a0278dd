import { app } from '@azure/functions';
import { registrationConfig } from '../shared/config';
import { getServices } from '../shared/services';
import { cycleDependencies } from '../shared/sync/cycleDependencies';
import { runScheduledCycles } from '../shared/sync/scheduledCycles';

app.timer('syncCycleTimer', {
  schedule: registrationConfig(process.env).syncCycleSchedule,
  runOnStartup: false,
  handler: async (_timer, context) => {
    const services = await getServices();
    const report = await runScheduledCycles(cycleDependencies(services), (line: string) => {
      context.log(line);
    });
    context.log(
      `Scheduled sync: ${report.ran} ran, ${report.skipped} skipped, ${report.failed} failed, ${report.notDue} not due, ${report.deferred} deferred`,
    );
  },
});
