import type { Dispatcher } from 'undici';
import type { SegmentClientOptions } from './client-options.js';
import { checkRegions, readEndpoint } from './endpoint-options.js';
import { SegmentConfigError, type SegmentConfigProblem } from './errors.js';
import { MAX_BATCH_MESSAGES } from './limits.js';
import { consoleLogger, type SegmentLogger } from './logger.js';
import type { ResolvedOAuthOptions } from './oauth/oauth-options.js';
import { readOAuthOptions } from './oauth/read-oauth-options.js';
import { callback, flag, requiredText, wholeNumber, type OptionReader } from './option-checks.js';
import { OptionProblems } from './option-problems.js';
import type { ResolvedProxy } from './proxy.js';
import { readProxy } from './read-proxy.js';
import { describeOptionValue, secretsOf } from './option-value.js';
import { Redactor } from './redactor.js';
import { DEFAULT_REGION, isRegion, type SegmentRegion } from './region.js';
import type { DurableSettings } from '../durable/durable-options.js';
import { readDurableOptions } from '../durable/read-durable-options.js';

const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;
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

/**
 * Every option checked and defaulted. Every problem is found before one SegmentConfigError
 * lists them all; none echoes a secret: values are described without one, and the message is
 * redacted once more on its way out.
 */
export function resolveOptions(options: SegmentClientOptions): ResolvedOptions {
  if (options === null || typeof options !== 'object') {
    throw new SegmentConfigError('options', 'SegmentClient needs an options object with at least a writeKey.');
  }
  const problems = new OptionProblems();
  const resolved = readOptions({ problems, options });
  const error = problems.error('SegmentClient');
  if (error === undefined && resolved !== undefined) return resolved;
  const redactor = new Redactor(secretsOf(options));
  const redacted = error!.problems.map((problem) => ({ option: problem.option, message: redactor.redact(problem.message) }));
  throw new SegmentConfigError(error!.option, redactor.redact(error!.message), redacted);
}

/**
 * What is wrong with a client's options, one problem per option at fault (empty when they can
 * work): for a layer that reports them in its own words, such as the Nest module.
 */
export function clientOptionProblems(options: SegmentClientOptions): readonly SegmentConfigProblem[] {
  const problems = new OptionProblems();
  readOptions({ problems, options });
  return problems.found;
}

function readOptions(reader: OptionReader): ResolvedOptions | undefined {
  const { problems, options } = reader;
  const disable = flag(reader, 'disable', options.disable);
  // A disabled client sends nothing, so local runs and CI need no key; one that is given must still be valid.
  const writeKey =
    disable && options.writeKey === undefined ? DISABLED_WRITE_KEY : requiredText(reader, 'writeKey', options.writeKey, "the source's write key");
  const minRetryDelay = wholeNumber(reader, 'minRetryDelay', options.minRetryDelay, 500, 0, HOUR_MS);
  const maxRetryDelay = wholeNumber(reader, 'maxRetryDelay', options.maxRetryDelay, 60_000, 0, HOUR_MS);
  if (maxRetryDelay < minRetryDelay) problems.add('maxRetryDelay', `(${maxRetryDelay}) must not be below minRetryDelay (${minRetryDelay})`);
  const logger = options.logger ?? consoleLogger;
  if (typeof logger?.warn !== 'function' || typeof logger.error !== 'function' || typeof logger.log !== 'function') {
    problems.add('logger', 'must have log, warn and error methods (a Nest Logger or console fit)');
  }
  callback(reader, 'onError', options.onError, 'a function (error, messages) => void');
  const dispatcher = options.dispatcher;
  if (dispatcher !== undefined && (dispatcher === null || typeof dispatcher.dispatch !== 'function')) {
    problems.add('dispatcher', 'must be an undici Dispatcher (Agent, Pool, ProxyAgent, MockAgent, ...)');
  }
  const proxy = readProxy(reader, dispatcher !== undefined);
  const region = readRegion(reader);
  const endpoint = readEndpoint(reader, region);
  const oauth = options.oauth === undefined ? undefined : readOAuthOptions(reader, region);
  checkRegions(reader, region, endpoint, oauth?.tokenEndpoint);
  const settings = {
    flushAt: wholeNumber(reader, 'flushAt', options.flushAt, 100, 1, MAX_BATCH_MESSAGES),
    flushInterval: wholeNumber(reader, 'flushInterval', options.flushInterval, 500, 0, HOUR_MS),
    maxQueueSize: wholeNumber(reader, 'maxQueueSize', options.maxQueueSize, 10_000, 1),
    maxRetries: wholeNumber(reader, 'maxRetries', options.maxRetries, 10, 0, 1_000),
    maxRetryDuration: wholeNumber(reader, 'maxRetryDuration', options.maxRetryDuration, 300_000, 0, DAY_MS),
    httpTimeout: wholeNumber(reader, 'httpTimeout', options.httpTimeout, 10_000, 1, HOUR_MS),
    maxConcurrentRequests: wholeNumber(reader, 'maxConcurrentRequests', options.maxConcurrentRequests, 4, 1, 256),
    gzip: flag(reader, 'gzip', options.gzip),
    debug: flag(reader, 'debug', options.debug),
  };
  flag(reader, 'allowInsecureHttp', options.allowInsecureHttp);
  const durable = options.durable === undefined || disable ? undefined : readDurableOptions(reader, options.durable, writeKey ?? '');
  if (problems.found.length > 0 || writeKey === undefined || endpoint === undefined) return undefined;
  return {
    ...settings,
    writeKey,
    endpoint,
    minRetryDelay,
    maxRetryDelay,
    disable,
    logger,
    onError: options.onError,
    dispatcher,
    region,
    oauth,
    proxy,
    durable,
  };
}

function readRegion(reader: OptionReader): SegmentRegion {
  const { region } = reader.options;
  if (region === undefined || isRegion(region)) return region ?? DEFAULT_REGION;
  reader.problems.add('region', `must be 'us' or 'eu' (where the Segment workspace lives); got ${describeOptionValue(region, reader.options)}`);
  return DEFAULT_REGION;
}
