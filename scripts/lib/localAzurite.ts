import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { freePort, isPortListening, startAzurite } from './azuriteProcess';

/**
 * The Azurite `npm start` uses, and how it knows which one serves its data. An Azurite it starts is
 * recorded in a file inside its data folder (AZURITE_LOCATION): its pid, its Table and Queue ports,
 * and the pid of the `npm start` that owns it. An Azurite is "this checkout's" only when that record names it
 * (alive, listening on the recorded port); anything else listening on the port was started by
 * someone else, with data who knows where.
 */
export const RECORD_FILE = 'npm-start-azurite.json';

const recordSchema = z.object({
  pid: z.number().int().positive(),
  port: z.number().int().positive(),
  /** Absent in records of the Table-only Azurite earlier versions started. */
  queuePort: z.number().int().positive().optional(),
  location: z.string(),
  ownerPid: z.number().int().positive(),
  startedAt: z.string(),
});
export type AzuriteRecord = z.infer<typeof recordSchema>;

/**
 * - `started`: started now, on the port asked for (or on a free one, `movedFrom` naming the taken
 *   port, with `fresh`); stopped by `stop()`.
 * - `adopted`: this data's Azurite, left running by an `npm start` that is gone; stopped by `stop()`.
 * - `shared`: this data's Azurite, owned by another `npm start` still running; `stop()` leaves it.
 * - `foreign`: something else listens on the port; its data location is unknown; `stop()` leaves it.
 */
export type LocalAzuriteKind = 'started' | 'adopted' | 'shared' | 'foreign';

export interface LocalAzurite {
  kind: LocalAzuriteKind;
  /** The Table service's port. */
  port: number;
  /** The Queue service's port; undefined for a Table-only Azurite another npm start still runs. */
  queuePort?: number;
  /** Azurite's pid, when known (not for `foreign`). */
  pid?: number;
  /** `shared`: the pid of the npm start that owns it. */
  ownerPid?: number;
  /** `started` on a free port because this one was taken. */
  movedFrom?: number;
  stop(): Promise<void>;
}

export interface LocalAzuriteOptions {
  /** The Table service's port. */
  port: number;
  /** The Queue service's port. */
  queuePort: number;
  /** Absolute path of the data folder. */
  location: string;
  /** Never use a listener this checkout did not start: start an Azurite of its own instead. */
  fresh?: boolean;
  /** The pid recorded as owner; this process by default. */
  ownerPid?: number;
}

