import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { queueConnectionFrom, queueSettings, timeSpanMs } from '../../../shared/queue/queueSettings';
import { ROOT } from '../../support/service';

function rootWith(hostJson: object): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'dar-host-'));
  writeFileSync(path.join(dir, 'host.json'), JSON.stringify({ version: '2.0', ...hostJson }));
  return dir;
}

describe('queue trigger settings', () => {
  test("the app's host.json is read as the host reads it", () => {
    expect(queueSettings(ROOT, {})).toEqual({
      batchSize: 16,
      newBatchThreshold: 8,
      maxDequeueCount: 5,
      visibilityTimeoutSeconds: 30,
      maxPollingIntervalMs: 2_000,
      messageEncoding: 'base64',
      leaseSeconds: 600,
    });
  });

  test("the host's defaults stand where host.json says nothing; the environment, then the caller, override", () => {
    const root = rootWith({});
    expect(queueSettings(root, {})).toMatchObject({
      batchSize: 16,
      newBatchThreshold: 8,
      maxDequeueCount: 5,
      visibilityTimeoutSeconds: 0,
      maxPollingIntervalMs: 60_000,
    });
    const env = {
      LOCAL_HOST_QUEUE_VISIBILITY_TIMEOUT_SECONDS: '1',
      LOCAL_HOST_QUEUE_MAX_POLLING_INTERVAL_MS: '250',
    };
    expect(queueSettings(root, env)).toMatchObject({
      visibilityTimeoutSeconds: 1,
      maxPollingIntervalMs: 250,
    });
    expect(queueSettings(root, env, { maxPollingIntervalMs: 10 })).toMatchObject({
      maxPollingIntervalMs: 100,
    });
    expect(() => queueSettings(rootWith({ extensions: { queues: { batchSize: 33 } } }), {})).toThrow();
  });

  test('TimeSpans as .NET writes them', () => {
    expect(timeSpanMs('00:00:30')).toBe(30_000);
    expect(timeSpanMs('00:01:00.5')).toBe(60_500);
    expect(timeSpanMs('1.00:00:00')).toBe(86_400_000);
    expect(timeSpanMs(2000)).toBe(2000);
    expect(() => timeSpanMs('30s')).toThrow();
  });

  test("a trigger's connection is found as the host finds it", () => {
    expect(queueConnectionFrom('STORAGE_QUEUE', { STORAGE_QUEUE: 'cs' })).toEqual({ connectionString: 'cs' });
    expect(queueConnectionFrom('STORAGE_QUEUE', { AzureWebJobsSTORAGE_QUEUE: 'cs' })).toEqual({
      connectionString: 'cs',
    });
    expect(
      queueConnectionFrom('STORAGE_QUEUE', {
        STORAGE_QUEUE__queueServiceUri: 'https://a.queue.core.windows.net',
      }),
    ).toEqual({ serviceUri: 'https://a.queue.core.windows.net' });
    expect(queueConnectionFrom('STORAGE_QUEUE', { STORAGE_QUEUE__accountName: 'a' })).toEqual({
      serviceUri: 'https://a.queue.core.windows.net',
    });
    expect(queueConnectionFrom('STORAGE_QUEUE', {})).toBeNull();
  });
});
