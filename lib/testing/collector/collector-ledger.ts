import type { IncomingMessage } from 'node:http';
import type { MessageType } from '../../core/index.js';
import { ACCEPTED, refusal, type CollectorAnswer } from './collector-answer.js';
import type { CollectedMessage, SpecViolation } from './collected-message.js';
import type { CheckedMessage } from './debugger/observed-request.js';
import type { MutableRecord } from './recorded-request.js';
import { specViolations } from './spec-violations.js';

/** The answer to a request whose messages were looked at, and what was found in each. */
export interface Acceptance {
  readonly outcome: CollectorAnswer;
  readonly checked: readonly CheckedMessage[];
}

/**
 * What the collector was sent and what it kept: every request, the accepted messages (each
 * messageId once), the duplicates and the Spec violations.
 */
export class CollectorLedger {
  private readonly strict: boolean;
  private readonly onAccepted: (messages: readonly CollectedMessage[]) => void;

  private accepted: CollectedMessage[] = [];
  private recorded: MutableRecord[] = [];
  private acceptedIds = new Set<string>();
  private duplicateCount = 0;
  private violationList: SpecViolation[] = [];

  /** @param onAccepted told after every accepted request that carried messages, with all accepted so far. */
  constructor(strict: boolean, onAccepted: (messages: readonly CollectedMessage[]) => void) {
    this.strict = strict;
    this.onAccepted = onAccepted;
  }

  get messages(): readonly CollectedMessage[] {
    return this.accepted;
  }

  get requests(): readonly MutableRecord[] {
    return this.recorded;
  }

  get duplicates(): number {
    return this.duplicateCount;
  }

  get violations(): readonly SpecViolation[] {
    return this.violationList;
  }

  /** Records a request as it arrives; the collector fills the rest in as it handles it. */
  record(request: IncomingMessage, rawBody: Buffer): MutableRecord {
    const record: MutableRecord = {
      method: request.method ?? '',
      path: request.url ?? '',
      headers: request.headers,
      rawBody,
      decodedBody: undefined,
      body: undefined,
      messages: [],
      writeKey: undefined,
      status: undefined,
      responseBody: undefined,
      fault: undefined,
      receivedAt: new Date(),
    };
    this.recorded.push(record);
    return record;
  }

  /**
   * Records Spec problems (of messages not accepted before), then accepts (or, strict, refuses)
   * the messages; tells `onAccepted`. Says, for the debugger, what it found in each message.
   */
  accept(messages: readonly CollectedMessage[], impliedType: MessageType | undefined): Acceptance {
    const problems: SpecViolation[] = [];
    const found = messages.map((message) => {
      const messageId = typeof message.messageId === 'string' ? message.messageId : undefined;
      const known = messageId !== undefined && this.acceptedIds.has(messageId);
      const texts = known ? [] : specViolations(message, impliedType);
      for (const text of texts) problems.push({ messageId, text });
      return { message, messageId, duplicate: known, violations: texts.map((text) => ({ text })) };
    });
    for (const problem of problems) this.violationList.push(problem);
    if (this.strict && problems.length > 0) {
      const first = problems[0];
      const more = problems.length > 1 ? ` (and ${problems.length - 1} more problem(s))` : '';
      const text = `message ${first.messageId ?? '(no messageId)'}: ${first.text}${more}`;
      return { outcome: refusal(400, 'invalid_message', text), checked: found };
    }

    for (const entry of found) {
      if (entry.messageId !== undefined) {
        if (this.acceptedIds.has(entry.messageId)) {
          this.duplicateCount++;
          entry.duplicate = true;
          continue;
        }
        this.acceptedIds.add(entry.messageId);
      }
      this.accepted.push(entry.message);
    }
    if (messages.length > 0) this.onAccepted(this.accepted);
    return { outcome: ACCEPTED, checked: found };
  }

  clear(): void {
    this.accepted = [];
    this.recorded = [];
    this.acceptedIds = new Set();
    this.duplicateCount = 0;
    this.violationList = [];
  }

  /** For error messages: what arrived, never a write key or header. */
  describe(): string {
    const statuses = new Map<string, number>();
    for (const { status, fault } of this.recorded) {
      const label = status === undefined ? (fault === 'reset' ? 'reset' : 'unanswered') : String(status);
      statuses.set(label, (statuses.get(label) ?? 0) + 1);
    }
    const answers = [...statuses].map(([label, count]) => `${label} x${count}`).join(', ') || 'none';
    const shown = this.accepted.slice(-10).map(summarize).join(', ');
    const listed = this.accepted.length > 10 ? `last 10: ${shown}` : shown;
    return (
      `${this.accepted.length} message(s) accepted${listed ? ` [${listed}]` : ''}, ` +
      `${this.duplicateCount} duplicate(s), ${this.recorded.length} request(s) (answers: ${answers}), ` +
      `${this.violationList.length} Spec violation(s)`
    );
  }
}

function summarize(message: CollectedMessage): string {
  const type = typeof message.type === 'string' ? message.type : '?';
  return typeof message.event === 'string' ? `${type} "${message.event}"` : type;
}
