import { SegmentError } from '../core/index.js';

/**
 * A decorator could not build its message: one of its mappers threw. Reported through the
 * service's `events$` (a `dropped` event with reason `invalid`), `onError` and `stats()`;
 * the request itself is not affected.
 */
export class SegmentMappingError extends SegmentError {
  override name = 'SegmentMappingError';

  constructor(
    /** Where: `@Track('Order Completed') on OrdersController.create`. */
    readonly decorator: string,
    /** The option whose mapper threw: `properties`, `userId`, `event`. */
    readonly field: string,
    override readonly cause: unknown,
  ) {
    super(`${decorator}: the ${field} mapper threw ${cause instanceof Error ? `${cause.name}: ${cause.message}` : String(cause)}; the message was not sent.`);
  }
}
