import { LIBRARY_NAME, LIBRARY_VERSION } from '../../lib/core/version.js';

/** What a test's track call gave; the wire adds only the type and the library. */
export interface TrackFields {
  readonly messageId: string;
  readonly timestamp: string;
  readonly userId: string;
  readonly event: string;
  readonly properties: Record<string, unknown>;
}

/** A track message's JSON as the wire format specifies it, written by JSON.stringify of the whole message. */
export function trackJson({ messageId, timestamp, userId, event, properties }: TrackFields): string {
  return JSON.stringify({ type: 'track', messageId, timestamp, context: { library: { name: LIBRARY_NAME, version: LIBRARY_VERSION } }, userId, event, properties });
}

/** The request body of those messages' JSON, with the sentAt the received body itself carries. */
export function batchBody(lines: readonly string[], received: Buffer, writeKey: string): Buffer {
  const sentAt = /"sentAt":"([^"]+)"/.exec(received.toString())?.[1];
  return Buffer.from(`{"batch":[${lines.join(',')}],"sentAt":"${sentAt}","writeKey":"${writeKey}"}`);
}
