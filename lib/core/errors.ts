/**
 * Base class of every error this package throws or reports.
 *
 * @publicApi
 */
export class SegmentError extends Error {
  override name = 'SegmentError';
}

/** A call (track, identify, ...) was given a message Segment would not accept. */
export class SegmentValidationError extends SegmentError {
  override name = 'SegmentValidationError';

  /**
   * @param field the offending field, as a path (`properties.items[2]`, `timestamp`).
   * @param options `cause`: what the caller's object threw, when it threw.
   */
  constructor(
    readonly field: string,
    message: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

/** One option that cannot work. */
export interface SegmentConfigProblem {
  /** The option's path: `flushAt`, `oauth.keyId`, `durable.url`. */
  readonly option: string;
  /** What is wrong, starting with the option's path (`flushAt must be ...`). Never carries a secret. */
  readonly message: string;
}

/**
 * The client (or module) was configured with options it cannot work with. Every problem found
 * is listed: `problems` has them one by one, `option` names them comma-separated.
 */
export class SegmentConfigError extends SegmentError {
  override name = 'SegmentConfigError';
  /** Every option at fault, in the order the options are read; one entry for a single problem. */
  readonly problems: readonly SegmentConfigProblem[];

  /**
   * @param option the option's name (`flushAt`, `host`, `oauth.privateKey`).
   * @param problems every problem, when the error lists several.
   */
  constructor(
    readonly option: string,
    message: string,
    problems?: readonly SegmentConfigProblem[],
  ) {
    super(message);
    this.problems = problems ?? [{ option, message: message.replace(/\.$/, '') }];
  }
}

/** Why messages did not reach Segment. */
export type FailureReason =
  | 'queue_full'
  | 'too_large'
  | 'invalid'
  | 'rejected'
  | 'retries_exhausted'
  | 'closed'
  | 'shutdown_timeout'
  /** A middleware returned null (a sampler, a filter). */
  | 'filtered'
  /** A middleware threw, or returned something that is not the message. */
  | 'middleware_error'
  /** The message broke the tracking plan, and the plan says drop (or unknown events: drop). */
  | 'violation';

/** Handed to `onError` and carried by `failed`/`dropped` events: messages that will not be delivered. */
export class SegmentDeliveryError extends SegmentError {
  override name = 'SegmentDeliveryError';

  constructor(
    readonly reason: FailureReason,
    message: string,
    /** HTTP status of the last attempt, when there was a response. */
    readonly status?: number,
    /** The server's response body (truncated, secrets redacted), when there was one. */
    readonly responseBody?: string,
  ) {
    super(message);
  }
}
