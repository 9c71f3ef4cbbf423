import type { Dispatcher } from 'undici';
import type { Authorizer } from '../authorizer.js';
import { MAX_BATCH_MESSAGES } from '../limits.js';
import { MessageQueue, type QueuedMessage } from '../message-queue.js';
import type { OutcomeReporter } from '../outcome-reporter.js';
import type { ResolvedOptions } from '../resolved-options.js';
import type { Decision } from './attempt-decision.js';
import { Batch } from './batch.js';
import { BatchSender } from './batch-sender.js';

/**
 * Delivers queued messages: batches by count, bytes and time, at most maxConcurrentRequests at
 * once, retries by the one decision function, and settles every message exactly once with the
 * reporter. A backlog leaves in full batches (Segment's 2,500 messages / 500 KB), so a burst
 * is carried by fewer, larger requests instead of filling the queue.
 */
export class Publisher {
  private readonly queue = new MessageQueue();
  private readonly active = new Set<Batch>();
  private readonly sender: BatchSender;
  private activeMessages = 0;
  private sendPartial = false;
  private drainScheduled = false;
  private intervalTimer: NodeJS.Timeout | undefined;
  private pausedUntil = 0;
  private pauseTimer: NodeJS.Timeout | undefined;
  private droppedWhileFull = 0;
  /** Messages had to wait for a free request slot (or a rate-limit pause): a backlog exists. */
  private backlogged = false;

  constructor(
    private readonly settings: ResolvedOptions,
    private readonly reporter: OutcomeReporter,
    private readonly authorizer: Authorizer,
    dispatcher: Dispatcher,
  ) {
    this.sender = new BatchSender(settings, authorizer, dispatcher, reporter.counters);
  }

  get queued(): number {
    return this.queue.length;
  }

  get inFlight(): number {
    return this.activeMessages;
  }

  /** The oldest seq without an outcome yet (Infinity when none): flushes below it can resolve. */
  get firstUnsettled(): number {
    let first = this.queue.firstSeq;
    for (const batch of this.active) first = Math.min(first, batch.firstSeq);
    return first;
  }

  accept(message: QueuedMessage): void {
    if (this.queue.length + this.activeMessages >= this.settings.maxQueueSize) {
      this.dropQueueFull(message);
      return;
    }
    this.queue.push(message);
    if (this.droppedWhileFull > 0) this.reportQueueRecovered();
    if (this.queue.hasFullBatch(this.settings.flushAt, this.sender.messageBudget)) this.scheduleDrain();
    else this.intervalTimer ??= setTimeout(this.onInterval, this.settings.flushInterval);
  }

  /** Sends everything queued now, partial batches included. */
  flush(): void {
    if (this.queue.length === 0) return;
    this.sendPartial = true;
    this.drain();
  }

  /** At a deadline: every message not yet delivered, out of the queue and out of flight, in call order. */
  abandonAll(): QueuedMessage[] {
    clearTimeout(this.intervalTimer);
    clearTimeout(this.pauseTimer);
    this.intervalTimer = this.pauseTimer = undefined;
    const leftovers = this.queue.drain();
    // Deleting the entry being visited is safe while iterating a Set.
    for (const batch of this.active) {
      this.retire(batch);
      leftovers.push(...batch.messages);
    }
    return leftovers.sort((a, b) => a.seq - b.seq);
  }

  private readonly onInterval = (): void => {
    this.intervalTimer = undefined;
    this.flush();
  };

  private scheduleDrain(): void {
    if (this.drainScheduled) return;
    this.drainScheduled = true;
    setImmediate(this.drain);
  }

