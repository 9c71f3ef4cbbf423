import type { MessageType } from '../../core/index.js';

/**
 * An object with an `asymmetricMatch(value)` method, such as Jest's `expect.any(String)` or
 * `expect.stringContaining('ord_')`. Recognised by shape, so no test runner is required.
 */
export interface AsymmetricMatcher {
  asymmetricMatch(value: unknown): boolean;
}

/**
 * What a pattern may hold where a value is expected: the value itself (objects match when
 * they contain the given fields, recursively), a RegExp for strings, a predicate, or an
 * asymmetric matcher. `undefined` means "absent".
 */
export type Matchable<T> = T | RegExp | ((value: unknown) => boolean) | AsymmetricMatcher;

/**
 * A partial Segment message: every field given must be found in the recorded message, objects
 * are compared as deep subsets, arrays item by item (same length).
 */
export interface MessagePattern {
  type?: Matchable<MessageType>;
  event?: Matchable<string>;
  name?: Matchable<string>;
  category?: Matchable<string>;
  userId?: Matchable<string>;
  anonymousId?: Matchable<string>;
  groupId?: Matchable<string>;
  previousId?: Matchable<string>;
  messageId?: Matchable<string>;
  /** An ISO-8601 string as recorded, or a Date (compared by instant). */
  timestamp?: Matchable<string | Date>;
  properties?: Matchable<Record<string, unknown>>;
  traits?: Matchable<Record<string, unknown>>;
  context?: Matchable<Record<string, unknown>>;
  integrations?: Matchable<Record<string, unknown>>;
  [field: string]: unknown;
}
