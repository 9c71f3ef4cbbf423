import { SegmentClient, type SegmentClientOptions, type SegmentEvent } from '../../lib/index.js';
import { SegmentCollector } from '../../lib/testing/index.js';
import { closeAfterEach } from '../support/close-after-each.js';
import { batchBody, trackJson } from '../support/expected-wire.js';

const WRITE_KEY = 'body-key';
const TIMESTAMP = '2026-01-02T03:04:05.006Z';
// Two-, three- and four-byte UTF-8, a line separator JSON leaves raw, and a lone surrogate it escapes.
const NOTE = 'naïve café 😀 \u2028 \ud800';

const call = (n: number) => ({
  userId: `utilisateur-é-${n}`,
  event: 'Commande passée',
  properties: { note: NOTE, n },
  messageId: `m-${n}`,
  timestamp: TIMESTAMP,
});

const messageJson = (n: number): string => trackJson(call(n));

/** The request body's bytes for messages `ns`, with the sentAt the body itself carries. */
function expectedBody(ns: number[], body: Buffer): Buffer {
  expect(/"sentAt":"([^"]+)"/.exec(body.toString())?.[1]).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
  return batchBody(ns.map(messageJson), body, WRITE_KEY);
}

/** Byte-for-byte equality, compared as latin1 text (one character per byte): fast for 500 KB, and a diff that reads. */
function expectSameBytes(actual: Buffer | undefined, expected: Buffer): void {
  expect(actual?.toString('latin1')).toBe(expected.toString('latin1'));
}

// The request body is assembled from each message's UTF-8 encoded once: these pin it byte for byte.
describe('the request body, byte for byte', () => {
  const collector = new SegmentCollector({ strict: true });
  const keep = closeAfterEach();
  let events: SegmentEvent[];

  const client = (options: Partial<SegmentClientOptions> = {}): SegmentClient => {
    const created = keep(
      new SegmentClient({ writeKey: WRITE_KEY, host: collector.url, flushAt: 100, flushInterval: 60_000, minRetryDelay: 5, maxRetryDelay: 20, ...options }),
    );
    created.events$.subscribe((event) => events.push(event));
    return created;
  };
  const track = (segment: SegmentClient, count: number): number[] => {
    const ns = Array.from({ length: count }, (_, n) => n);
    for (const n of ns) segment.track(call(n));
    return ns;
  };

  beforeAll(() => collector.start());
  afterAll(() => collector.stop());
  beforeEach(() => {
    collector.clear();
    events = [];
  });

  it('is the envelope around the messages as JSON in UTF-8, and its length is the bytes reported', async () => {
    const segment = client();
    const ns = track(segment, 3);
    await segment.flush();

    expect(collector.requests).toHaveLength(1);
    const { rawBody, headers } = collector.requests[0]!;
    expectSameBytes(rawBody, expectedBody(ns, rawBody));
    expect(Number(headers['content-length'])).toBe(rawBody.length);
    expect(events).toEqual([expect.objectContaining({ type: 'delivered', bytes: rawBody.length })]);
    expect(segment.stats().bytesSent).toBe(rawBody.length);
    expect(collector.violations).toEqual([]);
  });

  it('a retry sends the same bytes with its own sentAt', async () => {
    collector.failNext({ times: 2, status: 503 });
    const segment = client();
    const ns = track(segment, 3);
    await segment.flush();

    expect(collector.requests).toHaveLength(3);
    for (const { rawBody } of collector.requests) expectSameBytes(rawBody, expectedBody(ns, rawBody));
  });

  it('each half of a batch split after a 413 is its own exact body', async () => {
    collector.failNext({ times: 1, status: 413 });
    const segment = client();
    const ns = track(segment, 5);
    await segment.flush();

    expect(collector.requests.map((request) => request.messages.length)).toEqual([5, 3, 2]);
    const [whole, first, second] = collector.requests.map((request) => request.rawBody);
    expectSameBytes(whole, expectedBody(ns, whole!));
    expectSameBytes(first, expectedBody(ns.slice(0, 3), first!));
    expectSameBytes(second, expectedBody(ns.slice(3), second!));
  });

  it('large batches sent one after another each carry their own bytes, in memory a delivered body leaves', async () => {
    const segment = client({ flushAt: 2_500, maxConcurrentRequests: 1 });
    // About 2 KB each, every one different: bytes left over from another body would show.
    const ns = Array.from({ length: 600 }, (_, n) => n);
    const filler = (n: number) => `${n}`.padStart(6, '0').repeat(330);
    for (const n of ns) segment.track({ ...call(n), properties: { note: NOTE, n, filler: filler(n) } });
    await segment.flush();

    const sizes = collector.requests.map((request) => request.rawBody.length);
    expect(sizes.length).toBeGreaterThanOrEqual(3);
    expect(sizes.every((size) => size <= 500 * 1024)).toBe(true);
    let next = 0;
    for (const { rawBody, messages } of collector.requests) {
      const sent = ns.slice(next, (next += messages.length));
      const lines = sent.map((n) => trackJson({ ...call(n), properties: { note: NOTE, n, filler: filler(n) } }));
      expectSameBytes(rawBody, batchBody(lines, rawBody, WRITE_KEY));
    }
    expect(next).toBe(ns.length);
  });

  it('gzip compresses those same bytes; the bytes reported are the compressed ones', async () => {
    const segment = client({ gzip: true });
    const ns = track(segment, 3);
    await segment.flush();

    const { rawBody, decodedBody, headers } = collector.requests[0]!;
    expect(headers['content-encoding']).toBe('gzip');
    expectSameBytes(decodedBody, expectedBody(ns, decodedBody!));
    expect(events).toEqual([expect.objectContaining({ type: 'delivered', bytes: rawBody.length })]);
  });
});
