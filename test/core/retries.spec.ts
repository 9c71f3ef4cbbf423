import { firstValueFrom, filter, toArray, take } from 'rxjs';
import { SegmentClient, SegmentDeliveryError, type SegmentClientOptions, type SegmentEvent, type SegmentMessage } from '../../lib/index.js';
import { SegmentCollector } from '../../lib/testing/index.js';
import { RecordingLogger } from '../support/recording-logger.js';
import { closeAfterEach } from '../support/close-after-each.js';

describe('retries and failures', () => {
  const collector = new SegmentCollector();
  const keep = closeAfterEach();
  let events: SegmentEvent[];
  let logger: RecordingLogger;
  const client = (options: Partial<SegmentClientOptions> = {}) => {
    const created = new SegmentClient({
      writeKey: 'retry-key',
      host: collector.url,
      flushAt: 100,
      flushInterval: 60_000,
      minRetryDelay: 5,
      maxRetryDelay: 20,
      logger,
      ...options,
    });
    created.events$.subscribe((event) => events.push(event));
    keep(created);
    return created;
  };
  const track = (segment: SegmentClient, count: number) =>
    Array.from({ length: count }, (_, i) => segment.track({ userId: 'u', event: `E${i}` }));

  beforeAll(() => collector.start());
  afterAll(() => collector.stop());
  beforeEach(() => {
    collector.clear();
    events = [];
    logger = new RecordingLogger();
  });

  it('retries a 503 and a reset connection with the same messageIds; nothing is delivered twice', async () => {
    collector.failNext({ times: 1, status: 503 });
    collector.resetNext({ times: 1, afterAccepting: true });
    const segment = client();
    const ids = track(segment, 3);

    const result = await segment.flush();

    expect(result).toEqual({ delivered: 3, failed: 0, dropped: 0, failures: [] });
    expect(collector.requests).toHaveLength(3);
    for (const request of collector.requests) expect(request.messages.map((message) => message.messageId)).toEqual(ids);
    // The reset came after the collector accepted the batch: the third attempt is a duplicate
    // by messageId, which is what Segment's dedup absorbs.
    expect(collector.messages.map((message) => message.messageId)).toEqual(ids);
    expect(collector.duplicates).toBe(3);
    expect(events.map((event) => event.type)).toEqual(['retry', 'retry', 'delivered']);
    expect(events[0]).toMatchObject({ type: 'retry', attempt: 1, status: 503, error: 'HTTP 503', messageIds: ids });
    expect(events[1]).toMatchObject({ type: 'retry', attempt: 2, status: undefined });
    expect(events[2]).toMatchObject({ type: 'delivered', attempts: 3, status: 200, messageIds: ids });
    expect(segment.stats()).toMatchObject({ delivered: 3, retried: 6, batches: 3, failed: 0 });
  });

  it('retries a request that times out', async () => {
    collector.delayNext({ times: 1, ms: 1000 });
    const segment = client({ httpTimeout: 50 });
    track(segment, 1);
    const result = await segment.flush();
    expect(result.delivered).toBe(1);
    expect(events[0]).toMatchObject({ type: 'retry', error: 'timeout after 50 ms' });
  });

  it('does not retry a 400: the batch is reported failed with status and body', async () => {
    const calls: Array<[unknown, SegmentMessage[]]> = [];
    const onError = (error: unknown, messages: SegmentMessage[]) => void calls.push([error, messages]);
    collector.failNext({ status: 400, body: '{"success":false,"message":"Invalid JSON"}' });
    const segment = client({ onError });
    const ids = track(segment, 2);

    const result = await segment.flush();

    expect(collector.requests).toHaveLength(1);
    expect(result.delivered).toBe(0);
    expect(result.failed).toBe(2);
    expect(result.failures.map((failure) => [failure.message.messageId, failure.reason, failure.status])).toEqual([
      [ids[0], 'rejected', 400],
      [ids[1], 'rejected', 400],
    ]);
    expect(result.failures[0]!.error).toContain('Invalid JSON');
    expect(calls).toHaveLength(1);
    const [error, messages] = calls[0]!;
    expect(error).toBeInstanceOf(SegmentDeliveryError);
    expect(error).toMatchObject({ reason: 'rejected', status: 400, responseBody: '{"success":false,"message":"Invalid JSON"}' });
    expect(messages.map((message) => message.messageId)).toEqual(ids);
    expect(events.map((event) => event.type)).toEqual(['failed']);
    expect(logger.at('error').join('\n')).toMatch(/rejected a batch of 2 messages with HTTP 400/);
    expect(segment.stats()).toMatchObject({ failed: 2, delivered: 0, retried: 0 });
  });

  it('waits the Retry-After of a 429 before the next attempt', async () => {
    collector.failNext({ status: 429, retryAfter: 1 });
    const segment = client();
    track(segment, 1);
    await segment.flush();

    const [limited, retried] = collector.requests;
    expect(events[0]).toMatchObject({ type: 'retry', status: 429, delayMs: 1000 });
    expect(retried!.receivedAt.getTime() - limited!.receivedAt.getTime()).toBeGreaterThanOrEqual(1000);
    expect(collector.messages).toHaveLength(1);
  });

  it('holds every batch, not only the limited one, while rate limited', async () => {
    collector.failNext({ status: 429, retryAfter: 1 });
    const segment = client({ flushAt: 1, maxConcurrentRequests: 1 });
    track(segment, 1);
    await firstValueFrom(segment.events$.pipe(filter((event) => event.type === 'retry')));
    track(segment, 1);
    const result = await segment.flush();
    expect(result.delivered).toBe(2);
    const firstAfterLimit = collector.requests[1]!.receivedAt.getTime() - collector.requests[0]!.receivedAt.getTime();
    expect(firstAfterLimit).toBeGreaterThanOrEqual(1000);
  });

  it('splits a batch refused as too large (413) and delivers the halves', async () => {
    collector.failNext({ status: 413, body: 'Request Entity Too Large' });
    const segment = client();
    const ids = track(segment, 5);
    const result = await segment.flush();
    expect(result.delivered).toBe(5);
    expect(collector.requests.map((request) => request.messages.length)).toEqual([5, 3, 2]);
    expect(collector.messages.map((message) => message.messageId).sort()).toEqual([...ids].sort());
  });

  it('gives up after maxRetries and reports retries_exhausted', async () => {
    collector.failNext({ times: 10, status: 500 });
    const segment = client({ maxRetries: 2 });
    track(segment, 2);
    const failed = firstValueFrom(segment.events$.pipe(filter((event) => event.type === 'failed')));
    const result = await segment.flush();
    expect(collector.requests).toHaveLength(3);
    expect(result.failed).toBe(2);
    expect(result.failures[0]).toMatchObject({ reason: 'retries_exhausted', status: 500 });
    expect(await failed).toMatchObject({ reason: 'retries_exhausted', status: 500 });
    expect(logger.at('error').join('\n')).toMatch(/gave up on a batch of 2 messages after 3 attempts; last error: HTTP 500/);
  });

  it('gives up when the next wait would pass maxRetryDuration', async () => {
    collector.failNext({ times: 1, status: 429, retryAfter: 60 });
    const segment = client({ maxRetryDuration: 5_000 });
    track(segment, 1);
    const result = await segment.flush();
    expect(collector.requests).toHaveLength(1);
    expect(result.failures[0]).toMatchObject({ reason: 'retries_exhausted', status: 429 });
  });

  it('keeps sending other batches while one waits to retry, within maxConcurrentRequests', async () => {
    collector.failNext({ times: 1, status: 503 });
    const segment = client({ flushAt: 1, maxConcurrentRequests: 2 });
    const delivered = firstValueFrom(segment.events$.pipe(filter((event) => event.type === 'delivered'), take(3), toArray()));
    track(segment, 3);
    await segment.flush();
    expect((await delivered).flatMap((event) => (event.type === 'delivered' ? event.messageIds : []))).toHaveLength(3);
  });
});
