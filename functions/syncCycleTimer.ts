import { app } from '@azure/functions';
import { registrationConfig } from '../shared/config';
import { openCycleQueue } from '../shared/queue/cycleQueue';
import { getServices } from '../shared/services';
import { enqueueDueCycles } from '../shared/sync/scheduledCycles';

app.timer('syncCycleTimer', {
  schedule: registrationConfig(process.env).syncCycleSchedule,
  runOnStartup: false,
  handler: async (_timer, context) => {
    const services = await getServices();
    const report = await enqueueDueCycles(
      { store: services.store, now: services.now, queue: openCycleQueue(services.config) },
      (line: string) => {
        context.log(line);
      },
    );
    context.log(`Scheduled sync: ${report.queued} queued, ${report.notDue} not due, ${report.failed} failed`);
  },
});
