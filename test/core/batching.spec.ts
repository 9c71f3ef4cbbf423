import { SegmentClient, MAX_BATCH_BYTES } from '../../lib/index.js';
import { SegmentCollector } from '../../lib/testing/index.js';
import { closeAfterEach } from '../support/close-after-each.js';

function batchSizes(collector: SegmentCollector): number[] {
  return collector.requests.map((request) => request.messages.length);
}

describe('batching', () => {
  const collector = new SegmentCollector();
  const keep = closeAfterEach();
  const client = (options: Partial<ConstructorParameters<typeof SegmentClient>[0]>) => {
    const created = new SegmentClient({ writeKey: 'batch-key', host: collector.url, ...options });
    keep(created);
    return created;
  };

  beforeAll(() => collector.start());
  afterAll(() => collector.stop());
  beforeEach(() => collector.clear());

  it('sends a batch as soon as it holds flushAt messages, and keeps the rest for the interval', async () => {
    const segment = client({ flushAt: 3, flushInterval: 60_000 });
    for (let i = 0; i < 7; i++) segment.track({ userId: `u${i}`, event: 'E' });
    await collector.waitFor(6);
    expect(batchSizes(collector)).toEqual([3, 3]);
    expect(segment.stats().queued).toBe(1);

    await segment.flush();
    expect(batchSizes(collector)).toEqual([3, 3, 1]);
  });

  it('sends a partial batch when flushInterval has passed since its first message', async () => {
    const segment = client({ flushAt: 100, flushInterval: 20 });
    segment.track({ userId: 'u', event: 'Alone' });
    const [message] = await collector.waitFor(1);
    expect(message!.event).toBe('Alone');
    expect(batchSizes(collector)).toEqual([1]);
  });

  it('closes a batch before one more message would take the request over 500 KB', async () => {
    const segment = client({ flushAt: 2500, flushInterval: 60_000 });
    const filler = 'x'.repeat(30_000);
    for (let i = 0; i < 40; i++) segment.track({ userId: 'u', event: 'Big', properties: { i, filler } });
    await segment.flush();

    expect(collector.messages).toHaveLength(40);
    for (const request of collector.requests) expect(request.rawBody.length).toBeLessThanOrEqual(MAX_BATCH_BYTES);
    // 30 KB messages: 16 fit under 500 KB with the envelope, a 17th would not. Batches go
    // concurrently, so they may arrive in any order.
    expect(batchSizes(collector).sort((a, b) => a - b)).toEqual([8, 16, 16]);
  });

  it('never puts more than flushAt (at most 2,500) messages in one request', async () => {
    const segment = client({ flushAt: 2500, flushInterval: 60_000, maxQueueSize: 6000 });
    for (let i = 0; i < 6000; i++) segment.track({ userId: 'u', event: 'Small' });
    await segment.flush();
    expect(batchSizes(collector).sort((a, b) => a - b)).toEqual([1000, 2500, 2500]);
  });

  it('sends several batches at once, up to maxConcurrentRequests', async () => {
    collector.delayNext({ times: 3, ms: 200 });
    const segment = client({ flushAt: 1, flushInterval: 60_000, maxConcurrentRequests: 3 });
    for (let i = 0; i < 3; i++) segment.track({ userId: 'u', event: `E${i}` });
    // The three requests are all held by the collector at the same time.
    await collector.waitFor(3);
    expect(collector.requests.filter((request) => request.status === undefined)).toHaveLength(3);
    await segment.flush();
  });
});
