import { SegmentClient } from '../../lib/index.js';
import { SegmentCollector } from '../../lib/testing/index.js';
import { closeAfterEach } from '../support/close-after-each.js';

describe('a backlog leaves in full batches', () => {
  const collector = new SegmentCollector();
  const keep = closeAfterEach({ timeoutMs: 0 });
  const batchSizes = () => collector.requests.map((request) => request.messages.length);

  beforeAll(() => collector.start());
  afterAll(() => collector.stop());
  beforeEach(() => collector.clear());

  it('messages that waited for a request slot go in batches up to 2,500, not flushAt', async () => {
    const segment = keep(new SegmentClient({ writeKey: 'backlog-key', host: collector.url, flushAt: 10, flushInterval: 60_000, maxConcurrentRequests: 1 }));
    for (let i = 0; i < 3_010; i++) segment.track({ userId: 'u', event: 'E' });
    expect(await segment.flush()).toMatchObject({ delivered: 3_010, failed: 0, dropped: 0 });
    // The first batch had a free slot; the rest waited for it and left as full as Segment allows.
    expect(batchSizes()).toEqual([10, 2_500, 500]);
  });

  it('a backlog batch still respects the 500 KB request limit', async () => {
    const segment = keep(new SegmentClient({ writeKey: 'backlog-key', host: collector.url, flushAt: 10, flushInterval: 60_000, maxConcurrentRequests: 1 }));
    const padding = 'x'.repeat(1_000);
    for (let i = 0; i < 1_010; i++) segment.track({ userId: 'u', event: 'E', properties: { padding } });
    expect(await segment.flush()).toMatchObject({ delivered: 1_010, failed: 0, dropped: 0 });
    const [first, ...rest] = collector.requests;
    expect(first!.messages).toHaveLength(10);
    for (const request of rest) expect(request.decodedBody!.length).toBeLessThanOrEqual(500 * 1024);
    // Full by bytes: more than flushAt, and nothing but the last batch is far from the limit.
    expect(rest.slice(0, -1).every((request) => request.messages.length > 400)).toBe(true);
  });

  it('once the backlog is gone, batches are flushAt again', async () => {
    const segment = keep(new SegmentClient({ writeKey: 'backlog-key', host: collector.url, flushAt: 10, flushInterval: 60_000, maxConcurrentRequests: 1 }));
    for (let i = 0; i < 510; i++) segment.track({ userId: 'u', event: 'E' });
    await segment.flush();
    for (let round = 0; round < 3; round++) {
      for (let i = 0; i < 10; i++) segment.track({ userId: 'u', event: 'Later' });
      await segment.flush();
    }
    expect(batchSizes()).toEqual([10, 500, 10, 10, 10]);
  });
});
