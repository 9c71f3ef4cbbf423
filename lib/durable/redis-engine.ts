import { randomUUID } from 'node:crypto';
import { DelayedError, Queue, WaitingError, Worker, type Job } from 'bullmq';
import { Redis } from 'ioredis';
import type { QueuedMessage } from '../core/message-queue.js';
import type { DurableSettings } from './durable-options.js';
import { messagesOf, payloadOf, storedBatchOf, type StoredBatch } from './stored-batch.js';

/** What happened to a stored batch handed to `deliver`. */
export type DeliveryVerdict =
  /** Delivered, or finally failed and reported: the batch leaves Redis. */
  | 'settled'
  /** Not finished (the client is closing): the batch goes back to the queue for any process. */
  | 'released';

export interface RedisEngineHooks {
  /** Sends one stored batch with the client's retries and reports its outcome. */
  deliver(messages: QueuedMessage[], signal: AbortSignal): Promise<DeliveryVerdict>;
  /** The writing connection is ready (at boot, and again after an outage). */
  available(): void;
  /** The writing connection failed or closed; `error` is already free of the URL's secrets. */
  unavailable(error: string): void;
  /** A stored batch that cannot be delivered (unreadable, or given up by BullMQ); already out of Redis. */
  lost(messages: QueuedMessage[], why: string): void;
  /** Redacts a text that may come from Redis or BullMQ. */
  redact(text: string): string;
  debug?(message: string): void;
}

export interface RedisEngineOptions {
  /** Batches delivered at the same time by this process. */
  concurrency: number;
}

const JOB_NAME = 'segment-batch';
/** Removed on completion: delivered messages leave Redis; a failure was already reported. */
const JOB_OPTIONS = { removeOnComplete: true, removeOnFail: true } as const;
/**
 * A batch goes back to waiting each time its process dies; only a batch that kills every process
 * that takes it would reach this. Then BullMQ fails it and it is reported (lost), not retried forever.
 */
const MAX_STALLED = 1_000;

/**
 * The BullMQ side of durable delivery: a producer connection that stores batches as jobs and
 * keeps a shared count of stored messages (for maxBacklog), and a Worker that hands each job to
 * `deliver`. Loaded only when `durable` is configured.
 */
export class RedisEngine {
  private readonly writer: Redis;
  private readonly queue: Queue;
  private readonly worker: Worker;
  /** Counter adjustments after delivery go here: it queues commands while Redis is away. */
  private readonly consumer: Redis;
  private readonly backlogKey: string;
  private readonly payloadPrefix: string;
  private readonly aborts = new Set<AbortController>();
  private state: 'connecting' | 'ready' | 'down' = 'connecting';
  private closing = false;
  private closed: Promise<void> | undefined;

  private foreignKeyReported = false;

  constructor(
    private readonly settings: DurableSettings,
    private readonly hooks: RedisEngineHooks,
    options: RedisEngineOptions,
  ) {
    // Fail fast while Redis is away (no offline queue, no resend): the client keeps those
    // messages in memory instead of letting them wait in a socket buffer.
    this.writer = new Redis(settings.url, { maxRetriesPerRequest: 0, enableOfflineQueue: false, retryStrategy: reconnectDelay, lazyConnect: false });
    this.writer.on('ready', this.onReady);
    this.writer.on('error', this.onError);
    this.writer.on('close', this.onClose);
    this.queue = new Queue(settings.queue, { connection: this.writer });
    this.queue.on('error', () => undefined);
    // Next to BullMQ's own keys of the queue, so that one prefix holds everything of it.
    this.backlogKey = `bull:${settings.queue}:segment-backlog`;
    this.payloadPrefix = `bull:${settings.queue}:segment-batch:`;

    // BullMQ's Worker needs retries without limit on its own (blocking) connection.
    this.consumer = new Redis(settings.url, { maxRetriesPerRequest: null, retryStrategy: reconnectDelay });
    this.consumer.on('error', () => undefined);
    this.worker = new Worker(settings.queue, this.process, {
      connection: this.consumer,
      concurrency: options.concurrency,
      lockDuration: settings.visibilityTimeout,
      stalledInterval: settings.visibilityTimeout,
      maxStalledCount: MAX_STALLED,
      // After a Redis error the worker waits this long before it fetches again (15 s by default):
      // consumption resumes within a second of Redis's return, and close() is not held up.
      runRetryDelay: 1_000,
    });
    this.worker.on('error', (error) => hooks.debug?.(`durable consumer: ${hooks.redact(describe(error))}`));
    this.worker.on('failed', (job, error) => this.onFailed(job, error));
  }

