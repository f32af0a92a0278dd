import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { z } from 'zod';
import { loadOrCreateDevKey, signDevToken } from '../../shared/auth/devKeys';
import { azuriteConnectionString, freePort, startAzurite, type AzuriteHandle } from './azuriteProcess';
import { startServiceChild, type ServiceChild } from './benchChild';
import { parseCommandLine, UsageError } from './serviceUrl';

/**
 * What `npm run bench` and `npm run load` share: a command line with `--help` that refuses `--url`
 * (each measures a service of its own), and an in-memory Azurite with the built service in a child
 * process, on free ports, stopped on Ctrl-C too.
 */
const AUDIENCE = 'api://entra-sync-remediation';

export function parseMeasuringCommandLine<S extends z.ZodType>(
  command: string,
  what: string,
  options: Parameters<typeof parseCommandLine>[2],
  schema: S,
  usage: string,
): z.output<S> | null {
  const { values } = parseCommandLine(command, process.argv.slice(2), {
    ...options,
    'cpu-prof': { type: 'string' },
    url: { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  });
  if (values.help) {
    console.log(usage);
    return null;
  }
  if (values.url !== undefined) {
    throw new UsageError(
      `${what} starts and measures a service of its own: it takes no --url (see ${command} -- --help)`,
    );
  }
  const parsed = schema.safeParse(values);
  if (!parsed.success) {
    throw new UsageError(
      `${parsed.error.issues.map((i) => `--${i.path.join('.')}: ${i.message}`).join('; ')} (see ${command} -- --help)`,
    );
  }
  return parsed.data;
}

export interface MeasuredService {
  service: ServiceChild;
  connectionString: string;
  /** A Global Administrator dev token of the service's key for a tenant. */
  token: (tenantId: string, lifetimeSeconds: number) => Promise<string>;
}

/** Runs `work` against a fresh Azurite and service, and stops both whatever happens. */
export async function withMeasuredService<T>(
  options: {
    name: string;
    tablePrefix: string;
    env?: Record<string, string>;
    cpuProf?: string | undefined;
    /** The service's V8 heap limit (`--max-old-space-size`), as an app setting gives it on Azure. */
    heapMb?: number | undefined;
    progress: (line: string) => void;
  },
  work: (measured: MeasuredService) => Promise<T>,
): Promise<T> {
  const keyDir = mkdtempSync(path.join(tmpdir(), `dar-${options.name}-keys-`));
  let azurite: AzuriteHandle | undefined;
  let service: ServiceChild | undefined;
  const cleanUp = async (): Promise<void> => {
    await service?.stop();
    await azurite?.stop();
    rmSync(keyDir, { recursive: true, force: true });
  };
  process.once('SIGINT', () => {
    void cleanUp().then(() => process.exit(130));
  });
  try {
    const port = await freePort();
    azurite = await startAzurite({ port });
    // With the queue endpoint: the fan-out run's workers serve the queue trigger.
    const connectionString = azuriteConnectionString(port, azurite.queuePort);
    options.progress(`Azurite (in memory) on 127.0.0.1:${port}`);
    const key = await loadOrCreateDevKey(keyDir);
    service = await startServiceChild({
      env: {
        PORT: '0',
        AUTH_MODE: 'dev',
        AUTH_AUDIENCE: AUDIENCE,
        DEV_KEY_DIR: keyDir,
        STORAGE_CONNECTION_STRING: connectionString,
        TABLE_PREFIX: options.tablePrefix,
        ...options.env,
      },
      execArgv: [
        ...(options.heapMb ? [`--max-old-space-size=${options.heapMb}`] : []),
        ...(options.cpuProf ? ['--cpu-prof', `--cpu-prof-dir=${path.resolve(options.cpuProf)}`] : []),
      ],
    });
    options.progress(`service (pid ${service.pid}) on ${service.url}`);
    return await work({
      service,
      connectionString,
      token: (tenantId, lifetimeSeconds) =>
        signDevToken(key, { tenantId, role: 'GlobalAdministrator', audience: AUDIENCE, lifetimeSeconds }),
    });
  } finally {
    await cleanUp();
  }
}
