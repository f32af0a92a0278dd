import Module from 'node:module';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import * as core from './functionsCoreModule';
import { toLocalFunctions, type LocalFunction } from './registrations';

const CORE_MODULE = '@azure/functions-core';

interface ResolvableModule {
  _resolveFilename(request: string, ...rest: unknown[]): string;
}

/**
 * Makes `require('@azure/functions-core')` return our stand-in, as the worker does with its own.
 * Under jest the same is done by `moduleNameMapper`, since jest has its own resolver.
 */
function installCoreModule(): void {
  const resolvable = Module as unknown as ResolvableModule;
  const original = resolvable._resolveFilename.bind(Module);
  const target = require.resolve('./functionsCoreModule');
  if ((resolvable as { __coreInstalled?: boolean }).__coreInstalled) return;
  resolvable._resolveFilename = (request: string, ...rest: unknown[]) =>
    request === CORE_MODULE ? target : original(request, ...rest);
  (resolvable as { __coreInstalled?: boolean }).__coreInstalled = true;
}

/** The files the host loads: package.json `main`, a file or a `dir/*.js` glob, as Azure reads it. */
export function appEntryFiles(rootDir: string, main: string): string[] {
  const star = main.indexOf('*');
  if (star < 0) return [path.resolve(rootDir, main)];
  const dir = path.resolve(rootDir, path.dirname(main));
  const suffix = path.basename(main).slice(1);
  if (path.basename(main).indexOf('*') !== 0 || suffix.includes('*')) {
    throw new Error(`Unsupported main pattern ${main}: use <dir>/*<ext>`);
  }
  return readdirSync(dir)
    .filter((f) => f.endsWith(suffix) && !f.endsWith('.d.ts'))
    .sort()
    .map((f) => path.join(dir, f));
}

export function packageMain(rootDir: string): string {
  const pkg = JSON.parse(readFileSync(path.join(rootDir, 'package.json'), 'utf8')) as { main?: unknown };
  if (typeof pkg.main !== 'string') throw new Error('package.json has no main');
  return pkg.main;
}

/** Loads the app's entry files and returns every function they registered. */
export function loadApp(files: readonly string[]): LocalFunction[] {
  installCoreModule();
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- the host loads entry files by path, as the worker does
  for (const file of files) require(file);
  return toLocalFunctions(core.registeredFunctions());
}
