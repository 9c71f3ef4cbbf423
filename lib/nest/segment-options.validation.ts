import { ValidateBy, validateSync, type ValidationError } from 'class-validator';
import { MAX_BATCH_MESSAGES, SegmentConfigError, type SegmentClientOptions } from '../core/index.js';
import { DEFAULT_OAUTH_SCOPE, REGIONS, readPrivateKey, secretIn } from '../core/internals.js';
import { resolveDurableOptions } from '../durable/durable-options.js';
import { SEGMENT_ENV_VARS, SEGMENT_OAUTH_PRIVATE_KEY_FILE } from './segment-env.js';
import { segmentHostProblem } from './segment-host.js';
import type { SegmentOptionProblem } from './segment-options.error.js';
import { UnusableEnvValue } from './unusable-env-value.js';

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
 * Values shown in messages are short and typed. A string holding a secret (env vars swapped by
 * mistake) is never shown: the write key, a private key (given, or anything PEM-like), the
 * proxy URL or its password, or any URL with user:password@ credentials.
 */
function describe(value: unknown, schema: OptionsSchema): string {
  if (typeof value === 'string') {
    // The client's own rule for what counts as a secret among the options.
    const secret = secretIn(value, schema as SegmentClientOptions);
    if (secret !== undefined) return `a string that contains ${secret} (not shown)`;
    return `"${value.length > 60 ? value.slice(0, 60) + '…' : value}"`;
  }
  if (typeof value === 'number' && Number.isNaN(value)) return 'a value that is not a number';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'function') return 'a function';
  if (typeof value === 'object') return 'an object';
  return String(value);
}

/** What a value is, for "got ..." when the value itself may not be shown. */
function kindOf(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (typeof value === 'string') return value.trim() === '' ? 'an empty string' : 'a string';
  return Array.isArray(value) ? 'an array' : typeof value;
}

/** A SegmentConfigError of the client as validation's text: without the option's name and final period. */
function clientText(error: SegmentConfigError): string {
  const text = error.message.startsWith(`${error.option} `) ? error.message.slice(error.option.length + 1) : error.message;
  return text.replace(/\.$/, '');
}

const LOOPBACK = /^(localhost|127\.\d{1,3}\.\d{1,3}\.\d{1,3}|\[::1\])$/;

const requiredText =
  (what: string): Check =>
  (value) =>
    typeof value === 'string' && value.trim() !== '' ? undefined : `is required: ${what}, a non-empty string (got ${kindOf(value)})`;

/**
 * `oauth.privateKey` with the client's own checks (RSA, 2,048 bits, private, not encrypted), so
 * a bad key is listed with the other problems. The client's messages never quote the key.
 */
const oauthPrivateKey: Check = (value) => {
  // segmentConfig could not produce a value (key file unreadable, both variables set).
  if (value instanceof UnusableEnvValue) return value.problem;
  if (value === undefined) return 'is required: the RSA private key, a PKCS#8 PEM string or a KeyObject (got nothing)';
  try {
    readPrivateKey(value);
    return undefined;
  } catch (error) {
    if (!(error instanceof SegmentConfigError)) return 'could not be read as a private key';
    const text = clientText(error);
    // The client asks whether a path was given; with segmentConfig a path has its own variable.
    const noPem = typeof value === 'string' && value.trim() !== '' && !value.includes('-----BEGIN');
    return noPem ? `${text}; a path belongs in ${SEGMENT_OAUTH_PRIVATE_KEY_FILE}` : text;
  }
};

/** `oauth.authServer`: the value is not shown (a secret pasted into the wrong variable must not reach a log). */
const oauthAuthServer: Check = (value, schema) => {
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || value.trim() === '') return `must be a URL such as ${REGIONS.us.authServer}; got ${kindOf(value)}`;
  let url: URL;
  try {
    url = new URL(value.trim());
  } catch {
    return `must be an absolute URL such as ${REGIONS.us.authServer} (the value is not shown)`;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return 'must use https://';
  if (url.username !== '' || url.password !== '') return 'must not carry credentials';
  if (url.search !== '' || url.hash !== '') return 'must have no query or fragment (the token endpoint is {authServer}/token)';
  if (url.protocol === 'http:' && !LOOPBACK.test(url.hostname) && schema.allowInsecureHttp !== true) {
    return 'uses plain http:// to a non-loopback host, which would send the signed client assertion in clear; use https:// or set allowInsecureHttp: true';
  }
  return undefined;
};

