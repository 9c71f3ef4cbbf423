import { inspect } from 'node:util';
import type { Observable } from 'rxjs';
import type { Dispatcher } from 'undici';
import type { Authorizer } from './authorizer.js';
import type { SegmentClientOptions } from './client-options.js';
import { createAuthorizer } from './create-authorizer.js';
import { createDispatcher } from './create-dispatcher.js';
import { Publisher } from './delivery/publisher.js';
import { SegmentDeliveryError, SegmentError, SegmentValidationError } from './errors.js';
import { MessageTooLargeError, buildMessage, buildMessageObject } from './message-builder.js';
import type { QueuedMessage } from './message-queue.js';
import type { AliasParams, GroupParams, IdentifyParams, MessageType, PageParams, ParamsByType, ScreenParams, TrackParams } from './message-types.js';
import { OutcomeReporter } from './outcome-reporter.js';
import { connectDurable } from '../durable/connect-durable.js';
import type { DurableDelivery } from '../durable/durable-delivery.js';
import { PersistedWaiters } from '../durable/persisted-waiters.js';
import { admitOutcome } from './pipeline/admit-outcome.js';
import { createPipeline } from './pipeline/create-pipeline.js';
import type { MessagePipeline } from './pipeline/message-pipeline.js';
import type { GroupParamsOf, IdentifyParamsOf, TrackParamsOf, TrackingPlanTypes } from '../tracking-plan/plan-types.js';
import { Redactor, basicAuthorization } from './redactor.js';
import { resolveOptions, type ResolvedOptions } from './resolved-options.js';
import type { CloseResult, FlushResult, SegmentEvent, SegmentStats } from './segment-event.js';

/** close()'s deadline when none is given; the Nest module's shutdown uses the same. */
export const DEFAULT_CLOSE_TIMEOUT_MS = 10_000;

export interface CloseOptions {
  /** Most ms to wait for delivery; what is left is reported as `shutdown_timeout`. Default 10,000. */
  timeoutMs?: number;
  /**
   * Log one line for the messages left at the deadline. Default true; false when the caller
   * logs the close result itself (the Nest module does), so that no loss is logged twice.
   */
  logLeftovers?: boolean;
}

/**
 * A Segment client: validates and enqueues on the caller's thread (no I/O, no promise per
 * message), batches by count, bytes and time, retries with the same messageIds, and reports
 * every message that does not arrive.
 *
 * @publicApi
 */
export class SegmentClient<TPlan extends TrackingPlanTypes | undefined = undefined> {
  /** Delivery outcomes: delivered, retry, failed and dropped. */
  readonly events$: Observable<SegmentEvent>;

  readonly #settings: ResolvedOptions;
  readonly #reporter: OutcomeReporter;
  readonly #publisher: Publisher;
  readonly #authorizer: Authorizer;
  readonly #dispatcher: Dispatcher;
  readonly #ownsDispatcher: boolean;
  /** Set with `durable`: accepted messages go to Redis (lib/durable; BullMQ loads on first use). */
  readonly #durable: DurableDelivery | undefined;
  readonly #persisted = new PersistedWaiters();
  /** Middleware and tracking plan; undefined without either, and then calls take the plain path. */
  readonly #pipeline: MessagePipeline | undefined;
  #seq = 0;
  #closed = false;
  #closing: Promise<CloseResult> | undefined;

