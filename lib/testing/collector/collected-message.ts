import type { SegmentMessage } from '../../core/index.js';

/**
 * A message as the collector received it: the parsed JSON object, untouched.
 *
 * Every Spec field is optional because a non-strict collector accepts what Segment accepts,
 * and Segment accepts messages that lack fields; tests should not be told otherwise.
 */
export type CollectedMessage = Partial<SegmentMessage> & { readonly [field: string]: unknown };

/** A way a received message breaks the Segment Spec (recorded in strict and non-strict mode). */
export interface SpecViolation {
  /** The message's `messageId`, when it had a string one. */
  readonly messageId: string | undefined;
  /** What is wrong, e.g. `timestamp "yesterday" is not ISO-8601 with a zone`. */
  readonly text: string;
}