const PROXY_EXAMPLE = 'http://proxy.internal:3128';

/**
 * `proxy` as the client checks it, in words that never repeat any part of the value: a proxy URL
 * may carry a password, and a malformed one can put it where a host or a path would be.
 */
const proxyCheck: Check = (value, schema) => {
  if (value === undefined) return undefined;
  if (schema.dispatcher !== undefined)
    return 'cannot be used together with dispatcher: a proxy is itself a dispatcher (build an undici ProxyAgent into your dispatcher, or drop it)';
  if (value === 'env') return undefined;
  if (typeof value !== 'string' || value.trim() === '') return `must be 'env' or a proxy URL such as ${PROXY_EXAMPLE}; got ${kindOf(value)}`;
  let url: URL;
  try {
    // Without a scheme, `user:password@host` would parse with the user name as the scheme.
    if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(value.trim())) throw new TypeError('no scheme');
    url = new URL(value.trim());
    decodeURIComponent(url.username);
    decodeURIComponent(url.password);
  } catch {
    return `must be 'env' or an absolute http(s) URL such as ${PROXY_EXAMPLE}; the value is not one (not shown: it may hold a password)`;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    return `must be an http:// or https:// URL such as ${PROXY_EXAMPLE} (other schemes, socks included, are not supported)`;
  if ((url.pathname !== '/' && url.pathname !== '') || url.search !== '' || url.hash !== '') {
    return `must be scheme://host:port with no path, query or fragment, such as ${PROXY_EXAMPLE} (the value is not shown; a password holding / ? or # must be percent-encoded)`;
  }
  return undefined;
};

const DURABLE_EXAMPLE_URL = 'redis://127.0.0.1:6379';

/**
 * `durable` with the client's own checks, one problem per field (`durable.url`, ...). The
 * client's messages never repeat the URL, which may carry a Redis password.
 */
