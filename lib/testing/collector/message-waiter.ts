import type { CollectedMessage } from './collected-message.js';

/** What `waitFor` waits for: a message count, or a condition over every accepted message. */
export type WaitCondition = number | ((messages: readonly CollectedMessage[]) => boolean);

export interface WaitForOptions {
  /** Default 5,000 ms. */
  timeoutMs?: number;
}

export const DEFAULT_WAIT_TIMEOUT_MS = 5000;

interface Waiter {
  readonly isMet: (messages: readonly CollectedMessage[]) => boolean;
  readonly resolve: (messages: readonly CollectedMessage[]) => void;
  readonly reject: (error: Error) => void;
  readonly timer: NodeJS.Timeout;
}

/**
 * Pending `waitFor` calls. They are checked when messages are accepted, never on a clock:
 * the timer only exists to turn "never" into a readable error.
 */
export class MessageWaiters {
  private readonly waiters = new Set<Waiter>();

  /**
   * @param current the accepted messages right now (checked at once, then on every `notify`).
   * @param describeState what arrived so far, for the timeout error.
   */
  wait(
    condition: WaitCondition,
    options: WaitForOptions,
    current: readonly CollectedMessage[],
    describeState: () => string,
  ): Promise<readonly CollectedMessage[]> {
    const timeoutMs = options.timeoutMs ?? DEFAULT_WAIT_TIMEOUT_MS;
    if (!Number.isFinite(timeoutMs) || timeoutMs < 0) {
      return Promise.reject(new RangeError(`waitFor: timeoutMs must be a finite number >= 0, got ${timeoutMs}`));
    }
    let isMet: (messages: readonly CollectedMessage[]) => boolean;
    let wanted: string;
    if (typeof condition === 'number') {
      if (!Number.isInteger(condition) || condition < 0) {
        return Promise.reject(new RangeError(`waitFor: count must be an integer >= 0, got ${condition}`));
      }
      isMet = (messages) => messages.length >= condition;
      wanted = `${condition} message${condition === 1 ? '' : 's'}`;
    } else {
      isMet = condition;
      wanted = condition.name ? `predicate ${condition.name}` : 'the predicate';
    }

    return new Promise((resolve, reject) => {
      try {
        if (isMet(current)) return resolve(current.slice());
      } catch (error) {
        return reject(error);
      }
      const waiter: Waiter = {
        isMet,
        resolve,
        reject,
        timer: setTimeout(() => {
          this.waiters.delete(waiter);
          reject(new Error(`waitFor timed out after ${timeoutMs} ms waiting for ${wanted}: ${describeState()}`));
        }, timeoutMs),
      };
      this.waiters.add(waiter);
    });
  }

  /** Settles the waiters whose condition now holds; a throwing predicate rejects its own waiter. */
  notify(messages: readonly CollectedMessage[]): void {
    for (const waiter of this.waiters) {
      let met: boolean;
      try {
        met = waiter.isMet(messages);
      } catch (error) {
        this.settle(waiter);
        waiter.reject(error instanceof Error ? error : new Error(String(error)));
        continue;
      }
      if (met) {
        this.settle(waiter);
        waiter.resolve(messages.slice());
      }
    }
  }

  /** Rejects every pending waiter, so a stopped collector leaves no promise or timer behind. */
  rejectAll(reason: string): void {
    for (const waiter of this.waiters) {
      this.settle(waiter);
      waiter.reject(new Error(reason));
    }
  }

  private settle(waiter: Waiter): void {
    clearTimeout(waiter.timer);
    this.waiters.delete(waiter);
  }
}
