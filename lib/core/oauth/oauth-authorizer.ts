import type { Dispatcher } from 'undici';
import type { Authorizer } from '../authorizer.js';
import { SegmentDeliveryError } from '../errors.js';
import type { SegmentLogger } from '../logger.js';
import type { Redactor } from '../redactor.js';
import { signClientAssertion } from './client-assertion.js';
import type { ResolvedOAuthOptions } from './oauth-options.js';
import { OAuthTokenError } from './oauth-token-error.js';
import { ServerClock } from './server-clock.js';
import { TokenCache, type AccessToken } from './token-cache.js';
import { exchangeAssertion, type TokenAnswer, type TokenExchange } from './token-endpoint.js';

/** After a final refusal, batches fail with it at once for this long instead of asking again. */
const REFUSAL_HOLD_MS = 30_000;
/** Wait after a 429 that carries no Retry-After. */
const RATE_LIMIT_FALLBACK_MS = 5_000;
/** A failed ahead-of-time refresh is tried again no sooner than this (the current token still works). */
const BACKGROUND_RETRY_MS = 5_000;
/** A refusal that revealed a clock offset this much larger than the one the assertion used is retried once. */
const SKEW_RETRY_MS = 5_000;
/** An offset this large is worth a warning: the machine's clock needs NTP. */
const SKEW_WARNING_MS = 30_000;
/** setTimeout's ceiling (about 24.8 days); longer delays would fire at once. */
const MAX_TIMER_MS = 2_147_483_647;

export interface OAuthAuthorizerOptions {
  readonly oauth: ResolvedOAuthOptions;
  /** The dispatcher tracking requests use, so a proxy or a custom Agent applies to tokens too. */
  readonly dispatcher: Dispatcher;
  readonly redactor: Redactor;
  /** Most ms one token request may take. */
  readonly httpTimeout: number;
  readonly logger: SegmentLogger;
  readonly debug: boolean;
}

/**
 * Bearer tokens for the tracking API from an OAuth 2.0 client-credentials grant with a signed
 * client assertion. One request at a time serves every waiting batch; a token in use is
 * refreshed before it expires; a 401/403 drops it once; the token endpoint's 429 holds every
 * request until its Retry-After; 4xx refusals are final (a `SegmentDeliveryError`, `rejected`).
 */
export class OAuthAuthorizer implements Authorizer {
  private readonly clock = new ServerClock();
  private readonly tokens: TokenCache;
  private readonly debug: ((message: string) => void) | undefined;
  private fetching: Promise<AccessToken> | undefined;
  private fetchController: AbortController | undefined;
  private refreshTimer: NodeJS.Timeout | undefined;
  /** No token request before this (a 429's Retry-After). */
  private notBefore = 0;
  private notBeforeStatus = 429;
  private refusal: { error: SegmentDeliveryError; until: number } | undefined;
  private backgroundRetryAt = 0;
  private skewWarned = false;
  private closed = false;

  constructor(private readonly options: OAuthAuthorizerOptions) {
    this.tokens = new TokenCache(options.redactor);
    const { logger } = options;
    this.debug = options.debug ? (message) => (logger.debug ?? logger.log).call(logger, `OAuth: ${message}`) : undefined;
  }

  /** The current token's header at once when it is good; else waits for the one shared request. */
  authorization(signal: AbortSignal): string | Promise<string> {
    const token = this.tokens.current;
    const now = Date.now();
    if (token !== undefined && now < token.expiresAt) {
      token.used = true;
      if (now >= token.refreshAt) this.refreshInBackground();
      return token.header;
    }
    return untilAborted(this.fetch(), signal).then((fresh) => {
      fresh.used = true;
      return fresh.header;
    });
  }

  rejected(authorization: string): boolean {
    const verdict = this.tokens.reject(authorization);
    if (verdict === 'dropped') {
      clearTimeout(this.refreshTimer);
      this.debug?.('the tracking API refused the current token; fetching a fresh one.');
      return true;
    }
    if (verdict === 'refused-again') {
      this.debug?.('the tracking API refused a freshly fetched token too; not retrying (check the OAuth app’s scope and the source it may write to).');
      return false;
    }
    return true;
  }

