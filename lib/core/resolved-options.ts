import type { Dispatcher } from 'undici';
import type { SegmentClientOptions } from './client-options.js';
import { SegmentConfigError } from './errors.js';
import { MAX_BATCH_MESSAGES } from './limits.js';
import { consoleLogger, type SegmentLogger } from './logger.js';
import { readOAuthCredentials, type ResolvedOAuthOptions } from './oauth/oauth-options.js';
import { resolveProxy, type ResolvedProxy } from './proxy.js';
import { describeOptionValue, secretsOf } from './option-value.js';
import { Redactor } from './redactor.js';
import { DEFAULT_REGION, REGIONS, isRegion, regionOfUrl, type SegmentRegion } from './region.js';
import { resolveDurableOptions, type DurableSettings } from '../durable/durable-options.js';

export const DEFAULT_HOST = REGIONS[DEFAULT_REGION].host;
export const DEFAULT_PATH = '/v1/batch';
/** Stands in for the write key of a disabled client given none: never sent, as nothing is. */
const DISABLED_WRITE_KEY = 'nestjs-segment:disabled-without-write-key';

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
  region: SegmentRegion;
  /** Set when the tracking API is called with OAuth bearer tokens instead of the write key. */
  oauth: ResolvedOAuthOptions | undefined;
  /** Set when requests go through a forward proxy; never together with `dispatcher`. */
  proxy: ResolvedProxy | undefined;
  /** Set when accepted messages are stored in Redis for durable delivery (never when disabled). */
  durable: DurableSettings | undefined;
}

const LOOPBACK_HOSTNAMES = new Set(['localhost', '127.0.0.1', '[::1]', '::1']);

function integer(options: SegmentClientOptions, name: keyof SegmentClientOptions, fallback: number, min: number, max: number): number {
  const value = options[name];
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    const range = max === Number.MAX_SAFE_INTEGER ? `at least ${min}` : `from ${min} to ${max}`;
    throw new SegmentConfigError(name, `${name} must be a whole number ${range}; got ${describeOptionValue(value, options)}.`);
  }
  return value;
}

function flag(options: SegmentClientOptions, name: keyof SegmentClientOptions): boolean {
  const value = options[name];
  if (value === undefined) return false;
  if (typeof value !== 'boolean') throw new SegmentConfigError(name, `${name} must be true or false; got ${describeOptionValue(value, options)}.`);
  return value;
}

function isLoopback(hostname: string): boolean {
  return LOOPBACK_HOSTNAMES.has(hostname) || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(hostname);
}

/**
 * An absolute http(s) URL without credentials; plain http:// only to loopback unless opted in,
 * because what goes over it (the write key, a client assertion) would travel in clear.
 */
function checkedUrl(options: SegmentClientOptions, option: string, text: string, given: string, example: string, secret: string): URL {
  const allowInsecureHttp = options.allowInsecureHttp === true;
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new SegmentConfigError(option, `${option} must be an absolute http(s) URL such as ${example}; got ${describeOptionValue(given, options)}.`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new SegmentConfigError(option, `${option} must use https:// (or http:// to a loopback address); got ${url.protocol}//.`);
  }
  if (url.username || url.password) {
    throw new SegmentConfigError(option, `${option} must not carry user:password@ credentials; the client authenticates with ${secret} itself.`);
  }
  if (url.protocol === 'http:' && !isLoopback(url.hostname) && !allowInsecureHttp) {
    throw new SegmentConfigError(
      option,
      `${option} ${url.host} uses plain http://, which would send ${secret} in clear; use https:// or set allowInsecureHttp: true.`,
    );
  }
  return url;
}

function resolveEndpoint(options: SegmentClientOptions, region: SegmentRegion): URL {
  const host = options.host ?? REGIONS[region].host;
  const path = options.path ?? DEFAULT_PATH;
  if (typeof host !== 'string' || host.length === 0) {
    throw new SegmentConfigError('host', `host must be a URL such as ${DEFAULT_HOST}; got ${describeOptionValue(host, options)}.`);
  }
  if (typeof path !== 'string' || !path.startsWith('/')) {
    throw new SegmentConfigError('path', `path must start with "/", such as ${DEFAULT_PATH}; got ${describeOptionValue(path, options)}.`);
  }
  const secret = options.oauth === undefined ? 'the write key' : 'the bearer token';
  return checkedUrl(options, 'host', host.replace(/\/+$/, '') + path, host, DEFAULT_HOST, secret);
}

function resolveRegion(options: SegmentClientOptions): SegmentRegion {
  const { region } = options;
  if (region === undefined) return DEFAULT_REGION;
  if (!isRegion(region)) {
    throw new SegmentConfigError('region', `region must be 'us' or 'eu' (where the Segment workspace lives); got ${describeOptionValue(region, options)}.`);
  }
  return region;
}

