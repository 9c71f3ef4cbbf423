import { registerAs } from '@nestjs/config';
import { SEGMENT_ENV_VARS } from './segment-env.js';
import type { SegmentModuleOptions } from './segment-module.options.js';

/**
 * Client options read from the environment, for `@nestjs/config`:
 * `SegmentModule.forRootAsync(segmentConfig.asProvider())`, or inject `segmentConfig.KEY`.
 *
 * Only variables that are set become options, so unset ones keep the client's defaults.
 * A value that does not parse is passed on as the raw string, on purpose: validation then
 * rejects it at boot naming the option, the env var and what was wrong.
 */
export const segmentConfig = registerAs('segment', (): SegmentModuleOptions => {
  const env = process.env;
  const options: Record<string, unknown> = {};
  const read = (option: keyof typeof SEGMENT_ENV_VARS, parse: (raw: string) => unknown): void => {
    const raw = env[SEGMENT_ENV_VARS[option]];
    if (raw !== undefined && raw.trim() !== '') options[option] = parse(raw.trim());
  };
  read('writeKey', (raw) => raw);
  read('host', (raw) => raw);
  read('region', (raw) => raw.toLowerCase());
  read('flushAt', parseWholeNumber);
  read('flushInterval', parseWholeNumber);
  read('maxQueueSize', parseWholeNumber);
  read('gzip', parseFlag);
  read('disable', parseFlag);
  read('debug', parseFlag);
  // Typed as options although an unparsable value stays a string: validation reports it.
  return options as unknown as SegmentModuleOptions;
});

function parseWholeNumber(raw: string): number | string {
  return /^[+-]?\d+$/.test(raw) ? Number(raw) : raw;
}

const TRUE = new Set(['true', '1', 'yes', 'on']);
const FALSE = new Set(['false', '0', 'no', 'off']);

function parseFlag(raw: string): boolean | string {
  const value = raw.toLowerCase();
  return TRUE.has(value) ? true : FALSE.has(value) ? false : raw;
}
