import type { Authorizer } from '../core/authorizer.js';
import { Batch } from '../core/delivery/batch.js';
import type { BatchSender } from '../core/delivery/batch-sender.js';
import type { QueuedMessage } from '../core/message-queue.js';
import type { OutcomeReporter } from '../core/outcome-reporter.js';
import type { ResolvedOptions } from '../core/resolved-options.js';
import type { DeliveryVerdict } from './redis-engine.js';

/**
 * Delivers one batch taken from Redis, with the client's own sender, retry decision and
 * reporting: 'settled' once it is delivered or finally failed (reported as any other), or
 * 'released' when `signal` aborts first (the client is closing), unreported, for Redis to keep.
 */
export class StoredBatchDelivery {
  constructor(
    private readonly settings: ResolvedOptions,
    private readonly sender: BatchSender,
    private readonly reporter: OutcomeReporter,
    private readonly authorizer: Authorizer,
  ) {}

  deliver(messages: readonly QueuedMessage[], signal: AbortSignal): Promise<DeliveryVerdict> {
    return this.run(new Batch(messages, Date.now()), signal);
  }

  private async run(batch: Batch, signal: AbortSignal): Promise<DeliveryVerdict> {
    for (;;) {
      if (signal.aborted) return 'released';
      batch.attempts++;
      const abort = (): void => batch.controller?.abort();
      signal.addEventListener('abort', abort);
      const outcome = await this.sender.send(batch).finally(() => signal.removeEventListener('abort', abort));
      if (signal.aborted) return 'released';
      const decision = batch.judge(outcome, { budget: this.settings, authorizer: this.authorizer, reporter: this.reporter });
      switch (decision.kind) {
        case 'delivered':
          this.reporter.delivered(batch.messages, decision.status, batch.attempts, decision.bytes);
          return 'settled';
        case 'fail':
          this.reporter.failed(batch.messages, decision.error);
          return 'settled';
        case 'split': {
          const halves = await Promise.all(batch.halves().map((half) => this.run(half, signal)));
          // A half already reported stays reported; releasing the job resends it (same messageIds).
          return halves.includes('released') ? 'released' : 'settled';
        }
        case 'retry':
          this.reporter.retrying(batch.messages, batch.attempts, decision.delayMs, decision.error, decision.status);
          if (!(await waitUnlessAborted(decision.delayMs, signal))) return 'released';
      }
    }
  }
}

/** Resolves true after `ms`, or false as soon as `signal` aborts. */
function waitUnlessAborted(ms: number, signal: AbortSignal): Promise<boolean> {
  if (signal.aborted) return Promise.resolve(false);
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve(true);
    }, ms);
    const onAbort = (): void => {
      clearTimeout(timer);
      resolve(false);
    };
    signal.addEventListener('abort', onAbort, { once: true });
  });
}
