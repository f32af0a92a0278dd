/**
 * How a queue message's text holds its content. The Functions host reads and writes queue messages
 * base64-encoded unless host.json says otherwise (`extensions.queues.messageEncoding`: `base64`,
 * the default, or `none`); a sender must encode as the trigger decodes.
 */
export type MessageEncoding = 'base64' | 'none';

export function encodeMessage(content: string, encoding: MessageEncoding): string {
  return encoding === 'base64' ? Buffer.from(content, 'utf8').toString('base64') : content;
}

/** Throws when a message that should be base64 is not (the host fails such a message too). */
export function decodeMessage(text: string, encoding: MessageEncoding): string {
  if (encoding === 'none') return text;
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(text) || text.length % 4 !== 0) {
    throw new Error('The message is not base64, as host.json extensions.queues.messageEncoding says it is');
  }
  return Buffer.from(text, 'base64').toString('utf8');
}
