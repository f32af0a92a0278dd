import { randomUUID } from 'node:crypto';
import { parseConfig } from '../../../shared/config';
import {
  cycleQueueConnection,
  openCycleQueue,
  parseCycleMessage,
  type CycleMessage,
} from '../../../shared/queue/cycleQueue';
import { decodeMessage } from '../../../shared/queue/messageEncoding';
import { openStorageQueue } from '../../../shared/queue/storageQueue';

const connectionString = process.env.TEST_STORAGE_CONNECTION_STRING ?? '';
// A queue of this file's own: the run's Azurite is shared, and no test service reads this one.
const queueName = `cq-${randomUUID()}`;
const config = parseConfig({
  AUTH_MODE: 'dev',
  STORAGE_CONNECTION_STRING: connectionString,
  SYNC_CYCLE_QUEUE_NAME: queueName,
});

describe('the sync-cycle queue', () => {
  test('a sent message is received base64-encoded, as the Functions host reads it, and parses back to itself', async () => {
    const queue = openStorageQueue({ connectionString }, queueName);
    const message: CycleMessage = {
      tenantId: randomUUID(),
      cycleId: randomUUID(),
      trigger: 'timer',
      requestedAt: new Date().toISOString(),
    };
    // The queue need not exist: the first send creates it.
    await openCycleQueue(config).send(message);
    const deadline = Date.now() + 10_000;
    let found: CycleMessage | undefined;
    while (!found && Date.now() < deadline) {
      const received = await queue.receive(32, 5);
      for (const item of received) {
        const parsed = parseCycleMessage(decodeMessage(item.text, 'base64'));
        if (parsed.cycleId !== message.cycleId) continue;
        found = parsed;
        await queue.delete(item);
      }
    }
    expect(found).toEqual(message);
  });

  test('parseCycleMessage takes the object the host hands over or its JSON text, and refuses anything else', () => {
    const message = { tenantId: 't', cycleId: 'c', trigger: 'http', requestedAt: '2025-01-31T09:15:02.123Z' };
    expect(parseCycleMessage(message)).toEqual(message);
    expect(parseCycleMessage(JSON.stringify(message))).toEqual(message);
    expect(() => parseCycleMessage({ ...message, trigger: 'cron' })).toThrow();
    expect(() => parseCycleMessage({ ...message, requestedAt: 'yesterday' })).toThrow();
    expect(() => parseCycleMessage('not json')).toThrow();
  });

  test('send refuses a message the worker would refuse', async () => {
    const bad = {
      tenantId: '',
      cycleId: 'c',
      trigger: 'http',
      requestedAt: new Date().toISOString(),
    } as const;
    await expect(openCycleQueue(config).send(bad)).rejects.toThrow();
  });

  test('the queue is the one SYNC_CYCLE_QUEUE_NAME names, sync-cycles by default', async () => {
    expect(config.SYNC_CYCLE_QUEUE_NAME).toBe(queueName);
    const message: CycleMessage = {
      tenantId: randomUUID(),
      cycleId: randomUUID(),
      trigger: 'http',
      requestedAt: new Date().toISOString(),
    };
    await openCycleQueue(config).send(message);
    expect(await openStorageQueue({ connectionString }, queueName).approximateCount()).toBeGreaterThan(0);
    expect(
      parseConfig({ AUTH_MODE: 'dev', STORAGE_CONNECTION_STRING: connectionString }).SYNC_CYCLE_QUEUE_NAME,
    ).toBe('sync-cycles');
  });

  test('the queue is where the trigger reads: its own setting first, identity-based in Azure', () => {
    const uri = 'https://account.queue.core.windows.net';
    expect(cycleQueueConnection(config)).toEqual({ connectionString });
    expect(cycleQueueConnection({ ...config, STORAGE_QUEUE: 'UseDevelopmentStorage=true' })).toEqual({
      connectionString: 'UseDevelopmentStorage=true',
    });
    expect(
      cycleQueueConnection(
        parseConfig({
          AUTH_MODE: 'dev',
          STORAGE_TABLE_URL: 'https://a.table.core.windows.net',
          STORAGE_QUEUE__queueServiceUri: uri,
        }),
      ),
    ).toEqual({ serviceUri: uri });
    expect(() =>
      cycleQueueConnection(
        parseConfig({ AUTH_MODE: 'dev', STORAGE_TABLE_URL: 'https://a.table.core.windows.net' }),
      ),
    ).toThrow(/STORAGE_QUEUE/);
  });
});