  close(): void {
    this.closed = true;
    clearTimeout(this.refreshTimer);
    this.fetchController?.abort();
  }

  // ---- one token request at a time --------------------------------------------------------

  private fetch(): Promise<AccessToken> {
    if (this.fetching !== undefined) return this.fetching;
    const now = Date.now();
    if (this.closed) return Promise.reject(new OAuthTokenError('the client is closed; no token is fetched.'));
    if (this.refusal !== undefined && now < this.refusal.until) return Promise.reject(this.refusal.error);
    if (now < this.notBefore) {
      const waitMs = this.notBefore - now;
      return Promise.reject(
        new OAuthTokenError(
          `the OAuth token endpoint asked to wait (HTTP ${this.notBeforeStatus}); next token request in ${waitMs} ms.`,
          this.notBeforeStatus,
          waitMs,
        ),
      );
    }
    const fetching: Promise<AccessToken> = this.obtain().finally(() => {
      if (this.fetching === fetching) this.fetching = undefined;
    });
    this.fetching = fetching;
    return fetching;
  }

  private refreshInBackground(): void {
    if (this.fetching !== undefined || this.closed || Date.now() < this.backgroundRetryAt) return;
    this.debug?.('refreshing the token before it expires.');
    this.fetch().catch(() => {
      this.backgroundRetryAt = Date.now() + BACKGROUND_RETRY_MS;
    });
  }

  private async obtain(): Promise<AccessToken> {
    const { oauth, dispatcher, redactor, httpTimeout } = this.options;
    const controller = new AbortController();
    this.fetchController = controller;
    const timeout = setTimeout(() => controller.abort(), httpTimeout);
    try {
      for (let attempt = 1; ; attempt++) {
        const assertion = await signClientAssertion(oauth, this.clock.now());
        redactor.add(assertion);
        let exchange: TokenExchange;
        try {
          exchange = await exchangeAssertion(dispatcher, { endpoint: oauth.tokenEndpoint, assertion, scope: oauth.scope }, redactor, controller.signal);
        } catch (error) {
          throw this.transportFailure(error, controller.signal);
        } finally {
          redactor.remove(assertion);
        }
        const { answer } = exchange;
        const skewChange = this.clock.learn(exchange.dateHeader, exchange.sentAt, exchange.receivedAt);
        this.noteSkew(skewChange);
        if (answer.kind === 'token') return this.accept(answer.accessToken, answer.expiresInSeconds, exchange.sentAt);
        if (answer.kind === 'unavailable') throw this.unavailable(answer);
        // A refusal stamped with a clock the answer proved wrong deserves one re-signed attempt.
        if (attempt === 1 && Math.abs(skewChange) >= SKEW_RETRY_MS) {
          this.debug?.(
            `the token endpoint refused an assertion stamped on a clock ${Math.round(Math.abs(skewChange) / 1000)} s off; signing it again on the server's clock.`,
          );
          continue;
        }
        throw this.refuse(answer);
      }
    } finally {
      clearTimeout(timeout);
      if (this.fetchController === controller) this.fetchController = undefined;
    }
  }

  // ---- answers ----------------------------------------------------------------------------

  private accept(value: string, expiresInSeconds: number, sentAt: number): AccessToken {
    const token = this.tokens.store(value, expiresInSeconds, sentAt);
    this.refusal = undefined;
    this.notBefore = 0;
    this.backgroundRetryAt = 0;
    this.debug?.(`token obtained, valid for ${expiresInSeconds} s; refresh due in ${Math.round((token.refreshAt - Date.now()) / 1000)} s.`);
    this.scheduleRefresh(token);
    return token;
  }

