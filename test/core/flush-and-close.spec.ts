import { SegmentClient, type SegmentClientOptions, type SegmentEvent } from '../../lib/index.js';
import { SegmentCollector } from '../../lib/testing/index.js';
import { RecordingLogger } from '../support/recording-logger.js';
import { closeAfterEach } from '../support/close-after-each.js';

describe('flush and close', () => {
  const collector = new SegmentCollector();
  const keep = closeAfterEach({ timeoutMs: 0 });
  let logger: RecordingLogger;
  const client = (options: Partial<SegmentClientOptions> = {}) => {
    const created = new SegmentClient({ writeKey: 'close-key', host: collector.url, flushAt: 100, flushInterval: 60_000, logger, ...options });
    keep(created);
    return created;
  };

  beforeAll(() => collector.start());
  afterAll(() => collector.stop());
  beforeEach(() => {
    collector.clear();
    logger = new RecordingLogger();
  });

  it('resolves at once, with nothing to report, when nothing is pending', async () => {
    expect(await client().flush()).toEqual({ delivered: 0, failed: 0, dropped: 0, failures: [] });
    expect(collector.requests).toHaveLength(0);
  });

  it('lets overlapping flushes each resolve with their own messages, in call order', async () => {
    const segment = client();
    collector.delayNext({ times: 1, ms: 100 });
    for (let i = 0; i < 3; i++) segment.track({ userId: 'u', event: 'first' });
    const first = segment.flush();
    for (let i = 0; i < 2; i++) segment.track({ userId: 'u', event: 'second' });
    const second = segment.flush();
    const third = segment.flush();
    const order: string[] = [];
    const results = await Promise.all([
      first.then((result) => (order.push('first'), result)),
      second.then((result) => (order.push('second'), result)),
      third.then((result) => (order.push('third'), result)),
    ]);
    expect(results.map((result) => result.delivered)).toEqual([3, 2, 0]);
    expect(order).toEqual(['first', 'second', 'third']);
  });

  it('counts, in the next flush, what was delivered since the previous one', async () => {
    const segment = client({ flushAt: 2 });
    for (let i = 0; i < 4; i++) segment.track({ userId: 'u', event: 'E' });
    await collector.waitFor(4);
    segment.track({ userId: 'u', event: 'E' });
    expect(await segment.flush()).toMatchObject({ delivered: 5 });
    expect(await segment.flush()).toMatchObject({ delivered: 0 });
  });

  it('close() delivers everything queued, then refuses calls and reports them as closed', async () => {
    const events: SegmentEvent[] = [];
    const segment = client({ flushAt: 100 });
    segment.events$.subscribe((event) => events.push(event));
    for (let i = 0; i < 250; i++) segment.track({ userId: 'u', event: 'E' });
    const result = await segment.close();
    expect(result).toEqual({ delivered: 250, failed: 0, dropped: 0, failures: [], timedOut: false });
    expect(collector.messages).toHaveLength(250);

    const late = segment.track({ userId: 'u', event: 'Late' });
    expect(typeof late).toBe('string');
    expect(segment.stats().dropped).toBe(1);
    expect(collector.requests.flatMap((request) => request.messages).some((message) => message.event === 'Late')).toBe(false);
    expect(await segment.close()).toBe(result);
  });

  it('close() reports the calls refused after it through onError with reason closed', async () => {
    const reasons: string[] = [];
    const segment = client({ onError: (error) => reasons.push((error as unknown as { reason: string }).reason) });
    await segment.close();
    segment.identify({ userId: 'u' });
    expect(reasons).toEqual(['closed']);
  });

  it('close({ timeoutMs }) resolves at the deadline and lists every undelivered message as shutdown_timeout', async () => {
    collector.delayNext({ times: 5, ms: 3_000 });
    const failedEvents: SegmentEvent[] = [];
    const segment = client({ flushAt: 2, maxConcurrentRequests: 1 });
    segment.events$.subscribe((event) => event.type === 'failed' && failedEvents.push(event));
    const ids = Array.from({ length: 5 }, (_, i) => segment.track({ userId: 'u', event: `E${i}` }));

    const result = await segment.close({ timeoutMs: 100 });

    expect(result.timedOut).toBe(true);
    expect(result.delivered).toBe(0);
    expect(result.failed).toBe(5);
    expect(result.failures.map((failure) => [failure.message.messageId, failure.reason])).toEqual(ids.map((id) => [id, 'shutdown_timeout']));
    expect(failedEvents).toHaveLength(1);
    expect(failedEvents[0]).toMatchObject({ reason: 'shutdown_timeout' });
    expect(logger.at('warn').join('\n')).toMatch(/5 messages undelivered \(shutdown_timeout\)/);
    expect(segment.stats()).toMatchObject({ queued: 0, inFlight: 0, failed: 5 });
  });

  it('flush() resolves even when its batches finally fail, listing them', async () => {
    collector.failNext({ status: 401 });
    const segment = client();
    segment.track({ userId: 'u', event: 'E' });
    const result = await segment.flush();
    expect(result).toMatchObject({ delivered: 0, failed: 1 });
    expect(result.failures[0]).toMatchObject({ reason: 'rejected', status: 401 });
  });
});

