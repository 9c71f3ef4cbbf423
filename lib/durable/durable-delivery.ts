import type { SegmentLogger } from '../core/logger.js';
import type { QueuedMessage } from '../core/message-queue.js';
import { Redactor } from '../core/redactor.js';
import type { DurableState, DurableStats } from '../core/segment-event.js';
import type { DurableSettings } from './durable-options.js';
import type { DeliveryVerdict, RedisEngine } from './redis-engine.js';

/** What durable delivery needs from the client that owns it. */
export interface DurableHost {
  /** Sends one stored batch (from any process) with the client's retries, and reports the outcome. */
  deliver(messages: QueuedMessage[], signal: AbortSignal): Promise<DeliveryVerdict>;
  /** Messages Redis did not take: the client keeps them in its in-memory queue. */
  fallBack(messages: QueuedMessage[]): void;
  /** Messages now stored in Redis: safe from a crash of this process. */
  stored(messages: readonly QueuedMessage[]): void;
  /** A message over maxBacklog: dropped and reported as `queue_full`. */
  backlogFull(message: QueuedMessage, maxBacklog: number): void;
  /** Stored messages that will never be delivered (BullMQ gave up on them); reported as failed. */
  lost(messages: QueuedMessage[], why: string): void;
  /** Redis cannot be reached: messages go to memory until it returns (`durable_unavailable`). */
  unavailable(error: string): void;
  /** Redis is reachable: at start, or again after an outage (`afterOutage`, `durable_resumed`). */
  available(afterOutage: boolean): void;
  readonly logger: SegmentLogger;
}

export interface DurableDeliveryOptions {
  /** Messages per stored batch (one job; one Segment request when delivered). */
  batchSize: number;
  /** UTF-8 bytes of messages per stored batch, commas included. */
  batchBytes: number;
  /** Batches delivered at the same time by this process. */
  concurrency: number;
  debug?: (message: string) => void;
  /** Loads the BullMQ side; tests may hand in their own. Default: the module next to this one. */
  loadEngine?: () => Promise<typeof RedisEngine>;
}

interface Write {
  readonly messages: QueuedMessage[];
  done?: Promise<void>;
}

/**
 * The client's side of durable delivery: takes accepted messages synchronously (no I/O, no
 * promise per message), writes them to Redis once per event-loop turn in pipelined groups of
 * batches, tells the client which are stored, and falls back to the client's memory while Redis
 * is away. The BullMQ side (RedisEngine) loads on first use, so the core never imports it.
 */
export class DurableDelivery {
  private state: DurableState = 'starting';
  private engine: RedisEngine | undefined;
  private readonly starting: Promise<void>;
  private buffer: QueuedMessage[] = [];
  private readonly writes = new Set<Write>();
  private writeScheduled = false;
  private closing: Promise<QueuedMessage[]> | undefined;
  private unstored = 0;
  private knownBacklog = 0;
  private readonly redactor: Redactor;
  private readonly counters = { persisted: 0, outages: 0 };

  constructor(
    private readonly settings: DurableSettings,
    private readonly host: DurableHost,
    private readonly options: DurableDeliveryOptions,
  ) {
    this.redactor = new Redactor(settings.secrets);
    const load = options.loadEngine ?? (async () => (await import('./redis-engine.js')).RedisEngine);
    this.starting = load().then(
      (Engine) => this.start(Engine),
      (error: unknown) => {
        this.host.logger.error(
          `durable delivery needs the optional peers bullmq and ioredis (npm install bullmq ioredis): ${this.redact(String((error as Error)?.message ?? error))}. Messages stay in memory.`,
        );
        this.goUnavailable('bullmq or ioredis could not be loaded');
      },
    );
  }

  /** Whether accepted messages go to Redis (or wait for it at start) rather than to memory. */
  get accepting(): boolean {
    return this.state === 'starting' || this.state === 'storing';
  }

  /** Accepted messages not yet stored. */
  get pending(): number {
    return this.unstored;
  }

  /** The lowest seq not yet stored (Infinity when all are). */
  get firstSeq(): number {
    let first = this.buffer.length > 0 ? this.buffer[0]!.seq : Infinity;
    for (const write of this.writes) first = Math.min(first, write.messages[0]!.seq);
    return first;
  }

  stats(): DurableStats {
    return { state: this.state, unstored: this.unstored, persisted: this.counters.persisted, outages: this.counters.outages, backlog: this.knownBacklog };
  }

