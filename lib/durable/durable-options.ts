import { createHash } from 'node:crypto';

/** `durable`: store accepted messages in Redis (BullMQ) so that any process can deliver them. */
export interface SegmentDurableOptions {
  /** `redis://[user:password@]host[:port][/db]`, or `rediss://` for TLS. Never logged as given. */
  url: string;
  /**
   * BullMQ queue name. Every process with the same url and queue shares the stored messages, so
   * one queue belongs to one write key. Default: `segment-` and 12 hex digits of the write key's SHA-256.
   */
  queue?: string;
  /** Most messages stored in Redis; past it new messages are dropped and reported (`queue_full`). Default 1,000,000. */
  maxBacklog?: number;
  /**
   * ms after which a delivery claimed by a process that stopped (crash, `kill -9`) is taken over
   * by another: BullMQ's lock duration and stalled-job check interval. Default 30,000.
   */
  visibilityTimeout?: number;
}

/** `durable` checked, with defaults, and what must never be shown of it. */
export interface DurableSettings {
  /** The URL as given, for the connection only. */
  readonly url: string;
  /** The URL without credentials, for logs and errors. */
  readonly shownUrl: string;
  /** Texts to redact from anything reported (the URL, its password). */
  readonly secrets: readonly string[];
  readonly queue: string;
  readonly maxBacklog: number;
  readonly visibilityTimeout: number;
  /** The write key's fingerprint, stored with every batch (see stored-batch.ts). */
  readonly keyFingerprint: string;
}

export const DEFAULT_MAX_BACKLOG = 1_000_000;
export const DEFAULT_VISIBILITY_TIMEOUT = 30_000;

/** The default queue name: tied to the write key, without revealing it. */
export function defaultQueueName(writeKey: string): string {
  return 'segment-' + createHash('sha256').update(writeKey).digest('hex').slice(0, 12);
}
