import { createHash } from 'node:crypto';
import { STORED_ELSEWHERE } from '../core/flush-ledger.js';
import type { QueuedMessage } from '../core/message-queue.js';
import type { MessageType } from '../core/message-types.js';

/**
 * A BullMQ job's data: many messages per job, which is what makes durability cheap (one Redis
 * script call and one lock per job, not per message). The messages themselves are stored next
 * to the job as one plain string (see payloadOf), not inside its data: BullMQ JSON-encodes job
 * data, and JSON text inside a JSON string costs an escaping pass to write and a parse to read.
 */
export interface StoredBatch {
  /** Format version, so that a newer package can still read jobs written by this one. */
  readonly v: 1;
  /** Which write key the messages belong to (a fingerprint, never the key): see keyFingerprint. */
  readonly key: string;
  /** The Redis key of the messages' JSON. */
  readonly payload: string;
  readonly ids: readonly string[];
  readonly types: readonly MessageType[];
}

const TYPES: ReadonlySet<string> = new Set<MessageType>(['track', 'identify', 'page', 'screen', 'group', 'alias']);

/**
 * A short, one-way fingerprint of a write key. A process only delivers batches stored under its
 * own key's fingerprint: messages sent under another source's write key would land in the wrong
 * Segment source.
 */
export function keyFingerprint(writeKey: string): string {
  return createHash('sha256').update(`nestjs-segment:${writeKey}`).digest('hex').slice(0, 16);
}

export function storedBatchOf(messages: readonly QueuedMessage[], key: string, payload: string): StoredBatch {
  const ids = new Array<string>(messages.length);
  const types = new Array<MessageType>(messages.length);
  for (let i = 0; i < messages.length; i++) {
    ids[i] = messages[i]!.messageId;
    types[i] = messages[i]!.type;
  }
  return { v: 1, key, payload, ids, types };
}

/**
 * The messages' JSON, one per line, exactly as the client built them. Serialized JSON has no raw
 * line break (one inside a string is written `\n`); one between tokens would only be
 * whitespace, so it is turned into a space and the message means the same.
 */
export function payloadOf(messages: readonly QueuedMessage[]): string {
  let text = '';
  for (let i = 0; i < messages.length; i++) {
    const json = messages[i]!.json;
    text += (i === 0 ? '' : '\n') + (json.includes('\n') ? json.replaceAll('\n', ' ') : json);
  }
  return text;
}

/**
 * The messages of a stored batch, ready to send (not this client's calls: no flush of it waits
 * for them), or
 * undefined when the job or its payload is not a batch this package wrote.
 */
export function messagesOf(data: unknown, payload: string): QueuedMessage[] | undefined {
  const batch = data as Partial<StoredBatch> | null;
  if (batch === null || typeof batch !== 'object' || batch.v !== 1) return undefined;
  const { ids, types } = batch;
  if (!Array.isArray(ids) || !Array.isArray(types) || ids.length === 0 || ids.length !== types.length) return undefined;
  const json = payload.split('\n');
  if (json.length !== ids.length) return undefined;
  const messages = new Array<QueuedMessage>(ids.length);
  for (let i = 0; i < ids.length; i++) {
    const messageId = ids[i];
    const type = types[i];
    if (typeof messageId !== 'string' || !TYPES.has(type as string)) return undefined;
    // `bytes` is not read on this path (a stored batch is already cut to Segment's limits).
    messages[i] = { type: type as MessageType, messageId, json: json[i]!, bytes: json[i]!.length, seq: STORED_ELSEWHERE };
  }
  return messages;
}
