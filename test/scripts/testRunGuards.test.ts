import { spawn } from 'node:child_process';
import path from 'node:path';
import { ROOT } from '../support/service';

/**
 * No test run can hang: a suite whose set-up fails half-way stops what it started, and a handle a
 * suite leaks fails the run loudly (test/support/leakGuard.ts). Each case runs a real jest, with
 * the real global set-up and teardown, on a deliberately broken suite in test/fixtures/testRun.
 */
interface Run {
  code: number | null;
  output: string;
  ms: number;
}

function runFixture(file: string, env: Record<string, string> = {}): Promise<Run> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [
        path.join(ROOT, 'node_modules', 'jest', 'bin', 'jest.js'),
        '--config',
        path.join(ROOT, 'test', 'fixtures', 'testRun', 'jest.config.js'),
        '--runInBand',
        '--ci',
        file,
      ],
      { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    // The guard under test is what ends these runs; this only keeps a regression from hanging npm test.
    const stop = setTimeout(() => child.kill('SIGKILL'), 90_000);
    child.once('error', reject);
    child.once('close', (code) => {
      clearTimeout(stop);
      resolve({ code, output, ms: Date.now() - started });
    });
  });
}

test('a suite whose browser launch fails ends in seconds, fails, and says why; the service it started is stopped', async () => {
  const run = await runFixture('brokenBrowser.fixture.ts', { TEST_LEAK_GRACE_MS: '3000' });
  expect(run.code).not.toBe(0);
  expect(run.output).toContain('No chromium at /nonexistent/chromium');
  // The service started beside the browser was stopped: nothing was left for the leak guard.
  expect(run.output).not.toContain('LEAKED HANDLES');
  expect(run.ms).toBeLessThan(60_000);
}, 100_000);

test('a suite that leaks a listening server fails the run with the guard naming it, instead of hanging', async () => {
  const run = await runFixture('leakedServer.fixture.ts', { TEST_LEAK_GRACE_MS: '2000' });
  expect(run.code).toBe(1);
  expect(run.output).toContain('1 passed');
  expect(run.output).toMatch(/LEAKED HANDLES: .*still open: .*TCPServerWrap/);
  expect(run.ms).toBeLessThan(60_000);
}, 100_000);