export function readRecord(location: string): AzuriteRecord | null {
  const file = path.join(location, RECORD_FILE);
  if (!existsSync(file)) return null;
  try {
    const parsed = recordSchema.safeParse(JSON.parse(readFileSync(file, 'utf8')));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

function writeRecord(location: string, record: AzuriteRecord): void {
  writeFileSync(path.join(location, RECORD_FILE), `${JSON.stringify(record, null, 2)}\n`);
}

function removeRecord(location: string, pid: number): void {
  if (readRecord(location)?.pid === pid) rmSync(path.join(location, RECORD_FILE), { force: true });
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists, it is someone else's.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Where /proc exists, the pid must still be an Azurite (a pid can be reused after a reboot). */
function looksLikeAzurite(pid: number): boolean {
  const cmdline = `/proc/${pid}/cmdline`;
  if (!existsSync('/proc/self/cmdline')) return true;
  try {
    return /azurite/i.test(readFileSync(cmdline, 'utf8'));
  } catch {
    return false;
  }
}

/** The Azurite the record in `location` names, when it still runs and listens; else null. */
async function recordedAzurite(location: string): Promise<AzuriteRecord | null> {
  const record = readRecord(location);
  if (!record || path.resolve(record.location) !== path.resolve(location)) return null;
  if (!isAlive(record.pid) || !looksLikeAzurite(record.pid)) return null;
  if (record.queuePort !== undefined && !(await isPortListening(record.queuePort))) return null;
  return (await isPortListening(record.port)) ? record : null;
}

/** Stops an Azurite this process did not spawn, by its pid (the id of its process group), as Ctrl-C would. */
export async function stopAzuritePid(pid: number, timeoutMs = 10_000): Promise<void> {
  const signal = (name: NodeJS.Signals): void => {
    try {
      process.kill(-pid, name);
    } catch {
      try {
        process.kill(pid, name);
      } catch {
        // Already gone.
      }
    }
  };
  // SIGINT: Azurite saves its database only when it closes on SIGINT (see azuriteProcess.ts).
  signal('SIGINT');
  const deadline = Date.now() + timeoutMs;
  while (isAlive(pid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
  if (isAlive(pid)) signal('SIGKILL');
}

async function startRecorded(
  port: number,
  queuePort: number,
  location: string,
  ownerPid: number,
): Promise<{ pid: number; queuePort: number; stop(): Promise<void> }> {
  const azurite = await startAzurite({ port, queuePort, location });
  writeRecord(location, {
    pid: azurite.pid,
    port,
    queuePort,
    location,
    ownerPid,
    startedAt: new Date().toISOString(),
  });
  return {
    pid: azurite.pid,
    queuePort,
    stop: async () => {
      await azurite.stop();
      removeRecord(location, azurite.pid);
    },
  };
}

/**
 * The Azurite for `npm start`: this data folder's own when it already runs (on whichever ports its
 * record names), else a new one on `port` and `queuePort`; when something this checkout did not
 * start holds the port, that listener (`foreign`, its Queue service assumed on `queuePort`), or
 * with `fresh` a new Azurite on free ports. A Table-only Azurite an earlier version left behind is
 * stopped and replaced (its data stays in the folder), unless another npm start still uses it.
 */
export async function localAzurite(options: LocalAzuriteOptions): Promise<LocalAzurite> {
  const ownerPid = options.ownerPid ?? process.pid;
  const { location } = options;
  const recorded = await recordedAzurite(location);
  if (recorded) {
    if (recorded.ownerPid !== ownerPid && isAlive(recorded.ownerPid)) {
      return {
        kind: 'shared',
        port: recorded.port,
        queuePort: recorded.queuePort,
        pid: recorded.pid,
        ownerPid: recorded.ownerPid,
        stop: () => Promise.resolve(),
      };
    }
    if (recorded.queuePort === undefined) {
      await stopAzuritePid(recorded.pid);
      removeRecord(location, recorded.pid);
    } else {
      writeRecord(location, { ...recorded, ownerPid });
      return {
        kind: 'adopted',
        port: recorded.port,
        queuePort: recorded.queuePort,
        pid: recorded.pid,
        stop: async () => {
          await stopAzuritePid(recorded.pid);
          removeRecord(location, recorded.pid);
        },
      };
    }
  }
  if (!(await isPortListening(options.port))) {
    const started = await startRecorded(options.port, options.queuePort, location, ownerPid);
    return { kind: 'started', port: options.port, ...started };
  }
  if (!options.fresh) {
    return {
      kind: 'foreign',
      port: options.port,
      queuePort: options.queuePort,
      stop: () => Promise.resolve(),
    };
  }
  const port = await freePort();
  const started = await startRecorded(port, await freePort(), location, ownerPid);
  return { kind: 'started', port, movedFrom: options.port, ...started };
}

/** The data folder as a person reads it: relative to the checkout when inside it, else absolute. */
export function displayLocation(location: string, root: string): string {
  const relative = path.relative(root, location);
  if (relative === '') return '.';
  return relative.startsWith('..') || path.isAbsolute(relative) ? location : `${relative}${path.sep}`;
}

/** What `npm start` says about its Azurite, one line each (the first `foreign` line is a warning). */
export function describeAzurite(azurite: LocalAzurite, where: string): string[] {
  const queue =
    azurite.queuePort === undefined
      ? ' (no Queue service: an earlier version started it)'
      : ` and Queue service on 127.0.0.1:${azurite.queuePort}`;
  const at = `Azurite Table service on 127.0.0.1:${azurite.port}${queue}`;
  switch (azurite.kind) {
    case 'started':
      return [
        ...(azurite.movedFrom === undefined
          ? []
          : [
              `Port ${azurite.movedFrom} is taken by something this checkout did not start (--fresh-storage): ` +
                `started this checkout's own Azurite on a free port instead`,
            ]),
        `${at}, started for this checkout (pid ${azurite.pid ?? '?'}), data in ${where}; Ctrl-C stops it`,
      ];
    case 'adopted':
      return [
        `${at}, left running for this checkout by an earlier npm start (pid ${azurite.pid ?? '?'}), ` +
          `data in ${where}; using it, and Ctrl-C stops it`,
      ];
    case 'shared':
      return [
        `${at}, run for this checkout by another npm start (pid ${azurite.ownerPid ?? '?'}), data in ` +
          `${where}; using it, and that npm start stops it`,
      ];
    case 'foreign':
      return [
        `WARNING: port ${azurite.port} already has a listener that this checkout did not start ` +
          `(${where} holds no record of it), so where its data lives is unknown. Using it as Azurite's ` +
          `Table service anyway (and port ${azurite.queuePort ?? '?'} as its Queue service), and leaving it ` +
          `running on Ctrl-C.`,
        `To use this checkout's own Azurite (data in ${where}) instead, stop that listener, set ` +
          `AZURITE_TABLE_PORT to a free port, or pass --fresh-storage (npm start -- --fresh-storage).`,
      ];
  }
}
