import type { AppConfig } from '../config';
import { loadPagingKey } from './pagingKey';
import { createTableClient, tableName } from './tableClientFactory';
import { tenantStores, type TenantStores } from './tenantStores';

/**
 * The service's stores: the one table holding every tenant's records (in the partitions of
 * tenantLayout.ts), created on first start, with the deployment's key list tokens are sealed with.
 */
export async function openServiceStores(
  config: AppConfig,
  onErrorsChanged?: (tenantId: string) => void,
): Promise<TenantStores> {
  const table = createTableClient(config, tableName(config, 'data'));
  await table.createTable();
  return tenantStores({
    table,
    pagingKey: await loadPagingKey(table),
    directoryPartitions: config.TENANT_DIRECTORY_PARTITIONS,
    ...(onErrorsChanged ? { onErrorsChanged } : {}),
  });
}
