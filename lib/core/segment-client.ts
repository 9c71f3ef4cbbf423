import { promisify } from 'node:util';
import { gzip as gzipCallback } from 'node:zlib';
import { Observable, Subject } from 'rxjs';
import type { Dispatcher } from 'undici';
import type { Authorizer } from './authorizer.js';
import type { SegmentClientOptions } from './client-options.js';
import { createAuthorizer } from './create-authorizer.js';
import { createDispatcher } from './create-dispatcher.js';
import { SegmentDeliveryError, SegmentError, SegmentValidationError } from './errors.js';
import { FlushLedger } from './flush-ledger.js';
import { post, type HttpResponse } from './http-transport.js';
import { MAX_BATCH_BYTES } from './limits.js';
import { MessageTooLargeError, buildMessage } from './message-builder.js';
import { MessageQueue, type QueuedMessage } from './message-queue.js';
import type {
  AliasParams,
  GroupParams,
  IdentifyParams,
  MessageType,
  PageParams,
  ParamsByType,
  ScreenParams,
  SegmentMessage,
  TrackParams,
} from './message-types.js';
import { Redactor, basicAuthorization } from './redactor.js';
import { resolveOptions, type ResolvedOptions } from './resolved-options.js';
import { backoffDelay, parseRetryAfter, verdictFor } from './retry-policy.js';
import type { CloseResult, FlushResult, SegmentEvent, SegmentStats } from './segment-event.js';
import { LIBRARY_NAME, LIBRARY_VERSION } from './version.js';

const gzip = promisify(gzipCallback);
/** How much of a server's error answer goes into errors and logs. */
const REPORTED_BODY_LENGTH = 2_000;

/** A batch from its first attempt until it is delivered or finally fails. */
class Batch {
  attempts = 0;
  settled = false;
  controller: AbortController | undefined;
  retryTimer: NodeJS.Timeout | undefined;
  private joined: string | undefined;

  constructor(
    readonly messages: QueuedMessage[],
    readonly startedAt: number,
  ) {}

  get firstSeq(): number {
    return this.messages[0]!.seq;
  }

  /** The messages' JSON joined once; each attempt only adds a fresh sentAt. */
  batchJson(): string {
    return (this.joined ??= this.messages.map((message) => message.json).join(','));
  }
}

type Attempt =
  | { response: HttpResponse; authorization: string }
  /** A passing failure; `retryAfter` when the authorizer knows how long to wait (a token endpoint's 429). */
  | { error: string; retryAfter?: number }
  /** The authorizer's final refusal (an OAuth token endpoint's 400/401): retrying cannot help. */
  | { refusal: SegmentDeliveryError };

export interface CloseOptions {
  /** Most ms to wait for delivery; what is left is reported as `shutdown_timeout`. Default 10,000. */
  timeoutMs?: number;
}

/**
 * A Segment client: validates and enqueues on the caller's thread (no I/O, no promise per
 * message), batches by count, bytes and time, retries with the same messageIds, and reports
 * every message that does not arrive.
 */
export class SegmentClient {
  /** Delivery outcomes: delivered, retry, failed and dropped. */
  readonly events$: Observable<SegmentEvent>;

  private readonly settings: ResolvedOptions;
  private readonly subject = new Subject<SegmentEvent>();
  private readonly queue = new MessageQueue();
  private readonly active = new Set<Batch>();
  private readonly ledger = new FlushLedger();
  private readonly redactor: Redactor;
  private readonly authorizer: Authorizer;
  private readonly dispatcher: Dispatcher;
  private readonly ownsDispatcher: boolean;
  private readonly headers: Record<string, string>;
  private readonly envelopeTail: string;
  private readonly batchBudget: number;
  private readonly debug: ((message: string) => void) | undefined;

  private seq = 0;
  private activeMessages = 0;
  private sendPartial = false;
  private drainScheduled = false;
  private intervalTimer: NodeJS.Timeout | undefined;
  private pausedUntil = 0;
  private pauseTimer: NodeJS.Timeout | undefined;
  private closed = false;
  private closing: Promise<CloseResult> | undefined;
  private droppedWhileFull = 0;
  private readonly counters = { delivered: 0, failed: 0, dropped: 0, retried: 0, batches: 0, bytesSent: 0 };