  get isReady(): boolean {
    return this.state === 'ready';
  }

  /**
   * Stores batches: their messages and the shared backlog count in one MULTI, then one job per
   * batch (one addBulk). Resolves with the backlog count after this write; rejects when Redis
   * did not take them (a payload stored without its job is removed again).
   */
  async write(batches: readonly (readonly QueuedMessage[])[]): Promise<number> {
    let count = 0;
    const stored = this.writer.multi();
    const jobs = batches.map((messages) => {
      count += messages.length;
      const payload = `${this.payloadPrefix}${randomUUID()}`;
      stored.set(payload, payloadOf(messages));
      return { name: JOB_NAME, data: storedBatchOf(messages, this.settings.keyFingerprint, payload), opts: JOB_OPTIONS };
    });
    stored.incrby(this.backlogKey, count);
    const replies = await stored.exec();
    const backlog = Number(replies?.at(-1)?.[1]);
    try {
      await this.queue.addBulk(jobs);
    } catch (error) {
      // The messages were stored but no job points at them: take them back out (best effort).
      const undo = this.writer.multi();
      for (const job of jobs) undo.del(job.data.payload);
      undo.decrby(this.backlogKey, count);
      undo.exec().catch(() => undefined);
      throw error;
    }
    // The count can drift below zero (a Redis restarted without persistence, then uncounted).
    return Number.isFinite(backlog) ? Math.max(0, backlog) : count;
  }

  /** Messages stored in Redis by every process, as counted; 0 when unknown. */
  async backlog(): Promise<number> {
    return Math.max(0, Number(await this.writer.get(this.backlogKey)) || 0);
  }

  /**
   * Stops taking jobs, hands the ones being delivered back to the queue (their delivery is
   * aborted), and closes both connections. With Redis away, or past `timeoutMs`, it stops at
   * once instead: a job it held then waits out the visibility timeout.
   */
  close(timeoutMs: number): Promise<void> {
    return (this.closed ??= this.shutdown(timeoutMs));
  }

  private async shutdown(timeoutMs: number): Promise<void> {
    this.closing = true;
    for (const controller of this.aborts) controller.abort();
    let done = false;
    const graceful = async (): Promise<void> => {
      await this.worker.close();
      await this.queue.close();
      // quit: the replies still due (counter adjustments) arrive first.
      await Promise.all([this.writer.quit(), this.consumer.quit()]);
      done = true;
    };
    if (this.state === 'ready') {
      let timer: NodeJS.Timeout | undefined;
      const expired = new Promise<void>((resolve) => (timer = setTimeout(resolve, timeoutMs)));
      await Promise.race([graceful().catch(() => undefined), expired]);
      clearTimeout(timer);
    }
    if (done) return;
    // Redis away, or the deadline passed: drop the connections (a held job waits out its lock).
    this.writer.disconnect();
    this.consumer.disconnect();
    await Promise.allSettled([this.worker.close(true), this.queue.close()]);
  }

