import type { SegmentModuleOptions } from './segment-module.options.js';

/** The environment variable each option is read from by `segmentConfig`; named in config errors. */
export const SEGMENT_ENV_VARS = {
  writeKey: 'SEGMENT_WRITE_KEY',
  host: 'SEGMENT_HOST',
  region: 'SEGMENT_REGION',
  flushAt: 'SEGMENT_FLUSH_AT',
  flushInterval: 'SEGMENT_FLUSH_INTERVAL',
  maxQueueSize: 'SEGMENT_MAX_QUEUE_SIZE',
  gzip: 'SEGMENT_GZIP',
  disable: 'SEGMENT_DISABLE',
  debug: 'SEGMENT_DEBUG',
} as const satisfies Partial<Record<keyof SegmentModuleOptions, string>>;
