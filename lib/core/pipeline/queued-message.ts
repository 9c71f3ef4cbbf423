import { SegmentDeliveryError } from '../errors.js';
import { serialize } from '../json.js';
import { MAX_MESSAGE_BYTES } from '../limits.js';
import type { QueuedMessage } from '../message-queue.js';
import type { SegmentMessage } from '../message-types.js';
import { messageOutline } from './message-outline.js';

/** A message lost after the pipeline: it could not be serialized, or is over 32 KB. */
export type UnqueuableError = SegmentDeliveryError & { readonly reason: 'invalid' | 'too_large' };

/**
 * The pipeline's message as it is queued: serialized once with the package's serializer, encoded
 * to UTF-8 once, then size-checked. What fails here is the message's, not the call's: it comes
 * back as the error to report (`invalid`, `too_large`), never thrown, as nothing in the pipeline
 * throws into a call.
 */
export function queuedFrom(message: SegmentMessage, seq: number): QueuedMessage | UnqueuableError {
  let json: string | undefined;
  try {
    json = serialize(message, 'message');
  } catch (error) {
    return lost('invalid', `the message could not be serialized after the middleware: ${(error as Error).message}`);
  }
  if (json === undefined || json.charCodeAt(0) !== 123 /* { */)
    return lost('invalid', 'the middleware returned a message that does not serialize to a JSON object.');
  // Over the limit in characters is over it in bytes: counted, not encoded (see buildMessage).
  const utf8 = json.length > MAX_MESSAGE_BYTES ? undefined : Buffer.from(json);
  if (utf8 === undefined || utf8.length > MAX_MESSAGE_BYTES) {
    return lost(
      'too_large',
      `the message is ${utf8?.length ?? Buffer.byteLength(json)} bytes as JSON after the middleware; Segment accepts at most ${MAX_MESSAGE_BYTES} bytes (32 KB) per message.`,
    );
  }
  return { type: message.type, messageId: message.messageId, utf8, seq };
}

function lost(reason: 'invalid' | 'too_large', text: string): UnqueuableError {
  return new SegmentDeliveryError(reason, text) as UnqueuableError;
}

/** A stopped message as its reports carry it: its outline, never its payload. */
export function stoppedMessage(message: SegmentMessage, seq: number): QueuedMessage {
  return { type: message.type, messageId: message.messageId, utf8: Buffer.from(JSON.stringify(messageOutline(message))), seq };
}
