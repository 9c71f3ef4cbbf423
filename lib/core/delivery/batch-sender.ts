import { promisify } from 'node:util';
import { gzip as gzipCallback } from 'node:zlib';
import type { Dispatcher } from 'undici';
import type { Authorizer } from '../authorizer.js';
import { SegmentDeliveryError } from '../errors.js';
import { post } from '../http-transport.js';
import { MAX_BATCH_BYTES } from '../limits.js';
import { OAuthTokenError } from '../oauth/oauth-token-error.js';
import type { ResolvedOptions } from '../resolved-options.js';
import { LIBRARY_NAME, LIBRARY_VERSION } from '../version.js';
import type { AttemptOutcome } from './attempt-outcome.js';
import type { Batch } from './batch.js';
import { BodyMemory } from './body-memory.js';
import { describeError } from '../describe-error.js';

const gzip = promisify(gzipCallback);

/** Request counters the sender keeps for stats(). */
export interface SendCounters {
  batches: number;
  bytesSent: number;
}

/**
 * Turns a batch into one HTTP request to the tracking API: the envelope with a fresh sentAt,
 * gzip when asked, the authorizer's header, a timeout. Never throws: every way an attempt can
 * end is an AttemptOutcome.
 */
export class BatchSender {
  /** What a batch adds around its messages: `{"batch":[` + `],"sentAt":"<24 chars>"` + the tail. */
  readonly messageBudget: number;
  private readonly envelopeTail: Buffer;
  private readonly headers: Record<string, string>;
  private readonly memory = new BodyMemory();

  constructor(
    private readonly settings: ResolvedOptions,
    private readonly authorizer: Authorizer,
    private readonly dispatcher: Dispatcher,
    private readonly counters: SendCounters,
  ) {
    const tail = `,"writeKey":${JSON.stringify(settings.writeKey)}}`;
    this.envelopeTail = Buffer.from(tail);
    this.messageBudget = MAX_BATCH_BYTES - Buffer.byteLength(`{"batch":[],"sentAt":"2000-01-01T00:00:00.000Z"${tail}`);
    this.headers = {
      'content-type': 'application/json',
      'user-agent': `${LIBRARY_NAME}/${LIBRARY_VERSION}`,
      ...(settings.gzip ? { 'content-encoding': 'gzip' } : {}),
    };
  }

  async send(batch: Batch): Promise<AttemptOutcome> {
    const controller = new AbortController();
    batch.controller = controller;
    const { httpTimeout } = this.settings;
    const timeout = setTimeout(() => controller.abort(), httpTimeout);
    try {
      const json = batch.body(new Date().toISOString(), this.envelopeTail, this.memory);
      const body = this.settings.gzip ? await gzip(json) : json;
      const bytes = body.length;
      const authorization = await this.authorizer.authorization(controller.signal);
      this.counters.batches++;
      this.counters.bytesSent += bytes;
      const response = await post(this.dispatcher, this.settings.endpoint, { ...this.headers, authorization }, body, controller.signal);
      // A 2xx answer comes after the server read the whole body: nothing reads it any more.
      if (response.status >= 200 && response.status < 300) batch.giveBody(this.memory);
      return { kind: 'answered', response, authorization, bytes };
    } catch (error) {
      if (error instanceof SegmentDeliveryError) return { kind: 'refused', error };
      if (controller.signal.aborted) return { kind: 'unreachable', error: `timeout after ${httpTimeout} ms` };
      return { kind: 'unreachable', error: describeError(error), retryAfterMs: error instanceof OAuthTokenError ? error.retryAfterMs : undefined };
    } finally {
      clearTimeout(timeout);
      batch.controller = undefined;
    }
  }
}
