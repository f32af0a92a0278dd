import path from 'node:path';
import { azuriteConnectionString, isPortListening } from './lib/azuriteProcess';
import { parseConfig } from '../shared/config';
import { describeAzurite, displayLocation, localAzurite } from './lib/localAzurite';
import { applyLocalSettings } from './lib/localSettings';
import { DEFAULT_PORT, parseCommandLine, parsePort, UsageError } from './lib/serviceUrl';
import { logError, logInfo } from './localHost/logLine';
import { startLocalHost } from './localHost/startLocalHost';

const ROOT = path.resolve(__dirname, '..', '..');

const USAGE = `Usage: npm start [-- --fresh-storage]
Builds, starts Azurite's Table service (data kept in AZURITE_LOCATION) and serves every function of
the app on http://localhost:$PORT/api/..., the sync-cycle timer included. Ctrl-C stops the host and
the Azurite it started, and keeps the data.
  --fresh-storage  never use an Azurite this checkout did not start: when something else listens on
                   AZURITE_TABLE_PORT, start this checkout's own Azurite on a free port instead.
                   Nothing is deleted: the data stays in AZURITE_LOCATION
  --help           prints this
Variables (also read from local.settings.json): PORT (default ${DEFAULT_PORT}; 0 = any free port),
HOST (default 127.0.0.1), AZURITE_TABLE_PORT (default 10002), AZURITE_LOCATION (default .azurite),
LOCAL_HOST_QUIET (true: no line per request).`;

/** `npm start`: Azurite's Table service plus every function of the app on the local host. */
async function main(): Promise<void> {
  const { values } = parseCommandLine('npm start', process.argv.slice(2), {
    'fresh-storage': { type: 'boolean' },
    help: { type: 'boolean', short: 'h' },
  });
  if (values.help) {
    console.log(USAGE);
    return;
  }
  const settingsFile = applyLocalSettings(ROOT);
  // Fail at start, naming the variable, rather than with a 500 on every request.
  parseConfig(process.env);
  const port = parsePort('PORT', process.env.PORT, DEFAULT_PORT, { allowZero: true });
  const azuritePort = parsePort('AZURITE_TABLE_PORT', process.env.AZURITE_TABLE_PORT, 10002);
  if (port !== 0 && (await isPortListening(port)))
    throw new UsageError(`Port ${port} is already in use: stop what runs there or set PORT`);
  const location = path.resolve(ROOT, process.env.AZURITE_LOCATION ?? '.azurite');
  const where = displayLocation(location, ROOT);
  const azurite = await localAzurite({
    port: azuritePort,
    location,
    fresh: values['fresh-storage'] ?? false,
  }).catch((error: unknown) => {
    throw new Error(`Azurite did not start: ${error instanceof Error ? error.message : String(error)}`);
  });
  if (process.env.STORAGE_CONNECTION_STRING === 'UseDevelopmentStorage=true') {
    process.env.STORAGE_CONNECTION_STRING = azuriteConnectionString(azurite.port);
  }

  const host = await startLocalHost({
    rootDir: ROOT,
    port,
    host: process.env.HOST ?? '127.0.0.1',
    staticDir: path.join(ROOT, 'portal'),
    log: process.env.LOCAL_HOST_QUIET === 'true' ? undefined : (line) => console.log(line),
  }).catch(async (error: unknown) => {
    await azurite.stop();
    throw error;
  });
  logInfo(`Settings from ${settingsFile}`);
  // A listener of unknown origin is a warning, on stderr.
  for (const line of describeAzurite(azurite, where)) (azurite.kind === 'foreign' ? logError : logInfo)(line);
  for (const fn of host.served) logInfo(`  ${fn.name}: [${fn.methods.join(',')}] ${host.url}/${fn.route}`);
  for (const fn of host.functions) if (fn.kind === 'timer') logInfo(`  ${fn.name}: timer ${fn.schedule}`);
  logInfo(`Serving on ${host.url} (AUTH_MODE=${process.env.AUTH_MODE ?? '?'}). Ctrl-C stops.`);

  let stopping = false;
  const stop = (): void => {
    if (stopping) return;
    stopping = true;
    logInfo('Stopping...');
    void host
      .stop()
      .then(() => azurite.stop())
      .then(() => process.exit(0));
  };
  // Ctrl-C, kill (SIGTERM) and a closed terminal (SIGHUP) all stop what npm start started. npm
  // itself may die without passing the signal on (kill -TERM of npm's pid): when this process is
  // orphaned, it stops too, so nothing is left serving on the ports.
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  process.on('SIGHUP', stop);
  const parent = process.ppid;
  setInterval(() => {
    if (process.ppid !== parent) stop();
  }, 500).unref();
}

main().catch((error: unknown) => {
  logError(`npm start failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
