import type { AzuriteHandle } from '../../scripts/lib/azuriteProcess';

export default async function globalTeardown(): Promise<void> {
  const azurite = (globalThis as { __AZURITE__?: AzuriteHandle }).__AZURITE__;
  await azurite?.stop();
}
