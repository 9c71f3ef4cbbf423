import { setImmediate as nextTurn } from 'node:timers/promises';
import { SegmentClient, type SegmentMessage } from '../../lib/index.js';
import { SegmentCollector, type RecordedRequest } from '../../lib/testing/index.js';
import { closeAfterEach } from '../support/close-after-each.js';
import { RecordingLogger } from '../support/recording-logger.js';

const EVENTS = 20_000;

/** Requests whose messages the sink accepted but whose answer never reached the client. */
const readButUnanswered = (request: RecordedRequest) => request.fault === 'reset' && request.messages.length > 0 && request.status === undefined;

describe('a faulty Segment over real HTTP', () => {
  const collector = new SegmentCollector();
  const keep = closeAfterEach({ timeoutMs: 0 });

  beforeAll(() => collector.start());
  afterAll(() => collector.stop());

  it(`delivers or reports every one of ${EVENTS.toLocaleString('en')} messages through 503s with Retry-After, resets, slow answers and an outage; duplicates only where the sink had read the body`, async () => {
    collector.failNext({ times: 3, status: 503, retryAfter: 0 });
    collector.resetNext({ times: 3, afterAccepting: true });
    collector.resetNext({ times: 2 });
    collector.delayNext({ times: 3, ms: 150 });
    collector.failNext({ times: 4, status: 429, retryAfter: 0 });
    // An outage: every request for a while fails.
    collector.failNext({ times: 25, status: 503 });
    collector.resetNext({ times: 2, afterAccepting: true });
    collector.failNext({ times: 3, status: 502 });

    const reported = new Set<string>();
    const segment = keep(
      new SegmentClient({
        writeKey: 'fault-key',
        host: collector.url,
        flushAt: 100,
        flushInterval: 20,
        minRetryDelay: 5,
        maxRetryDelay: 40,
        maxRetries: 50,
        // The outage holds everything back: room for all of it, so the point is delivery, not the queue bound.
        maxQueueSize: EVENTS,
        onError: (_error, messages: SegmentMessage[]) => messages.forEach((message) => reported.add(message.messageId)),
        logger: new RecordingLogger(),
      }),
    );
    const accepted: string[] = [];
    // Paced like a server: a thousand calls a turn, the client's timers and sockets run between.
    for (let chunk = 0; chunk < EVENTS / 1_000; chunk++) {
      for (let i = 0; i < 1_000; i++) accepted.push(segment.track({ userId: `u${i}`, event: 'Fault Tolerant', properties: { chunk, i } }));
      await nextTurn();
    }
    const result = await segment.flush();

    expect(result.delivered + result.failed + result.dropped).toBe(EVENTS);
    expect(result).toMatchObject({ delivered: EVENTS, failed: 0, dropped: 0 });
    expect(collector.requests.some((request) => request.fault === 'reset')).toBe(true);
    const delivered = new Set(collector.messages.map((message) => message.messageId as string));
    for (const id of accepted) expect(delivered.has(id) || reported.has(id)).toBe(true);
    expect(reported.size).toBe(0);

    // Retries resend the same messageIds: a message arrives twice only when the sink had read it
    // and the client could not know (the connection was reset after the sink accepted the body).
    const readBeforeReset = new Set(collector.requests.filter(readButUnanswered).flatMap((request) => request.messages.map((message) => message.messageId as string)));
    const arrivals = new Map<string, number>();
    for (const request of collector.requests.filter((request) => request.status === 200 || readButUnanswered(request))) {
      for (const message of request.messages) arrivals.set(message.messageId as string, (arrivals.get(message.messageId as string) ?? 0) + 1);
    }
    const duplicated = [...arrivals].filter(([, count]) => count > 1).map(([id]) => id);
    expect(duplicated.length).toBeGreaterThan(0);
    expect(collector.duplicates).toBe([...arrivals.values()].reduce((extra, count) => extra + count - 1, 0));
    for (const id of duplicated) expect(readBeforeReset.has(id)).toBe(true);
  });
});