  constructor(options: SegmentClientOptions) {
    this.settings = resolveOptions(options);
    const { writeKey, logger } = this.settings;
    this.redactor = new Redactor([
      writeKey,
      basicAuthorization(writeKey).slice('Basic '.length),
      Buffer.from(writeKey).toString('base64'),
    ]);
    const { dispatcher, owned } = createDispatcher(this.settings);
    this.dispatcher = dispatcher;
    this.ownsDispatcher = owned;
    this.authorizer = createAuthorizer(this.settings, this.redactor, dispatcher);
    this.headers = {
      'content-type': 'application/json',
      'user-agent': `${LIBRARY_NAME}/${LIBRARY_VERSION}`,
    };
    this.envelopeTail = `,"writeKey":${JSON.stringify(writeKey)}}`;
    // `{"batch":[` + `],"sentAt":"<24 chars>"` + the tail: what a batch adds around its messages.
    this.batchBudget = MAX_BATCH_BYTES - Buffer.byteLength(`{"batch":[],"sentAt":"2000-01-01T00:00:00.000Z"${this.envelopeTail}`);
    this.debug = this.settings.debug ? (message) => (logger.debug ?? logger.log).call(logger, message) : undefined;
    this.events$ = this.subject.asObservable();
  }

  track(params: TrackParams): string {
    return this.enqueue('track', params);
  }

  identify(params: IdentifyParams): string {
    return this.enqueue('identify', params);
  }

  page(params: PageParams): string {
    return this.enqueue('page', params);
  }

  screen(params: ScreenParams): string {
    return this.enqueue('screen', params);
  }

  group(params: GroupParams): string {
    return this.enqueue('group', params);
  }

  alias(params: AliasParams): string {
    return this.enqueue('alias', params);
  }

  /**
   * Sends everything queued now and resolves once every message accepted before this call
   * was delivered or finally failed, with the outcome of the messages accepted since the
   * previous flush() call. Never rejects.
   */
  flush(): Promise<FlushResult> {
    const result = this.ledger.request(this.seq);
    if (this.queue.length > 0) {
      this.sendPartial = true;
      this.drain();
    }
    this.settleFlushes();
    return result;
  }

  /**
   * Refuses further calls (reported as `closed`), flushes, and resolves by `timeoutMs` at the
   * latest; messages still undelivered then are reported and listed as `shutdown_timeout`.
   */
  close(options: CloseOptions = {}): Promise<CloseResult> {
    const timeoutMs = options.timeoutMs ?? 10_000;
    if (!Number.isFinite(timeoutMs) || timeoutMs < 0) {
      throw new SegmentValidationError('timeoutMs', `close() takes timeoutMs, a number of ms of 0 or more; got ${String(timeoutMs)}.`);
    }
    this.closed = true;
    return (this.closing ??= this.closeWithin(timeoutMs));
  }

  stats(): SegmentStats {
    return { queued: this.queue.length, inFlight: this.activeMessages, ...this.counters };
  }

  /**
   * Sees every validated message of a disabled client, as it would have been sent. A no-op
   * here; the testing kit's recording client overrides it.
   */
  protected acceptedWhileDisabled(_json: string): void {}

  private async closeWithin(timeoutMs: number): Promise<CloseResult> {
    const flushing = this.flush();
    let timedOut = false;
    const deadline = setTimeout(() => {
      timedOut = true;
      this.abandonAll();
    }, timeoutMs);
    const result = await flushing;
    clearTimeout(deadline);
    if (timedOut) {
      this.settings.logger.warn(`closed after ${timeoutMs} ms with ${result.failures.filter((failure) => failure.reason === 'shutdown_timeout').length} messages undelivered (shutdown_timeout).`);
    }
    this.authorizer.close?.();
    if (this.ownsDispatcher) await (timedOut ? this.dispatcher.destroy() : this.dispatcher.close());
    this.subject.complete();
    return { ...result, timedOut };
  }

  // ---- the hot path -------------------------------------------------------------------

