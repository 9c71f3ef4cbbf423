import type { SegmentClientOptions } from './client-options.js';
import type { OptionProblems } from './option-problems.js';
import { describeOptionValue } from './option-value.js';

/**
 * The checks every layer's options share (the client's, the Nest module's). Each records what
 * is wrong in `problems` and returns the fallback, so that reading goes on to the next option.
 * `options` is the whole set, for describing a value without any of its secrets.
 */
export interface OptionReader {
  readonly problems: OptionProblems;
  readonly options: SegmentClientOptions;
}

export function wholeNumber(reader: OptionReader, option: string, value: unknown, fallback: number, min: number, max = Number.MAX_SAFE_INTEGER): number {
  if (value === undefined) return fallback;
  if (typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max) return value;
  const range = max === Number.MAX_SAFE_INTEGER ? `at least ${min}` : `from ${min} to ${max}`;
  reader.problems.add(option, `must be a whole number ${range}; got ${describeOptionValue(value, reader.options)}`);
  return fallback;
}

export function flag(reader: OptionReader, option: string, value: unknown): boolean {
  if (value === undefined) return false;
  if (typeof value === 'boolean') return value;
  reader.problems.add(option, `must be true or false; got ${describeOptionValue(value, reader.options)}`);
  return false;
}

/** A function option; `shape` shows the expected signature. */
export function callback(reader: OptionReader, option: string, value: unknown, shape: string): void {
  if (value !== undefined && typeof value !== 'function') reader.problems.add(option, `must be ${shape}; got ${describeOptionValue(value, reader.options)}`);
}

/** A non-empty string option that must be given; `what` says what it holds. */
export function requiredText(reader: OptionReader, option: string, value: unknown, what: string): string | undefined {
  if (typeof value === 'string' && value.trim() !== '') return value;
  reader.problems.add(option, `is required: ${what}, a non-empty string (got ${kindOf(value)})`);
  return undefined;
}

/** What a value is, for "got ..." where the value itself is never shown. */
export function kindOf(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (typeof value === 'string') return value.trim() === '' ? 'an empty string' : 'a string';
  return Array.isArray(value) ? 'an array' : typeof value;
}

/**
 * The value as an object of fields, or undefined after recording that it is not one. Only its
 * kind is shown: a string here is often a URL or credentials given where an object belongs.
 */
export function fieldsOf(reader: OptionReader, option: string, value: unknown, example: string): Record<string, unknown> | undefined {
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) return value as Record<string, unknown>;
  reader.problems.add(option, `must be an object such as ${example}; got ${kindOf(value)}`);
  return undefined;
}
