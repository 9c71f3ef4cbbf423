import { ValidateBy, validateSync, type ValidationError } from 'class-validator';
import { MAX_BATCH_MESSAGES } from '../core/index.js';
import { SEGMENT_ENV_VARS } from './segment-env.js';
import { segmentHostProblem } from './segment-host.js';
import type { SegmentOptionProblem } from './segment-options.error.js';

/** Checks one value; returns what is wrong (after the option's name), or undefined. */
type Check = (value: unknown, options: OptionsSchema) => string | undefined;

/**
 * A class-validator rule from a check function: the check decides and writes the message, so
 * each option fails with exactly one sentence whatever is wrong with it.
 */
function Rule(check: Check): PropertyDecorator {
  return ValidateBy({
    name: 'segmentOption',
    validator: {
      validate: (value, args) => check(value, args!.object as OptionsSchema) === undefined,
      defaultMessage: (args) => check(args!.value, args!.object as OptionsSchema) ?? '',
    },
  });
}

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;

/**
 * Values shown in messages are short and typed. A string holding the write key (env vars
 * swapped by mistake) is never shown, and neither is the write key itself.
 */
function describe(value: unknown, schema: OptionsSchema): string {
  if (typeof value === 'string') {
    const key = typeof schema.writeKey === 'string' ? schema.writeKey.trim() : '';
    if (key !== '' && value.includes(key)) return 'a string that contains the write key (not shown)';
    return `"${value.length > 60 ? value.slice(0, 60) + '…' : value}"`;
  }
  if (typeof value === 'number' && Number.isNaN(value)) return 'a value that is not a number';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'function') return 'a function';
  if (typeof value === 'object') return 'an object';
  return String(value);
}

const wholeNumber =
  (min: number, max = Number.MAX_SAFE_INTEGER): Check =>
  (value, schema) => {
    if (value === undefined || (typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max)) return undefined;
    const range = max === Number.MAX_SAFE_INTEGER ? `of at least ${min}` : `from ${min} to ${max}`;
    return `must be a whole number ${range}; got ${describe(value, schema)}`;
  };

const flag: Check = (value, schema) =>
  value === undefined || typeof value === 'boolean' ? undefined : `must be true or false; got ${describe(value, schema)}`;

const fn =
  (shape: string, orFalse = false): Check =>
  (value, schema) =>
    value === undefined || typeof value === 'function' || (orFalse && value === false) ? undefined : `must be ${shape}; got ${describe(value, schema)}`;

// Marks a line of a nested option's problems (`context.ip`), split into problems of their own.
const NESTED = '\u0000';

function ofObject(value: unknown, fields: Record<string, Check>, schema: OptionsSchema): string | undefined {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return `must be an object; got ${describe(value, schema)}`;
  const problems: string[] = [];
  for (const [field, check] of Object.entries(fields)) {
    const problem = check((value as Record<string, unknown>)[field], schema);
    if (problem !== undefined) problems.push(`${NESTED}${field} ${problem}`);
  }
  return problems.length === 0 ? undefined : problems.join('\n');
}

/** The module's options as class-validator sees them; never instantiated outside validation. */
class OptionsSchema {
  @Rule((value) =>
    typeof value === 'string' && value.trim().length > 0
      ? undefined
      : `is required: the source's write key, a non-empty string (got ${value === undefined ? 'nothing' : typeof value === 'string' ? 'an empty string' : typeof value})`,
  )
  writeKey?: unknown;

  @Rule((value, schema) => {
    if (value === undefined) return undefined;
    if (typeof value !== 'string') return `must be a URL string; got ${describe(value, schema)}`;
    // The host's value is not echoed: a write key pasted into SEGMENT_HOST must not reach a log.
    const region = schema.region === 'us' || schema.region === 'eu' ? schema.region : undefined;
    return segmentHostProblem(value, schema.allowInsecureHttp === true, region);
  })
  host?: unknown;

  @Rule((value, schema) => (value === undefined || value === 'us' || value === 'eu' ? undefined : `must be 'us' or 'eu'; got ${describe(value, schema)}`))
  region?: unknown;

  @Rule((value, schema) => (value === undefined || (typeof value === 'string' && value.startsWith('/')) ? undefined : `must start with "/"; got ${describe(value, schema)}`))
  path?: unknown;

