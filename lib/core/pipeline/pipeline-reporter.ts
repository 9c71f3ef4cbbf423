import type { SegmentError } from '../errors.js';
import type { QueuedMessage } from '../message-queue.js';
import type { SegmentMessage } from '../message-types.js';
import type { SegmentViolationError } from './tracking-plan-violation.js';

/** Why the pipeline, or what follows it, kept an accepted message from the queue. */
export type StoppedReason = 'filtered' | 'middleware_error' | 'violation' | 'too_large' | 'invalid';

/** What the pipeline needs of the client's outcome reporting. */
export interface PipelineReporter {
  /** A message broke its plan; `outline` is what reports may show of it. */
  violation(error: SegmentViolationError, outline: SegmentMessage, tellOnError: boolean): void;
  /** An accepted message that will not be queued, counted as dropped. */
  stopped(message: QueuedMessage, error: SegmentError & { readonly reason: StoppedReason }): void;
}
