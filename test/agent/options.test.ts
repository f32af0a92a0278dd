import path from 'node:path';
import { UsageError } from '../../scripts/lib/serviceUrl';
import { parseAgentArgs, USAGE, type AgentOptions } from '../../agent/options';

const ENV = { AGENT_PW: 'secret-value' };
const BASE = [
  '--ldap-url',
  'ldaps://dc1.contoso.com',
  '--bind-dn',
  'CN=svc-agent,OU=Service,DC=contoso,DC=com',
  '--password-env',
  'AGENT_PW',
  '--base-dn',
  'OU=Sales,DC=contoso,DC=com',
  '--dev-tenant',
  '7F3C1D2E-0000-4000-8000-000000000001',
];

const options = (extra: string[] = [], env: NodeJS.ProcessEnv = ENV, base = BASE): AgentOptions => {
  const parsed = parseAgentArgs([...base, ...extra], env, '/work/here');
  if (parsed.help) throw new Error('help');
  return parsed.options;
};
const usage = (argv: string[], env: NodeJS.ProcessEnv = ENV): string => {
  try {
    parseAgentArgs(argv, env, '/work/here');
  } catch (error) {
    expect(error).toBeInstanceOf(UsageError);
    return (error as Error).message;
  }
  throw new Error('no UsageError');
};
const without = (flag: string): string[] => {
  const i = BASE.indexOf(flag);
  return [...BASE.slice(0, i), ...BASE.slice(i + 2)];
};

describe('parseAgentArgs', () => {
  it('answers help for --help and -h, whatever else is missing', () => {
    expect(parseAgentArgs(['--help'], {})).toEqual({ help: true });
    expect(parseAgentArgs(['-h'], {})).toEqual({ help: true });
    for (const flag of [
      '--ldap-url',
      '--bind-dn',
      '--password-env',
      '--base-dn',
      '--ca-file',
      '--starttls',
      '--source-anchor',
      '--state-file',
      '--full',
      '--dry-run',
      '--url',
      '--dev-tenant',
      '--scope',
    ]) {
      expect(USAGE).toContain(flag);
    }
  });

  it('has the SPEC defaults', () => {
    expect(options()).toEqual({
      ldapUrl: 'ldaps://dc1.contoso.com',
      bindDn: 'CN=svc-agent,OU=Service,DC=contoso,DC=com',
      passwordEnv: 'AGENT_PW',
      baseDns: ['OU=Sales,DC=contoso,DC=com'],
      caFile: null,
      startTls: false,
      sourceAnchor: 'mS-DS-ConsistencyGuid',
      stateFile: path.resolve('/work/here', '.agent-state.json'),
      full: false,
      dryRun: false,
      serviceUrl: 'http://localhost:7071',
      token: { mode: 'dev', tenantId: '7f3c1d2e-0000-4000-8000-000000000001' },
    });
  });

  it('takes every flag', () => {
    const all = options(
      [
        '--base-dn',
        'OU=Paris,DC=fabrikam,DC=com',
        '--ca-file',
        'ca.pem',
        '--source-anchor',
        'objectGUID',
        '--state-file',
        'state/a.json',
        '--full',
        '--dry-run',
        '--url',
        'https://sync.example.com/',
      ],
      ENV,
      [...without('--ldap-url'), '--ldap-url', 'ldap://dc1.contoso.com:389', '--starttls'],
    );
    expect(all).toMatchObject({
      ldapUrl: 'ldap://dc1.contoso.com:389',
      baseDns: ['OU=Sales,DC=contoso,DC=com', 'OU=Paris,DC=fabrikam,DC=com'],
      caFile: path.resolve('/work/here', 'ca.pem'),
      startTls: true,
      sourceAnchor: 'objectGUID',
      stateFile: path.resolve('/work/here', 'state/a.json'),
      full: true,
      dryRun: true,
      serviceUrl: 'https://sync.example.com',
    });
  });

  it('takes --scope for entra mode instead of --dev-tenant', () => {
    expect(options(['--scope', 'api://sync/.default'], ENV, without('--dev-tenant')).token).toEqual({
      mode: 'entra',
      scope: 'api://sync/.default',
    });
  });

  it('never holds the password, only the name of its variable', () => {
    expect(JSON.stringify(options())).not.toContain('secret-value');
  });

  it.each([
    [['--ldap-url', 'http://dc1'], /--ldap-url must be ldap:\/\/host/],
    [['--ldap-url', 'ldap://dc1/DC=x'], /nothing after the host/],
    [['--source-anchor', 'sAMAccountName'], /--source-anchor must be mS-DS-ConsistencyGuid or objectGUID/],
    [['--starttls'], /--starttls is for ldap:\/\//],
    [['--scope', 'api://x/.default'], /either --dev-tenant/],
    [['--url', 'ftp://x'], /--url must be an http\(s\) URL/],
    [['--base-dn', 'Sales'], /--base-dn must be a distinguished name/],
    [['--bogus'], /Unknown option '--bogus'.*see npm run agent -- --help/],
    [['--password', 'x'], /Unknown option '--password'/],
  ])('refuses %j', (extra, message) => {
    expect(usage([...BASE, ...extra])).toMatch(message);
  });

  it('refuses a --dev-tenant that is no GUID', () => {
    expect(usage([...without('--dev-tenant'), '--dev-tenant', 'contoso'])).toMatch(
      /--dev-tenant must be a tenant GUID/,
    );
  });

  it('needs one of --dev-tenant and --scope, the LDAP flags and a base DN', () => {
    expect(usage(without('--dev-tenant'))).toMatch(/either --dev-tenant <guid> \(AUTH_MODE=dev\) or --scope/);
    expect(usage(without('--base-dn'))).toMatch(/at least one --base-dn is required/);
    expect(usage(without('--bind-dn'))).toMatch(/--bind-dn is required/);
    expect(usage(without('--ldap-url'))).toMatch(/--ldap-url is required/);
    expect(usage(without('--password-env'))).toMatch(/--password-env is required/);
  });

  it('needs ldaps:// or --starttls for --ca-file', () => {
    const plain = [...without('--ldap-url'), '--ldap-url', 'ldap://dc1', '--ca-file', 'ca.pem'];
    expect(usage(plain)).toMatch(/--ca-file needs ldaps:\/\/ or --starttls/);
  });

  it('refuses a password given where the variable name goes, without repeating it', () => {
    const message = usage([...without('--password-env'), '--password-env', 'P@ssw0rd!']);
    expect(message).toMatch(/--password-env is the name of an environment variable/);
    expect(message).not.toContain('P@ssw0rd!');
  });

  it('refuses a password variable that is not set or empty', () => {
    expect(usage(BASE, {})).toMatch(
      /the environment variable AGENT_PW \(--password-env\) is not set or empty/,
    );
    expect(usage(BASE, { AGENT_PW: '' })).toMatch(/not set or empty/);
  });
});
