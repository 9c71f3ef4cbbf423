import type { SegmentViolationError } from '../../core/index.js';
import { describeViolation } from '../../core/internals.js';

const LISTED = 20;

/**
 * The recorded tracking-plan violations, one message per line with each violation's JSON
 * pointer, expectation and rule: `"Order Completed" (messageId m1, refused): /properties/total must be number (type)`.
 */
export function violationReport(call: string, violations: readonly SegmentViolationError[]): string {
  const messages = violations.length === 1 ? '1 message broke' : `${violations.length} messages broke`;
  const lines = violations.slice(0, LISTED).map((error) => {
    const outcome = error.action === 'report' ? 'sent anyway' : error.action === 'drop' ? 'dropped' : 'refused';
    return `  ${JSON.stringify(error.event)} (messageId ${error.messageId}, ${outcome}): ${error.violations.map(describeViolation).join('; ')}`;
  });
  if (violations.length > LISTED) lines.push(`  … ${violations.length - LISTED} more not listed`);
  return `${call} failed: ${messages} the tracking plan.\n${lines.join('\n')}`;
}
