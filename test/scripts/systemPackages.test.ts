import { readFileSync } from 'node:fs';
import path from 'node:path';
import {
  ensureSystemPackages,
  installCommand,
  MissingSystemPackages,
  SYSTEM_REQUIREMENTS,
  type SystemRequirement,
} from '../../scripts/lib/systemPackages';
import { ROOT } from '../support/service';

/** npm test brings what npm does not (scripts/lib/systemPackages.ts, called by the global set-up). */
const ABSENT: SystemRequirement = {
  purpose: 'a test',
  path: '/nonexistent/tool',
  debianPackages: ['tool-a', 'tool-b'],
};

test('nothing missing: nothing said, nothing run', () => {
  const present: SystemRequirement = { purpose: 'x', path: process.execPath, debianPackages: ['nodejs'] };
  const run = jest.fn();
  const say = jest.fn();
  expect(ensureSystemPackages({ requirements: [present], run, say })).toEqual([]);
  expect(run).not.toHaveBeenCalled();
  expect(say).not.toHaveBeenCalled();
});

test('Debian as root: installs with one visible line naming the command', () => {
  const lines: string[] = [];
  const commands: string[] = [];
  // The fake install "succeeds" but the path is still absent, which must be reported as a failure.
  expect(() =>
    ensureSystemPackages({
      requirements: [ABSENT],
      ability: { debian: true, root: true },
      say: (l) => lines.push(l),
      run: (c) => {
        commands.push(c);
        return { status: 0, output: '' };
      },
    }),
  ).toThrow(
    /failed .*run it yourself: apt-get update && .*apt-get install -y --no-install-recommends tool-a tool-b/,
  );
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(
    /^npm test: installing \/nonexistent\/tool for a test \(Debian, as root\): apt-get/,
  );
  expect(commands).toEqual([installCommand([ABSENT])]);
});

test('Debian but not root: stops at once with the exact command, runs nothing', () => {
  const run = jest.fn();
  let error: unknown;
  try {
    ensureSystemPackages({ requirements: [ABSENT], ability: { debian: true, root: false }, run });
  } catch (e) {
    error = e;
  }
  expect(error).toBeInstanceOf(MissingSystemPackages);
  expect((error as Error).message).toContain(`sudo sh -c '${installCommand([ABSENT])}'`);
  expect(run).not.toHaveBeenCalled();
});

test('not Debian: names the packages and the variable to point at them', () => {
  expect(() =>
    ensureSystemPackages({
      requirements: [{ ...ABSENT, overrideVariable: 'TOOL_PATH' }],
      ability: { debian: false, root: true },
      run: jest.fn(),
    }),
  ).toThrow(/equivalent of Debian's tool-a, tool-b and point TOOL_PATH at it/);
});

test('the override variable points elsewhere', () => {
  const requirement: SystemRequirement = { ...ABSENT, overrideVariable: 'TOOL_PATH' };
  expect(
    ensureSystemPackages({
      requirements: [requirement],
      env: { TOOL_PATH: process.execPath },
      run: jest.fn(),
    }),
  ).toEqual([]);
});

test('the README names the exact install command of the one list', () => {
  const readme = readFileSync(path.join(ROOT, 'README.md'), 'utf8');
  expect(readme).toContain(installCommand(SYSTEM_REQUIREMENTS));
});
