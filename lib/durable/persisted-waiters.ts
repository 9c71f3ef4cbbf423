/**
 * `persisted()` calls waiting for every message up to a seq to be safe from a crash of this
 * process: stored in Redis, or with an outcome (delivered, failed, dropped) if it stayed in memory.
 */
export class PersistedWaiters {
  /** Ascending by seq: calls come in order and each waits for all messages before it. */
  private readonly waiting: Array<{ last: number; resolve: () => void }> = [];

  wait(last: number, firstUnsettled: number): Promise<void> {
    if (last < firstUnsettled) return Promise.resolve();
    return new Promise((resolve) => this.waiting.push({ last, resolve }));
  }

  /** Resolves every call whose messages all have seq below `firstUnsettled`. */
  settle(firstUnsettled: number): void {
    while (this.waiting.length > 0 && this.waiting[0]!.last < firstUnsettled) this.waiting.shift()!.resolve();
  }
}
