import { getServices } from '../../shared/services';
import { measureCycle } from '../../scripts/lib/benchCycle';
import {
  runBenchmark,
  type BenchDetails,
  type BenchReport,
  type CycleName,
} from '../../scripts/lib/benchRun';
import { changedObjects, generateTenant } from '../../scripts/lib/benchTenant';
import { meteredTable, type StorageMeter } from '../../shared/store/storageMeter';
import { connectStores } from '../../shared/store/tenantStores';
import { startTestService, type TestService } from '../support/service';

/**
 * `npm run bench` at 2,000 objects, in this process, against the run's Azurite: it runs end to end,
 * and the write counts hold. No timing is asserted: this machine's speed is not the code's.
 */
const OBJECTS = 2000;

let service: TestService;
let report: BenchReport;
let details: BenchDetails;
const previousRateLimit = process.env.RATE_LIMIT_PER_MINUTE;

beforeAll(async () => {
  service = await startTestService({ RATE_LIMIT_PER_MINUTE: '100000000' });
  const services = await getServices();
  // The cycles run on the service's table through a meter, as the benchmark's service runs them.
  let meter: StorageMeter | undefined;
  const store = await connectStores(
    process.env.TEST_STORAGE_CONNECTION_STRING ?? '',
    process.env.TABLE_PREFIX ?? '',
    (table) => (meter = meteredTable(table)).table,
  );
  ({ report, details } = await runBenchmark({
    target: {
      url: service.url,
      token: (tenantId) => service.token(tenantId, 'GlobalAdministrator'),
      runCycle: (tenantId) => {
        meter?.reset();
        return measureCycle(
          { store, leaseSeconds: services.config.SYNC_LEASE_SECONDS },
          tenantId,
          () => meter?.transactions() ?? 0,
        );
      },
    },
    objects: OBJECTS,
    storageConnectionString: process.env.TEST_STORAGE_CONNECTION_STRING ?? '',
    list: { connections: 10, durationSec: 1 },
    applyFixCount: 100,
  }));
}, 120_000);

afterAll(async () => {
  await service.stop();
  if (previousRateLimit === undefined) delete process.env.RATE_LIMIT_PER_MINUTE;
  else process.env.RATE_LIMIT_PER_MINUTE = previousRateLimit;
});

const cycle = (name: CycleName) => report.cycles.find((c) => c.name === name)!;

describe('the synthetic tenant', () => {
  test('is the same for the same seed, with the planted shares of conflicts', () => {
    const a = generateTenant(OBJECTS, 7);
    expect(generateTenant(OBJECTS, 7)).toEqual(a);
    expect(a.sources).toHaveLength(OBJECTS);
    expect(a.planted).toEqual({ upn: 20, proxyAddress: 10, sip: 2, sid: 2, orphaned: 4 });
    expect(a.clouds).toHaveLength(4);
    expect(new Set(a.sources.map((s) => s.sourceAnchor)).size).toBe(OBJECTS);
    for (const user of a.sources.filter((s) => s.objectType === 'User')) {
      expect(user.proxyAddresses.length).toBeGreaterThanOrEqual(1);
      expect(user.proxyAddresses.length).toBeLessThanOrEqual(4);
    }
    expect(changedObjects(a, 0.01, 7)).toHaveLength(20);
  });
});

describe('npm run bench at 2,000 objects', () => {
  test('reports what the issue asks for, in the JSON shape', () => {
    expect(report.objects).toBe(OBJECTS);
    expect(report.floor.batchWritePerSec).toBeGreaterThan(0);
    expect(report.floor.listPerSec).toBeGreaterThan(0);
    expect(report.cycles.map((c) => c.name)).toEqual(['full', 'unchanged', 'changed1pct']);
    for (const c of report.cycles) {
      expect(c.floorMs).toBeGreaterThan(0);
      expect(c.ratio).toBeCloseTo(c.wallMs / c.floorMs);
      expect(c.peakRssMb).toBeGreaterThan(0);
      expect(c.reconcileCpuMs).toBeGreaterThanOrEqual(0);
    }
    expect(report.list.requestsPerSec).toBeGreaterThan(0);
    expect(report.list.non2xx).toBe(0);
    expect(report.applyFix).toMatchObject({ count: 4, non2xx: 0 });
  });

  test('the first cycle provisions every object it can and opens one error per planted conflict', () => {
    const full = cycle('full');
    // A duplicated SIP address or SID fails the export (AttributeValueMustBeUnique): not provisioned.
    expect(details.summaries.full.provisioned).toBe(OBJECTS - details.planted.sip - details.planted.sid);
    expect(details.summaries.full.errorsCreated).toBe(details.expectedErrors);
    // every source object read, and at least its cloud object and connector state written
    expect(full.entitiesRead).toBeGreaterThan(OBJECTS);
    expect(full.entitiesWritten).toBeGreaterThanOrEqual(2 * OBJECTS);
  });

  test('a cycle with nothing changed writes at most the errors it resets plus its summary', () => {
    const unchanged = cycle('unchanged');
    expect(unchanged.entitiesWritten).toBeLessThanOrEqual(unchanged.errorsReset + 1);
    // Its storage requests: a query of each of the 32 directory partitions (one page each at this
    // size), the open errors and settings, the lease's take, renewals and release, the summary.
    expect(unchanged.storageTransactions).toBeGreaterThanOrEqual(32);
    expect(unchanged.storageTransactions).toBeLessThanOrEqual(32 + 20);
    expect(details.summaries.unchanged).toMatchObject({ provisioned: 0, updated: 0, errorsCreated: 0 });
  });

  test('a cycle after 1 % of the objects changed writes in proportion to the change', () => {
    const changed = cycle('changed1pct');
    const n = details.changedObjects;
    expect(details.summaries.changed1pct.updated).toBe(n);
    // each renamed object's cloud object, plus the snapshot of an error that shows it, plus the summary
    expect(changed.entitiesWritten).toBeGreaterThanOrEqual(n + 1);
    expect(changed.entitiesWritten).toBeLessThanOrEqual(2 * n + changed.errorsReset + 1);
  });
});
