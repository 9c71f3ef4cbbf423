import type { Dispatcher } from 'undici';
import type { SegmentError } from './errors.js';
import type { SegmentLogger } from './logger.js';
import type { SegmentMessage } from './message-types.js';
import type { SegmentOAuthOptions } from './oauth/oauth-options.js';
import type { SegmentMiddleware } from './pipeline/segment-middleware.js';
import type { SegmentTrackingPlanOptions } from '../tracking-plan/tracking-plan-options.js';
import type { SegmentDurableOptions } from '../durable/durable-options.js';
import type { ProxySetting } from './proxy.js';
import type { SegmentRegion } from './region.js';

/** Options of `new SegmentClient(...)`. Every default is listed in the README. */
export interface SegmentClientOptions {
  /** The source's write key. Never logged, never part of an error or event. */
  writeKey: string;
  /** Tracking API origin. Default: the region's, `https://api.segment.io` (EU `https://events.eu1.segmentapis.com`). */
  host?: string;
  /**
   * Where the workspace lives: picks the tracking host and the OAuth auth server together.
   * Default `'us'`. An explicit `host` / `oauth.authServer` overrides it; a pair from different
   * regions is a config error.
   */
  region?: SegmentRegion;
  /**
   * OAuth 2.0 for the tracking API: requests carry `Authorization: Bearer <token>` (the body
   * still carries the write key). Default: none, the write key's Basic header.
   */
  oauth?: SegmentOAuthOptions;
  /**
   * Send every request (tracking and token) through a forward proxy: `'env'` honours
   * HTTPS_PROXY / HTTP_PROXY / NO_PROXY, or give the proxy's URL (`http://user:pass@proxy:3128`).
   * Not together with `dispatcher`. Default: direct.
   */
  proxy?: ProxySetting;
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
  /** Allow a plain `http://` host (or `oauth.authServer`) that is not loopback. Default false. */
  allowInsecureHttp?: boolean;
  /**
   * Functions each message passes through, in order, before the tracking plan and the size
   * check: each returns the message (changed or not) or `null` to drop it. Default: none.
   */
  middleware?: SegmentMiddleware[];
  /**
   * Validate every message against a Segment tracking plan (Ajv, compiled once at start; `ajv`
   * and `ajv-formats` must be installed). Default: none.
   */
  trackingPlan?: SegmentTrackingPlanOptions;
  /**
   * Store accepted messages in Redis (BullMQ) before delivery, so that they survive a crash, a
   * deploy or a long Segment outage and any process with the same settings delivers them.
   * `bullmq` and `ioredis` must be installed. Default: none (in-memory queue only).
   */
  durable?: SegmentDurableOptions;
}
