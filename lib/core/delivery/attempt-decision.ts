import { SegmentDeliveryError } from '../errors.js';
import { backoffDelay, parseRetryAfter, verdictFor, type BackoffSettings } from '../retry-policy.js';
import type { AttemptOutcome } from './attempt-outcome.js';

/** What to do with a batch after one attempt. */
export type Decision =
  | { readonly kind: 'delivered'; readonly status: number; readonly bytes: number }
  /** Send the same messages again after `delayMs`; `pauseAll` when the wait speaks for the whole source (a 429). */
  | { readonly kind: 'retry'; readonly delayMs: number; readonly error: string; readonly status?: number; readonly pauseAll: boolean }
  /** Send the batch again as two halves: the request was too large, not its messages wrong. */
  | { readonly kind: 'split'; readonly status: number }
  | { readonly kind: 'fail'; readonly error: SegmentDeliveryError };

export interface RetryBudget extends BackoffSettings {
  maxRetries: number;
  maxRetryDuration: number;
}

export interface BatchProgress {
  /** Attempts made so far, this one included. */
  readonly attempts: number;
  readonly startedAt: number;
  readonly size: number;
}

export interface DecisionInputs {
  readonly budget: RetryBudget;
  readonly now: number;
  /** Whether fresh credentials are worth one more attempt after a 401/403 with this header. */
  readonly credentialsRejected: (authorization: string) => boolean;
  /** A server's answer as it may be reported: secrets removed, cut to a readable length. */
  readonly reportable: (body: string) => string;
}

/**
 * The one place that decides what an attempt's outcome means: delivered, retry after N ms
 * (Retry-After honoured, backoff otherwise, within maxRetries and maxRetryDuration), split in
 * halves, or fail for good.
 */
export function decide(outcome: AttemptOutcome, batch: BatchProgress, inputs: DecisionInputs): Decision {
  switch (outcome.kind) {
    case 'refused':
      return { kind: 'fail', error: refusal(outcome.error, batch.size) };
    case 'unreachable':
      return retryOrFail(batch, inputs, outcome.error, undefined, outcome.retryAfterMs);
    case 'answered':
      return judgeAnswer(outcome, batch, inputs);
  }
}

function judgeAnswer(outcome: Extract<AttemptOutcome, { kind: 'answered' }>, batch: BatchProgress, inputs: DecisionInputs): Decision {
  const { response, authorization, bytes } = outcome;
  const { status, body } = response;
  // An early-expired token gets one fresh attempt at once, inside the retry budget.
  if ((status === 401 || status === 403) && batch.attempts <= inputs.budget.maxRetries && inputs.credentialsRejected(authorization)) {
    return retryOrFail(batch, inputs, `HTTP ${status}`, status, 0);
  }
  switch (verdictFor(status, body, batch.size)) {
    case 'delivered':
      return { kind: 'delivered', status, bytes };
    case 'retry': {
      const retryAfter = status === 429 || status === 503 ? parseRetryAfter(response.headers['retry-after'], inputs.now) : undefined;
      return retryOrFail(batch, inputs, `HTTP ${status}`, status, retryAfter, body);
    }
    case 'split':
      return { kind: 'split', status };
    case 'reject': {
      const text = inputs.reportable(body);
      return {
        kind: 'fail',
        error: new SegmentDeliveryError(
          'rejected',
          `Segment rejected a batch of ${batch.size} messages with HTTP ${status}: ${text || '(no body)'}`,
          status,
          text,
        ),
      };
    }
  }
}

function retryOrFail(
  batch: BatchProgress,
  inputs: DecisionInputs,
  error: string,
  status: number | undefined,
  retryAfter: number | undefined,
  body?: string,
): Decision {
  const { maxRetries, maxRetryDuration } = inputs.budget;
  const delayMs = retryAfter ?? backoffDelay(batch.attempts, inputs.budget);
  const elapsed = inputs.now - batch.startedAt;
  if (batch.attempts > maxRetries || elapsed + delayMs > maxRetryDuration) {
    const why = batch.attempts > maxRetries ? `${batch.attempts} attempts` : `${elapsed} ms of retrying (maxRetryDuration ${maxRetryDuration} ms)`;
    return {
      kind: 'fail',
      error: new SegmentDeliveryError(
        'retries_exhausted',
        `gave up on a batch of ${batch.size} messages after ${why}; last error: ${error}`,
        status,
        body === undefined ? undefined : inputs.reportable(body),
      ),
    };
  }
  return { kind: 'retry', delayMs, error, status, pauseAll: status === 429 && retryAfter !== undefined };
}

function refusal(error: SegmentDeliveryError, size: number): SegmentDeliveryError {
  return new SegmentDeliveryError(error.reason, `a batch of ${size} messages was not sent: ${error.message}`, error.status, error.responseBody);
}
