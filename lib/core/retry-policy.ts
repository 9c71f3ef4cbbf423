/** What to do with a batch after one attempt. */
export type AttemptVerdict = 'delivered' | 'retry' | 'split' | 'reject';

/** Longest Retry-After honoured as given; a larger one is clamped (a server bug or a hostile proxy). */
const MAX_RETRY_AFTER_MS = 300_000;
const SIZE_COMPLAINT = /too large|size|exceed|limit/i;

/**
 * Segment answers 200 for almost everything; 408, 429 and 5xx are passing (501 Not
 * Implemented and 505 HTTP Version Not Supported will not change on retry); 413, or a 400
 * about size, may go through in smaller pieces; any other 4xx is final.
 */
export function verdictFor(status: number, responseBody: string, messageCount: number): AttemptVerdict {
  if (status >= 200 && status < 300) return 'delivered';
  if (status === 408 || status === 429 || (status >= 500 && status !== 501 && status !== 505)) return 'retry';
  if (messageCount > 1 && (status === 413 || (status === 400 && SIZE_COMPLAINT.test(responseBody)))) return 'split';
  return 'reject';
}

export interface BackoffSettings {
  minRetryDelay: number;
  maxRetryDelay: number;
}

/** Exponential backoff with full jitter on [1, 2): attempt 1 waits min..2*min. */
export function backoffDelay(attempt: number, settings: BackoffSettings, random: () => number = Math.random): number {
  const exponential = settings.minRetryDelay * 2 ** Math.min(attempt - 1, 30);
  return Math.min(settings.maxRetryDelay, Math.round(exponential * (1 + random())));
}

/**
 * `Retry-After` as ms: delta-seconds or an HTTP date (RFC 9110 §10.2.3). Undefined when
 * absent or unreadable, so the caller falls back to backoff.
 */
export function parseRetryAfter(value: string | string[] | undefined, now: number = Date.now()): number | undefined {
  const text = Array.isArray(value) ? value[0] : value;
  if (text === undefined || text.trim() === '') return undefined;
  const trimmed = text.trim();
  let ms: number;
  if (/^\d+(\.\d+)?$/.test(trimmed)) {
    ms = Number(trimmed) * 1000;
  } else {
    const at = Date.parse(trimmed);
    if (Number.isNaN(at)) return undefined;
    ms = at - now;
  }
  return Math.min(Math.max(0, Math.round(ms)), MAX_RETRY_AFTER_MS);
}
