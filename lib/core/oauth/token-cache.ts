import type { Redactor } from '../redactor.js';

/** Refresh this long before expiry at most (a one-hour token is refreshed at 59 minutes)... */
const MAX_REFRESH_MARGIN_MS = 60_000;
/** ...and at 80% of its life for short tokens. */
const REFRESH_MARGIN_SHARE = 0.2;
/** Stop handing a token out this long before it expires, so none arrives expired with its batch. */
const MAX_EXPIRY_GUARD_MS = 10_000;
const EXPIRY_GUARD_SHARE = 0.05;
/** Expired tokens stay in the redactor this long, for late log lines about the requests that used them. */
const REDACT_AFTER_EXPIRY_MS = 10 * 60_000;

export interface AccessToken {
  /** `Bearer <token>`. */
  readonly header: string;
  /** When a refresh is due (local clock, ms). */
  readonly refreshAt: number;
  /** When the token stops being handed out (local clock, ms), a little before it really expires. */
  readonly expiresAt: number;
  /** Fetched because the tracking API refused the previous token. */
  readonly replacesRejected: boolean;
  /** Handed out at least once: only a token in use is worth refreshing ahead of time. */
  used: boolean;
}

/** What a 401/403 from the tracking API means for the token that was sent. */
export type RejectionVerdict =
  /** It was the current token: dropped, the next attempt fetches a fresh one. */
  | 'dropped'
  /** It was a fresh token fetched after a refusal, refused again: not an expiry problem; kept. */
  | 'refused-again'
  /** An older token, already replaced: retrying with the current one is worth it. */
  | 'stale';

/**
 * The current access token and the bookkeeping around it: lifetimes, rejections, and the
 * redactor, which learns every token and forgets it once it expired long ago.
 */
export class TokenCache {
  current: AccessToken | undefined;
  /** Set when a token was dropped after a refusal: the next one stored is a replacement. */
  private replacing = false;
  private readonly secrets: Array<{ value: string; forgetAt: number }> = [];

  constructor(private readonly redactor: Redactor) {}

  /**
   * Stores a fresh token. Its life is counted from when the request was sent, not answered,
   * so the local expiry is never later than the server's.
   */
  store(value: string, expiresInSeconds: number, sentAt: number): AccessToken {
    this.redactor.add(value);
    const lifetime = expiresInSeconds * 1000;
    const token: AccessToken = {
      header: `Bearer ${value}`,
      refreshAt: sentAt + lifetime - Math.min(MAX_REFRESH_MARGIN_MS, lifetime * REFRESH_MARGIN_SHARE),
      expiresAt: sentAt + lifetime - Math.min(MAX_EXPIRY_GUARD_MS, lifetime * EXPIRY_GUARD_SHARE),
      replacesRejected: this.replacing,
      used: false,
    };
    this.current = token;
    this.replacing = false;
    this.forgetOldSecrets(sentAt);
    this.secrets.push({ value, forgetAt: sentAt + lifetime + REDACT_AFTER_EXPIRY_MS });
    return token;
  }

  /** The tracking API answered 401/403 to a request that carried `header`. */
  reject(header: string): RejectionVerdict {
    const token = this.current;
    if (token === undefined || token.header !== header) return 'stale';
    if (token.replacesRejected) return 'refused-again';
    this.current = undefined;
    this.replacing = true;
    return 'dropped';
  }

  private forgetOldSecrets(now: number): void {
    while (this.secrets.length > 0 && this.secrets[0]!.forgetAt <= now) {
      this.redactor.remove(this.secrets.shift()!.value);
    }
  }
}
