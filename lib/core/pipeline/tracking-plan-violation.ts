import { SegmentValidationError } from '../errors.js';
import type { MessageType } from '../message-types.js';

/**
 * One way a message breaks its tracking plan. It names where and which rule, never the value
 * found there: that value may be personal data.
 */
export interface TrackingPlanViolation {
  /** The track event's name; `identify`, `group`, `page <name>` ... for the other calls. */
  readonly event: string;
  readonly messageType: MessageType;
  /** JSON pointer into the message (RFC 6901): `/properties/total`, `/traits/email`, `/event`. */
  readonly pointer: string;
  /** The JSON Schema keyword that failed (`type`, `required`, `format`, `enum`, ...), or `unknownEvent`. */
  readonly rule: string;
  /** What the plan expects there, in words: `must be number`, `is required`. */
  readonly expected: string;
  /** The plan rule's version that was applied, when the plan gives one. */
  readonly version?: number;
}

/** What happens to a message that breaks its plan. */
export type ViolationAction = 'report' | 'drop' | 'throw';

/** `/properties/total` (type: must be number) as one line. */
export function describeViolation(violation: TrackingPlanViolation): string {
  return `${violation.pointer} ${violation.expected} (${violation.rule})`;
}

/** `/properties/items/0/sku` -> `properties.items[0].sku`, the field path the validation errors use. */
function fieldOf(pointer: string): string {
  const parts = pointer
    .split('/')
    .slice(1)
    .map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'));
  return parts.reduce((path, part) => (/^\d+$/.test(part) ? `${path}[${part}]` : path === '' ? part : `${path}.${part}`), '');
}

/**
 * A message broke the tracking plan. Thrown by the call with `onViolation: 'throw'`, and handed
 * to `onError` (and carried by `events$`) in every mode. Its text names the event, the JSON
 * pointer and the rule of each violation, never the offending values.
 */
export class SegmentViolationError extends SegmentValidationError {
  override name = 'SegmentViolationError';
  /** How a dropped message is listed by flush() and events$. */
  readonly reason = 'violation';

  constructor(
    /** The track event's name, or the call's type for the other calls. */
    readonly event: string,
    readonly messageId: string,
    readonly violations: readonly TrackingPlanViolation[],
    /** What was done with the message. */
    readonly action: ViolationAction,
  ) {
    const first = violations[0];
    const outcome = action === 'report' ? 'sent anyway' : action === 'drop' ? 'dropped' : 'refused';
    super(
      first === undefined ? 'message' : fieldOf(first.pointer) || 'message',
      `${JSON.stringify(event)} violates the tracking plan (${outcome}): ${violations.map(describeViolation).join('; ')}.`,
    );
  }
}
