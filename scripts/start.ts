import path from 'node:path';
import { azuriteConnectionString, isPortListening, startAzurite } from './lib/azuriteProcess';
import { parseConfig } from '../shared/config';
import { applyLocalSettings } from './lib/localSettings';
import { startLocalHost } from './localHost/startLocalHost';

const ROOT = path.resolve(__dirname, '..', '..');

/** `npm start`: Azurite's Table service plus every function of the app on the local host. */
async function main(): Promise<void> {
  const settingsFile = applyLocalSettings(ROOT);
  // Fail at start, naming the variable, rather than with a 500 on every request.
  parseConfig(process.env);
  const port = Number(process.env.PORT ?? 7071);
  if (await isPortListening(port))
    throw new Error(`Port ${port} is already in use: stop what runs there or set PORT`);
  const azuritePort = Number(process.env.AZURITE_TABLE_PORT ?? 10002);
  const azurite = await startAzurite({
    port: azuritePort,
    location: path.resolve(ROOT, process.env.AZURITE_LOCATION ?? '.azurite'),
    reuseExisting: true,
  }).catch((error: unknown) => {
    throw new Error(`Azurite did not start: ${error instanceof Error ? error.message : String(error)}`);
  });
  if (process.env.STORAGE_CONNECTION_STRING === 'UseDevelopmentStorage=true') {
    process.env.STORAGE_CONNECTION_STRING = azuriteConnectionString(azuritePort);
  }

  const host = await startLocalHost({
    rootDir: ROOT,
    port,
    host: process.env.HOST ?? '127.0.0.1',
    staticDir: path.join(ROOT, 'portal'),
    log: process.env.LOCAL_HOST_QUIET === 'true' ? undefined : (line) => console.log(line),
  });
  console.log(
    `Settings from ${settingsFile}; Azurite Table service on 127.0.0.1:${azuritePort}` +
      (azurite.reused ? ' (already running, reused)' : ', data in .azurite/'),
  );
  for (const fn of host.served)
    console.log(`  ${fn.name}: [${fn.methods.join(',')}] ${host.url}/${fn.route}`);
  for (const fn of host.functions) if (fn.kind === 'timer') console.log(`  ${fn.name}: timer ${fn.schedule}`);
  console.log(`Serving on ${host.url} (AUTH_MODE=${process.env.AUTH_MODE ?? '?'}). Ctrl-C stops.`);

  let stopping = false;
  const stop = (): void => {
    if (stopping) return;
    stopping = true;
    console.log('Stopping...');
    void host
      .stop()
      .then(() => azurite.stop())
      .then(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((error: unknown) => {
  console.error(`npm start failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
