import { readdirSync } from 'node:fs';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { startLocalHost, type LocalHostHandle } from '../../../scripts/localHost/startLocalHost';
import { decodeMessage, encodeMessage } from '../../../shared/queue/messageEncoding';
import { openStorageQueue, type StorageQueue } from '../../../shared/queue/storageQueue';
import { call, ROOT, startTestService, type TestService } from '../../support/service';
import {
  FIXTURE_QUEUE_SETTING,
  runs,
  type FixtureMessage,
} from '../../fixtures/localHost/queueFixture.fixture';

const FIXTURE = path.join(ROOT, 'test', 'fixtures', 'localHost', 'queueFixture.fixture.ts');
/** Each host gets a queue of its own through the fixture's %setting%, unless a test shares one. */
const newQueueName = (): string => `fixture-${randomUUID().slice(0, 8)}`;
process.env[FIXTURE_QUEUE_SETTING] = newQueueName();

let service: TestService;

beforeAll(async () => {
  service = await startTestService();
});
afterAll(() => service.stop());

describe('the local host serves exactly what the app registers', () => {
  test('every function file registers at least one function through app.http/app.timer/app.storageQueue', () => {
    const files = readdirSync(path.join(ROOT, 'functions')).filter((f) => f.endsWith('.ts'));
    expect(service.host.functions.length).toBeGreaterThanOrEqual(files.length);
    expect(new Set(service.host.functions.map((f) => f.name)).size).toBe(service.host.functions.length);
  });

  test('every HTTP function is served with its route under api/ and its methods, nothing else', () => {
    const registered = service.host.functions
      .filter((f) => f.kind === 'http')
      .map((f) => ({ name: f.name, route: `api/${f.route}`, methods: [...f.methods].sort() }))
      .sort((a, b) => a.name.localeCompare(b.name));
    const served = service.host.served
      .map((f) => ({ name: f.name, route: f.route, methods: [...f.methods].sort() }))
      .sort((a, b) => a.name.localeCompare(b.name));
    expect(served).toEqual(registered);
  });

  test('every queue-triggered function (the fixture included) has its queue polled, under its resolved name', () => {
    const registered = service.host.functions
      .filter((f) => f.kind === 'queue')
      .map((f) => ({
        name: f.name,
        queueName: f.queueName.replace(/%(\w+)%/g, (_, name: string) => process.env[name] ?? '?'),
      }))
      .sort((a, b) => a.name.localeCompare(b.name));
    expect(registered.map((f) => f.name)).toContain('queueFixture');
    expect([...service.host.listening].sort((a, b) => a.name.localeCompare(b.name))).toEqual(registered);
  });

  test('every HTTP function uses the app token guard, not function keys', () => {
    for (const fn of service.host.functions) if (fn.kind === 'http') expect(fn.authLevel).toBe('anonymous');
  });

  test('each served route reaches its handler (a JSON or problem answer, not the host 404)', async () => {
    for (const fn of service.host.served) {
      const url = `${service.url}/${fn.route.replace(/\{\*?(\w+)\??\}/g, 'probe')}`;
      for (const method of fn.methods) {
        const res = await call(url, method);
        expect({ fn: fn.name, method, type: res.headers.get('content-type') }).toEqual({
          fn: fn.name,
          method,
          type: expect.stringMatching(/json|csv/) as unknown,
        });
      }
    }
  });
});

/**
 * Queue triggers on the real Azurite queue service, with the host's settings made short: a failed
 * message comes back after 1 s, an empty queue is polled every 200 ms at most, three tries.
 */
