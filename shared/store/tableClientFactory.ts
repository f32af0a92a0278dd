import { TableClient } from '@azure/data-tables';
import { DefaultAzureCredential } from '@azure/identity';
import type { AppConfig } from '../config';

/**
 * The one place that decides how Table Storage is reached: a connection string locally
 * (Azurite; a token credential is refused over plain http), the managed identity in Azure.
 */
export function createTableClient(config: AppConfig, tableName: string): TableClient {
  if (config.STORAGE_TABLE_URL) {
    return new TableClient(config.STORAGE_TABLE_URL, tableName, new DefaultAzureCredential());
  }
  if (!config.STORAGE_CONNECTION_STRING) throw new Error('No storage configured');
  const insecure = /^DefaultEndpointsProtocol=http;|UseDevelopmentStorage=true/i.test(
    config.STORAGE_CONNECTION_STRING,
  );
  return TableClient.fromConnectionString(config.STORAGE_CONNECTION_STRING, tableName, {
    allowInsecureConnection: insecure,
  });
}

export function tableName(config: AppConfig, suffix: string): string {
  return `${config.TABLE_PREFIX}${suffix}`;
}
