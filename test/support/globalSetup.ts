import { azuriteConnectionString, freePort, startAzurite } from '../../scripts/lib/azuriteProcess';

/** One in-memory Azurite for the whole run; each test file uses its own tenant ids or tables. */
export default async function globalSetup(): Promise<void> {
  const port = await freePort();
  const azurite = await startAzurite({ port });
  process.env.TEST_STORAGE_CONNECTION_STRING = azuriteConnectionString(port);
  (globalThis as { __AZURITE__?: typeof azurite }).__AZURITE__ = azurite;
}
