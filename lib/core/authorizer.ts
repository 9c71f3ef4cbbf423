import { basicAuthorization } from './redactor.js';

/**
 * Supplies the Authorization header of each batch request. The write key's Basic header by
 * default; OAuth swaps in bearer tokens.
 */
export interface Authorizer {
  /**
   * The header value for one attempt. Rejecting with a SegmentDeliveryError fails the batch at
   * once (retrying cannot help); any other rejection is retried, after `retryAfterMs` when the
   * error carries that number, else with backoff.
   */
  authorization(signal: AbortSignal): string | Promise<string>;
  /**
   * Told when the tracking API answered 401/403 with the given header. Returns true when
   * fresh credentials are worth one more attempt (a token that expired early).
   */
  rejected?(authorization: string): boolean;
  close?(): void;
}

export class WriteKeyAuthorizer implements Authorizer {
  private readonly header: string;

  constructor(writeKey: string) {
    this.header = basicAuthorization(writeKey);
  }

  authorization(): string {
    return this.header;
  }
}
