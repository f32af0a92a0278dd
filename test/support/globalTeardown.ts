import type { AzuriteHandle } from '../../scripts/lib/azuriteProcess';
import { armLeakGuard } from './leakGuard';

export default async function globalTeardown(): Promise<void> {
  const azurite = (globalThis as { __AZURITE__?: AzuriteHandle }).__AZURITE__;
  try {
    await azurite?.stop();
  } finally {
    armLeakGuard();
  }
}
