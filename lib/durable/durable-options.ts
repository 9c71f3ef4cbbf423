import { createHash } from 'node:crypto';
import { SegmentConfigError } from '../core/errors.js';
import { redactRedisUrl, redisSecrets } from './redis-url.js';
import { keyFingerprint } from './stored-batch.js';

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
const EXAMPLE = 'redis://127.0.0.1:6379';

/** The default queue name: tied to the write key, without revealing it. */
export function defaultQueueName(writeKey: string): string {
  return 'segment-' + createHash('sha256').update(writeKey).digest('hex').slice(0, 12);
}

function wholeNumber(value: unknown, option: string, fallback: number, min: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min) {
    throw new SegmentConfigError(option, `${option} must be a whole number of at least ${min}; got ${typeof value === 'number' ? value : typeof value}.`);
  }
  return value;
}

/** Checks `durable`; the URL itself is never repeated in an error (it may carry a password). */
export function resolveDurableOptions(value: unknown, writeKey: string): DurableSettings {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new SegmentConfigError(
      'durable',
      `durable must be an object such as { url: '${EXAMPLE}' }; got ${value === null ? 'null' : Array.isArray(value) ? 'an array' : typeof value}.`,
    );
  }
  const options = value as Record<string, unknown>;
  const text = options.url;
  if (typeof text !== 'string' || text.trim() === '') {
    throw new SegmentConfigError(
      'durable.url',
      `durable.url must be a Redis URL such as ${EXAMPLE}; got ${typeof text === 'string' ? 'an empty string' : text === undefined ? 'nothing' : typeof text}.`,
    );
  }
  let url: URL;
  try {
    url = new URL(text.trim());
  } catch {
    throw new SegmentConfigError(
      'durable.url',
      `durable.url must be a Redis URL such as ${EXAMPLE}; the value is not a URL (not shown: it may hold a password).`,
    );
  }
  if (url.protocol !== 'redis:' && url.protocol !== 'rediss:') {
    throw new SegmentConfigError('durable.url', `durable.url must start with redis:// (or rediss:// for TLS), such as ${EXAMPLE}; got ${url.protocol}//.`);
  }
  if (url.hostname === '') throw new SegmentConfigError('durable.url', `durable.url must name a host, such as ${EXAMPLE}.`);
  if (!/^\/?\d*$/.test(url.pathname)) {
    throw new SegmentConfigError(
      'durable.url',
      `durable.url may end with a database number (redis://host:6379/2) and nothing else; the path is not one (not shown).`,
    );
  }
  const queue = options.queue ?? defaultQueueName(writeKey);
  if (typeof queue !== 'string' || !/^[A-Za-z0-9_.-]{1,100}$/.test(queue)) {
    throw new SegmentConfigError(
      'durable.queue',
      `durable.queue must be 1 to 100 letters, digits, "_", "." or "-" (BullMQ keys use ":"); got ${typeof queue === 'string' ? `"${queue.slice(0, 40)}"` : typeof queue}.`,
    );
  }
  return {
    url: text.trim(),
    shownUrl: redactRedisUrl(url),
    secrets: redisSecrets(text.trim(), url),
    queue,
    maxBacklog: wholeNumber(options.maxBacklog, 'durable.maxBacklog', DEFAULT_MAX_BACKLOG, 1),
    visibilityTimeout: wholeNumber(options.visibilityTimeout, 'durable.visibilityTimeout', DEFAULT_VISIBILITY_TIMEOUT, 100),
    keyFingerprint: keyFingerprint(writeKey),
  };
}
