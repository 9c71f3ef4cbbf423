import type { FailureReason } from './errors.js';
import type { QueuedMessage } from './message-queue.js';
import type { SegmentMessage } from './message-types.js';
import type { FailedMessage, FlushResult } from './segment-event.js';

/**
 * The seq of a message taken back out of Redis by durable delivery: accepted by some client
 * (maybe in another process) and already counted there as persisted, so no flush of this one.
 */
export const STORED_ELSEWHERE = 0;

/** flush() lists at most this many failed messages per reason; its counts stay exact. */
export const MAX_LISTED_FAILURES = 1_000;

class FlushWindow {
  delivered = 0;
  failed = 0;
  dropped = 0;
  persisted = 0;
  readonly reasons: Partial<Record<FailureReason, number>> = {};
  readonly failures: FailedMessage[] = [];
  resolve: ((result: FlushResult) => void) | undefined;

  constructor(public last: number) {}

  /** Every reason keeps its own examples: a flood of one reason cannot hide another. */
  wantsExample(reason: FailureReason): boolean {
    return (this.reasons[reason] ?? 0) <= MAX_LISTED_FAILURES;
  }

  result(): FlushResult {
    const result: FlushResult = { delivered: this.delivered, failed: this.failed, dropped: this.dropped, failures: this.failures };
    if (this.persisted > 0) result.persisted = this.persisted;
    if (this.failed + this.dropped > 0) result.reasons = this.reasons;
    return result;
  }
}

/** The failure being recorded; `messageAt` must not throw (the reporter makes it total). */
export interface RecordedFailure {
  readonly outcome: 'failed' | 'dropped';
  readonly reason: FailureReason;
  readonly error: string;
  readonly status?: number;
  readonly messageAt: (index: number) => SegmentMessage;
}

/**
 * Attributes every message's outcome to one flush() call: the first flush whose call came
 * after the message was accepted. Windows are contiguous ranges of seq, so overlapping
 * flushes each resolve with their own messages, in call order.
 */
export class FlushLedger {
  /** Flushes called and not yet resolved, ascending by their last seq. */
  private readonly waiting: FlushWindow[] = [];
  /** Outcomes of messages accepted after the latest flush() call. */
  private open = new FlushWindow(Infinity);

  /** A flush covering every message up to seq `last`. */
  request(last: number): Promise<FlushResult> {
    const window = this.open;
    window.last = last;
    this.open = new FlushWindow(Infinity);
    this.waiting.push(window);
    return new Promise((resolve) => (window.resolve = resolve));
  }

  recordDelivered(messages: readonly QueuedMessage[]): void {
    if (this.waiting.length === 0 && messages[0]?.seq !== STORED_ELSEWHERE) {
      this.open.delivered += messages.length;
      return;
    }
    for (const message of messages) if (message.seq !== STORED_ELSEWHERE) this.windowFor(message.seq).delivered++;
  }

  /** Messages stored in Redis by durable delivery: their outcome, for this client's flushes. */
  recordStored(messages: readonly QueuedMessage[]): void {
    if (this.waiting.length === 0) {
      this.open.persisted += messages.length;
      return;
    }
    for (const message of messages) this.windowFor(message.seq).persisted++;
  }

  recordFailed(messages: readonly QueuedMessage[], failure: RecordedFailure): void {
    const { outcome, reason, error, status } = failure;
    messages.forEach((queued, index) => {
      if (queued.seq === STORED_ELSEWHERE) return;
      const window = this.windowFor(queued.seq);
      window[outcome]++;
      window.reasons[reason] = (window.reasons[reason] ?? 0) + 1;
      if (window.wantsExample(reason)) {
        const message = failure.messageAt(index);
        window.failures.push(status === undefined ? { message, reason, error } : { message, reason, status, error });
      }
    });
  }

  /** Resolves every flush whose messages all have an outcome: all seq below `firstUnsettled`. */
  settle(firstUnsettled: number): void {
    while (this.waiting.length > 0 && this.waiting[0]!.last < firstUnsettled) {
      const window = this.waiting.shift()!;
      window.resolve!(window.result());
    }
  }

  private windowFor(seq: number): FlushWindow {
    for (const window of this.waiting) if (seq <= window.last) return window;
    return this.open;
  }
}
