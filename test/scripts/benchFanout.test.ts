import { formatFanout, runFanout, type FanoutReport } from '../../scripts/lib/benchFanout';

/**
 * The benchmark's fan-out run, tiny, against the run's Azurite: two local hosts of the built app
 * (dist/: `npm test` builds first, as for test/integration/manyWorkers.test.ts) share one timer
 * tick's cycles. Counts only: this machine's speed is not the code's.
 */
const TENANTS = 6;
const OBJECTS = 20;
const WORKERS = 2;

let report: FanoutReport;
const lines: string[] = [];

beforeAll(async () => {
  report = await runFanout({
    connectionString: process.env.TEST_STORAGE_CONNECTION_STRING ?? '',
    tenants: TENANTS,
    objectsPerTenant: OBJECTS,
    workers: WORKERS,
    progress: (line) => lines.push(line),
    timeoutMs: 60_000,
  });
}, 120_000);

test('one tick cycles every tenant exactly once, and nothing fails', () => {
  expect(report).toMatchObject({
    tenants: TENANTS,
    objectsPerTenant: OBJECTS,
    workers: WORKERS,
    succeeded: TENANTS,
    cycledOnce: TENANTS,
    failures: { notQueued: 0, requestsFailed: 0, failedTries: 0, unfinished: 0 },
  });
  // Every object, and the cloud-only user seeded beside them, was read.
  expect(report.objectsRead).toBe(TENANTS * (OBJECTS + 1));
  // Each planted duplicate UPN opened one error.
  expect(report.duplicatesPerTenant).toBe(1);
  expect(report.errorsCreated).toBe(TENANTS * report.duplicatesPerTenant);
});

test("the workers' logs account for every cycle, each worker's own", () => {
  expect(report.perWorker).toHaveLength(WORKERS);
  expect(new Set(report.perWorker.map((w) => w.pid)).size).toBe(WORKERS);
  expect(report.perWorker.reduce((n, w) => n + w.cycles, 0)).toBe(TENANTS);
  expect(report.perWorker.reduce((n, w) => n + w.messages, 0)).toBe(TENANTS);
});

test('every worker is stopped', () => {
  for (const { pid } of report.perWorker) expect(isRunning(pid)).toBe(false);
});

test('the report names what was measured', () => {
  const text = formatFanout(report);
  expect(text).toContain(`${TENANTS} tenants × ${OBJECTS} objects`);
  expect(text).toContain(`${TENANTS}/${TENANTS} cycled in`);
  expect(text).toContain('cycles per worker:');
  expect(lines.some((line) => line.startsWith('fan-out: the tick queued 6 cycles'))).toBe(true);
});

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
