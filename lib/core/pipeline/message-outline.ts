import type { SegmentMessage } from '../message-types.js';

/**
 * A message without its payload: what reports carry when the payload may be the reason it was
 * stopped (a plan violation or a throwing scrubber may leave personal data in it). Keeps what
 * identifies the message: type, messageId, timestamp, event or name, and `context.library`.
 */
export function messageOutline(message: SegmentMessage): SegmentMessage {
  const outline: SegmentMessage = {
    type: message.type,
    messageId: message.messageId,
    timestamp: message.timestamp,
    context: { library: message.context.library },
  };
  if (message.event !== undefined) outline.event = message.event;
  if (message.name !== undefined) outline.name = message.name;
  return outline;
}