  private enqueue<T extends MessageType>(type: T, params: ParamsByType[T]): string {
    let message: QueuedMessage;
    try {
      message = buildMessage(type, params, this.seq + 1);
    } catch (error) {
      this.reportInvalid(error as SegmentValidationError);
      throw error;
    }
    this.seq++;
    if (this.settings.disable) {
      this.debug?.(`disabled: ${type} ${message.messageId} validated, not sent.`);
      this.acceptedWhileDisabled(message.json);
    } else if (this.closed) {
      this.drop(message, 'closed', `${type}() was called after close(); the message was not sent.`);
    } else if (this.queue.length + this.activeMessages >= this.settings.maxQueueSize) {
      this.dropQueueFull(message);
    } else {
      this.queue.push(message);
      if (this.droppedWhileFull > 0) this.reportQueueRecovered();
      if (this.queue.hasFullBatch(this.settings.flushAt, this.batchBudget)) this.scheduleDrain();
      else this.intervalTimer ??= setTimeout(this.onInterval, this.settings.flushInterval);
    }
    return message.messageId;
  }

  private readonly onInterval = (): void => {
    this.intervalTimer = undefined;
    this.sendPartial = true;
    this.drain();
  };

  private scheduleDrain(): void {
    if (this.drainScheduled) return;
    this.drainScheduled = true;
    setImmediate(this.drain);
  }

  // ---- sending --------------------------------------------------------------------------

  private readonly drain = (): void => {
    this.drainScheduled = false;
    const { flushAt, maxConcurrentRequests } = this.settings;
    while (this.queue.length > 0 && this.active.size < maxConcurrentRequests && !this.isPaused()) {
      if (!this.sendPartial && !this.queue.hasFullBatch(flushAt, this.batchBudget)) break;
      const batch = new Batch(this.queue.take(flushAt, this.batchBudget), Date.now());
      this.activate(batch);
    }
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
    const controller = new AbortController();
    batch.controller = controller;
    const timeout = setTimeout(() => controller.abort(), this.settings.httpTimeout);
    let outcome: Attempt;
    let bytes = 0;
    try {
      const json = `{"batch":[${batch.batchJson()}],"sentAt":"${new Date().toISOString()}"${this.envelopeTail}`;
      const body = this.settings.gzip ? await gzip(json) : json;
      bytes = typeof body === 'string' ? Buffer.byteLength(body) : body.length;
      const authorization = await this.authorizer.authorization(controller.signal);
      const headers: Record<string, string> = { ...this.headers, authorization };
      if (this.settings.gzip) headers['content-encoding'] = 'gzip';
      this.counters.batches++;
      this.counters.bytesSent += bytes;
      const response = await post(this.dispatcher, this.settings.endpoint, headers, body, controller.signal);
      outcome = { response, authorization };
    } catch (error) {
      if (error instanceof SegmentDeliveryError) outcome = { refusal: error };
      else if (controller.signal.aborted) outcome = { error: `timeout after ${this.settings.httpTimeout} ms` };
      else outcome = { error: describeError(error), retryAfter: retryAfterOf(error) };
    } finally {
      clearTimeout(timeout);
      batch.controller = undefined;
    }
    if (!batch.settled) this.judge(batch, outcome, bytes);
    this.scheduleDrain();
  }

  private judge(batch: Batch, outcome: Attempt, bytes: number): void {
    if ('refusal' in outcome) {
      const { refusal } = outcome;
      this.settleFailed(
        batch,
        new SegmentDeliveryError(refusal.reason, `a batch of ${batch.messages.length} messages was not sent: ${refusal.message}`, refusal.status, refusal.responseBody),
      );
      return;
    }
    if ('error' in outcome) {
      this.retryOrFail(batch, outcome.error, undefined, outcome.retryAfter);
      return;
    }
    const { response, authorization } = outcome;
    const { status } = response;
    if ((status === 401 || status === 403) && batch.attempts <= this.settings.maxRetries && this.authorizer.rejected?.(authorization)) {
      this.retryOrFail(batch, `HTTP ${status}`, status, 0);
      return;
    }
    switch (verdictFor(status, response.body, batch.messages.length)) {
      case 'delivered':
        this.settleDelivered(batch, status, bytes);
        return;
      case 'retry': {
        const retryAfter = status === 429 || status === 503 ? parseRetryAfter(response.headers['retry-after']) : undefined;
        this.retryOrFail(batch, `HTTP ${status}`, status, retryAfter, response.body);
        return;
      }
      case 'split':
        this.split(batch, status);
        return;
      case 'reject':
        this.settleFailed(
          batch,
          new SegmentDeliveryError('rejected', `Segment rejected a batch of ${batch.messages.length} messages with HTTP ${status}: ${this.responseText(response.body) || '(no body)'}`, status, this.responseText(response.body)),
        );
    }
  }

