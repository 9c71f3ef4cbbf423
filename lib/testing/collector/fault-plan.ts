import { refusal, type CollectorAnswer } from './collector-answer.js';

/** Answer the next request(s) with an error status instead of processing them. */
export interface FailNextOptions {
  /** How many requests in a row. Default 1. */
  times?: number;
  /** Default 503. */
  status?: number;
  /** Sent as `Retry-After`: seconds, an HTTP date string, or a Date (sent as an HTTP date). */
  retryAfter?: number | string | Date;
  /** Extra response headers, e.g. `{ 'x-ratelimit-reset': '...' }`. */
  headers?: Record<string, string>;
  /** Response body. Default: Segment's error shape naming the status. */
  body?: string;
}

/** Process the next request(s) normally, then hold the answer. */
export interface DelayNextOptions {
  /** How many requests in a row. Default 1. */
  times?: number;
  /** How long to hold each answer. */
  ms: number;
}

/** Drop the connection of the next request(s) with a TCP reset instead of answering. */
export interface ResetNextOptions {
  /** How many requests in a row. Default 1. */
  times?: number;
  /**
   * Accept the messages before resetting: the server got them but the client cannot know.
   * That is the case a retry must survive without double counting (same messageId). Default false.
   */
  afterAccepting?: boolean;
}

export type FaultKind = 'fail' | 'delay' | 'reset';

export type Fault =
  | {
      readonly kind: 'fail';
      readonly status: number;
      readonly headers: Readonly<Record<string, string>>;
      readonly body: string | undefined;
    }
  | { readonly kind: 'delay'; readonly ms: number }
  | { readonly kind: 'reset'; readonly afterAccepting: boolean };

/**
 * Faults waiting for the next tracking requests, one per request, in the order they were
 * planned: `failNext({ times: 2 })` then `delayNext()` fails two requests and delays the third.
 */
export class FaultPlan {
  private queue: Fault[] = [];

  get pending(): number {
    return this.queue.length;
  }

  fail(options: FailNextOptions = {}): void {
    const status = options.status ?? 503;
    if (!Number.isInteger(status) || status < 100 || status > 599) {
      throw new RangeError(`failNext: status must be an HTTP status (100-599), got ${status}`);
    }
    const headers: Record<string, string> = { ...options.headers };
    if (options.retryAfter !== undefined) headers['retry-after'] = formatRetryAfter(options.retryAfter);
    this.add(options.times, { kind: 'fail', status, headers, body: options.body });
  }

  delay(options: DelayNextOptions): void {
    if (!Number.isFinite(options.ms) || options.ms < 0) {
      throw new RangeError(`delayNext: ms must be a finite number >= 0, got ${options.ms}`);
    }
    this.add(options.times, { kind: 'delay', ms: options.ms });
  }

  reset(options: ResetNextOptions = {}): void {
    this.add(options.times, { kind: 'reset', afterAccepting: options.afterAccepting ?? false });
  }

  /** The fault for the request that just arrived, if one is planned. */
  take(): Fault | undefined {
    return this.queue.shift();
  }

  clear(): void {
    this.queue = [];
  }

  private add(times: number | undefined, fault: Fault): void {
    const count = times ?? 1;
    if (!Number.isInteger(count) || count < 1) {
      throw new RangeError(`times must be a positive integer, got ${count}`);
    }
    for (let i = 0; i < count; i++) this.queue.push(fault);
  }
}

function formatRetryAfter(value: number | string | Date): string {
  if (value instanceof Date) return value.toUTCString();
  return String(value);
}

/** What a planned failure answers: the body it was given as is, else Segment's error shape naming the status. */
export function failureAnswer(fault: Extract<Fault, { kind: 'fail' }>): CollectorAnswer {
  if (fault.body !== undefined) return { status: fault.status, headers: fault.headers, body: fault.body };
  const planned = refusal(fault.status, 'planned_failure', `planned failure (failNext): HTTP ${fault.status}`);
  return { ...planned, headers: { ...planned.headers, ...fault.headers } };
}
