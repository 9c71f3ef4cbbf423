import type { FailureReason, SegmentError } from './errors.js';
import type { SegmentMessage } from './message-types.js';
import type { SegmentViolationError, TrackingPlanViolation, ViolationAction } from './pipeline/tracking-plan-violation.js';

/** A batch reached Segment (2xx). Only ids are carried: delivered messages are not retained. */
export interface DeliveredEvent {
  type: 'delivered';
  messageIds: string[];
  status: number;
  /** 1 when the first attempt succeeded. */
  attempts: number;
  /** Request body size as sent (after gzip when enabled). */
  bytes: number;
}

/** A batch will be sent again after `delayMs`, with the same messageIds. */
export interface RetryEvent {
  type: 'retry';
  messageIds: string[];
  /** The attempt that failed, 1-based. */
  attempt: number;
  delayMs: number;
  status?: number;
  /** What went wrong: `HTTP 503`, `ECONNRESET`, `timeout after 10000 ms`. */
  error: string;
}

/** Messages that were accepted by a call but will not be delivered. */
export interface FailedEvent {
  type: 'failed';
  reason: Extract<FailureReason, 'rejected' | 'retries_exhausted' | 'shutdown_timeout'>;
  messages: SegmentMessage[];
  error: SegmentError;
  status?: number;
}

/** Messages that never entered the queue (or were refused by a validation error). */
export interface DroppedEvent {
  type: 'dropped';
  reason: Extract<FailureReason, 'queue_full' | 'too_large' | 'invalid' | 'closed' | 'filtered' | 'middleware_error' | 'violation'>;
  /** Empty for `invalid`: the message could not be built. */
  messages: SegmentMessage[];
  error: SegmentError;
}

/**
 * A message broke the tracking plan. `action` says what became of it: sent anyway (`report`),
 * `drop`ped (a `dropped` event follows), or refused by a throw. Names where and which rule,
 * never the value.
 */
export interface ViolationEvent {
  type: 'violation';
  messageId: string;
  /** The track event's name, or the call's type for the other calls. */
  event: string;
  violations: readonly TrackingPlanViolation[];
  action: ViolationAction;
  error: SegmentViolationError;
}

/** Everything `client.events$` emits. */
/**
 * Durable delivery lost Redis (`durable_unavailable`: accepted messages go to the in-memory queue
 * until it returns) or has it back (`durable_resumed`: they are stored in Redis again).
 */
export type DurableEvent =
  /** `error`: what failed, never the Redis URL's credentials. */
  { type: 'durable'; reason: 'durable_unavailable'; error: string } | { type: 'durable'; reason: 'durable_resumed' };

export type SegmentEvent = DeliveredEvent | RetryEvent | FailedEvent | DroppedEvent | ViolationEvent | DurableEvent;

/** One message that did not reach Segment, as listed by flush() and close(). */
export interface FailedMessage {
  message: SegmentMessage;
  reason: FailureReason;
  status?: number;
  error: string;
}

/**
 * Outcome of the messages a flush waited for: those accepted after the previous flush() call
 * and up to this one. Counts are exact (`delivered + failed + dropped` is every message those
 * calls accepted); `failures` lists at most 1,000 messages per reason.
 */
export interface FlushResult {
  delivered: number;
  failed: number;
  dropped: number;
  /**
   * Durable delivery: messages stored in Redis, delivered afterwards by whichever process takes
   * them (present when there are any). delivered + failed + dropped + persisted = accepted.
   */
  persisted?: number;
  /** Exact count of failed and dropped messages per reason; present when there are any. */
  reasons?: Partial<Record<FailureReason, number>>;
  failures: FailedMessage[];
}

export interface CloseResult extends FlushResult {
  /** True when the deadline passed; the undelivered messages are in `failures` as `shutdown_timeout`. */
  timedOut: boolean;
}

/** Counters since the client was created; `queued` and `inFlight` are current levels. */
export interface SegmentStats {
  queued: number;
  inFlight: number;
  delivered: number;
  failed: number;
  dropped: number;
  retried: number;
  batches: number;
  bytesSent: number;
  /** With `durable`: where accepted messages go and what Redis holds. */
  durable?: DurableStats;
  /** Messages that broke the tracking plan (sent, dropped or refused). */
  violations: number;
}

/** Where a durable client's accepted messages go now. */
export type DurableState =
  /** The engine is loading or connecting; accepted messages wait for it (bounded by maxQueueSize). */
  | 'starting'
  | 'storing'
  /** Redis is unreachable (`durable_unavailable`): accepted messages go to the in-memory queue. */
  | 'unavailable'
  | 'closed';

/** A durable client's figures, in `stats().durable`. */
export interface DurableStats {
  state: DurableState;
  /** Accepted, not yet stored (waiting for this turn's write, or being written). */
  unstored: number;
  /** Stored in Redis by this client since it was created. */
  persisted: number;
  /** Times Redis became unreachable (`durable_unavailable`). */
  outages: number;
  /** Messages stored in Redis by every process, as last counted (maxBacklog applies to it). */
  backlog: number;
}
