import path from 'node:path';
import { azuriteConnectionString, isPortListening } from './lib/azuriteProcess';
import { parseConfig } from '../shared/config';
import { SYNC_CYCLE_QUEUE_CONNECTION } from '../shared/queue/cycleQueue';
import { describeAzurite, displayLocation, localAzurite } from './lib/localAzurite';
import { applyLocalSettings } from './lib/localSettings';
import { DEFAULT_PORT, parseCommandLine, parsePort, UsageError } from './lib/serviceUrl';
import { logError, logInfo } from './localHost/logLine';
import { startLocalHost } from './localHost/startLocalHost';

const ROOT = path.resolve(__dirname, '..', '..');

const USAGE = `Usage: npm start [-- --fresh-storage]
Builds, starts Azurite's Table and Queue services (data kept in AZURITE_LOCATION) and serves every
function of the app on http://localhost:$PORT/api/..., the sync-cycle timer and queue triggers included. Ctrl-C stops the host and
the Azurite it started, and keeps the data.
  --fresh-storage  never use an Azurite this checkout did not start: when something else listens on
                   AZURITE_TABLE_PORT, start this checkout's own Azurite on a free port instead.
                   Nothing is deleted: the data stays in AZURITE_LOCATION
  --help           prints this
Variables (also read from local.settings.json): PORT (default ${DEFAULT_PORT}; 0 = any free port),
HOST (default 127.0.0.1), AZURITE_TABLE_PORT (default 10002), AZURITE_QUEUE_PORT (default 10001),
AZURITE_LOCATION (default .azurite), LOCAL_HOST_QUIET (true: no line per request or queue message).`;

/** `npm start`: Azurite's Table and Queue services plus every function of the app on the local host. */
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
  const queuePort = parsePort('AZURITE_QUEUE_PORT', process.env.AZURITE_QUEUE_PORT, 10001);
  if (port !== 0 && (await isPortListening(port)))
    throw new UsageError(`Port ${port} is already in use: stop what runs there or set PORT`);
  const location = path.resolve(ROOT, process.env.AZURITE_LOCATION ?? '.azurite');
  const where = displayLocation(location, ROOT);
  const azurite = await localAzurite({
    port: azuritePort,
    queuePort,
    location,
    fresh: values['fresh-storage'] ?? false,
  }).catch((error: unknown) => {
    throw new Error(`Azurite did not start: ${error instanceof Error ? error.message : String(error)}`);
  });
  // UseDevelopmentStorage=true means Azurite on its default ports; here it is the one just found or started.
  const development = azuriteConnectionString(azurite.port, azurite.queuePort);
  if (process.env.STORAGE_CONNECTION_STRING === 'UseDevelopmentStorage=true') {
    process.env.STORAGE_CONNECTION_STRING = development;
  }
  // The queue trigger's connection setting: a local.settings.json written before it existed lacks it,
  // and then the queue is where the tables are, as the app's sender assumes too (shared/queue/cycleQueue.ts).
  const queueSetting = process.env[SYNC_CYCLE_QUEUE_CONNECTION];
  if (queueSetting === 'UseDevelopmentStorage=true') process.env[SYNC_CYCLE_QUEUE_CONNECTION] = development;
  else if (queueSetting === undefined && process.env.STORAGE_CONNECTION_STRING)
    process.env[SYNC_CYCLE_QUEUE_CONNECTION] = process.env.STORAGE_CONNECTION_STRING;

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
  for (const fn of host.functions) if (fn.kind === 'queue') logInfo(`  ${fn.name}: queue ${fn.queueName}`);
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
