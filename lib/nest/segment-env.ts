import type { SegmentOAuthOptions } from '../core/index.js';
import type { SegmentModuleOptions } from './segment-module.options.js';

type OAuthOptionPath = `oauth.${keyof SegmentOAuthOptions}`;
type DurableOptionPath = 'durable.url' | 'durable.queue';

/**
 * The environment variable each option is read from by `segmentConfig`; named in config errors.
 * Nested options are keyed by their path, as `SegmentOptionProblem.option` names them.
 */
export const SEGMENT_ENV_VARS = {
  writeKey: 'SEGMENT_WRITE_KEY',
  host: 'SEGMENT_HOST',
  region: 'SEGMENT_REGION',
  'oauth.clientId': 'SEGMENT_OAUTH_CLIENT_ID',
  'oauth.keyId': 'SEGMENT_OAUTH_KEY_ID',
  // Or SEGMENT_OAUTH_PRIVATE_KEY_FILE: the path of a file holding it (never both).
  'oauth.privateKey': 'SEGMENT_OAUTH_PRIVATE_KEY',
  'oauth.authServer': 'SEGMENT_OAUTH_AUTH_SERVER',
  'oauth.scope': 'SEGMENT_OAUTH_SCOPE',
  proxy: 'SEGMENT_PROXY',
  flushAt: 'SEGMENT_FLUSH_AT',
  flushInterval: 'SEGMENT_FLUSH_INTERVAL',
  maxQueueSize: 'SEGMENT_MAX_QUEUE_SIZE',
  gzip: 'SEGMENT_GZIP',
  disable: 'SEGMENT_DISABLE',
  debug: 'SEGMENT_DEBUG',
  // Durable delivery on Redis: set the URL to turn it on.
  'durable.url': 'SEGMENT_DURABLE_URL',
  'durable.queue': 'SEGMENT_DURABLE_QUEUE',
  // The path of the tracking plan's JSON file.
  'trackingPlan.plan': 'SEGMENT_TRACKING_PLAN',
} as const satisfies Partial<Record<keyof SegmentModuleOptions | OAuthOptionPath | DurableOptionPath | 'trackingPlan.plan', string>>;

/** `oauth.privateKey` read from a file: the variable holds the PEM file's path. */
export const SEGMENT_OAUTH_PRIVATE_KEY_FILE = 'SEGMENT_OAUTH_PRIVATE_KEY_FILE';

/** Every variable that, when set, makes `segmentConfig` return an `oauth` object. */
export const SEGMENT_OAUTH_ENV_VARS: readonly string[] = [
  ...Object.entries(SEGMENT_ENV_VARS)
    .filter(([option]) => option.startsWith('oauth.'))
    .map(([, envVar]) => envVar),
  SEGMENT_OAUTH_PRIVATE_KEY_FILE,
];
