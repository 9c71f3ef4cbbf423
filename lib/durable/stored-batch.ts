import type { QueuedMessage } from '../core/message-queue.js';
import type { MessageType } from '../core/message-types.js';

/**
 * A BullMQ job's data: many messages per job, which is what makes durability cheap (one Redis
 * script call and one lock per job, not per message). Each message stays the exact JSON the
 * client built, so a process that delivers it sends the same bytes and the same messageId.
 */
export interface StoredBatch {
  /** Format version, so that a newer package can still read jobs written by this one. */
  readonly v: 1;
  readonly ids: readonly string[];
  readonly types: readonly MessageType[];
  readonly json: readonly string[];
}

const TYPES: ReadonlySet<string> = new Set<MessageType>(['track', 'identify', 'page', 'screen', 'group', 'alias']);

export function storedBatchOf(messages: readonly QueuedMessage[]): StoredBatch {
  const ids = new Array<string>(messages.length);
  const types = new Array<MessageType>(messages.length);
  const json = new Array<string>(messages.length);
  for (let i = 0; i < messages.length; i++) {
    const message = messages[i]!;
    ids[i] = message.messageId;
    types[i] = message.type;
    json[i] = message.json;
  }
  return { v: 1, ids, types, json };
}

/**
 * The messages of a stored batch, ready to send (`seq` 0: they are not this client's calls), or
 * undefined when the data is not a batch this package wrote.
 */
export function messagesOf(data: unknown): QueuedMessage[] | undefined {
  const batch = data as Partial<StoredBatch> | null;
  if (batch === null || typeof batch !== 'object' || batch.v !== 1) return undefined;
  const { ids, types, json } = batch;
  if (!Array.isArray(ids) || !Array.isArray(types) || !Array.isArray(json)) return undefined;
  if (ids.length === 0 || ids.length !== json.length || ids.length !== types.length) return undefined;
  const messages = new Array<QueuedMessage>(ids.length);
  for (let i = 0; i < ids.length; i++) {
    const messageId = ids[i];
    const type = types[i];
    const text = json[i];
    if (typeof messageId !== 'string' || typeof text !== 'string' || !TYPES.has(type as string)) return undefined;
    messages[i] = { type: type as MessageType, messageId, json: text, bytes: Buffer.byteLength(text), seq: 0 };
  }
  return messages;
}
