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
      const cleaned = clean(value, scrubbed, new Set());
      if (cleaned !== value) {
        if (result === message) result = { ...message };
        (result as unknown as Record<string, unknown>)[field] = cleaned;
      }
    }
    return result;
  };
}

/**
 * `value` without the scrubbed keys; the same object when there was none to remove, so a clean
 * message costs a walk and no copy. `open` holds the objects being walked: a circular reference
 * is left as it is (serialization refuses it afterwards, naming its path).
 */
function clean(value: unknown, scrubbed: ReadonlySet<string>, open: Set<object>): unknown {
  if (Array.isArray(value)) {
    if (open.has(value)) return value;
    open.add(value);
    let copy: unknown[] | undefined;
    for (let index = 0; index < value.length; index++) {
      const item: unknown = value[index];
      const cleaned = clean(item, scrubbed, open);
      if (cleaned !== item) (copy ??= value.slice())[index] = cleaned;
    }
    open.delete(value);
    return copy ?? value;
  }
  if (!isPlainObject(value) || open.has(value)) return value;
  open.add(value);
  let copy: Record<string, unknown> | undefined;
  for (const key in value) {
    if (scrubbed.has(key)) {
      copy ??= { ...value };
      delete copy[key];
      continue;
    }
    const item = value[key];
    const cleaned = clean(item, scrubbed, open);
    if (cleaned !== item) (copy ??= { ...value })[key] = cleaned;
  }
  open.delete(value);
  return copy ?? value;
}
