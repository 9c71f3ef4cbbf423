import type { CollectedMessage } from '../collected-message.js';

/**
 * A problem the collector found in a message. Spec violations carry only `text`; a
 * tracking-plan check would add the `rule` it applied, and the debugger page shows it.
 */
export interface FoundViolation {
  readonly text: string;
  /** The tracking-plan rule that was broken, e.g. `properties.total: must be number`. */
  readonly rule?: string;
}

/** A received message and what the collector made of it. */
export interface CheckedMessage {
  readonly message: CollectedMessage;
  /** Its messageId had already been accepted, so this copy was not added again. */
  readonly duplicate: boolean;
  readonly violations: readonly FoundViolation[];
}

/** Messages the collector did not get to check (the request was refused first). */
export function unchecked(messages: readonly CollectedMessage[]): CheckedMessage[] {
  return messages.map((message) => ({ message, duplicate: false, violations: [] }));
}
