import type { Dispatcher } from 'undici';
import type { SegmentClientOptions } from './client-options.js';
import { SegmentConfigError } from './errors.js';
import { MAX_BATCH_MESSAGES } from './limits.js';
import { consoleLogger, type SegmentLogger } from './logger.js';

export const DEFAULT_HOST = 'https://api.segment.io';
export const DEFAULT_PATH = '/v1/batch';

/** Options with every default applied and every value checked. */
export interface ResolvedOptions {
  writeKey: string;
  /** host + path, ready for the request. */
  endpoint: URL;
  flushAt: number;
  flushInterval: number;
  maxQueueSize: number;
  maxRetries: number;
  maxRetryDuration: number;
  minRetryDelay: number;
  maxRetryDelay: number;
  httpTimeout: number;
  maxConcurrentRequests: number;
  gzip: boolean;
  disable: boolean;
  debug: boolean;
  logger: SegmentLogger;
  onError: SegmentClientOptions['onError'];
  dispatcher: Dispatcher | undefined;
}

const LOOPBACK_HOSTNAMES = new Set(['localhost', '127.0.0.1', '[::1]', '::1']);

function integer(options: SegmentClientOptions, name: keyof SegmentClientOptions, fallback: number, min: number, max: number): number {
  const value = options[name];
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    const range = max === Number.MAX_SAFE_INTEGER ? `at least ${min}` : `from ${min} to ${max}`;
    throw new SegmentConfigError(name, `${name} must be a whole number ${range}; got ${describe(value)}.`);
  }
  return value;
}

function flag(options: SegmentClientOptions, name: keyof SegmentClientOptions): boolean {
  const value = options[name];
  if (value === undefined) return false;
  if (typeof value !== 'boolean') throw new SegmentConfigError(name, `${name} must be true or false; got ${describe(value)}.`);
  return value;
}

function describe(value: unknown): string {
  if (typeof value === 'string') return `the string "${value.length > 40 ? value.slice(0, 40) + '…' : value}"`;
  if (value === null) return 'null';
  if (typeof value === 'object') return Array.isArray(value) ? 'an array' : 'an object';
  return String(value);
}

function isLoopback(hostname: string): boolean {
  return LOOPBACK_HOSTNAMES.has(hostname) || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(hostname);
}

function resolveEndpoint(options: SegmentClientOptions): URL {
  const host = options.host ?? DEFAULT_HOST;
  const path = options.path ?? DEFAULT_PATH;
  if (typeof host !== 'string' || host.length === 0) {
    throw new SegmentConfigError('host', `host must be a URL such as ${DEFAULT_HOST}; got ${describe(host)}.`);
  }
  if (typeof path !== 'string' || !path.startsWith('/')) {
    throw new SegmentConfigError('path', `path must start with "/", such as ${DEFAULT_PATH}; got ${describe(path)}.`);
  }
  let url: URL;
  try {
    url = new URL(host.replace(/\/+$/, '') + path);
  } catch {
    throw new SegmentConfigError('host', `host must be an absolute http(s) URL such as ${DEFAULT_HOST}; got ${describe(host)}.`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new SegmentConfigError('host', `host must use https:// (or http:// to a loopback address); got ${url.protocol}//.`);
  }
  if (url.username || url.password) {
    throw new SegmentConfigError('host', 'host must not carry credentials; the write key is sent in the Authorization header.');
  }
  if (url.protocol === 'http:' && !isLoopback(url.hostname) && options.allowInsecureHttp !== true) {
    throw new SegmentConfigError(
      'host',
      `host ${url.host} uses plain http://, which would send the write key in clear; use https:// or set allowInsecureHttp: true.`,
    );
  }
  return url;
}

export function resolveOptions(options: SegmentClientOptions): ResolvedOptions {
  if (options === null || typeof options !== 'object') {
    throw new SegmentConfigError('options', 'SegmentClient needs an options object with at least a writeKey.');
  }
  const { writeKey } = options;
  if (typeof writeKey !== 'string' || writeKey.trim().length === 0) {
    throw new SegmentConfigError('writeKey', `writeKey must be a non-empty string (the source's write key); got ${writeKey === undefined ? 'nothing' : typeof writeKey === 'string' ? 'an empty string' : typeof writeKey}.`);
  }
  const minRetryDelay = integer(options, 'minRetryDelay', 500, 0, 3_600_000);
  const maxRetryDelay = integer(options, 'maxRetryDelay', 60_000, 0, 3_600_000);
  if (maxRetryDelay < minRetryDelay) {
    throw new SegmentConfigError('maxRetryDelay', `maxRetryDelay (${maxRetryDelay}) must not be below minRetryDelay (${minRetryDelay}).`);
  }
  const logger = options.logger ?? consoleLogger;
  if (typeof logger?.warn !== 'function' || typeof logger.error !== 'function' || typeof logger.log !== 'function') {
    throw new SegmentConfigError('logger', 'logger must have log, warn and error methods (a Nest Logger or console fit).');
  }
  if (options.onError !== undefined && typeof options.onError !== 'function') {
    throw new SegmentConfigError('onError', `onError must be a function (error, messages) => void; got ${describe(options.onError)}.`);
  }
  const dispatcher = options.dispatcher;
  if (dispatcher !== undefined && (dispatcher === null || typeof dispatcher.dispatch !== 'function')) {
    throw new SegmentConfigError('dispatcher', 'dispatcher must be an undici Dispatcher (Agent, Pool, ProxyAgent, ...).');
  }
  return {
    writeKey,
    endpoint: resolveEndpoint(options),
    flushAt: integer(options, 'flushAt', 100, 1, MAX_BATCH_MESSAGES),
    flushInterval: integer(options, 'flushInterval', 500, 0, 3_600_000),
    maxQueueSize: integer(options, 'maxQueueSize', 10_000, 1, Number.MAX_SAFE_INTEGER),
    maxRetries: integer(options, 'maxRetries', 10, 0, 1_000),
    maxRetryDuration: integer(options, 'maxRetryDuration', 300_000, 0, 86_400_000),
    minRetryDelay,
    maxRetryDelay,
    httpTimeout: integer(options, 'httpTimeout', 10_000, 1, 3_600_000),
    maxConcurrentRequests: integer(options, 'maxConcurrentRequests', 4, 1, 256),
    gzip: flag(options, 'gzip'),
    disable: flag(options, 'disable'),
    debug: flag(options, 'debug'),
    logger,
    onError: options.onError,
    dispatcher,
  };
}
