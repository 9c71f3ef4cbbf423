import type { Dispatcher } from 'undici';
import type { SegmentError } from './errors.js';
import type { SegmentLogger } from './logger.js';
import type { SegmentMessage } from './message-types.js';

/** Options of `new SegmentClient(...)`. Every default is listed in the README. */
export interface SegmentClientOptions {
  /** The source's write key. Never logged, never part of an error or event. */
  writeKey: string;
  /** Tracking API origin. Default `https://api.segment.io`; EU: `https://events.eu1.segmentapis.com`. */
  host?: string;
  /** Batch endpoint path. Default `/v1/batch`. */
  path?: string;
  /** Messages per batch (1 to 2,500). Default 100. */
  flushAt?: number;
  /** Most ms a message waits for its batch to fill. Default 500. */
  flushInterval?: number;
  /** Most messages held (queued and in flight); past it calls are dropped and reported. Default 10,000. */
  maxQueueSize?: number;
  /** Retries of one batch after its first attempt. Default 10. */
  maxRetries?: number;
  /** Most ms spent retrying one batch, waits included. Default 300,000. */
  maxRetryDuration?: number;
  /** First backoff step in ms (doubles per attempt, with jitter). Default 500. */
  minRetryDelay?: number;
  /** Longest single backoff wait in ms. Default 60,000. */
  maxRetryDelay?: number;
  /** Per-request timeout in ms. Default 10,000. */
  httpTimeout?: number;
  /** Batches sent at the same time. Default 4. */
  maxConcurrentRequests?: number;
  /** Compress request bodies (`Content-Encoding: gzip`). Default false. */
  gzip?: boolean;
  /** Validate and count calls, send nothing. Default false. */
  disable?: boolean;
  /** Log every batch and retry at debug level. Default false. */
  debug?: boolean;
  /** Where warnings, errors and debug lines go. Default: the console. */
  logger?: SegmentLogger;
  /** Called once per group of messages that will not be delivered, with the reason. */
  onError?: (error: SegmentError, messages: SegmentMessage[]) => void;
  /** An undici Dispatcher for every request: a ProxyAgent, a tuned Agent, a MockAgent. */
  dispatcher?: Dispatcher;
  /** Allow a plain `http://` host that is not loopback. Default false. */
  allowInsecureHttp?: boolean;
}
