import type { LogHandler, LogLevel } from '@azure/functions';
import { format } from 'node:util';

/**
 * The local host's log lines: each starts with the time, ISO-8601 in UTC
 * (`2025-01-31T09:15:02.123Z GET /api/health 200 3ms`). A message of several lines (a stack) gets
 * the time on each, so that every line of the output can be sorted and grepped by time.
 */
export function stampLines(text: string, at: Date = new Date()): string {
  const time = at.toISOString();
  return text
    .split(/\r?\n/)
    .map((line) => `${time} ${line}`)
    .join('\n');
}

/** Writes a stamped line to stdout. */
export function logInfo(text: string): void {
  process.stdout.write(`${stampLines(text)}\n`);
}

/** Writes a stamped line to stderr. */
export function logError(text: string): void {
  process.stderr.write(`${stampLines(text)}\n`);
}

const ERROR_LEVELS: ReadonlySet<LogLevel> = new Set<LogLevel>(['warning', 'error', 'critical']);

/**
 * Where a function's context.log/warn/error go when nobody else takes them: stamped lines naming
 * the level and the function, warnings and errors on stderr, the rest on stdout.
 */
export function consoleInvocationLog(functionName: string): LogHandler {
  return (level, ...args) => {
    const line = `[${level}] ${functionName}: ${format(...args)}`;
    if (ERROR_LEVELS.has(level)) logError(line);
    else logInfo(line);
  };
}