const durableCheck: Check = (value, schema) => {
  if (value === undefined) return undefined;
  const writeKey = typeof schema.writeKey === 'string' ? schema.writeKey : '';
  const problemOf = (durable: unknown): string | undefined => {
    try {
      resolveDurableOptions(durable, writeKey);
      return undefined;
    } catch (error) {
      if (!(error instanceof SegmentConfigError)) return 'could not be read';
      const field = error.option.startsWith('durable.') ? error.option.slice('durable.'.length) : undefined;
      return field === undefined ? clientText(error) : `${NESTED}${field} ${clientText(error)}`;
    }
  };
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return problemOf(value);
  // Each field on its own (beside a valid url), so that every wrong one is listed.
  const { url, ...rest } = value as Record<string, unknown>;
  const problems = [problemOf({ url }), ...Object.entries(rest).map(([field, given]) => problemOf({ url: DURABLE_EXAMPLE_URL, [field]: given }))];
  const found = problems.filter((problem) => problem !== undefined);
  return found.length === 0 ? undefined : found.join('\n');
};

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
  @Rule((value, schema) =>
    (typeof value === 'string' && value.trim().length > 0) || (value === undefined && schema.disable === true)
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

  @Rule((value, schema) =>
    value === undefined
      ? undefined
      : ofObject(
          value,
          {
            clientId: requiredText("the OAuth app's client id"),
            keyId: requiredText('the id Segment shows for the uploaded public key'),
            privateKey: oauthPrivateKey,
            authServer: oauthAuthServer,
            scope: (scope) =>
              scope === undefined || (typeof scope === 'string' && scope.trim() !== '')
                ? undefined
                : `must be a non-empty string of space-separated scopes (default ${DEFAULT_OAUTH_SCOPE}); got ${kindOf(scope)}`,
          },
          schema,
        ),
  )
  oauth?: unknown;

  @Rule(proxyCheck) proxy?: unknown;
  @Rule(durableCheck) durable?: unknown;

  @Rule((value, schema) =>
    value === undefined || (typeof value === 'string' && value.startsWith('/')) ? undefined : `must start with "/"; got ${describe(value, schema)}`,
  )
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
            ip: (ip, schema) =>
              ip === undefined || typeof ip === 'boolean' || ip === 'anonymize' ? undefined : `must be true, false or 'anonymize'; got ${describe(ip, schema)}`,
            userAgent: flag,
            page: flag,
            locale: flag,
            handler: flag,
          },
          schema,
        ),
  )
  context?: unknown;

  @Rule(fn('a function (request) => ({ userId?, anonymousId? }), or false', true)) user?: unknown;
  @Rule((value, schema) => {
    if (value === undefined || value === 'warn-once' || value === 'skip') return undefined;
    const expected = "must be 'warn-once', 'skip', { header: 'name' } or { cookie: 'name' }";
    if (value === null || typeof value !== 'object' || Array.isArray(value)) return `${expected}; got ${describe(value, schema)}`;
    const keys = Object.keys(value);
    const name = (value as Record<string, unknown>)[keys[0] ?? ''];
    const ok = keys.length === 1 && (keys[0] === 'header' || keys[0] === 'cookie') && typeof name === 'string' && name.trim() !== '';
    return ok ? undefined : `${expected}, with one non-empty name; got an object with ${keys.length === 0 ? 'no keys' : `keys ${keys.join(', ')}`}`;
  })
  anonymous?: unknown;

  @Rule(flag) requestContext?: unknown;
  @Rule(wholeNumber(0, HOUR_MS)) shutdownTimeoutMs?: unknown;

  @Rule((value, schema) => {
    if (value === undefined || typeof value === 'boolean') {
      return value === true && schema.requestContext === false ? 'needs the request context, but requestContext is false' : undefined;
    }
    const problem = ofObject(
      value,
      {
        event: (event, schema) =>
          event === undefined || (typeof event === 'string' && event.trim() !== '') ? undefined : `must be a non-empty string; got ${describe(event, schema)}`,
        exclude4xx: flag,
      },
      schema,
    );
    return problem ?? (schema.requestContext === false ? 'needs the request context, but requestContext is false' : undefined);
  })
  forwardErrors?: unknown;
}

/**
 * `option (ENV_VAR)`. An UnusableEnvValue names the variables at fault itself; the private key,
 * read from either of two variables, names both when which one was used is not known.
 */
function labelOf(option: string, value?: unknown): { label: string; envVar: string | undefined } {
  if (value instanceof UnusableEnvValue) return { label: `${option} (${value.envVars.join(' and ')})`, envVar: value.envVars[0] };
  const envVar = (SEGMENT_ENV_VARS as Record<string, string | undefined>)[option];
  if (envVar === undefined) return { label: option, envVar };
  const shown = option === 'oauth.privateKey' ? `${envVar} or ${SEGMENT_OAUTH_PRIVATE_KEY_FILE}` : envVar;
  return { label: `${option} (${shown})`, envVar };
}

/**
 * A problem for one option, labelled with its env var, in the same words as the validation.
 * `value` is the option's value, when known: an UnusableEnvValue changes the label.
 */
export function optionProblem(option: string, text: string, value?: unknown): SegmentOptionProblem {
  const { label, envVar } = labelOf(option, value);
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
  const given = options as Record<string, unknown>;
  return errors.flatMap((error) =>
    Object.values(error.constraints ?? {})
      .flatMap((text) => text.split('\n'))
      .map((text) => {
        if (!text.startsWith(NESTED)) return optionProblem(error.property, text, given[error.property]);
        const space = text.indexOf(' ');
        const field = text.slice(1, space);
        const value = (given[error.property] as Record<string, unknown>)[field];
        return optionProblem(`${error.property}.${field}`, text.slice(space + 1), value);
      }),
  );
}