  private readonly drain = (): void => {
    this.drainScheduled = false;
    const { flushAt, maxConcurrentRequests } = this.settings;
    const budget = this.sender.messageBudget;
    while (this.queue.length > 0) {
      if (this.active.size >= maxConcurrentRequests || this.isPaused()) {
        this.backlogged = true;
        break;
      }
      if (!this.sendPartial && !this.queue.hasFullBatch(flushAt, budget)) break;
      // Messages that waited for a slot are a backlog: it leaves in batches as full as Segment
      // allows (2,500 messages, 500 KB) rather than in flushAt-sized ones that let it grow.
      const size = this.backlogged && this.queue.length > flushAt ? MAX_BATCH_MESSAGES : flushAt;
      this.activate(new Batch(this.queue.take(size, budget), Date.now()));
    }
    if (this.queue.length <= flushAt) this.backlogged = false;
    if (this.queue.length === 0) {
      this.sendPartial = false;
      clearTimeout(this.intervalTimer);
      this.intervalTimer = undefined;
    }
  };

  private activate(batch: Batch): void {
    this.active.add(batch);
    this.activeMessages += batch.messages.length;
    void this.attempt(batch);
  }

  private isPaused(): boolean {
    if (this.pausedUntil === 0) return false;
    if (Date.now() >= this.pausedUntil) {
      this.pausedUntil = 0;
      return false;
    }
    return true;
  }

  /** A 429 speaks for the whole source: no batch goes until the server's Retry-After passed. */
  private pauseFor(ms: number): void {
    this.pausedUntil = Math.max(this.pausedUntil, Date.now() + ms);
    clearTimeout(this.pauseTimer);
    this.pauseTimer = setTimeout(() => {
      this.pauseTimer = undefined;
      this.drain();
    }, this.pausedUntil - Date.now());
  }

  private async attempt(batch: Batch): Promise<void> {
    batch.attempts++;
    const outcome = await this.sender.send(batch);
    if (!batch.settled) {
      this.apply(batch, batch.judge(outcome, { budget: this.settings, authorizer: this.authorizer, reporter: this.reporter }));
    }
    this.scheduleDrain();
  }

  private apply(batch: Batch, decision: Decision): void {
    switch (decision.kind) {
      case 'delivered':
        this.retire(batch);
        this.reporter.delivered(batch.messages, decision.status, batch.attempts, decision.bytes);
        break;
      case 'retry':
        if (decision.pauseAll) this.pauseFor(decision.delayMs);
        this.reporter.retrying(batch.messages, batch.attempts, decision.delayMs, decision.error, decision.status);
        batch.retryTimer = setTimeout(() => {
          batch.retryTimer = undefined;
          void this.attempt(batch);
        }, decision.delayMs);
        return;
      case 'split':
        this.split(batch, decision.status);
        return;
      case 'fail':
        this.retire(batch);
        this.reporter.failed(batch.messages, decision.error);
        break;
    }
    this.reporter.settle(this.firstUnsettled);
  }

  /** Halves go out as batches of their own, so one oversized request does not lose the rest. */
  private split(batch: Batch, status: number): void {
    if (this.reporter.debugging) this.reporter.debug(`HTTP ${status} for a batch of ${batch.messages.length}; resending it in halves.`);
    this.retire(batch);
    for (const half of batch.halves()) this.activate(half);
  }

  private retire(batch: Batch): void {
    batch.settled = true;
    this.active.delete(batch);
    this.activeMessages -= batch.messages.length;
    clearTimeout(batch.retryTimer);
    batch.controller?.abort();
  }

  private dropQueueFull(message: QueuedMessage): void {
    const { maxQueueSize } = this.settings;
    // One warning per episode: a full queue at thousands of calls per second must not flood the log.
    if (this.droppedWhileFull++ === 0) {
      this.reporter.log('warn', `queue full (${maxQueueSize} messages waiting): dropping new messages until it drains.`);
    }
    this.reporter.dropped([message], 'queue_full', `the queue holds maxQueueSize (${maxQueueSize}) messages; the message was dropped.`);
    this.reporter.settle(this.firstUnsettled);
  }

  private reportQueueRecovered(): void {
    this.reporter.log('warn', `queue has room again; ${this.droppedWhileFull} messages were dropped while it was full (queue_full).`);
    this.droppedWhileFull = 0;
  }
}