  @Rule(wholeNumber(1, MAX_BATCH_MESSAGES)) flushAt?: unknown;
  @Rule(wholeNumber(0, HOUR_MS)) flushInterval?: unknown;
  @Rule(wholeNumber(1)) maxQueueSize?: unknown;
  @Rule(wholeNumber(0, 1_000)) maxRetries?: unknown;
  @Rule(wholeNumber(0, DAY_MS)) maxRetryDuration?: unknown;
  @Rule(wholeNumber(0, HOUR_MS)) minRetryDelay?: unknown;
  @Rule(wholeNumber(0, HOUR_MS)) maxRetryDelay?: unknown;
  @Rule(wholeNumber(1, HOUR_MS)) httpTimeout?: unknown;
  @Rule(wholeNumber(1, 256)) maxConcurrentRequests?: unknown;
  @Rule(flag) gzip?: unknown;
  @Rule(flag) disable?: unknown;
  @Rule(flag) debug?: unknown;
  @Rule(flag) allowInsecureHttp?: unknown;

  @Rule((value) => {
    if (value === undefined) return undefined;
    const logger = value as Record<string, unknown> | null;
    const ok = logger !== null && typeof logger === 'object' && ['log', 'warn', 'error'].every((method) => typeof logger[method] === 'function');
    return ok ? undefined : 'must have log, warn and error methods (a Nest Logger fits)';
  })
  logger?: unknown;

  @Rule(fn('a function (error, messages) => void')) onError?: unknown;

  @Rule((value) =>
    value === undefined || (typeof value === 'object' && value !== null && typeof (value as { dispatch?: unknown }).dispatch === 'function')
      ? undefined
      : 'must be an undici Dispatcher (Agent, ProxyAgent, MockAgent, ...)',
  )
  dispatcher?: unknown;

  @Rule((value, schema) =>
    value === undefined || value === false
      ? undefined
      : ofObject(
          value,
          {
            ip: (ip, schema) => (ip === undefined || typeof ip === 'boolean' || ip === 'anonymize' ? undefined : `must be true, false or 'anonymize'; got ${describe(ip, schema)}`),
            userAgent: flag,
            page: flag,
            locale: flag,
          },
          schema,
        ),
  )
  context?: unknown;

  @Rule(fn('a function (request) => ({ userId?, anonymousId? }), or false', true)) user?: unknown;
  @Rule(flag) interceptor?: unknown;
  @Rule(wholeNumber(0, HOUR_MS)) shutdownTimeoutMs?: unknown;

  @Rule((value, schema) => {
    if (value === undefined || typeof value === 'boolean') {
      return value === true && schema.interceptor === false ? 'needs the request interceptor, but interceptor is false' : undefined;
    }
    const problem = ofObject(
      value,
      {
        event: (event, schema) => (event === undefined || (typeof event === 'string' && event.trim() !== '') ? undefined : `must be a non-empty string; got ${describe(event, schema)}`),
        exclude4xx: flag,
      },
      schema,
    );
    return problem ?? (schema.interceptor === false ? 'needs the request interceptor, but interceptor is false' : undefined);
  })
  forwardErrors?: unknown;
}

function labelOf(option: string): { label: string; envVar: string | undefined } {
  const envVar = (SEGMENT_ENV_VARS as Record<string, string | undefined>)[option];
  return { label: envVar === undefined ? option : `${option} (${envVar})`, envVar };
}

/** A problem for one option, labelled with its env var, in the same words as the validation. */
export function optionProblem(option: string, text: string): SegmentOptionProblem {
  const { label, envVar } = labelOf(option);
  return { option, envVar, message: `${label} ${text}` };
}

/**
 * Validates module options with class-validator and returns every problem found (empty when
 * the options can work). Messages name the option and its env var, never the write key's value.
 */
export function validateSegmentOptions(options: unknown): SegmentOptionProblem[] {
  if (options === null || typeof options !== 'object') {
    return [optionProblem('options', `must be an object with at least a writeKey; the options provider gave ${options === null ? 'null' : typeof options}`)];
  }
  const schema = Object.assign(new OptionsSchema(), options);
  const errors: ValidationError[] = validateSync(schema, { validationError: { target: false, value: false } });
  return errors.flatMap((error) =>
    Object.values(error.constraints ?? {})
      .flatMap((text) => text.split('\n'))
      .map((text) => {
        if (!text.startsWith(NESTED)) return optionProblem(error.property, text);
        const space = text.indexOf(' ');
        return optionProblem(`${error.property}.${text.slice(1, space)}`, text.slice(space + 1));
      }),
  );
}
