import { SegmentConfigError } from '../errors.js';
import type { SegmentMessage } from '../message-types.js';
import { isPlainObject } from '../plain-object.js';
import type { SegmentMiddleware } from './segment-middleware.js';

export interface ScrubOptions {
  /** Keys removed wherever they appear in `properties`, `traits` and `context`, at any depth (exact names). */
  keys: readonly string[];
}

/** The message fields a scrubber walks. */
const SCRUBBED_FIELDS = ['properties', 'traits', 'context'] as const;

/**
 * A middleware that removes personal data before it leaves: `scrub({ keys: ['email', 'phone'] })`
 * deletes those keys from `properties`, `traits` and `context`, inside nested objects and arrays
 * too. The caller's objects are not touched: what changes is copied.
 */
export function scrub(options: ScrubOptions): SegmentMiddleware {
  const keys = options?.keys;
  if (!Array.isArray(keys) || keys.length === 0 || !keys.every((key) => typeof key === 'string' && key !== '')) {
    throw new SegmentConfigError('scrub.keys', "scrub() takes { keys: [...] }, a non-empty list of key names such as ['email', 'phone'].");
  }
  const scrubbed = new Set<string>(keys);
  return function scrub(message: SegmentMessage): SegmentMessage {
    let result = message;
    for (const field of SCRUBBED_FIELDS) {
      const value = message[field];
      if (value === undefined) continue;
      const cleaned = clean(value, scrubbed, 0);
      if (cleaned !== value) {
        if (result === message) result = { ...message };
        (result as unknown as Record<string, unknown>)[field] = cleaned;
      }
    }
    return result;
  };
}

/** Deeper than this, a value is left as it is: only a circular reference nests so far, and serialization refuses that (naming its path). */
const MAX_DEPTH = 64;

/**
 * `value` without the scrubbed keys; the same object when there was none to remove, so a clean
 * message costs a walk and no copy. Plain objects and arrays are walked; anything else (a Date,
 * a class instance) is a value.
 */
function clean(value: unknown, scrubbed: ReadonlySet<string>, depth: number): unknown {
  if (typeof value !== 'object' || value === null || depth > MAX_DEPTH) return value;
  if (Array.isArray(value)) {
    let copy: unknown[] | undefined;
    for (let index = 0; index < value.length; index++) {
      const item: unknown = value[index];
      const cleaned = clean(item, scrubbed, depth + 1);
      if (cleaned !== item) (copy ??= value.slice())[index] = cleaned;
    }
    return copy ?? value;
  }
  if (!isPlainObject(value)) return value;
  let copy: Record<string, unknown> | undefined;
  const keys = Object.keys(value);
  for (let index = 0; index < keys.length; index++) {
    const key = keys[index]!;
    if (scrubbed.has(key)) {
      copy ??= { ...value };
      delete copy[key];
      continue;
    }
    const item = value[key];
    const cleaned = clean(item, scrubbed, depth + 1);
    if (cleaned !== item) (copy ??= { ...value })[key] = cleaned;
  }
  return copy ?? value;
}