  /** Takes an accepted message (only while `accepting`); written at the end of this turn. */
  accept(message: QueuedMessage): void {
    if (this.knownBacklog + this.unstored >= this.settings.maxBacklog) {
      this.host.backlogFull(message, this.settings.maxBacklog);
      return;
    }
    this.buffer.push(message);
    this.unstored++;
    if (this.state === 'storing') this.scheduleWrite();
  }

  /** Resolves when every write started so far has ended (stored, or fallen back). */
  async settled(): Promise<void> {
    await this.starting;
    while (this.writes.size > 0 || (this.state === 'storing' && this.buffer.length > 0)) {
      if (this.buffer.length > 0) this.write();
      await Promise.allSettled([...this.writes].map((write) => write.done));
    }
  }

  /**
   * Stores what is buffered, then stops: the BullMQ worker stops taking jobs and hands back the
   * ones it was delivering. Messages still unstored are returned for the client to report.
   */
  close(timeoutMs = 10_000): Promise<QueuedMessage[]> {
    return (this.closing ??= this.shutdown(timeoutMs));
  }

  private async shutdown(timeoutMs: number): Promise<QueuedMessage[]> {
    const started = Date.now();
    await this.settled();
    const left = this.abandon();
    await this.engine?.close(Math.max(0, timeoutMs - (Date.now() - started)));
    return left;
  }

  /** At the close deadline: what is not stored yet, taken back (writes under way may still land). */
  abandon(): QueuedMessage[] {
    const left = this.buffer.splice(0);
    for (const write of this.writes) left.push(...write.messages);
    this.writes.clear();
    this.unstored = 0;
    this.state = 'closed';
    return left.sort((a, b) => a.seq - b.seq);
  }

  private start(Engine: typeof RedisEngine): void {
    if (this.state === 'closed') return;
    this.engine = new Engine(
      this.settings,
      {
        deliver: (messages, signal) => this.host.deliver(messages, signal),
        available: () => void this.onAvailable(),
        unavailable: (error) => this.goUnavailable(error),
        lost: (messages, why) => this.host.lost(messages, why),
        redact: (text) => this.redact(text),
        debug: this.options.debug,
      },
      { concurrency: this.options.concurrency },
    );
  }

  private async onAvailable(): Promise<void> {
    if (this.state === 'closed') return;
    const wasDown = this.state === 'unavailable';
    this.state = 'storing';
    this.knownBacklog = await this.engine!.backlog().catch(() => this.knownBacklog);
    this.host.available(wasDown);
    if (this.buffer.length > 0) this.scheduleWrite();
  }

  private goUnavailable(error: string): void {
    if (this.state === 'closed' || this.state === 'unavailable') return;
    this.state = 'unavailable';
    this.counters.outages++;
    const waiting = this.buffer.splice(0);
    this.unstored -= waiting.length;
    this.host.unavailable(error);
    if (waiting.length > 0) this.host.fallBack(waiting);
  }

  private scheduleWrite(): void {
    if (this.writeScheduled) return;
    this.writeScheduled = true;
    setImmediate(this.onTurn);
  }

  private readonly onTurn = (): void => {
    this.writeScheduled = false;
    if (this.state === 'storing') this.write();
  };

  /** One pipelined write of everything buffered, cut into batches of Segment's size. */
  private write(): void {
    const messages = this.buffer;
    if (messages.length === 0) return;
    this.buffer = [];
    const batches: QueuedMessage[][] = [];
    let batch: QueuedMessage[] = [];
    let bytes = 0;
    for (const message of messages) {
      if (batch.length > 0 && (batch.length >= this.options.batchSize || bytes + message.utf8.length + 1 > this.options.batchBytes)) {
        batches.push(batch);
        batch = [];
        bytes = 0;
      }
      batch.push(message);
      bytes += message.utf8.length + 1;
    }
    batches.push(batch);
    const write: Write = { messages };
    this.writes.add(write);
    write.done = this.engine!.write(batches).then(
      (backlog) => {
        if (!this.writes.delete(write)) return;
        this.unstored -= messages.length;
        this.knownBacklog = backlog;
        this.counters.persisted += messages.length;
        this.host.stored(messages);
      },
      (error: unknown) => {
        if (!this.writes.delete(write)) return;
        this.unstored -= messages.length;
        this.options.debug?.(`durable write of ${messages.length} messages failed: ${this.redact(String((error as Error)?.message ?? error))}`);
        this.goUnavailable(this.redact(String((error as Error)?.message ?? error)));
        this.host.fallBack(messages);
      },
    );
  }

  private redact(text: string): string {
    return this.redactor.redact(text);
  }
}