/**
 * Tokens are only good in the region that issued them, and an explicit URL that names the other
 * region's Segment host contradicts an explicit region: both are refused here, not by a 401 later.
 */
function checkRegions(options: SegmentClientOptions, region: SegmentRegion, endpoint: URL, authServer: URL | undefined): void {
  const hostRegion = regionOfUrl(endpoint);
  if (options.region !== undefined && options.host !== undefined && hostRegion !== undefined && hostRegion !== region) {
    throw new SegmentConfigError(
      'host',
      `host ${endpoint.origin} is Segment's ${hostRegion.toUpperCase()} tracking host, but region is '${region}'; drop host (region picks ${REGIONS[region].host}) or fix region.`,
    );
  }
  if (authServer === undefined) return;
  const authRegion = regionOfUrl(authServer);
  if (options.region !== undefined && options.oauth?.authServer !== undefined && authRegion !== undefined && authRegion !== region) {
    throw new SegmentConfigError(
      'oauth.authServer',
      `oauth.authServer ${authServer.origin} is Segment's ${authRegion.toUpperCase()} auth server, but region is '${region}'; drop oauth.authServer (region picks ${REGIONS[region].authServer}) or fix region.`,
    );
  }
  if (hostRegion !== undefined && authRegion !== undefined && hostRegion !== authRegion) {
    throw new SegmentConfigError(
      'oauth.authServer',
      `oauth.authServer ${authServer.origin} is in the ${authRegion.toUpperCase()} region but host ${endpoint.origin} is in the ${hostRegion.toUpperCase()} region; a token from one region is refused by the other. Set region: '${hostRegion}' and leave host and oauth.authServer out, or make them match.`,
    );
  }
}

function resolveOAuth(options: SegmentClientOptions, region: SegmentRegion): ResolvedOAuthOptions | undefined {
  if (options.oauth === undefined) return undefined;
  const credentials = readOAuthCredentials(options.oauth);
  const base = (credentials.authServer ?? REGIONS[region].authServer).replace(/\/+$/, '');
  const authServer = checkedUrl(options, 'oauth.authServer', base, base, REGIONS.us.authServer, 'the signed client assertion');
  if (authServer.search !== '' || authServer.hash !== '') {
    throw new SegmentConfigError('oauth.authServer', `oauth.authServer must have no query or fragment; the token endpoint is {authServer}/token.`);
  }
  return { ...credentials, authServer: base, tokenEndpoint: new URL(base + '/token') };
}

/**
 * Every option checked and defaulted. A config error never echoes a secret: values are
 * described without one, and the message is redacted once more on its way out.
 */
export function resolveOptions(options: SegmentClientOptions): ResolvedOptions {
  try {
    return resolve(options);
  } catch (error) {
    if (!(error instanceof SegmentConfigError)) throw error;
    const message = new Redactor(secretsOf(options)).redact(error.message);
    throw message === error.message ? error : new SegmentConfigError(error.option, message);
  }
}

function resolve(options: SegmentClientOptions): ResolvedOptions {
  if (options === null || typeof options !== 'object') {
    throw new SegmentConfigError('options', 'SegmentClient needs an options object with at least a writeKey.');
  }
  const disable = flag(options, 'disable');
  // A disabled client sends nothing, so local runs and CI need no key; one that is given must still be valid.
  const writeKey = disable && options.writeKey === undefined ? DISABLED_WRITE_KEY : options.writeKey;
  if (typeof writeKey !== 'string' || writeKey.trim().length === 0) {
    throw new SegmentConfigError(
      'writeKey',
      `writeKey must be a non-empty string (the source's write key); got ${writeKey === undefined ? 'nothing' : typeof writeKey === 'string' ? 'an empty string' : typeof writeKey}.`,
    );
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
    throw new SegmentConfigError('onError', `onError must be a function (error, messages) => void; got ${describeOptionValue(options.onError, options)}.`);
  }
  const dispatcher = options.dispatcher;
  if (dispatcher !== undefined && (dispatcher === null || typeof dispatcher.dispatch !== 'function')) {
    throw new SegmentConfigError('dispatcher', 'dispatcher must be an undici Dispatcher (Agent, Pool, ProxyAgent, ...).');
  }
  const proxy = resolveProxy(options.proxy, dispatcher !== undefined);
  const region = resolveRegion(options);
  const endpoint = resolveEndpoint(options, region);
  const oauth = resolveOAuth(options, region);
  checkRegions(options, region, endpoint, oauth?.tokenEndpoint);
  return {
    writeKey,
    endpoint,
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
    disable,
    debug: flag(options, 'debug'),
    logger,
    onError: options.onError,
    dispatcher,
    region,
    oauth,
    proxy,
    durable: options.durable === undefined || disable ? undefined : resolveDurableOptions(options.durable, writeKey),
  };
}
