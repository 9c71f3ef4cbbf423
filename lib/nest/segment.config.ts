import { readFileSync } from 'node:fs';
import { registerAs } from '@nestjs/config';
import { SEGMENT_ENV_VARS, SEGMENT_OAUTH_ENV_VARS, SEGMENT_OAUTH_PRIVATE_KEY_FILE } from './segment-env.js';
import type { SegmentModuleOptions } from './segment-module.options.js';
import { UnusableEnvValue } from './unusable-env-value.js';

type EnvReader = (envVar: string) => string | undefined;

/**
 * Client options read from the environment, for `@nestjs/config`:
 * `SegmentModule.forRootAsync(segmentConfig.asProvider())`, or inject `segmentConfig.KEY`.
 *
 * Only variables that are set (and not blank) become options, so unset ones keep the client's
 * defaults. A value that does not parse is passed on as the raw string, on purpose: validation
 * then rejects it at boot naming the option, the env var and what was wrong. The factory never
 * throws; what it cannot turn into a value at all (an unreadable key file) it passes on as an
 * `UnusableEnvValue`, which validation reports the same way.
 */
export const segmentConfig = registerAs('segment', (): SegmentModuleOptions => {
  const env = process.env;
  const valueOf: EnvReader = (envVar) => {
    const raw = env[envVar];
    return raw === undefined || raw.trim() === '' ? undefined : raw.trim();
  };
  const options: Record<string, unknown> = {};
  const read = (option: keyof typeof SEGMENT_ENV_VARS & string, parse: (raw: string) => unknown): void => {
    const raw = valueOf(SEGMENT_ENV_VARS[option]);
    if (raw !== undefined) options[option] = parse(raw);
  };
  read('writeKey', (raw) => raw);
  read('host', (raw) => raw);
  read('region', (raw) => raw.toLowerCase());
  // Raw: 'env' or a URL. Validation checks it and never repeats it (it may carry a password).
  read('proxy', (raw) => raw);
  read('flushAt', parseWholeNumber);
  read('flushInterval', parseWholeNumber);
  read('maxQueueSize', parseWholeNumber);
  read('gzip', parseFlag);
  read('disable', parseFlag);
  read('debug', parseFlag);
  const oauth = readOAuth(valueOf);
  if (oauth !== undefined) options.oauth = oauth;
  const durable = readDurable(valueOf);
  if (durable !== undefined) options.durable = durable;
  const plan = valueOf(SEGMENT_ENV_VARS['trackingPlan.plan']);
  if (plan !== undefined) options.trackingPlan = { plan };
  // Typed as options although an unparsable value stays a string: validation reports it.
  return options as unknown as SegmentModuleOptions;
});

/**
 * `oauth` as soon as any SEGMENT_OAUTH_* variable is set, with only the fields that are set:
 * a missing one is then reported by validation, by name, instead of OAuth silently staying off.
 */
function readOAuth(valueOf: EnvReader): Record<string, unknown> | undefined {
  if (SEGMENT_OAUTH_ENV_VARS.every((envVar) => valueOf(envVar) === undefined)) return undefined;
  const oauth: Record<string, unknown> = {};
  for (const field of ['clientId', 'keyId', 'authServer', 'scope'] as const) {
    const value = valueOf(SEGMENT_ENV_VARS[`oauth.${field}`]);
    if (value !== undefined) oauth[field] = value;
  }
  const pem = valueOf(SEGMENT_ENV_VARS['oauth.privateKey']);
  const path = valueOf(SEGMENT_OAUTH_PRIVATE_KEY_FILE);
  if (pem !== undefined && path !== undefined) {
    // Neither wins: the two may well hold different keys, and the wrong one fails only at Segment.
    oauth.privateKey = new UnusableEnvValue(
      [SEGMENT_ENV_VARS['oauth.privateKey'], SEGMENT_OAUTH_PRIVATE_KEY_FILE],
      `are both set; set only one: ${SEGMENT_ENV_VARS['oauth.privateKey']} to the PEM itself, or ${SEGMENT_OAUTH_PRIVATE_KEY_FILE} to the path of the PEM file`,
    );
  } else if (path !== undefined) {
    oauth.privateKey = readKeyFile(path, valueOf(SEGMENT_ENV_VARS.writeKey));
  } else if (pem !== undefined) {
    oauth.privateKey = pem;
  }
  return oauth;
}

/** `durable` as soon as either SEGMENT_DURABLE_* variable is set; a queue without a URL is reported by validation. */
function readDurable(valueOf: EnvReader): Record<string, unknown> | undefined {
  const url = valueOf(SEGMENT_ENV_VARS['durable.url']);
  const queue = valueOf(SEGMENT_ENV_VARS['durable.queue']);
  if (url === undefined && queue === undefined) return undefined;
  return { ...(url === undefined ? {} : { url }), ...(queue === undefined ? {} : { queue }) };
}

/** Longer than any sane path, shorter than any RSA key of 2,048 bits or more in PEM or base64. */
const MAX_SHOWN_PATH = 1024;

/** The file's text (checked as a key by validation), or why it could not be read. */
function readKeyFile(path: string, writeKey: string | undefined): string | UnusableEnvValue {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    // The path is shown, as it says where to look; the error's own message is not (only its
    // code), and nothing of the file ever is. A key pasted here instead of its path fails as a
    // file name no disk has; then the value is not repeated, nor when it holds the write key.
    const looksLikeSecret = path.length > MAX_SHOWN_PATH || /BEGIN|KEY-----|[\r\n]/.test(path) || (writeKey !== undefined && path.includes(writeKey));
    if (looksLikeSecret) {
      return new UnusableEnvValue(
        [SEGMENT_OAUTH_PRIVATE_KEY_FILE],
        `must be the path of the PEM file, but holds something else (not shown: it looks like a key, not a path); put the PEM itself in ${SEGMENT_ENV_VARS['oauth.privateKey']}`,
      );
    }
    return new UnusableEnvValue(
      [SEGMENT_OAUTH_PRIVATE_KEY_FILE],
      `could not be read from ${path} (${readFailure(error)}); it must be the path of the PEM file, readable by this process`,
    );
  }
}

const READ_FAILURES: Record<string, string> = {
  ENOENT: 'no such file',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  EISDIR: 'it is a directory',
  ENOTDIR: 'a part of the path is not a directory',
  ENAMETOOLONG: 'the name is too long',
};

function readFailure(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code !== 'string') return 'unreadable';
  return READ_FAILURES[code] === undefined ? code : `${code}: ${READ_FAILURES[code]}`;
}

function parseWholeNumber(raw: string): number | string {
  return /^[+-]?\d+$/.test(raw) ? Number(raw) : raw;
}

const TRUE = new Set(['true', '1', 'yes', 'on']);
const FALSE = new Set(['false', '0', 'no', 'off']);

function parseFlag(raw: string): boolean | string {
  const value = raw.toLowerCase();
  return TRUE.has(value) ? true : FALSE.has(value) ? false : raw;
}
