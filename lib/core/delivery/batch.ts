import type { Authorizer } from '../authorizer.js';
import type { QueuedMessage } from '../message-queue.js';
import type { OutcomeReporter } from '../outcome-reporter.js';
import { decide, type Decision, type RetryBudget } from './attempt-decision.js';
import type { AttemptOutcome } from './attempt-outcome.js';
import { BatchBody } from './batch-body.js';
import type { BodyMemory } from './body-memory.js';

/** What deciding about a batch's attempt needs besides the batch: the same for every batch of a client. */
export interface BatchJudge {
  readonly budget: RetryBudget;
  readonly authorizer: Authorizer;
  readonly reporter: Pick<OutcomeReporter, 'reportable'>;
}

/** A batch from its first attempt until it is delivered or finally fails. */
export class Batch {
  attempts = 0;
  settled = false;
  controller: AbortController | undefined;
  retryTimer: NodeJS.Timeout | undefined;
  private built: BatchBody | undefined;

  constructor(
    readonly messages: readonly QueuedMessage[],
    /** When the batch's messages were first sent: maxRetryDuration counts from here, across splits. */
    readonly startedAt: number,
  ) {}

  get firstSeq(): number {
    return this.messages[0]!.seq;
  }

  get messageIds(): string[] {
    return this.messages.map((message) => message.messageId);
  }

  /** What its latest attempt's outcome means for this batch: delivered, retry, split or fail. */
  judge(outcome: AttemptOutcome, { budget, authorizer, reporter }: BatchJudge): Decision {
    return decide(
      outcome,
      { attempts: this.attempts, startedAt: this.startedAt, size: this.messages.length },
      {
        budget,
        now: Date.now(),
        credentialsRejected: (authorization) => authorizer.rejected?.(authorization) ?? false,
        reportable: (body) => reporter.reportable(body),
      },
    );
  }

  /** The batch split in two for a resend; maxRetryDuration still counts from the first attempt. */
  halves(): [Batch, Batch] {
    const middle = Math.ceil(this.messages.length / 2);
    return [new Batch(this.messages.slice(0, middle), this.startedAt), new Batch(this.messages.slice(middle), this.startedAt)];
  }

  /**
   * The request body with this attempt's sentAt; `tail` closes the envelope (the same for every
   * attempt). The messages are copied into it once; a further attempt only rewrites sentAt,
   * after the attempt before it has ended.
   */
  body(sentAt: string, tail: Buffer, memory: BodyMemory): Buffer {
    if (this.built === undefined || !this.built.restamp(sentAt)) this.built = BatchBody.of(this.messages, sentAt, tail, memory);
    return this.built.bytes;
  }

  /** The body, which the batch no longer needs (its request was answered 2xx): for `memory` to reuse. */
  giveBody(memory: BodyMemory): void {
    if (this.built !== undefined) memory.give(this.built.bytes);
    this.built = undefined;
  }
}