  private retryOrFail(batch: Batch, error: string, status: number | undefined, retryAfter: number | undefined, body?: string): void {
    const { maxRetries, maxRetryDuration } = this.settings;
    const delayMs = retryAfter ?? backoffDelay(batch.attempts, this.settings);
    const elapsed = Date.now() - batch.startedAt;
    if (batch.attempts > maxRetries || elapsed + delayMs > maxRetryDuration) {
      const why = batch.attempts > maxRetries ? `${batch.attempts} attempts` : `${elapsed} ms of retrying (maxRetryDuration ${maxRetryDuration} ms)`;
      const responseBody = body === undefined ? undefined : this.responseText(body);
      this.settleFailed(
        batch,
        new SegmentDeliveryError('retries_exhausted', `gave up on a batch of ${batch.messages.length} messages after ${why}; last error: ${error}`, status, responseBody),
      );
      return;
    }
    if (status === 429 && retryAfter !== undefined) this.pauseFor(retryAfter);
    this.counters.retried += batch.messages.length;
    this.debug?.(`batch of ${batch.messages.length} failed (${error}); retry ${batch.attempts} in ${delayMs} ms.`);
    if (this.subject.observed) {
      this.subject.next({ type: 'retry', messageIds: batch.messages.map((message) => message.messageId), attempt: batch.attempts, delayMs, status, error });
    }
    batch.retryTimer = setTimeout(() => {
      batch.retryTimer = undefined;
      void this.attempt(batch);
    }, delayMs);
  }

  /** Halves go out as batches of their own, so one oversized request does not lose the rest. */
  private split(batch: Batch, status: number): void {
    this.debug?.(`HTTP ${status} for a batch of ${batch.messages.length}; resending it in halves.`);
    this.retire(batch);
    const middle = Math.ceil(batch.messages.length / 2);
    this.activate(new Batch(batch.messages.slice(0, middle), batch.startedAt));
    this.activate(new Batch(batch.messages.slice(middle), batch.startedAt));
  }

  /** A server's answer as reported: secrets removed first, then cut to a readable length. */
  private responseText(body: string): string {
    const redacted = this.redactor.redact(body);
    return redacted.length > REPORTED_BODY_LENGTH ? redacted.slice(0, REPORTED_BODY_LENGTH) + '…' : redacted;
  }

  // ---- outcomes -------------------------------------------------------------------------

  private retire(batch: Batch): void {
    batch.settled = true;
    this.active.delete(batch);
    this.activeMessages -= batch.messages.length;
    clearTimeout(batch.retryTimer);
    batch.controller?.abort();
  }

  private settleDelivered(batch: Batch, status: number, bytes: number): void {
    this.retire(batch);
    this.counters.delivered += batch.messages.length;
    this.ledger.recordDelivered(batch.messages);
    this.debug?.(`delivered a batch of ${batch.messages.length} messages (${bytes} bytes, HTTP ${status}, attempt ${batch.attempts}).`);
    if (this.subject.observed) {
      this.subject.next({ type: 'delivered', messageIds: batch.messages.map((message) => message.messageId), status, attempts: batch.attempts, bytes });
    }
    this.settleFlushes();
  }

  private settleFailed(batch: Batch, error: SegmentDeliveryError): void {
    this.retire(batch);
    this.counters.failed += batch.messages.length;
    this.report('failed', batch.messages, error);
    this.settings.logger.error(error.message);
    this.settleFlushes();
  }

