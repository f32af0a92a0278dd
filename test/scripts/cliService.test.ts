import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { freePort } from '../../scripts/lib/azuriteProcess';
import { DEFAULT_SERVICE_URL, parsePort, resolveServiceUrl, UsageError } from '../../scripts/lib/serviceUrl';
import { call, newTenantId, ROOT, startTestService, type TestService } from '../support/service';

/**
 * The CLIs that talk to a service find it one way (scripts/lib/serviceUrl.ts): --url, else
 * http://localhost:$PORT, else http://localhost:7071. Run as a user runs them: the built
 * dist/scripts/*.js in processes of their own (`npm test` builds first).
 */
let service: TestService;
let port: string;
const work = mkdtempSync(path.join(tmpdir(), 'dar-cli-'));

beforeAll(async () => {
  service = await startTestService();
  port = new URL(service.url).port;
});
afterAll(async () => {
  await service.stop();
  rmSync(work, { recursive: true, force: true });
});

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `node dist/scripts/<name>.js ...args` with the environment given (PORT unset unless given). */
function run(name: string, args: string[], env: Record<string, string> = {}): Promise<Run> {
  const base: NodeJS.ProcessEnv = { ...process.env, DEV_KEY_DIR: path.join(work, 'own-keys') };
  delete base.PORT;
  const child = spawn(process.execPath, [path.join(ROOT, 'dist', 'scripts', `${name}.js`), ...args], {
    cwd: ROOT,
    env: { ...base, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (c: Buffer) => (stdout += c.toString()));
  child.stderr?.on('data', (c: Buffer) => (stderr += c.toString()));
  return new Promise((resolve) => child.once('close', (code) => resolve({ code, stdout, stderr })));
}

const JWT = /^[\w-]+\.[\w-]+\.[\w-]+\n$/;

describe('resolveServiceUrl: --url wins, else PORT, else :7071', () => {
  test('the order and the sources', () => {
    expect(resolveServiceUrl(undefined, {})).toEqual({ url: DEFAULT_SERVICE_URL, source: 'default' });
    expect(resolveServiceUrl(undefined, { PORT: '7072' })).toEqual({
      url: 'http://localhost:7072',
      source: 'PORT',
    });
    expect(resolveServiceUrl('http://127.0.0.1:8080//', { PORT: '7072' })).toEqual({
      url: 'http://127.0.0.1:8080',
      source: '--url',
    });
    // An empty PORT is no PORT, as for npm start.
    expect(resolveServiceUrl(undefined, { PORT: ' ' }).source).toBe('default');
  });

  test('the same one-line refusals for every CLI', () => {
    expect(() => resolveServiceUrl('ftp://x', {})).toThrow(
      new UsageError('--url must be an http(s) URL such as http://localhost:7071'),
    );
    expect(() => resolveServiceUrl('localhost:7071', {})).toThrow('--url must be an http(s) URL');
    expect(() => resolveServiceUrl('http://localhost:7071/api/', {})).toThrow(
      '--url is the service root, without /api',
    );
    for (const bad of ['abc', '0', '65536', '-1', '70.5', '1e3']) {
      expect(() => resolveServiceUrl(undefined, { PORT: bad })).toThrow(
        `PORT must be a port number from 1 to 65535, not "${bad}"`,
      );
    }
    expect(parsePort('PORT', '0', 7071, { allowZero: true })).toBe(0);
    expect(() => parsePort('AZURITE_TABLE_PORT', 'x', 10002)).toThrow(
      'AZURITE_TABLE_PORT must be a port number from 1 to 65535, not "x"',
    );
  });
});

describe('every CLI has --help', () => {
  test.each([
    ['token', /^Usage: npm run -s token -- --tenant <guid> --role <role>/],
    ['demo', /^Usage: npm run demo -- \[--url <service root>\]/],
    ['bench', /^Usage: npm run bench -- \[--objects N\]/],
    ['start', /^Usage: npm start/],
  ])('%s --help prints its usage on stdout and exits 0', async (name, usage) => {
    const result = await run(name, ['--help']);
    expect(result).toMatchObject({ code: 0, stderr: '' });
    expect(result.stdout).toMatch(usage);
    expect(result.stdout).toContain('--help');
  });

  test('an unknown option is one line pointing at --help', async () => {
    for (const name of ['token', 'demo', 'bench']) {
      const result = await run(name, ['--bogus']);
      expect(result.code).not.toBe(0);
      expect(result.stderr.trim().split('\n')).toHaveLength(1);
      expect(result.stderr).toContain(`Unknown option '--bogus'`);
      expect(result.stderr).toContain(`(see npm run ${name} -- --help)`);
    }
  });

  test('npm run token -- --help, through npm as the README writes it', async () => {
    const child = spawn('npm', ['run', '-s', 'token', '--', '--help'], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    child.stdout?.on('data', (c: Buffer) => (stdout += c.toString()));
    const code = await new Promise((resolve) => child.once('close', resolve));
    expect(code).toBe(0);
    expect(stdout).toMatch(/^Usage: npm run -s token/);
  }, 120_000);
});

describe('demo and token find the service by --url or PORT', () => {
  test('npm run demo honours PORT', async () => {
    const tenant = newTenantId();
    const result = await run('demo', ['--tenant', tenant], { PORT: port });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`Tenant ${tenant} at http://localhost:${port}:`);
    expect(result.stdout).toContain('Open sync errors (3):');
  });

  test('--url wins over PORT, and a bad PORT is refused before anything is sent', async () => {
    const wrong = String(await freePort());
    const tenant = newTenantId();
    const result = await run('demo', ['--url', service.url, '--tenant', tenant], { PORT: wrong });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`Tenant ${tenant} at ${service.url}:`);

    const bad = await run('demo', [], { PORT: 'seventy' });
    expect(bad.code).toBe(1);
    expect(bad.stderr).toBe('demo: PORT must be a port number from 1 to 65535, not "seventy"\n');
  });

  test('a PORT nothing listens on: one line naming the URL', async () => {
    const closed = String(await freePort());
    const result = await run('demo', [], { PORT: closed });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(
      new RegExp(`^demo: cannot reach the service at http://localhost:${closed} \\(ECONNREFUSED\\)`),
    );
  });

  test('token with PORT or --url gets the token from that service, which accepts it', async () => {
    const tenant = newTenantId();
    for (const [args, env] of [
      [[], { PORT: port }],
      [['--url', service.url], {}],
    ] as const) {
      const result = await run('token', ['--tenant', tenant, '--role', 'Contributor', ...args], env);
      expect(result).toMatchObject({ code: 0, stderr: '' });
      expect(result.stdout).toMatch(JWT);
      const answer = await call(`${service.url}/api/settings`, 'GET', { token: result.stdout.trim() });
      expect(answer.status).toBe(200);
    }
  });

  test('token with neither signs locally with this checkout key, which that service does not know', async () => {
    const result = await run('token', ['--tenant', newTenantId(), '--role', 'GlobalAdministrator']);
    expect(result).toMatchObject({ code: 0, stderr: '' });
    expect(result.stdout).toMatch(JWT);
    const answer = await call(`${service.url}/api/settings`, 'GET', { token: result.stdout.trim() });
    expect(answer.status).toBe(401);
  });

  test('token: --oid needs local signing, and an unreachable service says where the URL came from', async () => {
    const tenant = newTenantId();
    const oid = await run('token', ['--tenant', tenant, '--role', 'None', '--oid', 'x'], { PORT: port });
    expect(oid.code).toBe(2);
    expect(oid.stderr).toMatch(/^token: --oid is for a locally signed token/);

    const closed = String(await freePort());
    const down = await run('token', ['--tenant', tenant, '--role', 'None'], { PORT: closed });
    expect(down.code).toBe(2);
    expect(down.stdout).toBe('');
    expect(down.stderr.trim().split('\n')).toHaveLength(1);
    expect(down.stderr).toContain(`cannot reach the service at http://localhost:${closed}`);
    expect(down.stderr).toContain(`from PORT=${closed}`);
  });

  test('bench measures a service of its own and says so when given --url', async () => {
    const result = await run('bench', ['--url', service.url]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^bench: the benchmark starts and measures a service of its own/);
  });
});
