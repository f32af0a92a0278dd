import { QueueClient, QueueServiceClient, RestError } from '@azure/storage-queue';
import { DefaultAzureCredential } from '@azure/identity';

/**
 * How a queue is reached: a connection string (Azurite locally, or an account's), or the queue
 * service's URL with the managed identity (Azure), as the Functions host reads a trigger's
 * `connection` setting.
 */
export type QueueConnection = { connectionString: string } | { serviceUri: string };

/** One message as received: its text as stored (still encoded), and what the service says of it. */
export interface ReceivedMessage {
  id: string;
  popReceipt: string;
  text: string;
  dequeueCount: number;
  insertionTime: Date;
  expirationTime: Date;
  nextVisibleTime: Date;
}

/**
 * The few queue operations the app and the local host use, so that this folder alone knows
 * `@azure/storage-queue` (eslint holds everything else to it).
 */
export interface StorageQueue {
  readonly name: string;
  /** Creates the queue when it does not exist yet. */
  create(): Promise<void>;
  send(text: string): Promise<void>;
  /** Up to `max` (1..32) messages, each invisible to others for `visibilitySeconds`; none when the queue does not exist. */
  receive(max: number, visibilitySeconds: number, signal?: AbortSignal): Promise<ReceivedMessage[]>;
  delete(message: { id: string; popReceipt: string }): Promise<void>;
  /** Hides the message for `seconds` more (0: visible now); returns its new pop receipt. */
  setVisibility(message: { id: string; popReceipt: string }, seconds: number): Promise<string>;
  /** The service's approximate count of the messages in the queue (0 when it does not exist). */
  approximateCount(): Promise<number>;
}

function serviceClient(connection: QueueConnection): QueueServiceClient {
  if ('serviceUri' in connection)
    return new QueueServiceClient(connection.serviceUri, new DefaultAzureCredential());
  return QueueServiceClient.fromConnectionString(connection.connectionString);
}

const isQueueMissing = (error: unknown): boolean => error instanceof RestError && error.statusCode === 404;

export function openStorageQueue(connection: QueueConnection, queueName: string): StorageQueue {
  const client: QueueClient = serviceClient(connection).getQueueClient(queueName);
  return {
    name: queueName,
    create: async () => {
      await client.createIfNotExists();
    },
    send: async (text) => {
      await client.sendMessage(text);
    },
    receive: async (max, visibilitySeconds, signal) => {
      try {
        const response = await client.receiveMessages({
          numberOfMessages: max,
          visibilityTimeout: visibilitySeconds,
          abortSignal: signal,
        });
        return response.receivedMessageItems.map((m) => ({
          id: m.messageId,
          popReceipt: m.popReceipt,
          text: m.messageText,
          dequeueCount: m.dequeueCount,
          insertionTime: m.insertedOn,
          expirationTime: m.expiresOn,
          nextVisibleTime: m.nextVisibleOn,
        }));
      } catch (error) {
        // The host does the same: a trigger's queue that does not exist yet is an empty one.
        if (isQueueMissing(error)) return [];
        throw error;
      }
    },
    delete: async (message) => {
      await client.deleteMessage(message.id, message.popReceipt);
    },
    setVisibility: async (message, seconds) => {
      const response = await client.updateMessage(message.id, message.popReceipt, undefined, seconds);
      if (!response.popReceipt)
        throw new Error(`Queue ${queueName}: no pop receipt for message ${message.id}`);
      return response.popReceipt;
    },
    approximateCount: async () => {
      try {
        return (await client.getProperties()).approximateMessagesCount ?? 0;
      } catch (error) {
        if (isQueueMissing(error)) return 0;
        throw error;
      }
    },
  };
}
