import { spawn } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { newTenantId, ROOT } from '../support/service';

/**
 * `npm run token` (and demo, bench: the same `tsc -b` step) on a copy of the checkout without dist/,
 * as after a fresh clone: the first call builds, a call with nothing changed does not rebuild, a
 * changed source is rebuilt. The demo payloads are read from portal/ itself, not from dist/.
 */
const copy = mkdtempSync(path.join(tmpdir(), 'dar-clone-'));

beforeAll(() => {
  for (const entry of [
    'functions',
    'shared',
    'scripts',
    'agent',
    'portal',
    'package.json',
    'tsconfig.json',
    'tsconfig.build.json',
    'local.settings.sample.json',
    'host.json',
  ]) {
    cpSync(path.join(ROOT, entry), path.join(copy, entry), { recursive: true });
  }
  symlinkSync(path.join(ROOT, 'node_modules'), path.join(copy, 'node_modules'), 'dir');
});

afterAll(() => rmSync(copy, { recursive: true, force: true }));

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function npm(args: string[]): Promise<Run> {
  const env: NodeJS.ProcessEnv = { ...process.env, AUTH_MODE: 'dev', DEV_KEY_DIR: '.dev-keys' };
  delete env.PORT;
  const child = spawn('npm', args, { cwd: copy, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (c: Buffer) => (stdout += c.toString()));
  child.stderr?.on('data', (c: Buffer) => (stderr += c.toString()));
  return new Promise((resolve) => child.once('close', (code) => resolve({ code, stdout, stderr })));
}

const token = (): Promise<Run> =>
  npm(['run', '-s', 'token', '--', '--tenant', newTenantId(), '--role', 'GlobalAdministrator']);
const mtime = (file: string): number => statSync(path.join(copy, file)).mtimeMs;
const JWT = /^[\w-]+\.[\w-]+\.[\w-]+\n$/;

test('npm run token builds a fresh clone, then skips the build until a source changes', async () => {
  const first = await token();
  expect(first).toMatchObject({ code: 0, stderr: '' });
  expect(first.stdout).toMatch(JWT);
  const built = {
    token: mtime('dist/scripts/token.js'),
    devKeys: mtime('dist/shared/auth/devKeys.js'),
    buildInfo: mtime('dist/tsconfig.build.tsbuildinfo'),
  };

  const second = await token();
  expect(second).toMatchObject({ code: 0, stderr: '' });
  expect(second.stdout).toMatch(JWT);
  // Nothing was written: tsc -b found dist current.
  expect(mtime('dist/scripts/token.js')).toBe(built.token);
  expect(mtime('dist/tsconfig.build.tsbuildinfo')).toBe(built.buildInfo);

  // A changed source is built again before the token is signed.
  const devKeys = path.join(copy, 'shared', 'auth', 'devKeys.ts');
  writeFileSync(devKeys, `${readFileSync(devKeys, 'utf8')}\n// changed\n`);
  const third = await token();
  expect(third).toMatchObject({ code: 0, stderr: '' });
  expect(mtime('dist/shared/auth/devKeys.js')).toBeGreaterThan(built.devKeys);
  expect(mtime('dist/tsconfig.build.tsbuildinfo')).toBeGreaterThan(built.buildInfo);
}, 240_000);

test('the demo payloads come from portal/demo-scenarios.json as it is now, not a copy in dist/', async () => {
  const file = path.join(copy, 'portal', 'demo-scenarios.json');
  const scenarios = JSON.parse(readFileSync(file, 'utf8')) as { initialDomain: string };
  writeFileSync(file, JSON.stringify({ ...scenarios, initialDomain: 'edited.onmicrosoft.com' }, null, 2));
  const child = spawn(
    process.execPath,
    ['-e', "console.log(require('./dist/scripts/lib/demoScenarios').DEMO_INITIAL_DOMAIN)"],
    { cwd: copy, stdio: ['ignore', 'pipe', 'inherit'] },
  );
  let stdout = '';
  child.stdout?.on('data', (c: Buffer) => (stdout += c.toString()));
  await new Promise((resolve) => child.once('close', resolve));
  expect(stdout).toBe('edited.onmicrosoft.com\n');
});