describe('the local host serves queue triggers as the Functions host does', () => {
  const SHORT = {
    visibilityTimeoutSeconds: 1,
    maxPollingIntervalMs: 200,
    maxDequeueCount: 3,
    leaseSeconds: 5,
  };
  const hosts: LocalHostHandle[] = [];
  const connection = (): { connectionString: string } => ({
    connectionString: process.env.TEST_STORAGE_CONNECTION_STRING ?? '',
  });

  afterEach(async () => {
    await Promise.all(hosts.splice(0).map((host) => host.stop()));
    runs.length = 0;
  });

  /** A host of the fixture alone (no HTTP function), on the queue the setting names now, logging its lines. */
  async function fixtureHost(
    settings: Partial<typeof SHORT> & { batchSize?: number; newBatchThreshold?: number } = {},
  ) {
    const lines: string[] = [];
    const host = await startLocalHost({
      rootDir: ROOT,
      files: [FIXTURE],
      port: 0,
      timers: false,
      queues: { ...SHORT, ...settings },
      log: (line) => lines.push(line),
      invocationLog: () => undefined,
    });
    hosts.push(host);
    return { host, lines };
  }

  function queueNamed(name: string): StorageQueue {
    return openStorageQueue(connection(), name);
  }

  async function send(queue: StorageQueue, message: FixtureMessage): Promise<void> {
    await queue.create();
    await queue.send(encodeMessage(JSON.stringify(message), 'base64'));
  }

  /** Polls until `done` holds; fails naming `what` after the deadline. */
  async function until(
    what: string,
    done: () => boolean | Promise<boolean>,
    timeoutMs = 20_000,
  ): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!(await done())) {
      if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  const runsOf = (id: string) => runs.filter((r) => r.message.id === id);

  test('a message runs the handler once, parsed, with its trigger metadata, and is deleted', async () => {
    const name = (process.env[FIXTURE_QUEUE_SETTING] = newQueueName());
    const { host, lines } = await fixtureHost();
    // The app's own worker (functions/syncCycleWorker.ts), registered when this suite loaded the app, listens too.
    expect(host.listening.filter((l) => l.name !== 'syncCycleWorker')).toEqual([
      { name: 'queueFixture', queueName: name },
    ]);
    const queue = queueNamed(name);
    await send(queue, { id: 'once' });
    await until(
      'the message to be handled and deleted',
      async () => runsOf('once').length === 1 && (await queue.approximateCount()) === 0,
    );
    const [run] = runsOf('once');
    expect(run!.message).toEqual({ id: 'once' });
    expect(run!.metadata).toMatchObject({
      dequeueCount: 1,
      id: expect.any(String) as unknown,
      insertionTime: expect.stringMatching(/^\d{4}-\d\d-\d\dT/) as unknown,
      queueTrigger: encodeMessage(JSON.stringify({ id: 'once' }), 'base64'),
    });
    // Past a retry's delay and more: deleted, it never comes back. The host logs the message after
    // its delete is answered, which may be after the queue already counts 0: read the log after this.
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(lines).toEqual([
      expect.stringMatching(
        new RegExp(`^\\d{4}-\\d\\d-\\d\\dT\\S+Z QUEUE ${name} queueFixture \\S+ try 1 succeeded \\d+ms$`),
      ),
    ]);
    expect(runsOf('once')).toHaveLength(1);
    expect(await queueNamed(`${name}-poison`).approximateCount()).toBe(0);
  });

  test('a failing message is retried after the visibility timeout and lands in <queue>-poison after maxDequeueCount tries; the others are unaffected', async () => {
    const name = (process.env[FIXTURE_QUEUE_SETTING] = newQueueName());
    const { lines } = await fixtureHost();
    const queue = queueNamed(name);
    const poison = queueNamed(`${name}-poison`);
    await send(queue, { id: 'bad', fail: true });
    for (const id of ['good-1', 'good-2', 'good-3']) await send(queue, { id });
    await until('the bad message in the poison queue', async () => (await poison.approximateCount()) === 1);
    await until('the queue to be empty', async () => (await queue.approximateCount()) === 0);

    const tries = runsOf('bad');
    expect(tries.map((t) => t.metadata?.dequeueCount)).toEqual([1, 2, 3]);
    for (let i = 1; i < tries.length; i++) {
      // The service keeps visibility in whole seconds; allow a little clock slack below 1 s.
      expect(tries[i]!.at - tries[i - 1]!.at).toBeGreaterThanOrEqual(900);
    }
    for (const id of ['good-1', 'good-2', 'good-3']) expect(runsOf(id)).toHaveLength(1);
    const [poisoned] = await poison.receive(1, 30);
    expect(JSON.parse(decodeMessage(poisoned!.text, 'base64'))).toEqual({ id: 'bad', fail: true });
    expect(lines.filter((l) => l.includes(' failed, retried '))).toHaveLength(2);
    expect(lines.filter((l) => l.includes(' try 3 failed, moved to poison '))).toHaveLength(1);
    // Past another retry's delay: nothing runs it again.
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(runsOf('bad')).toHaveLength(3);
  });

  test('a message that comes back past maxDequeueCount (its workers died) goes to poison without running', async () => {
    const name = (process.env[FIXTURE_QUEUE_SETTING] = newQueueName());
    const queue = queueNamed(name);
    await send(queue, { id: 'orphan' });
    // Three workers take it and die: each receive counts a try, and the message reappears after 1 s.
    for (let taken = 0; taken < SHORT.maxDequeueCount;) {
      const [message] = await queue.receive(1, 1);
      if (message) taken = message.dequeueCount;
      else await new Promise((resolve) => setTimeout(resolve, 100));
    }
    await fixtureHost();
    await until(
      'the message in the poison queue',
      async () => (await queueNamed(`${name}-poison`).approximateCount()) === 1,
    );
    expect(await queue.approximateCount()).toBe(0);
    expect(runsOf('orphan')).toHaveLength(0);
  });

  test('two local hosts on one queue handle each of N messages exactly once, between them', async () => {
    const name = (process.env[FIXTURE_QUEUE_SETTING] = newQueueName());
    // Small batches of slow messages, so that neither host can take the whole queue at once.
    const first = await fixtureHost({ batchSize: 2, newBatchThreshold: 1 });
    const second = await fixtureHost({ batchSize: 2, newBatchThreshold: 1 });
    const queue = queueNamed(name);
    const ids = Array.from({ length: 40 }, (_, i) => `m${i}`);
    await Promise.all(ids.map((id) => send(queue, { id, delayMs: 50 })));
    await until(
      'every message handled and deleted',
      async () => runs.length >= ids.length && (await queue.approximateCount()) === 0,
      30_000,
    );
    expect(runs.map((r) => r.message.id).sort()).toEqual([...ids].sort());
    const handledBy = [first, second].map(
      ({ lines }) => lines.filter((l) => l.includes(' succeeded ')).length,
    );
    expect(handledBy[0]! + handledBy[1]!).toBe(ids.length);
    expect(Math.min(...handledBy)).toBeGreaterThan(0);
  });
});
