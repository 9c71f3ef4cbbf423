import {
  SegmentClient,
  SegmentViolationError,
  type SegmentClientOptions,
  type SegmentError,
  type SegmentEvent,
  type SegmentMessage,
} from '../../lib/index.js';
import { SegmentCollector } from '../../lib/testing/index.js';
import { closeAfterEach } from '../support/close-after-each.js';
import { expectThrown } from '../support/expect-thrown.js';
import { RecordingLogger } from '../support/recording-logger.js';
import { PUBLIC_API_PLAN } from './support.js';

/** A value that must never appear in any report: it stands for personal data in a bad field. */
const PERSONAL = 'ada.lovelace@example.com';

const GOOD = { userId: 'u1', event: 'Order Completed', properties: { orderId: 'o1', total: 10, currency: 'EUR' } };
const BAD = { userId: 'u1', event: 'Order Completed', properties: { orderId: 'o2', total: PERSONAL, currency: 'EUR' } };
const UNKNOWN = { userId: 'u1', event: 'Order Complted', properties: { orderId: 'o3' } };

describe('a client with a tracking plan, against the collector', () => {
  const collector = new SegmentCollector();
  const track = closeAfterEach();
  let logger: RecordingLogger;
  let events: SegmentEvent[];
  let reported: Array<{ error: SegmentError; messages: SegmentMessage[] }>;

  beforeAll(() => collector.start());
  afterAll(() => collector.stop());
  beforeEach(() => {
    collector.clear();
    logger = new RecordingLogger();
    events = [];
    reported = [];
  });

  function client(trackingPlan: Partial<NonNullable<SegmentClientOptions['trackingPlan']>>): SegmentClient {
    const created = track(
      new SegmentClient({
        writeKey: 'plan-key',
        host: collector.url,
        flushInterval: 5,
        logger,
        trackingPlan: { plan: PUBLIC_API_PLAN, ...trackingPlan },
        onError: (error, messages) => reported.push({ error, messages }),
      }),
    );
    created.events$.subscribe((event) => events.push(event));
    return created;
  }

  /** Nothing that left the client (events, onError, logs, the flush result) holds the bad value. */
  function expectValueNeverReported(extra: unknown = {}): void {
    expect(JSON.stringify({ events, reported: reported.map(({ error, messages }) => ({ message: error.message, error, messages })), lines: logger.lines, extra })).not.toContain(PERSONAL);
  }

  it("onViolation 'report' (the default): sends the message, and reports the violation everywhere without its value", async () => {
    const segment = client({});
    const goodId = segment.track(GOOD);
    const badId = segment.track(BAD);
    const result = await segment.flush();

    expect(result).toMatchObject({ delivered: 2, failed: 0, dropped: 0 });
    expect(collector.messages.map((message) => message.messageId)).toEqual([goodId, badId]);
    expect(segment.stats()).toMatchObject({ violations: 1, dropped: 0, delivered: 2 });

    const violation = events.find((event) => event.type === 'violation');
    expect(violation).toMatchObject({ type: 'violation', messageId: badId, event: 'Order Completed', action: 'report' });
    expect(violation?.type === 'violation' && violation.violations).toEqual([
      { event: 'Order Completed', messageType: 'track', pointer: '/properties/total', rule: 'type', expected: 'must be number', version: 2 },
    ]);
    expect(reported).toHaveLength(1);
    expect(reported[0]!.error).toBeInstanceOf(SegmentViolationError);
    expect(reported[0]!.messages).toEqual([expect.objectContaining({ messageId: badId, event: 'Order Completed' })]);
    expect(reported[0]!.messages[0]!.properties).toBeUndefined();
    expect(logger.at('warn')).toEqual(['"Order Completed" violates the tracking plan (sent anyway): /properties/total must be number (type).']);
    expectValueNeverReported(result);
  });

  it("onViolation 'drop': the message is not sent; it is counted and listed as dropped (violation), without its payload", async () => {
    const segment = client({ onViolation: 'drop' });
    segment.track(GOOD);
    const badId = segment.track(BAD);
    const result = await segment.flush();

    expect(result).toMatchObject({ delivered: 1, failed: 0, dropped: 1 });
    expect(result.failures).toEqual([expect.objectContaining({ reason: 'violation', message: expect.objectContaining({ messageId: badId, event: 'Order Completed' }) })]);
    expect(result.failures[0]!.message.properties).toBeUndefined();
    expect(collector.messages).toHaveLength(1);
    expect(segment.stats()).toMatchObject({ violations: 1, dropped: 1 });
    expect(events.filter((event) => event.type === 'dropped')).toEqual([expect.objectContaining({ reason: 'violation', messages: [expect.objectContaining({ messageId: badId })] })]);
    expect(reported.map(({ error }) => error.constructor.name)).toEqual(['SegmentViolationError']);
    expectValueNeverReported(result);
  });

  it("onViolation 'throw': the call throws a SegmentViolationError naming event, pointer and rule; nothing is sent", async () => {
    const segment = client({ onViolation: 'throw' });
    const error = expectThrown(SegmentViolationError, () => segment.track(BAD));
    expect(error.message).toBe('"Order Completed" violates the tracking plan (refused): /properties/total must be number (type).');
    expect(error.field).toBe('properties.total');
    segment.track(GOOD);
    const result = await segment.flush();

    // The refused call accepted nothing, like any call that throws: it is not part of the flush.
    expect(result).toMatchObject({ delivered: 1, failed: 0, dropped: 0 });
    expect(collector.messages.map((message) => message.properties)).toEqual([GOOD.properties]);
    expect(segment.stats()).toMatchObject({ violations: 1, dropped: 1 });
    expectValueNeverReported();
  });

  it.each([
    ['allow', 2, 0, 0],
    ['report', 2, 0, 1],
    ['drop', 1, 1, 1],
  ] as const)("unknownEvents '%s': an event the plan does not list is sent %i/2, dropped %i, reported %i", async (unknownEvents, delivered, dropped, violations) => {
    const segment = client({ unknownEvents });
    segment.track(GOOD);
    segment.track(UNKNOWN);
    const result = await segment.flush();

    expect(result).toMatchObject({ delivered, dropped });
    expect(collector.messages).toHaveLength(delivered);
    expect(segment.stats().violations).toBe(violations);
    const reports = events.filter((event) => event.type === 'violation');
    expect(reports).toHaveLength(violations);
    if (violations > 0) expect(reports[0]).toMatchObject({ event: 'Order Complted', violations: [{ pointer: '/event', rule: 'unknownEvent' }] });
  });

  it('logs a repeated violation once, while stats() and events$ count every one', async () => {
    const segment = client({});
    for (let i = 0; i < 50; i++) segment.track(BAD);
    await segment.flush();
    expect(segment.stats().violations).toBe(50);
    expect(events.filter((event) => event.type === 'violation')).toHaveLength(50);
    expect(logger.at('warn')).toHaveLength(1);
  });
});
