import type { SegmentClientOptions } from '../core/index.js';
import { OptionProblems, callback, describeOptionValue, fieldsOf, flag, wholeNumber, type OptionReader } from '../core/internals.js';
import type { SegmentModuleOptions } from './segment-module.options.js';
import type { SegmentOptionProblem } from './segment-options.error.js';
import { labelledProblems } from './option-labels.js';

const HOUR_MS = 3_600_000;
const ANONYMOUS_EXPECTED = "must be 'warn-once', 'skip', { header: 'name' } or { cookie: 'name' }";

/**
 * The options only the module has (the client checks its own), with the same shared checks
 * the client uses, so that a whole number or a flag is judged and worded the same everywhere.
 */
export function nestOptionProblems(options: SegmentModuleOptions): SegmentOptionProblem[] {
  const reader: OptionReader = { problems: new OptionProblems(), options: options as SegmentClientOptions };
  readContext(reader, options.context);
  if (options.user !== false) callback(reader, 'user', options.user, 'a function (request) => ({ userId?, anonymousId? }), or false');
  readAnonymous(reader, options.anonymous);
  flag(reader, 'requestContext', options.requestContext);
  wholeNumber(reader, 'shutdownTimeoutMs', options.shutdownTimeoutMs, 0, 0, HOUR_MS);
  readForwardErrors(reader, options);
  return labelledProblems(reader.problems.found, options);
}

function readContext(reader: OptionReader, value: unknown): void {
  if (value === undefined || value === false) return;
  const context = fieldsOf(reader, 'context', value, '{ ip: false }');
  if (context === undefined) return;
  const { ip } = context;
  if (ip !== undefined && typeof ip !== 'boolean' && ip !== 'anonymize') {
    reader.problems.add('context.ip', `must be true, false or 'anonymize'; got ${describeOptionValue(ip, reader.options)}`);
  }
  for (const field of ['userAgent', 'page', 'locale', 'handler'] as const) flag(reader, `context.${field}`, context[field]);
}

function readAnonymous(reader: OptionReader, value: unknown): void {
  if (value === undefined || value === 'warn-once' || value === 'skip') return;
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    reader.problems.add('anonymous', `${ANONYMOUS_EXPECTED}; got ${describeOptionValue(value, reader.options)}`);
    return;
  }
  const keys = Object.keys(value);
  const name = (value as Record<string, unknown>)[keys[0] ?? ''];
  const ok = keys.length === 1 && (keys[0] === 'header' || keys[0] === 'cookie') && typeof name === 'string' && name.trim() !== '';
  if (!ok)
    reader.problems.add(
      'anonymous',
      `${ANONYMOUS_EXPECTED}, with one non-empty name; got an object with ${keys.length === 0 ? 'no keys' : `keys ${keys.join(', ')}`}`,
    );
}

function readForwardErrors(reader: OptionReader, options: SegmentModuleOptions): void {
  const value: unknown = options.forwardErrors;
  if (value === undefined || value === false) return;
  if (value !== true) {
    const settings = fieldsOf(reader, 'forwardErrors', value, "{ event: 'Error Captured' }");
    if (settings === undefined) return;
    const { event } = settings;
    if (event !== undefined && (typeof event !== 'string' || event.trim() === '')) {
      reader.problems.add('forwardErrors.event', `must be a non-empty string; got ${describeOptionValue(event, reader.options)}`);
    }
    flag(reader, 'forwardErrors.exclude4xx', settings.exclude4xx);
  }
  if (options.requestContext === false) reader.problems.add('forwardErrors', 'needs the request context, but requestContext is false');
}
