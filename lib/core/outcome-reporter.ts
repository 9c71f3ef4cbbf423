import { Observable, Subject } from 'rxjs';
import { describeError } from './describe-error.js';
import { SegmentDeliveryError, SegmentError, type FailureReason } from './errors.js';
import { FlushLedger } from './flush-ledger.js';
import type { QueuedMessage } from './message-queue.js';
import type { PipelineReporter, StoppedReason } from './pipeline/pipeline-reporter.js';
import { RepeatLimiter } from './pipeline/repeat-limiter.js';
import type { SegmentViolationError } from './pipeline/tracking-plan-violation.js';
import type { SegmentMessage } from './message-types.js';
import type { ResolvedOptions } from './resolved-options.js';
import type { Redactor } from './redactor.js';
import type { FlushResult, SegmentEvent, SegmentStats } from './segment-event.js';
import { LIBRARY_NAME, LIBRARY_VERSION } from './version.js';

/** How much of a server's error answer goes into errors and logs. */
const REPORTED_BODY_LENGTH = 2_000;

type FailedReason = Extract<FailureReason, 'rejected' | 'retries_exhausted' | 'shutdown_timeout'>;
type DroppedReason = Extract<FailureReason, 'queue_full' | 'closed'> | StoppedReason;

/** Counters since the client was created: stats() without its current levels and engine state. */
export type OutcomeCounters = Omit<SegmentStats, 'queued' | 'inFlight' | 'durable'>;

/**
 * Where every message's outcome goes: the counters behind stats(), the flush ledger, events$,
 * onError and the logger. Total by construction: a message that cannot be parsed back, an
 * onError or a logger that throws, none of it escapes or goes uncounted.
 */
export class OutcomeReporter implements PipelineReporter {
  readonly events$: Observable<SegmentEvent>;
  readonly ledger = new FlushLedger();
  readonly counters: OutcomeCounters = { delivered: 0, failed: 0, dropped: 0, retried: 0, batches: 0, bytesSent: 0, violations: 0 };
  private readonly subject = new Subject<SegmentEvent>();
  private readonly repeats = new RepeatLimiter();

  constructor(
    private readonly settings: Pick<ResolvedOptions, 'logger' | 'onError' | 'debug'>,
    private readonly redactor: Redactor,
  ) {
    this.events$ = this.subject.asObservable();
  }

  get debugging(): boolean {
    return this.settings.debug;
  }

  request(last: number): Promise<FlushResult> {
    return this.ledger.request(last);
  }

  /** Durable delivery's first unstored seq: flush() and persisted() wait for those messages too. */
  unstoredFrom: () => number = () => Infinity;
  /** Told the first seq without an outcome each time outcomes settle (persisted() waits on it). */
  afterSettle: (firstUnsettled: number) => void = () => undefined;

  settle(firstUnsettled: number): void {
    const first = Math.min(firstUnsettled, this.unstoredFrom());
    this.ledger.settle(first);
    this.afterSettle(first);
  }

  /** Messages stored in Redis by durable delivery: counted as persisted by the flush they belong to. */
  stored(messages: readonly QueuedMessage[]): void {
    this.ledger.recordStored(messages);
  }

  /** Redis became unreachable, or reachable again: one log line and one event. */
  durable(reason: 'durable_unavailable' | 'durable_resumed', line: string, error?: string): void {
    this.log(reason === 'durable_unavailable' ? 'warn' : 'log', line);
    if (!this.subject.observed) return;
    this.subject.next(reason === 'durable_unavailable' ? { type: 'durable', reason, error: error ?? 'unreachable' } : { type: 'durable', reason });
  }

  delivered(messages: readonly QueuedMessage[], status: number, attempts: number, bytes: number): void {
    this.counters.delivered += messages.length;
    this.ledger.recordDelivered(messages);
    if (this.settings.debug) this.debug(`delivered a batch of ${messages.length} messages (${bytes} bytes, HTTP ${status}, attempt ${attempts}).`);
    if (this.subject.observed) {
      this.subject.next({ type: 'delivered', messageIds: messages.map((message) => message.messageId), status, attempts, bytes });
    }
  }

  retrying(messages: readonly QueuedMessage[], attempt: number, delayMs: number, error: string, status: number | undefined): void {
    this.counters.retried += messages.length;
    if (this.settings.debug) this.debug(`batch of ${messages.length} failed (${error}); retry ${attempt} in ${delayMs} ms.`);
    if (this.subject.observed) {
      this.subject.next({ type: 'retry', messageIds: messages.map((message) => message.messageId), attempt, delayMs, status, error });
    }
  }

  /**
   * Accepted messages that will not be delivered, with one log line for them: the error's
   * message by default, `logged` instead, or none when `logged` is null (the caller logs).
   */
  failed(
    messages: readonly QueuedMessage[],
    error: SegmentDeliveryError,
    logged: { level: 'warn' | 'error'; line: string } | null = { level: 'error', line: error.message },
  ): void {
    this.counters.failed += messages.length;
    this.report('failed', messages, error);
    if (logged !== null) this.log(logged.level, logged.line);
  }

