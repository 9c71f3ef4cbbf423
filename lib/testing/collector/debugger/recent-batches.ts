import type { DebuggerBatch } from './debugger-batch.js';

/** How many recent messages a newly opened page is shown. */
export const RECENT_MESSAGES = 1000;

/** The most recent batches, holding at most `limit` messages between them (oldest batches leave first). */
export class RecentBatches {
  private batches: DebuggerBatch[] = [];
  private held = 0;

  constructor(readonly limit: number = RECENT_MESSAGES) {}

  add(batch: DebuggerBatch): void {
    this.batches.push(batch);
    this.held += batch.messages.length;
    let drop = 0;
    while (this.held > this.limit && drop < this.batches.length - 1) {
      this.held -= this.batches[drop].messages.length;
      drop++;
    }
    if (drop > 0) this.batches.splice(0, drop);
  }

  /** Oldest first. */
  list(): readonly DebuggerBatch[] {
    return this.batches;
  }

  clear(): void {
    this.batches = [];
    this.held = 0;
  }
}
