import type { IncomingHttpHeaders } from 'node:http';
import type { CollectedMessage } from './collected-message.js';
import type { FaultKind } from './fault-plan.js';

/** One HTTP request the collector received, and how it was answered. */
export interface RecordedRequest {
  readonly method: string;
  /** The request target as sent, query string included (`/v1/batch`). */
  readonly path: string;
  /** Header names are lower-case. `authorization` is kept as sent: compare it, do not print it. */
  readonly headers: IncomingHttpHeaders;
  /** The body bytes as they came over the wire (still gzipped when the client gzipped them). */
  readonly rawBody: Buffer;
  /** The body after `Content-Encoding` was undone; the bytes Segment's 500 KB limit applies to. */
  readonly decodedBody: Buffer | undefined;
  /** The parsed JSON body, or undefined when it was not valid JSON. */
  readonly body: unknown;
  /** The messages the request carried, accepted or not (empty when the body was unusable). */
  readonly messages: readonly CollectedMessage[];
  /**
   * The write key the request presented (Basic header's user name, else the body's `writeKey`),
   * whether or not it was accepted; undefined when it carried none. Never printed by the collector.
   */
  readonly writeKey: string | undefined;
  /**
   * The status answered; undefined while the answer is held (delayNext), when the connection was
   * reset, or when the client left before a held answer was due.
   */
  readonly status: number | undefined;
  /** The answer's body; undefined whenever `status` is. */
  readonly responseBody: string | undefined;
  /** The planned fault that shaped this answer, if any. */
  readonly fault: FaultKind | undefined;
  readonly receivedAt: Date;
}

/** The collector fills a record in while it handles the request; everyone else reads it as a RecordedRequest. */
export type MutableRecord = { -readonly [K in keyof RecordedRequest]: RecordedRequest[K] };
