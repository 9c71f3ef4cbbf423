import type { AjvError } from './load-ajv.js';
import type { MessageType, TrackingPlanViolation } from '../core/internals.js';

/** Most violations kept per message: enough to fix it, bounded for a message that is all wrong. */
export const MAX_VIOLATIONS = 10;

const LONGEST_ALLOWED_LIST = 120;

function escapePointer(key: string): string {
  return key.replace(/~/g, '~0').replace(/\//g, '~1');
}

/**
 * Ajv's errors as violations: where (a JSON pointer that names the missing or extra key itself)
 * and which keyword, in words taken from the schema only. Ajv's own texts never quote the data.
 */
export function violationsOf(errors: readonly AjvError[], event: string, messageType: MessageType, version: number, into: TrackingPlanViolation[]): void {
  for (const error of errors) {
    if (into.length >= MAX_VIOLATIONS) return;
    let pointer = error.instancePath;
    let expected = error.message ?? `fails ${error.keyword}`;
    if (error.keyword === 'required' && typeof error.params.missingProperty === 'string') {
      pointer += `/${escapePointer(error.params.missingProperty)}`;
      expected = 'is required';
    } else if (error.keyword === 'additionalProperties' && typeof error.params.additionalProperty === 'string') {
      pointer += `/${escapePointer(error.params.additionalProperty)}`;
      expected = 'is not allowed (additionalProperties is false)';
    } else if (error.keyword === 'enum' && Array.isArray(error.params.allowedValues)) {
      const allowed = JSON.stringify(error.params.allowedValues);
      expected = `must be one of ${allowed.length > LONGEST_ALLOWED_LIST ? allowed.slice(0, LONGEST_ALLOWED_LIST) + '…' : allowed}`;
    }
    into.push({ event, messageType, pointer: pointer || '/', rule: error.keyword, expected, version });
  }
}

/** The violation of a track event the plan does not list. */
export function unknownEventViolation(event: string): TrackingPlanViolation {
  return { event, messageType: 'track', pointer: '/event', rule: 'unknownEvent', expected: 'is not an event of the tracking plan' };
}