  /** Refresh ahead of expiry only a token in use; an idle client lets its token lapse. */
  private scheduleRefresh(token: AccessToken): void {
    clearTimeout(this.refreshTimer);
    // Segment's tokens live up to 30 days, past setTimeout's ceiling: such a timer re-arms.
    this.refreshTimer = setTimeout(
      () => {
        this.refreshTimer = undefined;
        if (this.tokens.current !== token) return;
        if (Date.now() < token.refreshAt) this.scheduleRefresh(token);
        else if (token.used) this.refreshInBackground();
      },
      Math.min(MAX_TIMER_MS, Math.max(0, token.refreshAt - Date.now())),
    );
    // A pending refresh must not keep an idle process alive.
    this.refreshTimer.unref();
  }

  private unavailable(answer: Extract<TokenAnswer, { kind: 'unavailable' }>): OAuthTokenError {
    let waitMs = answer.retryAfterMs;
    if (answer.status === 429) waitMs ??= RATE_LIMIT_FALLBACK_MS;
    if (waitMs !== undefined) {
      this.notBefore = Date.now() + waitMs;
      this.notBeforeStatus = answer.status;
    }
    const next = waitMs === undefined ? '' : `; next token request in ${waitMs} ms`;
    return new OAuthTokenError(`the OAuth token endpoint ${this.options.oauth.tokenEndpoint.href} answered ${answer.text}${next}.`, answer.status, waitMs);
  }

  private refuse(answer: Extract<TokenAnswer, { kind: 'refused' }>): SegmentDeliveryError {
    const { tokenEndpoint } = this.options.oauth;
    const error = new SegmentDeliveryError(
      'rejected',
      `the OAuth token endpoint ${tokenEndpoint.href} refused the client assertion with HTTP ${answer.status}: ${answer.text.replace(/\.$/, '')}${hintFor(answer.text)}`,
      answer.status,
      answer.body,
    );
    this.refusal = { error, until: Date.now() + REFUSAL_HOLD_MS };
    return error;
  }

  private transportFailure(error: unknown, signal: AbortSignal): OAuthTokenError {
    const endpoint = this.options.oauth.tokenEndpoint.href;
    if (signal.aborted) {
      return new OAuthTokenError(
        this.closed
          ? 'the client closed while a token was being fetched.'
          : `the OAuth token request to ${endpoint} timed out after ${this.options.httpTimeout} ms.`,
      );
    }
    const code = (error as { code?: unknown } | null)?.code;
    const text = error instanceof Error ? error.message : String(error);
    return new OAuthTokenError(
      `the OAuth token request to ${endpoint} failed: ${this.options.redactor.redact(typeof code === 'string' ? `${code}: ${text}` : text)}.`,
    );
  }

  private noteSkew(change: number): void {
    // The Date header has whole seconds: changes below one are noise, not news.
    if (Math.abs(change) < 1000) return;
    const offset = this.clock.offsetMs;
    this.debug?.(
      `the auth server's clock is ${Math.round(offset / 1000)} s ${offset >= 0 ? 'ahead of' : 'behind'} this machine's; client assertions are stamped on its clock.`,
    );
    if (!this.skewWarned && Math.abs(offset) >= SKEW_WARNING_MS) {
      this.skewWarned = true;
      this.options.logger.warn(
        `this machine's clock is ${Math.round(Math.abs(offset) / 1000)} s ${offset >= 0 ? 'behind' : 'ahead of'} the OAuth server's; OAuth assertions are corrected for it, but check the clock (NTP).`,
      );
    }
  }
}

function hintFor(text: string): string {
  if (/invalid_client/i.test(text)) return ' (check oauth.clientId and oauth.keyId, and that the public key uploaded to Segment pairs with oauth.privateKey).';
  if (/invalid_scope/i.test(text)) return ' (check oauth.scope; Segment grants tracking_api:write).';
  if (/invalid_grant/i.test(text)) return ' (check oauth.authServer: it is the assertion’s audience; and the machine’s clock).';
  return '.';
}

/** The shared promise, as seen by one caller that may give up (its batch timed out) without cancelling it. */
function untilAborted<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}