  /** Accepted messages that never entered the queue; the caller decides what (if anything) to log. */
  dropped(messages: readonly QueuedMessage[], reason: DroppedReason, text: string): void {
    this.counters.dropped += messages.length;
    this.report('dropped', messages, new SegmentDeliveryError(reason, text));
  }

  /**
   * An accepted message the pipeline stopped (a middleware's null or throw, a violation under
   * `drop`) or that could not be queued after it: counted and reported as dropped, with its
   * outline. A middleware that failed is logged; a violation was logged as one already.
   */
  stopped(message: QueuedMessage, error: SegmentError & { readonly reason: StoppedReason }): void {
    this.counters.dropped++;
    this.report('dropped', [message], error);
    if (error.reason === 'middleware_error' || error.reason === 'too_large' || error.reason === 'invalid') {
      this.logRepeated(error.reason === 'middleware_error' ? 'error' : 'warn', error.message, error.message);
    }
  }

  /**
   * A message that broke the tracking plan: counted, a `violation` event, a log line (the first
   * of each kind, then one per thousand), and onError when nothing else tells it (sent anyway).
   */
  violation(error: SegmentViolationError, outline: SegmentMessage, tellOnError: boolean): void {
    this.counters.violations++;
    if (this.subject.observed) {
      this.subject.next({ type: 'violation', messageId: error.messageId, event: error.event, violations: error.violations, action: error.action, error });
    }
    if (tellOnError) this.callOnError(error, [outline]);
    const kind = error.violations.map((violation) => `${violation.pointer} ${violation.rule}`).join();
    this.logRepeated('warn', `${error.event}\u0000${kind}`, error.message);
  }

  /**
   * A message that could not be built, counted and reported as `dropped` (`invalid`, or
   * `too_large` past 32 KB; `violation` refused under onViolation 'throw'). Not part of any
   * flush: its call threw and accepted nothing.
   */
  invalid(error: SegmentError, reason: 'invalid' | 'too_large' | 'violation'): void {
    this.counters.dropped++;
    if (this.subject.observed) this.subject.next({ type: 'dropped', reason, messages: [], error });
    this.callOnError(error, []);
  }

  /** A server's answer as reported: secrets removed first, then cut to a readable length. */
  reportable(body: string): string {
    const redacted = this.redactor.redact(body);
    return redacted.length > REPORTED_BODY_LENGTH ? redacted.slice(0, REPORTED_BODY_LENGTH) + '…' : redacted;
  }

  log(level: 'log' | 'warn' | 'error', line: string): void {
    try {
      this.settings.logger[level](line);
    } catch {
      // A logger that throws must not take the client, or the message's report, with it.
    }
  }

  /** A line that may repeat at every call: logged the first time, then once per thousand with the count. */
  private logRepeated(level: 'warn' | 'error', key: string, line: string): void {
    const count = this.repeats.next(key);
    if (count !== undefined) this.log(level, count === 1 ? line : `${line} (${count} times so far)`);
  }

  debug(line: string): void {
    const { logger } = this.settings;
    try {
      (logger.debug ?? logger.log).call(logger, line);
    } catch {
      // As log(): the report matters more than the logger.
    }
  }

  complete(): void {
    this.subject.complete();
  }

  private report(outcome: 'failed' | 'dropped', queued: readonly QueuedMessage[], error: SegmentError & Pick<SegmentDeliveryError, 'reason' | 'status'>): void {
    const wantsMessages = this.subject.observed || this.settings.onError !== undefined;
    const messages = wantsMessages ? queued.map(parsedForReport) : undefined;
    this.ledger.recordFailed(queued, {
      outcome,
      reason: error.reason,
      error: error.message,
      status: error.status,
      messageAt: (index) => messages?.[index] ?? parsedForReport(queued[index]!),
    });
    if (messages === undefined) return;
    if (this.subject.observed) {
      if (outcome === 'failed') {
        this.subject.next({ type: 'failed', reason: error.reason as FailedReason, messages, error, status: error.status });
      } else {
        this.subject.next({ type: 'dropped', reason: error.reason as DroppedReason, messages, error });
      }
    }
    this.callOnError(error, messages);
  }

  private callOnError(error: SegmentError, messages: SegmentMessage[]): void {
    const { onError } = this.settings;
    if (onError === undefined) return;
    try {
      onError(error, messages);
    } catch (thrown) {
      this.log('error', `onError threw: ${describeError(thrown)}`);
    }
  }
}

/**
 * The message as reported, parsed back from its UTF-8 JSON. The builder only writes valid JSON, but
 * a report must hold whatever happens: a message that cannot be parsed is still reported by id.
 */
function parsedForReport(queued: QueuedMessage): SegmentMessage {
  try {
    return JSON.parse(queued.utf8.toString()) as SegmentMessage;
  } catch {
    return {
      type: queued.type,
      messageId: queued.messageId,
      timestamp: new Date(0).toISOString(),
      context: { library: { name: LIBRARY_NAME, version: LIBRARY_VERSION } },
    };
  }
}
