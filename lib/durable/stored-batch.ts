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

const NEWLINE = 0x0a;
const SPACE = 0x20;

/**
 * The messages' JSON, one per line, exactly as the client built them: their UTF-8 copied once
 * into one Buffer, the same bytes earlier versions stored as text. Serialized JSON has no raw line
 * break (one inside a string is written `\n`); one between tokens would only be whitespace, so it
 * is turned into a space and the message means the same. In UTF-8 that byte is never part of
 * another character.
 */
export function payloadOf(messages: readonly QueuedMessage[]): Buffer {
  let size = messages.length - 1;
  for (const message of messages) size += message.utf8.length;
  const payload = Buffer.allocUnsafe(size);
  let at = 0;
  for (let i = 0; i < messages.length; i++) {
    if (i > 0) payload[at++] = NEWLINE;
    const utf8 = messages[i]!.utf8;
    utf8.copy(payload, at);
    if (utf8.includes(NEWLINE)) spaceForNewline(payload.subarray(at, at + utf8.length));
    at += utf8.length;
  }
  return payload;
}

function spaceForNewline(line: Buffer): void {
  for (let at = line.indexOf(NEWLINE); at !== -1; at = line.indexOf(NEWLINE, at + 1)) line[at] = SPACE;
}

/**
 * The messages of a stored batch, ready to send (not this client's calls: no flush of it waits
 * for them), each a view of its line in `payload` (nothing is copied or decoded), or undefined
 * when the job or its payload is not a batch this package wrote.
 */
export function messagesOf(data: unknown, payload: Buffer): QueuedMessage[] | undefined {
  const batch = data as Partial<StoredBatch> | null;
  if (batch === null || typeof batch !== 'object' || batch.v !== 1) return undefined;
  const { ids, types } = batch;
  if (!Array.isArray(ids) || !Array.isArray(types) || ids.length === 0 || ids.length !== types.length) return undefined;
  const lines = linesOf(payload, ids.length);
  if (lines === undefined) return undefined;
  const messages = new Array<QueuedMessage>(ids.length);
  for (let i = 0; i < ids.length; i++) {
    const messageId = ids[i];
    const type = types[i];
    if (typeof messageId !== 'string' || !TYPES.has(type as string)) return undefined;
    messages[i] = { type: type as MessageType, messageId, utf8: lines[i]!, seq: STORED_ELSEWHERE };
  }
  return messages;
}

/** The payload's lines as views of it; undefined unless there are exactly `count`. */
function linesOf(payload: Buffer, count: number): Buffer[] | undefined {
  const lines = new Array<Buffer>(count);
  let start = 0;
  for (let i = 0; i < count - 1; i++) {
    const end = payload.indexOf(NEWLINE, start);
    if (end === -1) return undefined;
    lines[i] = payload.subarray(start, end);
    start = end + 1;
  }
  if (payload.indexOf(NEWLINE, start) !== -1) return undefined;
  lines[count - 1] = payload.subarray(start);
  return lines;
}
