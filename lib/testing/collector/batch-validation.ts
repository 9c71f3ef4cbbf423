import { refusal, type CollectorAnswer } from './collector-answer.js';
import type { CollectedMessage } from './collected-message.js';
import { MAX_BATCH_MESSAGES, MAX_MESSAGE_BYTES } from './segment-limits.js';
import type { TrackingRoute } from './tracking-routes.js';
import { isPlainObject } from '../../core/internals.js';

export type ParsedBody = { readonly ok: true; readonly body: unknown } | { readonly ok: false; readonly refused: CollectorAnswer };

export function parseJsonBody(decoded: Buffer): ParsedBody {
  try {
    return { ok: true, body: JSON.parse(decoded.toString('utf8')) };
  } catch {
    return { ok: false, refused: refusal(400, 'invalid_json', 'request body is not valid JSON') };
  }
}

/** The body's `writeKey`, the fallback when there is no Basic header. */
export function bodyWriteKey(body: unknown): string | undefined {
  const key = isPlainObject(body) ? body.writeKey : undefined;
  return typeof key === 'string' ? key : undefined;
}

/** The messages a body carries, and the answer when it breaks one of Segment's limits. */
export interface ExtractedMessages {
  readonly messages: readonly CollectedMessage[];
  readonly refused: CollectorAnswer | undefined;
}

/**
 * Reads the messages out of a tracking body and applies Segment's shape and size limits.
 * A single-call body is itself the message: its transport-only `writeKey` is dropped (so it is
 * never stored with the message) and a missing `type` is taken from the path.
 */
export function extractMessages(route: TrackingRoute, body: unknown): ExtractedMessages {
  if (!isPlainObject(body)) {
    return { messages: [], refused: refusal(400, 'invalid_body', 'request body must be a JSON object') };
  }
  let entries: readonly unknown[];
  if (route.kind === 'batch') {
    if (!Array.isArray(body.batch)) {
      return { messages: [], refused: refusal(400, 'invalid_body', '"batch" must be an array of messages') };
    }
    entries = body.batch;
  } else {
    const { writeKey: _transportOnly, ...message } = body;
    entries = [message.type === undefined ? { type: route.type, ...message } : message];
  }

  const notObject = entries.findIndex((entry) => !isPlainObject(entry));
  if (notObject !== -1) {
    return { messages: [], refused: refusal(400, 'invalid_body', `batch[${notObject}] is not a JSON object`) };
  }
  const messages = entries as readonly CollectedMessage[];

  if (messages.length > MAX_BATCH_MESSAGES) {
    const text = `batch holds ${messages.length} messages; the limit is ${MAX_BATCH_MESSAGES}`;
    return { messages, refused: refusal(400, 'batch_too_large', text) };
  }
  for (let index = 0; index < messages.length; index++) {
    const bytes = Buffer.byteLength(JSON.stringify(messages[index]), 'utf8');
    if (bytes > MAX_MESSAGE_BYTES) {
      const where = route.kind === 'batch' ? `batch[${index}]` : 'message';
      const text = `${where} is ${bytes} bytes; the 32 KB message limit is ${MAX_MESSAGE_BYTES} bytes`;
      return { messages, refused: refusal(400, 'message_too_large', text) };
    }
  }
  return { messages, refused: undefined };
}
