import type { QueuedMessage } from '../message-queue.js';

/** A batch from its first attempt until it is delivered or finally fails. */
export class Batch {
  attempts = 0;
  settled = false;
  controller: AbortController | undefined;
  retryTimer: NodeJS.Timeout | undefined;
  private joined: string | undefined;

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

  /** The messages' JSON joined once; each attempt only adds a fresh sentAt. */
  batchJson(): string {
    return (this.joined ??= this.messages.map((message) => message.json).join(','));
  }
}