  constructor(options: SegmentClientOptions) {
    this.#settings = resolveOptions(options);
    const { writeKey } = this.#settings;
    const redactor = new Redactor([writeKey, basicAuthorization(writeKey).slice('Basic '.length), Buffer.from(writeKey).toString('base64')]);
    const { dispatcher, owned } = createDispatcher(this.#settings);
    this.#dispatcher = dispatcher;
    this.#ownsDispatcher = owned;
    this.#authorizer = createAuthorizer(this.#settings, redactor, dispatcher);
    this.#reporter = new OutcomeReporter(this.#settings, redactor);
    this.#publisher = new Publisher(this.#settings, this.#reporter, this.#authorizer, dispatcher);
    this.#pipeline = createPipeline(options, this.#settings.logger);
    this.events$ = this.#reporter.events$;
    const { durable } = this.#settings;
    this.#durable =
      durable === undefined
        ? undefined
        : connectDurable({
            settings: { ...this.#settings, durable },
            reporter: this.#reporter,
            publisher: this.#publisher,
            authorizer: this.#authorizer,
            dispatcher,
            settle: () => this.#reporter.settle(this.#publisher.firstUnsettled),
          });
    if (this.#durable !== undefined) this.#reporter.unstoredFrom = () => this.#durable!.firstSeq;
    this.#reporter.afterSettle = (first) => this.#persisted.settle(first);
  }

  /** Typed by a generated tracking plan as `SegmentClient<TrackingPlan>`. */
  track(params: TrackParamsOf<TPlan>): string {
    return this.#accept('track', params as TrackParams);
  }

  identify(params: IdentifyParamsOf<TPlan>): string {
    return this.#accept('identify', params as IdentifyParams);
  }

  page(params: PageParams): string {
    return this.#accept('page', params);
  }

  screen(params: ScreenParams): string {
    return this.#accept('screen', params);
  }

  group(params: GroupParamsOf<TPlan>): string {
    return this.#accept('group', params as GroupParams);
  }

  alias(params: AliasParams): string {
    return this.#accept('alias', params);
  }

  /**
   * Sends everything queued now and resolves once every message accepted before this call
   * was delivered or finally failed, with the outcome of the messages accepted since the
   * previous flush() call. Never rejects.
   */
  flush(): Promise<FlushResult> {
    const result = this.#reporter.request(this.#seq);
    this.#publisher.flush();
    this.#reporter.settle(this.#publisher.firstUnsettled);
    return result;
  }

  /**
   * Refuses further calls (reported as `closed`), flushes, and resolves by `timeoutMs` at the
   * latest; messages still undelivered then are reported and listed as `shutdown_timeout`.
   */
  close(options: CloseOptions = {}): Promise<CloseResult> {
    const timeoutMs = options.timeoutMs ?? DEFAULT_CLOSE_TIMEOUT_MS;
    if (typeof timeoutMs !== 'number' || !Number.isFinite(timeoutMs) || timeoutMs < 0) {
      throw new SegmentValidationError('timeoutMs', `close() takes timeoutMs, a number of ms of 0 or more; got ${String(timeoutMs)}.`);
    }
    this.#closed = true;
    return (this.#closing ??= this.#closeWithin(timeoutMs, options.logLeftovers !== false));
  }

  /**
   * Resolves once no message accepted before this call can be lost by this process dying: with
   * `durable`, each is stored in Redis (or, kept in memory while Redis was away, delivered or
   * finally failed); without it, each is delivered or finally failed. Sends nothing early, never
   * rejects.
   */
  persisted(): Promise<void> {
    return this.#persisted.wait(this.#seq, Math.min(this.#publisher.firstUnsettled, this.#durable?.firstSeq ?? Infinity));
  }

  stats(): SegmentStats {
    const stats: SegmentStats = { queued: this.#publisher.queued, inFlight: this.#publisher.inFlight, ...this.#reporter.counters };
    if (this.#durable !== undefined) stats.durable = this.#durable.stats();
    return stats;
  }

  /**
   * Counts and reports a message that could not be built: `dropped` with reason `invalid`
   * (`too_large` past 32 KB) on `events$`, in `stats()` and to `onError`. The calls do this for
   * their own validation errors; a layer that builds messages for the caller (a decorator
   * whose mapper threw) uses it so its losses are reported like any other.
   */
  reportInvalid(error: SegmentError): void {
    if (!(error instanceof SegmentError)) return;
    this.#reporter.invalid(error, error instanceof MessageTooLargeError ? 'too_large' : 'invalid');
  }

  /** What console.log and util.inspect show: the settings that matter, never a secret. */
  [inspect.custom](): string {
    const { endpoint, flushAt, flushInterval, maxQueueSize, gzip, disable, oauth } = this.#settings;
    const summary = {
      host: endpoint.origin,
      flushAt,
      flushInterval,
      maxQueueSize,
      gzip,
      disable,
      oauth: oauth !== undefined,
      closed: this.#closed,
      ...this.stats(),
    };
    return `SegmentClient ${inspect(summary, { breakLength: Infinity })}`;
  }

  /** JSON.stringify(client) shows the same as inspect: never the write key. */
  toJSON(): string {
    return this[inspect.custom]();
  }

  /**
   * Sees every validated message of a disabled client, as it would have been sent. A no-op
   * here; the testing kit's recording client overrides it.
   *
   * @internal
   */
  protected acceptedWhileDisabled(_json: string): void {}

  // ---- the hot path -------------------------------------------------------------------

  #accept<T extends MessageType>(type: T, params: ParamsByType[T]): string {
    if (this.#pipeline !== undefined) return this.#acceptThroughPipeline(this.#pipeline, type, params);
    let message;
    try {
      message = buildMessage(type, params, this.#seq + 1);
    } catch (error) {
      this.reportInvalid(error as SegmentValidationError);
      throw error;
    }
    this.#seq++;
    this.#admit(type, message);
    return message.messageId;
  }

  /**
   * With middleware or a plan: the message is built as an object, run through them, then
   * serialized and size-checked. What the pipeline stops is reported, never thrown, except a
   * violation under `onViolation: 'throw'`, which refuses the call as a validation error does.
   */
  #acceptThroughPipeline<T extends MessageType>(pipeline: MessagePipeline, type: T, params: ParamsByType[T]): string {
    let built;
    try {
      built = buildMessageObject(type, params);
    } catch (error) {
      this.reportInvalid(error as SegmentValidationError);
      throw error;
    }
    const outcome = pipeline.run(built);
    if (outcome.kind === 'throw') {
      this.#reporter.violation(outcome.error, outcome.message, false);
      this.#reporter.invalid(outcome.error, 'violation');
      throw outcome.error;
    }
    const message = admitOutcome(outcome, ++this.#seq, this.#reporter);
    if (message !== undefined) this.#admit(type, message);
    else this.#reporter.settle(this.#publisher.firstUnsettled);
    return built.messageId;
  }

  /** An accepted message: seen (disabled), dropped (closed) or handed to the publisher. */
  #admit(type: MessageType, message: QueuedMessage): void {
    if (this.#settings.disable) {
      if (this.#settings.debug) this.#reporter.debug(`disabled: ${type} ${message.messageId} validated, not sent.`);
      this.acceptedWhileDisabled(message.utf8.toString());
    } else if (this.#closed) {
      this.#reporter.dropped([message], 'closed', `${type}() was called after close(); the message was not sent.`);
      this.#reporter.settle(this.#publisher.firstUnsettled);
    } else if (this.#durable?.accepting && this.#durable.pending < this.#settings.maxQueueSize) {
      this.#durable.accept(message);
    } else {
      this.#publisher.accept(message);
    }
  }

  // ---- closing --------------------------------------------------------------------------

  async #closeWithin(timeoutMs: number, logLeftovers: boolean): Promise<CloseResult> {
    const startedAt = Date.now();
    const flushing = this.flush();
    let timedOut = false;
    const deadline = setTimeout(() => {
      timedOut = true;
      this.#abandon(timeoutMs, logLeftovers);
    }, timeoutMs);
    const result = await flushing;
    clearTimeout(deadline);
    // Durable: stop taking batches from Redis and hand back those being delivered, before the pool closes.
    await this.#durable?.close(timedOut ? 0 : Math.max(0, timeoutMs - (Date.now() - startedAt)));
    try {
      this.#authorizer.close?.();
      if (this.#ownsDispatcher) await (timedOut ? this.#dispatcher.destroy() : this.#dispatcher.close());
    } catch (error) {
      this.#reporter.log('warn', `closing the HTTP pool failed: ${error instanceof Error ? error.message : String(error)}`);
    }
    this.#reporter.complete();
    return { ...result, timedOut };
  }

  /** At the close deadline: every message not yet delivered is failed as shutdown_timeout, in one report. */
  #abandon(timeoutMs: number, logLeftovers: boolean): void {
    const leftovers = [...this.#publisher.abandonAll(), ...(this.#durable?.abandon() ?? [])].sort((a, b) => a.seq - b.seq);
    if (leftovers.length > 0) {
      const count = leftovers.length;
      const line = `closed after ${timeoutMs} ms with ${count} ${count === 1 ? 'message' : 'messages'} undelivered (shutdown_timeout).`;
      this.#reporter.failed(
        leftovers,
        new SegmentDeliveryError('shutdown_timeout', `${count} messages were not delivered before the close() deadline.`),
        logLeftovers ? { level: 'warn', line } : null,
      );
    }
    this.#reporter.settle(this.#publisher.firstUnsettled);
  }
}
