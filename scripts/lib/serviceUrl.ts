import { parseArgs, type ParseArgsConfig } from 'node:util';
import { z } from 'zod';

/**
 * Where the CLIs that talk to a running service (`npm run demo`, `npm run token -- --url`) find it,
 * one rule for all: `--url` wins, else `http://localhost:$PORT` when PORT is set (the variable
 * `npm start` listens on), else http://localhost:7071. One parser, so the same mistakes get the
 * same one-line messages everywhere.
 */
export const DEFAULT_PORT = 7071;
export const DEFAULT_SERVICE_URL = `http://localhost:${DEFAULT_PORT}`;

/** Where the URL came from: the flag, the PORT variable, or neither. */
export type ServiceUrlSource = '--url' | 'PORT' | 'default';

export interface ServiceUrl {
  /** The service root, without a trailing slash and without /api. */
  url: string;
  source: ServiceUrlSource;
}

/** A mistake on the command line or in the environment: the CLI prints the message alone and exits. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** The lines every --help that takes a service prints about --url and PORT. */
export const SERVICE_URL_USAGE = `  --url     the service root, such as ${DEFAULT_SERVICE_URL} (without /api); without it,
            http://localhost:$PORT when PORT is set, else ${DEFAULT_SERVICE_URL}`;

const urlSchema = z
  .url({ protocol: /^https?$/, error: `--url must be an http(s) URL such as ${DEFAULT_SERVICE_URL}` })
  .transform((u) => u.replace(/\/+$/, ''))
  .refine((u) => !/\/api$/i.test(u), '--url is the service root, without /api');

/**
 * A port from the environment: digits only, 1-65535 (0 too with `allowZero`: "any free port", for
 * what listens). Unset or empty is the default.
 */
export function parsePort(
  name: string,
  raw: string | undefined,
  fallback: number,
  options: { allowZero?: boolean } = {},
): number {
  if (raw === undefined || raw.trim() === '') return fallback;
  const value = raw.trim();
  const port = /^\d{1,5}$/.test(value) ? Number(value) : NaN;
  const low = options.allowZero ? 0 : 1;
  if (!(port >= low && port <= 65535)) {
    throw new UsageError(`${name} must be a port number from ${low} to 65535, not "${raw}"`);
  }
  return port;
}

/** `--url` wins, else `http://localhost:$PORT`, else http://localhost:7071. */
export function resolveServiceUrl(
  flag: string | undefined,
  env: NodeJS.ProcessEnv = process.env,
): ServiceUrl {
  if (flag !== undefined) {
    const parsed = urlSchema.safeParse(flag);
    if (!parsed.success) throw new UsageError(parsed.error.issues.map((i) => i.message).join('; '));
    return { url: parsed.data, source: '--url' };
  }
  const raw = env.PORT;
  if (raw !== undefined && raw.trim() !== '') {
    return { url: `http://localhost:${parsePort('PORT', raw, DEFAULT_PORT)}`, source: 'PORT' };
  }
  return { url: DEFAULT_SERVICE_URL, source: 'default' };
}

/** How a URL's origin reads in a message: "(from PORT=7072)" and so on. */
export function describeSource(target: ServiceUrl, env: NodeJS.ProcessEnv = process.env): string {
  if (target.source === 'PORT') return `PORT=${env.PORT ?? ''}`;
  return target.source === '--url' ? '--url' : 'the default';
}

/**
 * node:util's parseArgs, strict, with its errors turned into one-line UsageErrors that point at the
 * command's --help.
 */
export function parseCommandLine<T extends NonNullable<ParseArgsConfig['options']>>(
  command: string,
  argv: readonly string[],
  options: T,
): ReturnType<typeof parseArgs<{ options: T; args: string[]; strict: true; allowPositionals: false }>> {
  try {
    return parseArgs({ args: [...argv], options, strict: true, allowPositionals: false });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new UsageError(`${message.split('\n')[0] ?? message} (see ${command} -- --help)`);
  }
}
