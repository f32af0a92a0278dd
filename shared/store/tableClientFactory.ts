import { TableClient } from '@azure/data-tables';
import { DefaultAzureCredential } from '@azure/identity';
import type { AppConfig } from '../config';
import { unstorableProperty, UnstorableTextError } from './storableText';

/**
 * The one place that decides how Table Storage is reached: a connection string locally
 * (Azurite; a token credential is refused over plain http), the managed identity in Azure.
 */
export function createTableClient(config: AppConfig, tableName: string): TableClient {
  return refuseUnstorableText(connect(config, tableName));
}

function connect(config: AppConfig, tableName: string): TableClient {
  if (config.STORAGE_TABLE_URL) {
    return new TableClient(config.STORAGE_TABLE_URL, tableName, new DefaultAzureCredential());
  }
  if (!config.STORAGE_CONNECTION_STRING) throw new Error('No storage configured');
  return TableClient.fromConnectionString(config.STORAGE_CONNECTION_STRING, tableName, {
    allowInsecureConnection: isInsecureConnection(config.STORAGE_CONNECTION_STRING),
  });
}

/** Azurite speaks plain HTTP: a connection string for it must allow that, and only for it. */
export function isInsecureConnection(connectionString: string): boolean {
  return /^DefaultEndpointsProtocol=http;|UseDevelopmentStorage=true/i.test(connectionString);
}

export function tableName(config: AppConfig, suffix: string): string {
  return `${config.TABLE_PREFIX}${suffix}`;
}

function check(entity: object): void {
  const property = unstorableProperty(entity);
  if (property !== null) throw new UnstorableTextError(property);
}

/**
 * Every write of the client checks its entities first (shared/store/storableText.ts): a value that
 * slipped past the edge fails its own request, and never reaches a store it could break for others.
 */
export function refuseUnstorableText(client: TableClient): TableClient {
  const createEntity = client.createEntity.bind(client);
  const upsertEntity = client.upsertEntity.bind(client);
  const updateEntity = client.updateEntity.bind(client);
  const submitTransaction = client.submitTransaction.bind(client);
  client.createEntity = async (entity, options) => {
    check(entity);
    return createEntity(entity, options);
  };
  client.upsertEntity = async (entity, mode, options) => {
    check(entity);
    return upsertEntity(entity, mode, options);
  };
  client.updateEntity = async (entity, mode, options) => {
    check(entity);
    return updateEntity(entity, mode, options);
  };
  client.submitTransaction = async (actions, options) => {
    for (const action of actions) check(action[1]);
    return submitTransaction(actions, options);
  };
  return client;
}
