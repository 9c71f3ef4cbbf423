import { SegmentError } from '../errors.js';
import type { SegmentMessage } from '../message-types.js';
import { isPlainObject } from '../plain-object.js';
import type { MessageCheck } from './message-check.js';
import { SegmentMiddlewareError } from './segment-middleware.error.js';
import type { SegmentMiddleware } from './segment-middleware.js';
import type { SegmentViolationError } from './tracking-plan-violation.js';

/** Why the pipeline stopped a message. */
export type PipelineDropReason = 'filtered' | 'middleware_error' | 'violation';

/** What became of one message. */
export type PipelineOutcome =
  /** Queue it; `violation` is set when it broke the plan and the plan says to report and send. */
  | { readonly kind: 'send'; readonly message: SegmentMessage; readonly violation?: SegmentViolationError }
  /** Report it as dropped with `reason`; `error` says why. */
  | {
      readonly kind: 'drop';
      readonly reason: PipelineDropReason;
      readonly error: SegmentFilteredError | SegmentMiddlewareError | SegmentViolationError;
      readonly message: SegmentMessage;
    }
  /** `onViolation: 'throw'`: report it, then throw the error into the caller. */
  | { readonly kind: 'throw'; readonly error: SegmentViolationError; readonly message: SegmentMessage };

/** A middleware returned null: not a fault, a decision (a sampler, a filter). */
export class SegmentFilteredError extends SegmentError {
  override name = 'SegmentFilteredError';
  /** How the message is listed by flush() and events$. */
  readonly reason = 'filtered';

  constructor(
    readonly index: number,
    readonly middleware: string | undefined,
  ) {
    super(`middleware #${index}${middleware ? ` (${middleware})` : ''} dropped the message (returned null).`);
  }
}

/**
 * Middleware in order, then the tracking plan: what runs on each built message before it is
 * serialized, size-checked and queued. Synchronous, no I/O, and it never throws: every failure
 * becomes an outcome the client reports.
 */
export class MessagePipeline {
  constructor(
    private readonly middleware: readonly SegmentMiddleware[],
    private readonly plan: MessageCheck | undefined,
  ) {}

  run(built: SegmentMessage): PipelineOutcome {
    let message = built;
    for (let index = 0; index < this.middleware.length; index++) {
      const middleware = this.middleware[index]!;
      let next: SegmentMessage | null;
      try {
        next = middleware(message);
      } catch (error) {
        return {
          kind: 'drop',
          reason: 'middleware_error',
          message,
          error: new SegmentMiddlewareError(index, middleware.name, `threw ${describe(error)}`, { cause: error }),
        };
      }
      if (next === null) return { kind: 'drop', reason: 'filtered', message, error: new SegmentFilteredError(index, middleware.name) };
      const problem = shapeProblem(next, message);
      if (problem !== undefined)
        return { kind: 'drop', reason: 'middleware_error', message, error: new SegmentMiddlewareError(index, middleware.name, problem) };
      message = next;
    }
    const violation = this.plan?.check(message);
    if (violation === undefined || violation.action === 'report')
      return violation === undefined ? { kind: 'send', message } : { kind: 'send', message, violation };
    return violation.action === 'drop' ? { kind: 'drop', reason: 'violation', message, error: violation } : { kind: 'throw', message, error: violation };
  }
}

/**
 * What is wrong with a middleware's return value, if anything. The caller already holds the
 * messageId, and the type decides which fields Segment reads: neither may change.
 */
function shapeProblem(next: unknown, previous: SegmentMessage): string | undefined {
  if (!isPlainObject(next))
    return `returned ${next === undefined ? 'undefined' : Array.isArray(next) ? 'an array' : typeof next}, not the message (return the message, changed or not, or null to drop it)`;
  if (next.type !== previous.type) return 'changed the message type';
  if (next.messageId !== previous.messageId) return 'changed the messageId (the caller already holds it)';
  if (!isPlainObject(next.context)) return 'returned a message without a context object';
  return undefined;
}

function describe(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}
