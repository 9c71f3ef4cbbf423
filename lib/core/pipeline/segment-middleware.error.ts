import { SegmentError } from '../errors.js';

/** A middleware threw (or returned something that is not a message): that message was dropped. */
export class SegmentMiddlewareError extends SegmentError {
  override name = 'SegmentMiddlewareError';
  /** How the message is listed by flush() and events$. */
  readonly reason = 'middleware_error';

  constructor(
    /** The middleware's position in `middleware`, from 0. */
    readonly index: number,
    /** Its function name, when it has one (`scrub`, `sample`). */
    readonly middleware: string | undefined,
    problem: string,
    options?: { cause: unknown },
  ) {
    super(`middleware #${index}${middleware ? ` (${middleware})` : ''} ${problem}; the message was dropped.`, options);
  }
}
