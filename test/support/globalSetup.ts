import { azuriteConnectionString, freePort, startAzurite } from '../../scripts/lib/azuriteProcess';
import { ensureSystemPackages } from '../../scripts/lib/systemPackages';

/**
 * Before any suite: the system packages the tests need (installed here on a Debian root machine,
 * or a stop with the exact command elsewhere), then one in-memory Azurite (Table and Queue services) for the whole run; each
 * test file uses its own tenant ids or tables. Azurite is started last, so that nothing started
 * is left behind when an earlier step fails.
 */
export default async function globalSetup(): Promise<void> {
  ensureSystemPackages();
  const port = await freePort();
  const azurite = await startAzurite({ port });
  process.env.TEST_STORAGE_CONNECTION_STRING = azuriteConnectionString(port, azurite.queuePort);
  (globalThis as { __AZURITE__?: typeof azurite }).__AZURITE__ = azurite;
}