describe('bounded queue', () => {
  const collector = new SegmentCollector();
  const keep = closeAfterEach({ timeoutMs: 0 });
  const client = (options: Partial<SegmentClientOptions>) => {
    const created = new SegmentClient({ writeKey: 'queue-key', host: collector.url, flushAt: 100, flushInterval: 60_000, ...options });
    keep(created);
    return created;
  };
  beforeAll(() => collector.start());
  afterAll(() => collector.stop());

  it('drops and reports calls past maxQueueSize, without throwing or blocking, and warns once', async () => {
    const logger = new RecordingLogger();
    const events: SegmentEvent[] = [];
    const segment = client({ maxQueueSize: 5, logger });
    segment.events$.subscribe((event) => events.push(event));
    const ids = Array.from({ length: 8 }, (_, i) => segment.track({ userId: 'u', event: `E${i}` }));

    expect(segment.stats()).toMatchObject({ queued: 5, dropped: 3 });
    const dropped = events.filter((event) => event.type === 'dropped');
    expect(dropped.map((event) => event.type === 'dropped' && [event.reason, event.messages[0]!.messageId])).toEqual(
      ids.slice(5).map((id) => ['queue_full', id]),
    );
    expect(logger.at('warn')).toEqual(['queue full (5 messages waiting): dropping new messages until it drains.']);

    const result = await segment.flush();
    expect(result).toMatchObject({ delivered: 5, dropped: 3 });
    expect(result.failures.map((failure) => failure.reason)).toEqual(['queue_full', 'queue_full', 'queue_full']);

    segment.track({ userId: 'u', event: 'Room again' });
    expect(logger.at('warn')[1]).toBe('queue has room again; 3 messages were dropped while it was full (queue_full).');
  });

  it('holds at most maxQueueSize messages however many calls come while the server is slow', async () => {
    collector.delayNext({ times: 100, ms: 200 });
    const segment = client({ flushAt: 50, flushInterval: 500, maxQueueSize: 1_000, logger: new RecordingLogger() });
    let peak = 0;
    for (let i = 0; i < 50_000; i++) {
      segment.track({ userId: 'u', event: 'Flood', properties: { i, padding: 'p'.repeat(200) } });
      if (i % 1000 === 0) {
        const { queued, inFlight } = segment.stats();
        peak = Math.max(peak, queued + inFlight);
        // Let batches start, as a server's event loop would between requests.
        await new Promise((resolve) => setImmediate(resolve));
      }
    }
    const stats = segment.stats();
    expect(peak).toBeLessThanOrEqual(1_000);
    expect(stats.queued + stats.inFlight).toBeLessThanOrEqual(1_000);
    expect(stats.dropped).toBeGreaterThan(40_000);
    // Every call is accounted for: delivered, still held, or dropped and reported.
    expect(stats.delivered + stats.queued + stats.inFlight + stats.dropped).toBe(50_000);
    const closed = await segment.close({ timeoutMs: 0 });
    expect(closed.timedOut).toBe(true);
    expect(segment.stats().delivered + segment.stats().failed + segment.stats().dropped).toBe(50_000);
  });
});
