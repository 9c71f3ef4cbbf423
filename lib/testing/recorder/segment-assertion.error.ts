import type { SegmentMessage } from '../../core/index.js';
import type { MessagePattern } from './message-pattern.js';

/**
 * A recorder assertion (`expectTracked`, `expectNotTracked`, ...) failed. The message is the
 * readable report: what was expected, the closest recorded message field by field, and
 * everything that was recorded. A plain Error subclass, so any test runner shows it.
 */
export class SegmentAssertionError extends Error {
  override name = 'SegmentAssertionError';

  constructor(
    message: string,
    /** The pattern of the assertion (with `type`, and `event`/`name` when the method took one). */
    readonly expected: MessagePattern,
    /** The messages the assertion looked at, in call order. */
    readonly recorded: readonly SegmentMessage[],
  ) {
    super(message);
  }
}
