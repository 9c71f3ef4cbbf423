import { SegmentError } from '../errors.js';

/**
 * No token right now, for a reason that may pass (timeout, 5xx, 429): the batch waits and tries
 * again. A final refusal (400/401) is a `SegmentDeliveryError` with reason `rejected` instead.
 * The message names the token endpoint and the server's answer, redacted; never a secret.
 */
export class OAuthTokenError extends SegmentError {
  override name = 'OAuthTokenError';

  constructor(
    message: string,
    /** The token endpoint's HTTP status, when it answered. */
    readonly status?: number,
    /** How long the token endpoint asked us to wait (429 / 503 `Retry-After`); no token request is made before. */
    readonly retryAfterMs?: number,
  ) {
    super(message);
  }
}
