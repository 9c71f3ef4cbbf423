import type { SegmentMessage } from '../message-types.js';
import type { SegmentViolationError } from './tracking-plan-violation.js';

/**
 * A check of finished messages against a tracking plan (the plan engine implements it). Returns
 * nothing for a message that passes, or the violation with what to do about it.
 */
export interface MessageCheck {
  check(message: SegmentMessage): SegmentViolationError | undefined;
}