  private readonly process = async (job: Job<StoredBatch>, token?: string): Promise<void> => {
    if (job.data?.key !== undefined && job.data.key !== this.settings.keyFingerprint) {
      await this.setAside(job, token);
      return;
    }
    // As bytes: the messages are sent as they were stored, never decoded.
    const payload = typeof job.data?.payload === 'string' ? await this.consumer.getBuffer(job.data.payload) : null;
    if (payload === null) {
      // Removed after delivery by a process that died before it could complete the job (a
      // repeat, nothing to send), or evicted by Redis (see README: maxmemory-policy noeviction).
      this.hooks.debug?.(`stored batch ${job.id} has no messages left in Redis; nothing to send.`);
      return;
    }
    const messages = messagesOf(job.data, payload);
    if (messages === undefined) {
      this.hooks.lost([], `job ${job.id} in the durable queue is not a batch of this package; removed unread.`);
      return;
    }
    const controller = new AbortController();
    this.aborts.add(controller);
    if (this.closing) controller.abort();
    let verdict: DeliveryVerdict;
    try {
      verdict = await this.hooks.deliver(messages, controller.signal);
    } finally {
      this.aborts.delete(controller);
    }
    if (verdict === 'released') {
      await job.moveToWait(token);
      throw new WaitingError();
    }
    await this.remove(job.data.payload, messages.length);
  };

  /**
   * Removes a finished batch's messages and uncounts them, together: a job taken again after a
   * crash finds no payload and is neither sent nor uncounted twice.
   */
  private async remove(payload: string, count: number): Promise<void> {
    await this.consumer
      .multi()
      .del(payload)
      .decrby(this.backlogKey, count)
      .exec()
      .catch(() => undefined);
  }

  /**
   * A batch of another write key: never sent under this one. It goes back to the queue for a
   * process of its own source (after a visibility timeout, so this one does not spin on it).
   */
  private async setAside(job: Job<StoredBatch>, token: string | undefined): Promise<void> {
    if (!this.foreignKeyReported) {
      this.foreignKeyReported = true;
      this.hooks.lost(
        [],
        `the durable queue "${this.settings.queue}" holds batches of another write key; they are left for a client of that source. Give each write key its own queue.`,
      );
    }
    await job.moveToDelayed(Date.now() + this.settings.visibilityTimeout, token);
    throw new DelayedError();
  }

  /** BullMQ gave up on a job (it stalled MAX_STALLED times): its messages are reported, then removed. */
  private onFailed(job: Job<StoredBatch> | undefined, error: Error): void {
    if (job === undefined || error instanceof WaitingError || error instanceof DelayedError || error.name === 'WaitingError' || error.name === 'DelayedError')
      return;
    const why = `BullMQ gave up on a stored batch: ${this.hooks.redact(describe(error))}`;
    const payload = job.data?.payload;
    if (typeof payload !== 'string') return this.hooks.lost([], why);
    void this.consumer.getBuffer(payload).then(
      async (stored) => {
        const messages = stored === null ? undefined : messagesOf(job.data, stored);
        if (messages === undefined) return;
        await this.remove(payload, messages.length);
        this.hooks.lost(messages, why);
      },
      () => undefined,
    );
  }

  private readonly onReady = (): void => {
    if (this.state === 'ready') return;
    this.state = 'ready';
    this.hooks.available();
  };

  private readonly onError = (error: Error): void => {
    this.lose(describe(error));
  };

  private readonly onClose = (): void => {
    this.lose('connection closed');
  };

  /** Reported once per outage: reconnect attempts fail again and again while Redis is away. */
  private lose(why: string): void {
    if (this.closing || this.state === 'down') return;
    this.state = 'down';
    this.hooks.unavailable(this.hooks.redact(why));
  }
}

/** Reconnect attempts: quickly at first, then every 2 s, for as long as the client lives. */
function reconnectDelay(attempt: number): number {
  return Math.min(attempt * 100, 2_000);
}

function describe(error: unknown): string {
  if (error instanceof Error) {
    const code = (error as Error & { code?: unknown }).code;
    return typeof code === 'string' && !error.message.includes(code) ? `${code}: ${error.message}` : error.message;
  }
  return String(error);
}
