import type { SegmentDeliveryError } from '../errors.js';
import type { HttpResponse } from '../http-transport.js';

/** What one attempt to send a batch came to, before any decision is made about it. */
export type AttemptOutcome =
  /** The tracking API answered; `authorization` is the header that was sent. */
  | { readonly kind: 'answered'; readonly response: HttpResponse; readonly authorization: string; readonly bytes: number }
  /** A passing failure (network, timeout, no token yet); `retryAfterMs` when the source said how long to wait. */
  | { readonly kind: 'unreachable'; readonly error: string; readonly retryAfterMs?: number }
  /** A final refusal before the request (an OAuth token endpoint's 400/401): retrying cannot help. */
  | { readonly kind: 'refused'; readonly error: SegmentDeliveryError };
