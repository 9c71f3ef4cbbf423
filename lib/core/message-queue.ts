import type { MessageType } from './message-types.js';

/**
 * A message waiting for its batch: its JSON, not the object (less memory, no re-serialization),
 * encoded to UTF-8 once when it is built. Its size is the encoding's length, and a batch body
 * copies the bytes as they are: no message is counted or encoded a second time. The bytes live
 * outside the JavaScript heap, so a backlog of them costs the garbage collector little.
 */
export interface QueuedMessage {
  readonly type: MessageType;
  readonly messageId: string;
  readonly utf8: Buffer;
  /** Position in the order of calls; flush() waits by it. */
  readonly seq: number;
}

/**
 * FIFO of queued messages. An array with a moving head: push and take are O(1) amortised,
 * with no per-message shift().
 */
export class MessageQueue {
  private items: QueuedMessage[] = [];
  private head = 0;
  private totalBytes = 0;

  get length(): number {
    return this.items.length - this.head;
  }

  get bytes(): number {
    return this.totalBytes;
  }

  /** The oldest queued message's seq, or Infinity when empty. */
  get firstSeq(): number {
    return this.head < this.items.length ? this.items[this.head]!.seq : Infinity;
  }

  push(message: QueuedMessage): void {
    this.items.push(message);
    this.totalBytes += message.utf8.length;
  }

  /** Takes messages from the front while both limits hold; always at least one if any. */
  take(maxCount: number, maxBytes: number): QueuedMessage[] {
    const taken: QueuedMessage[] = [];
    let bytes = 0;
    while (this.head < this.items.length && taken.length < maxCount) {
      const next = this.items[this.head]!;
      // +1 for the comma that joins it to the batch.
      if (taken.length > 0 && bytes + next.utf8.length + 1 > maxBytes) break;
      bytes += next.utf8.length + 1;
      taken.push(next);
      this.head++;
    }
    this.totalBytes -= bytes - taken.length;
    this.compact();
    return taken;
  }

  /** Whether the front of the queue already fills a batch by count or by bytes. */
  hasFullBatch(maxCount: number, maxBytes: number): boolean {
    return this.length >= maxCount || this.totalBytes + this.length > maxBytes;
  }

  drain(): QueuedMessage[] {
    const all = this.items.slice(this.head);
    this.items = [];
    this.head = 0;
    this.totalBytes = 0;
    return all;
  }

  private compact(): void {
    if (this.head === this.items.length) {
      this.items = [];
      this.head = 0;
    } else if (this.head > 4096 && this.head * 2 > this.items.length) {
      this.items = this.items.slice(this.head);
      this.head = 0;
    }
  }
}
