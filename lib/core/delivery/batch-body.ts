import type { QueuedMessage } from '../message-queue.js';
import type { BodyMemory } from './body-memory.js';

const HEAD = Buffer.from('{"batch":[');
const SENT_AT = Buffer.from('],"sentAt":"');
const COMMA = 0x2c;
const QUOTE = 0x22;

/**
 * A batch's request body as one Buffer, `{"batch":[<messages>],"sentAt":"<sentAt>"<tail>`: each
 * message's UTF-8 is copied into it once, and its size is known before it is written (no string
 * is joined, counted or encoded again; undici sends a Buffer as it is). A further attempt of the
 * same batch rewrites only sentAt, in place.
 */
export class BatchBody {
  private constructor(
    readonly bytes: Buffer,
    /** Where sentAt ends: the closing quote and the tail follow it. */
    private readonly sentAtEnd: number,
    private readonly sentAtLength: number,
  ) {}

  static of(messages: readonly QueuedMessage[], sentAt: string, tail: Buffer, memory: BodyMemory): BatchBody {
    let size = HEAD.length + Math.max(0, messages.length - 1) + SENT_AT.length + sentAt.length + 1 + tail.length;
    for (const message of messages) size += message.utf8.length;
    const bytes = memory.take(size);
    let at = HEAD.copy(bytes, 0);
    for (let i = 0; i < messages.length; i++) {
      if (i > 0) bytes[at++] = COMMA;
      at += messages[i]!.utf8.copy(bytes, at);
    }
    at += SENT_AT.copy(bytes, at);
    // An ISO timestamp is ASCII: one byte per character.
    at += bytes.write(sentAt, at, 'latin1');
    const sentAtEnd = at;
    bytes[at++] = QUOTE;
    tail.copy(bytes, at);
    return new BatchBody(bytes, sentAtEnd, sentAt.length);
  }

  /**
   * Writes another attempt's sentAt over the last one; false when it has another length (a
   * year past 9999 is written with more characters) and the body must be built again.
   */
  restamp(sentAt: string): boolean {
    if (sentAt.length !== this.sentAtLength) return false;
    this.bytes.write(sentAt, this.sentAtEnd - sentAt.length, 'latin1');
    return true;
  }
}