  private drop(message: QueuedMessage, reason: 'closed' | 'queue_full', text: string): void {
    this.counters.dropped++;
    this.report('dropped', [message], new SegmentDeliveryError(reason, text));
    this.settleFlushes();
  }

  private dropQueueFull(message: QueuedMessage): void {
    // One warning per episode: a full queue at thousands of calls per second must not flood the log.
    if (this.droppedWhileFull++ === 0) {
      this.settings.logger.warn(`queue full (${this.settings.maxQueueSize} messages waiting): dropping new messages until it drains.`);
    }
    this.drop(message, 'queue_full', `the queue holds maxQueueSize (${this.settings.maxQueueSize}) messages; the message was dropped.`);
  }

  private reportQueueRecovered(): void {
    this.settings.logger.warn(`queue has room again; ${this.droppedWhileFull} messages were dropped while it was full (queue_full).`);
    this.droppedWhileFull = 0;
  }

  /**
   * Counts and reports a message that could not be built: `dropped` with reason `invalid`
   * (`too_large` past 32 KB) on `events$`, in `stats()` and to `onError`. The calls do this for
   * their own validation errors; a layer that builds messages for the caller (a decorator
   * whose mapper threw) uses it so its losses are reported like any other.
   */
  reportInvalid(error: SegmentError): void {
    if (!(error instanceof SegmentError)) return;
    this.counters.dropped++;
    const reason = error instanceof MessageTooLargeError ? 'too_large' : 'invalid';
    if (this.subject.observed) this.subject.next({ type: 'dropped', reason, messages: [], error });
    this.callOnError(error, []);
  }

  private report(outcome: 'failed' | 'dropped', queued: readonly QueuedMessage[], error: SegmentDeliveryError): void {
    const wantsMessages = this.subject.observed || this.settings.onError !== undefined;
    const messages = wantsMessages ? queued.map((message) => JSON.parse(message.json) as SegmentMessage) : undefined;
    this.ledger.recordFailed(outcome, queued, messages, error.reason, error.message, error.status);
    if (messages === undefined) return;
    if (this.subject.observed) {
      if (outcome === 'failed') {
        this.subject.next({ type: 'failed', reason: error.reason as 'rejected', messages, error, status: error.status });
      } else {
        this.subject.next({ type: 'dropped', reason: error.reason as 'closed', messages, error });
      }
    }
    this.callOnError(error, messages);
  }

  private callOnError(error: SegmentError, messages: SegmentMessage[]): void {
    const { onError, logger } = this.settings;
    if (onError === undefined) return;
    try {
      onError(error, messages);
    } catch (thrown) {
      logger.error(`onError threw: ${describeError(thrown)}`);
    }
  }

  /** At the close deadline: every message not yet delivered is failed as shutdown_timeout. */
  private abandonAll(): void {
    clearTimeout(this.intervalTimer);
    clearTimeout(this.pauseTimer);
    this.intervalTimer = this.pauseTimer = undefined;
    const leftovers = this.queue.drain();
    for (const batch of [...this.active]) {
      this.retire(batch);
      leftovers.push(...batch.messages);
    }
    if (leftovers.length === 0) return;
    leftovers.sort((a, b) => a.seq - b.seq);
    this.counters.failed += leftovers.length;
    this.report('failed', leftovers, new SegmentDeliveryError('shutdown_timeout', `${leftovers.length} messages were not delivered before the close() deadline.`));
    this.settleFlushes();
  }

  private settleFlushes(): void {
    let first = this.queue.firstSeq;
    for (const batch of this.active) first = Math.min(first, batch.firstSeq);
    this.ledger.settle(first);
  }
}

/** How long an authorizer's passing failure asks to wait (`retryAfterMs`), if it says. */
function retryAfterOf(error: unknown): number | undefined {
  const value = (error as { retryAfterMs?: unknown } | null)?.retryAfterMs;
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : undefined;
}

/** Shapes a transport error for logs and events: code and message, never headers or bodies. */
function describeError(error: unknown): string {
  if (error instanceof Error) {
    const code = (error as Error & { code?: unknown }).code;
    return typeof code === 'string' ? `${code}: ${error.message}` : error.message;
  }
  return String(error);
}

