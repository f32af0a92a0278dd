import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

/**
 * The one list of what the tests need that npm does not bring. Each entry names the program the
 * tests run and the Debian packages that provide it. `npm test` (test/support/globalSetup.ts)
 * installs what is missing on a Debian machine where it runs as root, and stops at once with the
 * exact command elsewhere.
 */
export interface SystemRequirement {
  /** What it is for, in the message a user reads. */
  purpose: string;
  /** The executable the tests run; an environment variable may point elsewhere. */
  path: string;
  /** Set to a path of the user's own (another Chromium, say) to skip the install. */
  overrideVariable?: string;
  debianPackages: readonly string[];
}

export const SYSTEM_REQUIREMENTS: readonly SystemRequirement[] = [
  {
    purpose: 'the portal browser tests (test/browser)',
    path: '/usr/bin/chromium',
    overrideVariable: 'CHROMIUM_PATH',
    debianPackages: ['chromium'],
  },
  {
    // samba-ad-dc brings the DC's database modules; samba-ad-provision the templates samba-tool provisions from.
    purpose: 'the agent tests against a Samba Active Directory domain controller (test/agent)',
    path: '/usr/sbin/samba',
    debianPackages: ['samba', 'samba-ad-dc', 'samba-ad-provision'],
  },
  {
    purpose: 'applying the fix LDIF to the Samba domain in the agent round trip (test/agent)',
    path: '/usr/bin/ldapmodify',
    debianPackages: ['ldap-utils'],
  },
];

/** Where a requirement's program is expected: the override variable's value, else its default path. */
export function requirementPath(requirement: SystemRequirement, env = process.env): string {
  const override = requirement.overrideVariable ? env[requirement.overrideVariable] : undefined;
  return override && override.length > 0 ? override : requirement.path;
}

export function missingRequirements(
  requirements: readonly SystemRequirement[] = SYSTEM_REQUIREMENTS,
  env = process.env,
): SystemRequirement[] {
  return requirements.filter((r) => !existsSync(requirementPath(r, env)));
}

/** The exact command that installs these requirements on Debian (as root; prefix sudo otherwise). */
export function installCommand(requirements: readonly SystemRequirement[]): string {
  const packages = [...new Set(requirements.flatMap((r) => r.debianPackages))];
  return `apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends ${packages.join(' ')}`;
}

export class MissingSystemPackages extends Error {
  override name = 'MissingSystemPackages';
}

/** What the machine allows: apt-get on a Debian system, run as root. */
export interface InstallAbility {
  debian: boolean;
  root: boolean;
}

export function machineInstallAbility(): InstallAbility {
  const aptGet = spawnSync('sh', ['-c', 'command -v apt-get'], { stdio: 'ignore' }).status === 0;
  return {
    debian: existsSync('/etc/debian_version') && aptGet,
    root: typeof process.getuid === 'function' && process.getuid() === 0,
  };
}

export interface EnsureOptions {
  requirements?: readonly SystemRequirement[];
  ability?: InstallAbility;
  /** Runs a shell command; returns its exit status and combined output (tests replace it). */
  run?: (command: string) => { status: number | null; output: string };
  /** One visible line each: what is installed and why. */
  say?: (line: string) => void;
  env?: NodeJS.ProcessEnv;
}

function runShell(command: string): { status: number | null; output: string } {
  const result = spawnSync('sh', ['-c', command], {
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
    // apt can wait for a lock; it must not wait for ever.
    timeout: 15 * 60_000,
  });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

/**
 * Makes sure every requirement is on the machine. Installs what is missing where it can (Debian,
 * root), saying so in one line; anywhere else throws MissingSystemPackages with the exact command.
 */
export function ensureSystemPackages(options: EnsureOptions = {}): SystemRequirement[] {
  const env = options.env ?? process.env;
  const missing = missingRequirements(options.requirements ?? SYSTEM_REQUIREMENTS, env);
  if (missing.length === 0) return [];
  const command = installCommand(missing);
  const what = missing.map((r) => `${requirementPath(r, env)} for ${r.purpose}`).join('; ');
  const ability = options.ability ?? machineInstallAbility();
  if (!ability.debian || !ability.root) {
    const where = ability.debian
      ? `run as root: sudo sh -c '${command}'`
      : `install the equivalent of Debian's ${[...new Set(missing.flatMap((r) => r.debianPackages))].join(', ')}` +
        (missing.some((r) => r.overrideVariable)
          ? ` and point ${missing.flatMap((r) => (r.overrideVariable ? [r.overrideVariable] : [])).join(', ')} at it`
          : '');
    throw new MissingSystemPackages(`The tests need ${what}. It is missing: ${where}`);
  }
  const say = options.say ?? ((line: string) => process.stderr.write(`${line}\n`));
  say(`npm test: installing ${what} (Debian, as root): ${command}`);
  const run = options.run ?? runShell;
  const result = run(command);
  const stillMissing = missingRequirements(missing, env);
  if (result.status !== 0 || stillMissing.length > 0) {
    const tail = result.output.trim().split('\n').slice(-15).join('\n');
    throw new MissingSystemPackages(
      `Installing the tests' system packages failed (exit ${result.status ?? 'signal'}); run it yourself: ${command}\n${tail}`,
    );
  }
  return missing;
}
