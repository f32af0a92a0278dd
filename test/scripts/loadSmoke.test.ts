import { runLoad, type LoadReport } from '../../scripts/lib/loadRun';
import { connectStores } from '../../shared/store/tenantStores';
import { startTestService, type TestService } from '../support/service';

/**
 * `npm run load` scaled down, in this process, against the run's Azurite, with the default rate
 * limit: it runs end to end, the noisy tenant is refused with 429s while the quiet tenant gets only
 * 200s. No timing is asserted: this machine's speed is not the code's.
 */
let service: TestService;
let report: LoadReport;

beforeAll(async () => {
  service = await startTestService();
  report = await runLoad({
    target: {
      url: service.url,
      token: (tenantId) => service.token(tenantId, 'GlobalAdministrator'),
      stores: () =>
        connectStores(process.env.TEST_STORAGE_CONNECTION_STRING ?? '', process.env.TABLE_PREFIX ?? ''),
    },
    openErrors: 100,
    resolvedErrors: 1500,
    exports: 6,
    scans: 4,
    durationSec: 2,
    warmupSec: 0.5,
    boundMs: 500,
  });
}, 60_000);

afterAll(() => service.stop());

test('the noisy tenant gets 429s beside its 200s; the quiet tenant gets only 200s, alone and beside it', () => {
  const { exports, scans } = report.noisy;
  expect((exports.statuses['429'] ?? 0) + (scans.statuses['429'] ?? 0)).toBeGreaterThan(0);
  expect(exports.statuses['200']).toBeGreaterThan(0);
  expect(exports.bytes).toBeGreaterThan(0);
  expect(Object.keys(exports.statuses).every((s) => s === '200' || s === '429')).toBe(true);
  expect(Object.keys(scans.statuses).every((s) => s === '200' || s === '429')).toBe(true);
  for (const quiet of [report.quietAlone, report.quietWithNoise]) {
    expect(quiet.requests).toBeGreaterThan(10);
    expect(quiet.statuses).toEqual({ '200': quiet.requests });
  }
  expect(report.seeded).toEqual({ openErrors: 100, resolvedErrors: 1500 });
  expect(report.boundMs).toBe(500);
});
