import type { AsymmetricMatcher } from './message-pattern.js';
import { isPlainObject } from '../../core/internals.js';

/** One place where a recorded value differs from the pattern. */
export interface Mismatch {
  /** Where, as a property path: `properties.items[0].sku`; empty for the value itself. */
  readonly path: string;
  readonly expected: unknown;
  /** The recorded value; `undefined` when the field is absent. */
  readonly recorded: unknown;
  /** A hint when the reason is not obvious from the two values. */
  readonly note?: string;
}

export function isAsymmetricMatcher(value: unknown): value is AsymmetricMatcher {
  return value !== null && typeof value === 'object' && typeof (value as AsymmetricMatcher).asymmetricMatch === 'function';
}

function items(count: number): string {
  return `${count} ${count === 1 ? 'item' : 'items'}`;
}

const ID_FIELDS = new Set(['userId', 'anonymousId', 'groupId', 'previousId']);
const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;

function childPath(path: string, key: string | number): string {
  if (typeof key === 'number') return `${path}[${key}]`;
  if (IDENTIFIER.test(key)) return path === '' ? key : `${path}.${key}`;
  return `${path}[${JSON.stringify(key)}]`;
}

/**
 * Compares a recorded value with a pattern, as a deep subset, and lists every difference
 * (an empty list means it matches). Recorded values are JSON, so functions in the pattern are
 * predicates, never values to compare.
 */
export function partialMismatches(recorded: unknown, expected: unknown, path = ''): Mismatch[] {
  const mismatches: Mismatch[] = [];
  collect(recorded, expected, path, mismatches);
  return mismatches;
}

function collect(recorded: unknown, expected: unknown, path: string, out: Mismatch[]): void {
  if (expected === undefined) {
    if (recorded !== undefined) out.push({ path, expected, recorded });
    return;
  }
  if (isAsymmetricMatcher(expected)) {
    if (!expected.asymmetricMatch(recorded)) out.push({ path, expected, recorded });
    return;
  }
  if (typeof expected === 'function') {
    if (!(expected as (value: unknown) => unknown)(recorded)) out.push({ path, expected, recorded });
    return;
  }
  if (expected instanceof RegExp) {
    expected.lastIndex = 0;
    if (typeof recorded !== 'string' || !expected.test(recorded)) out.push({ path, expected, recorded });
    return;
  }
  if (expected instanceof Date) {
    const instant = typeof recorded === 'string' ? Date.parse(recorded) : recorded instanceof Date ? recorded.getTime() : Number.NaN;
    if (instant !== expected.getTime()) out.push({ path, expected, recorded });
    return;
  }
  if (Array.isArray(expected)) {
    if (!Array.isArray(recorded) || recorded.length !== expected.length) {
      const note = Array.isArray(recorded) ? `expected ${items(expected.length)}, recorded ${items(recorded.length)}` : undefined;
      out.push(note === undefined ? { path, expected, recorded } : { path, expected, recorded, note });
      return;
    }
    expected.forEach((item, index) => collect(recorded[index], item, childPath(path, index), out));
    return;
  }
  if (isPlainObject(expected)) {
    if (!isPlainObject(recorded)) {
      out.push({ path, expected, recorded });
      return;
    }
    for (const [key, value] of Object.entries(expected)) collect(recorded[key], value, childPath(path, key), out);
    return;
  }
  if (Object.is(recorded, expected)) return;
  // Segment sends numeric ids as strings; say so rather than leave 42 vs "42" to puzzle over.
  const note = typeof expected === 'number' && recorded === String(expected) && ID_FIELDS.has(path) ? 'Segment sends numeric ids as strings' : undefined;
  out.push(note === undefined ? { path, expected, recorded } : { path, expected, recorded, note });
}
